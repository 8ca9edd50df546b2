package evidence

import (
	"context"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/attestdev/attest/shared/store"
	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
)

// Signature algorithms, named as AWS KMS names them.
const (
	AlgMLDSA65   = "ML_DSA_SHAKE_256" // ML-DSA-65 (FIPS 204), pure mode, empty context
	AlgECDSAP384 = "ECDSA_SHA_384"    // the documented fallback where ML-DSA is not available
)

// oidMLDSA65 is id-ml-dsa-65 (FIPS 204, NIST CSOR 2.16.840.1.101.3.4.3.18).
var oidMLDSA65 = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 3, 18}

// Signer signs a statement. ML-DSA has no digest mode, so Attest signs a small statement that holds the
// manifest's SHA-256 rather than the manifest itself; the statement is well inside KMS's 4096-byte limit.
type Signer interface {
	Sign(ctx context.Context, statement []byte) ([]byte, error)
	KeyID() string
	Algorithm() string
}

// Statement is what is signed for a manifest.
func Statement(manifest []byte) []byte {
	return []byte("attest.pack-signature/v1\nmanifest-sha256:" + Digest(manifest) + "\n")
}

// SignatureDoc is the content of manifest.sig.
type SignatureDoc struct {
	Schema    string `json:"schema"`
	Algorithm string `json:"algorithm"`
	KeyID     string `json:"keyId"`
	Statement string `json:"statement"`
	Signature string `json:"signature"` // base64
}

// SignManifest signs manifest bytes and returns the manifest.sig document.
func SignManifest(ctx context.Context, s Signer, manifest []byte) ([]byte, error) {
	st := Statement(manifest)
	sig, err := s.Sign(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("sign manifest with key %s: %w", s.KeyID(), err)
	}
	doc := SignatureDoc{Schema: "attest.signature/v1", Algorithm: s.Algorithm(), KeyID: s.KeyID(), Statement: string(st), Signature: base64.StdEncoding.EncodeToString(sig)}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// PublicKey verifies signatures of one key.
type PublicKey struct {
	ID        string
	Algorithm string
	mldsa     *mldsa65.PublicKey
	ecdsa     *ecdsa.PublicKey
	pem       []byte
}

// PEM is the key in PEM-encoded SubjectPublicKeyInfo form, as published.
func (k *PublicKey) PEM() []byte { return k.pem }

// Verify checks sig over statement.
func (k *PublicKey) Verify(statement, sig []byte) bool {
	switch {
	case k.mldsa != nil:
		return mldsa65.Verify(k.mldsa, statement, nil, sig)
	case k.ecdsa != nil:
		sum := sha512.Sum384(statement)
		return ecdsa.VerifyASN1(k.ecdsa, sum[:], sig)
	}
	return false
}

type spki struct {
	Algorithm pkix.AlgorithmIdentifier
	PublicKey asn1.BitString
}

// ParsePublicKey reads a PEM or DER SubjectPublicKeyInfo holding an ML-DSA-65 or ECDSA P-384 key (the form AWS
// KMS GetPublicKey returns). The key ID is the hex SHA-256 of the DER, cut to 16 bytes, unless id is given.
func ParsePublicKey(data []byte, id string) (*PublicKey, error) {
	der := data
	if blk, _ := pem.Decode(data); blk != nil {
		der = blk.Bytes
	}
	var info spki
	if rest, err := asn1.Unmarshal(der, &info); err != nil || len(rest) > 0 {
		return nil, fmt.Errorf("parse public key: not a SubjectPublicKeyInfo")
	}
	k := &PublicKey{ID: id, pem: pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})}
	if k.ID == "" {
		k.ID = keyID(der)
	}
	switch {
	case info.Algorithm.Algorithm.Equal(oidMLDSA65):
		var pk mldsa65.PublicKey
		if err := pk.UnmarshalBinary(info.PublicKey.Bytes); err != nil {
			return nil, fmt.Errorf("parse ML-DSA-65 public key: %w", err)
		}
		k.Algorithm, k.mldsa = AlgMLDSA65, &pk
	default:
		pub, err := x509.ParsePKIXPublicKey(der)
		if err != nil {
			return nil, fmt.Errorf("parse public key: %w", err)
		}
		ec, ok := pub.(*ecdsa.PublicKey)
		if !ok || ec.Curve.Params().BitSize != 384 {
			return nil, fmt.Errorf("parse public key: unsupported key type %T (want ML-DSA-65 or ECDSA P-384)", pub)
		}
		k.Algorithm, k.ecdsa = AlgECDSAP384, ec
	}
	return k, nil
}

func keyID(der []byte) string {
	sum := sha256.Sum256(der)
	return "attest-" + hex.EncodeToString(sum[:8])
}

// LocalSigner signs with an ML-DSA-65 key kept on disk, for the one-process runtime.
type LocalSigner struct {
	priv *mldsa65.PrivateKey
	pub  *PublicKey
}

// LoadOrCreateLocalSigner reads the key seed at path, or generates a key and writes its seed there (mode 0600).
func LoadOrCreateLocalSigner(path string) (*LocalSigner, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		var seed [mldsa65.SeedSize]byte
		if _, err := rand.Read(seed[:]); err != nil {
			return nil, fmt.Errorf("generate signing key: %w", err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("create key directory: %w", err)
		}
		blk := pem.EncodeToMemory(&pem.Block{Type: "ML-DSA-65 PRIVATE KEY SEED", Bytes: seed[:]})
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			if errors.Is(err, os.ErrExist) {
				return LoadOrCreateLocalSigner(path)
			}
			return nil, fmt.Errorf("write signing key %s: %w", path, err)
		}
		if _, err := f.Write(blk); err != nil {
			f.Close()
			return nil, fmt.Errorf("write signing key %s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			return nil, fmt.Errorf("write signing key %s: %w", path, err)
		}
		return newLocalSigner(seed)
	}
	if err != nil {
		return nil, fmt.Errorf("read signing key %s: %w", path, err)
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != "ML-DSA-65 PRIVATE KEY SEED" || len(blk.Bytes) != mldsa65.SeedSize {
		return nil, fmt.Errorf("read signing key %s: not an ML-DSA-65 key seed", path)
	}
	var seed [mldsa65.SeedSize]byte
	copy(seed[:], blk.Bytes)
	return newLocalSigner(seed)
}

func newLocalSigner(seed [mldsa65.SeedSize]byte) (*LocalSigner, error) {
	pk, sk := mldsa65.NewKeyFromSeed(&seed)
	raw, err := pk.MarshalBinary()
	if err != nil {
		return nil, fmt.Errorf("encode public key: %w", err)
	}
	der, err := asn1.Marshal(spki{Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidMLDSA65}, PublicKey: asn1.BitString{Bytes: raw, BitLength: 8 * len(raw)}})
	if err != nil {
		return nil, fmt.Errorf("encode public key: %w", err)
	}
	pub, err := ParsePublicKey(der, "")
	if err != nil {
		return nil, err
	}
	return &LocalSigner{priv: sk, pub: pub}, nil
}

// Sign signs statement with ML-DSA-65 (hedged, empty context).
func (s *LocalSigner) Sign(_ context.Context, statement []byte) ([]byte, error) {
	sig := make([]byte, mldsa65.SignatureSize)
	if err := mldsa65.SignTo(s.priv, statement, nil, true, sig); err != nil {
		return nil, fmt.Errorf("ML-DSA-65 sign: %w", err)
	}
	return sig, nil
}

// KeyID names the key.
func (s *LocalSigner) KeyID() string { return s.pub.ID }

// Algorithm is ML_DSA_SHAKE_256.
func (s *LocalSigner) Algorithm() string { return AlgMLDSA65 }

// Public returns the verifying key.
func (s *LocalSigner) Public() *PublicKey { return s.pub }

// KeysPrefix is where public keys are published in an evidence store.
const KeysPrefix = "keys/"

// PublishKey writes the public key at keys/<id>.pem, once; an existing identical key is fine.
func PublishKey(ctx context.Context, st Store, pub *PublicKey) error {
	key := KeysPrefix + pub.ID + ".pem"
	err := st.PutIfAbsent(ctx, key, pub.PEM())
	if err == nil || errors.Is(err, store.ErrExists) {
		return nil
	}
	return fmt.Errorf("publish public key %s: %w", pub.ID, err)
}

// LoadKeys reads every public key published under keys/ in a store.
func LoadKeys(ctx context.Context, st Store) (KeyRing, error) {
	keys, err := st.List(ctx, KeysPrefix)
	if err != nil {
		return nil, fmt.Errorf("list public keys: %w", err)
	}
	ring := KeyRing{}
	for _, k := range keys {
		b, err := st.Get(ctx, k)
		if err != nil {
			return nil, fmt.Errorf("read public key %s: %w", k, err)
		}
		pub, err := ParsePublicKey(b, "")
		if err != nil {
			return nil, fmt.Errorf("public key %s: %w", k, err)
		}
		ring.Add(pub)
	}
	return ring, nil
}
