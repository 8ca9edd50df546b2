package kmssign

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
)

// fakeKMS speaks the KMS JSON protocol (awsJson1_1, TrentService) for GetPublicKey and Sign, holding one key
// of the given spec, as KMS does: RAW messages, the public key as DER SubjectPublicKeyInfo.
type fakeKMS struct {
	spec    string
	der     []byte
	sign    func(msg []byte) []byte
	algSeen string
}

func newFakeKMS(t *testing.T, spec string) *fakeKMS {
	t.Helper()
	f := &fakeKMS{spec: spec}
	switch spec {
	case "ECC_NIST_P384":
		k, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
		f.der, _ = x509.MarshalPKIXPublicKey(&k.PublicKey)
		f.sign = func(msg []byte) []byte {
			sum := sha512.Sum384(msg)
			sig, _ := ecdsa.SignASN1(rand.Reader, k, sum[:])
			return sig
		}
	case "ML_DSA_65":
		pk, sk, _ := mldsa65.GenerateKey(rand.Reader)
		raw, _ := pk.MarshalBinary()
		f.der, _ = asn1.Marshal(struct {
			Algorithm pkix.AlgorithmIdentifier
			PublicKey asn1.BitString
		}{pkix.AlgorithmIdentifier{Algorithm: asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 3, 18}}, asn1.BitString{Bytes: raw, BitLength: 8 * len(raw)}})
		f.sign = func(msg []byte) []byte {
			sig := make([]byte, mldsa65.SignatureSize)
			_ = mldsa65.SignTo(sk, msg, nil, true, sig)
			return sig
		}
	default:
		f.der = []byte{0x30, 0}
	}
	return f
}

func (f *fakeKMS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var in struct {
		KeyId, MessageType, SigningAlgorithm string
		Message                              []byte
	}
	_ = json.Unmarshal(body, &in)
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	keyArn := "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
	switch r.Header.Get("X-Amz-Target") {
	case "TrentService.GetPublicKey":
		json.NewEncoder(w).Encode(map[string]any{"KeyId": keyArn, "KeySpec": f.spec, "KeyUsage": "SIGN_VERIFY", "PublicKey": base64.StdEncoding.EncodeToString(f.der)})
	case "TrentService.Sign":
		f.algSeen = in.SigningAlgorithm
		if in.MessageType != "RAW" || len(in.Message) > 4096 {
			w.WriteHeader(400)
			io.WriteString(w, `{"__type":"ValidationException","message":"bad message"}`)
			return
		}
		json.NewEncoder(w).Encode(map[string]any{"KeyId": keyArn, "Signature": base64.StdEncoding.EncodeToString(f.sign(in.Message)), "SigningAlgorithm": in.SigningAlgorithm})
	default:
		w.WriteHeader(400)
	}
}

func TestSignerAgainstKMSProtocol(t *testing.T) {
	cases := []struct {
		spec, alg string
		wantErr   bool
	}{
		{"ML_DSA_65", "ML_DSA_SHAKE_256", false},
		{"ECC_NIST_P384", "ECDSA_SHA_384", false},
		{"RSA_2048", "", true},
	}
	for _, tc := range cases {
		t.Run(tc.spec, func(t *testing.T) {
			fake := newFakeKMS(t, tc.spec)
			srv := httptest.NewServer(fake)
			defer srv.Close()
			client := kms.New(kms.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")})
			s, err := New(context.Background(), client, "alias/attest-signing")
			if tc.wantErr {
				if err == nil {
					t.Fatal("got a signer for an unsupported key spec; want an error")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			manifest := []byte(`{"schema":"attest.pack/v1"}`)
			doc, err := evidence.SignManifest(context.Background(), s, manifest)
			if err != nil {
				t.Fatal(err)
			}
			if fake.algSeen != tc.alg || s.Algorithm() != tc.alg {
				t.Errorf("got algorithm %s (sent %s); want %s", s.Algorithm(), fake.algSeen, tc.alg)
			}
			var sd evidence.SignatureDoc
			if err := json.Unmarshal(doc, &sd); err != nil {
				t.Fatal(err)
			}
			sig, _ := base64.StdEncoding.DecodeString(sd.Signature)
			// The auditor's side: only the published PEM key.
			pub, err := evidence.ParsePublicKey(s.Public().PEM(), "")
			if err != nil {
				t.Fatal(err)
			}
			if !pub.Verify(evidence.Statement(manifest), sig) || pub.Verify(evidence.Statement([]byte("other")), sig) {
				t.Error("the published key does not tell the signed manifest from another")
			}
		})
	}
}
