package cbom

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/attestdev/attest/shared/finding"
)

// schema compiles the official CycloneDX 1.6 JSON schema from testdata, offline.
func schema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	dir := filepath.Join("..", "..", "testdata", "cbom", "schema")
	c := jsonschema.NewCompiler()
	for file, url := range map[string]string{
		"bom-1.6.SNAPSHOT.schema.json":  "http://cyclonedx.org/schema/bom-1.6.schema.json",
		"jsf-0.82.SNAPSHOT.schema.json": "http://cyclonedx.org/schema/jsf-0.82.SNAPSHOT.schema.json",
		"spdx.SNAPSHOT.schema.json":     "http://cyclonedx.org/schema/spdx.SNAPSHOT.schema.json",
	} {
		f, err := os.Open(filepath.Join(dir, file))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if err := c.AddResource(url, doc); err != nil {
			t.Fatal(err)
		}
	}
	s, err := c.Compile("http://cyclonedx.org/schema/bom-1.6.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sampleReport is an inventory of the kinds a scan makes: flagged uses with their classes, safe algorithms,
// post-quantum ones, a protocol.
func sampleReport() *finding.Report {
	at := func(a finding.CryptoAsset, path string, line int, class string) finding.CryptoAsset {
		a.Path, a.Line, a.Column, a.Class = path, line, 5, class
		if a.Kind == "" {
			a.Kind = finding.AssetAlgorithm
		}
		if a.API == "" {
			a.API = "api"
		}
		return a
	}
	return &finding.Report{
		Findings: []finding.Finding{},
		Assets: []finding.CryptoAsset{
			at(finding.CryptoAsset{Algorithm: "MD5", Primitive: "hash", RuleID: "ATT-CRYPTO-WEAK-HASH"}, "app/orders.py", 12, "crypto/weak-hash"),
			at(finding.CryptoAsset{Algorithm: "MD5", Primitive: "hash", RuleID: "ATT-CRYPTO-WEAK-HASH"}, "app/etag.py", 3, "crypto/weak-hash"),
			at(finding.CryptoAsset{Algorithm: "RSA", Primitive: "pke", KeySize: 1024}, "signer/signer.go", 15, "crypto/short-key"),
			at(finding.CryptoAsset{Algorithm: "RSA", Primitive: "signature", KeySize: 2048, Padding: "pss"}, "keys.py", 7, "crypto/quantum-vulnerable"),
			at(finding.CryptoAsset{Algorithm: "AES", Primitive: "block-cipher", KeySize: 128, Mode: "ecb"}, "Enc.java", 9, "crypto/ecb-mode"),
			at(finding.CryptoAsset{Algorithm: "AES", Primitive: "ae", KeySize: 256, Mode: "gcm"}, "seal.go", 20, "safe"),
			at(finding.CryptoAsset{Algorithm: "AES", Primitive: "ae", KeySize: 256, Mode: "gcm"}, "open.go", 4, "safe"),
			at(finding.CryptoAsset{Algorithm: "SHA-256", Primitive: "hash"}, "seal.go", 30, "safe"),
			at(finding.CryptoAsset{Algorithm: "HMAC", Primitive: "mac", ParameterSet: "SHA-256"}, "mac.go", 8, "safe"),
			at(finding.CryptoAsset{Algorithm: "PBKDF2", Primitive: "kdf", ParameterSet: "SHA-256"}, "pw.py", 2, "safe"),
			at(finding.CryptoAsset{Algorithm: "ChaCha20-Poly1305", Primitive: "ae"}, "box.go", 3, "safe"),
			at(finding.CryptoAsset{Algorithm: "ML-KEM", Primitive: "kem", ParameterSet: "768"}, "kem.go", 11, "safe"),
			at(finding.CryptoAsset{Algorithm: "ML-DSA", Primitive: "signature", ParameterSet: "65"}, "Sign.java", 6, "safe"),
			at(finding.CryptoAsset{Algorithm: "SLH-DSA", Primitive: "signature", ParameterSet: "SHA2-128s"}, "sign.py", 6, "safe"),
			at(finding.CryptoAsset{Algorithm: "X25519MLKEM768", Primitive: "kem"}, "tls.go", 14, "safe"),
			at(finding.CryptoAsset{Algorithm: "ECDSA", Primitive: "signature", Curve: "P-256"}, "sig.go", 9, "crypto/quantum-vulnerable"),
			at(finding.CryptoAsset{Kind: finding.AssetProtocol, Algorithm: "TLS", Version: "1.3"}, "tls.go", 14, "safe"),
			at(finding.CryptoAsset{Kind: finding.AssetProtocol, Algorithm: "TLS", Version: "1.0", RuleID: "ATT-CRYPTO-WEAK-TLS-VERSION"}, "old.go", 5, "crypto/weak-tls"),
			at(finding.CryptoAsset{Kind: finding.AssetProtocol, Algorithm: "TLS", ParameterSet: "RC4-SHA:DES-CBC3-SHA"}, "client.js", 5, "crypto/weak-tls"),
			at(finding.CryptoAsset{Algorithm: "SHAKE256", Primitive: "xof"}, "x.go", 1, "safe"),
		},
	}
}

// build encodes the BOM of a report and checks it against the CycloneDX 1.6 schema.
func build(t *testing.T, rep *finding.Report) (cdx.BOM, []byte) {
	t.Helper()
	bom, err := Build(rep, Options{Subject: "attest-sample", Version: "0.1.0", Now: time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Encode(bom)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema(t).Validate(doc); err != nil {
		t.Fatalf("CBOM does not validate against the CycloneDX 1.6 schema: %v\n%s", err, b)
	}
	var got cdx.BOM
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	return got, b
}

func TestBuildValidatesAgainstCycloneDX16(t *testing.T) {
	got, _ := build(t, sampleReport())
	if got.SpecVersion != cdx.SpecVersion1_6 {
		t.Errorf("got spec version %v; want 1.6", got.SpecVersion)
	}
	byRef := map[string]cdx.Component{}
	for _, c := range *got.Components {
		if c.Type != cdx.ComponentTypeCryptographicAsset {
			t.Errorf("%s: got type %q; want cryptographic-asset", c.BOMRef, c.Type)
		}
		if _, dup := byRef[c.BOMRef]; dup {
			t.Errorf("component %s appears twice", c.BOMRef)
		}
		byRef[c.BOMRef] = c
	}
	if len(byRef) != 18 {
		t.Errorf("got %d components %v; want 18 (two MD5 uses and two AES-256-GCM uses are one component each)", len(byRef), keys(byRef))
	}
	type want struct {
		asset     cdx.CryptoAssetType
		primitive cdx.CryptoPrimitive
		params    string
		mode      cdx.CryptoAlgorithmMode
		oid       string
		classical int // 0: not set
		quantum   int // -1: not set
		occurs    int
	}
	for ref, w := range map[string]want{
		"crypto/algorithm/md5":               {cdx.CryptoAssetTypeAlgorithm, cdx.CryptoPrimitiveHash, "", "", "1.2.840.113549.2.5", 0, 0, 2},
		"crypto/algorithm/rsa-1024":          {cdx.CryptoAssetTypeAlgorithm, cdx.CryptoPrimitivePKE, "1024", "", "1.2.840.113549.1.1.1", 80, 0, 1},
		"crypto/algorithm/rsa-2048-pss":      {cdx.CryptoAssetTypeAlgorithm, cdx.CryptoPrimitiveSignature, "2048", "", "1.2.840.113549.1.1.10", 112, 0, 1},
		"crypto/algorithm/aes-128-ecb":       {cdx.CryptoAssetTypeAlgorithm, cdx.CryptoPrimitiveBlockCipher, "128", cdx.CryptoAlgorithmModeECB, "2.16.840.1.101.3.4.1.1", 128, 1, 1},
		"crypto/algorithm/aes-256-gcm":       {cdx.CryptoAssetTypeAlgorithm, cdx.CryptoPrimitiveAE, "256", cdx.CryptoAlgorithmModeGCM, "2.16.840.1.101.3.4.1.46", 256, 5, 2},
		"crypto/algorithm/sha-256":           {cdx.CryptoAssetTypeAlgorithm, cdx.CryptoPrimitiveHash, "", "", "2.16.840.1.101.3.4.2.1", 128, 2, 1},
		"crypto/algorithm/hmac-sha-256":      {cdx.CryptoAssetTypeAlgorithm, cdx.CryptoPrimitiveMAC, "SHA-256", "", "1.2.840.113549.2.9", 256, 5, 1},
		"crypto/algorithm/pbkdf2-sha-256":    {cdx.CryptoAssetTypeAlgorithm, cdx.CryptoPrimitiveKDF, "SHA-256", "", "1.2.840.113549.1.5.12", 0, -1, 1},
		"crypto/algorithm/chacha20-poly1305": {cdx.CryptoAssetTypeAlgorithm, cdx.CryptoPrimitiveAE, "", "", "1.2.840.113549.1.9.16.3.18", 256, 5, 1},
		"crypto/algorithm/ml-kem-768":        {cdx.CryptoAssetTypeAlgorithm, cdx.CryptoPrimitiveKEM, "768", "", "2.16.840.1.101.3.4.4.2", 192, 3, 1},
		"crypto/algorithm/ml-dsa-65":         {cdx.CryptoAssetTypeAlgorithm, cdx.CryptoPrimitiveSignature, "65", "", "2.16.840.1.101.3.4.3.18", 192, 3, 1},
		"crypto/algorithm/slh-dsa-sha2-128s": {cdx.CryptoAssetTypeAlgorithm, cdx.CryptoPrimitiveSignature, "SHA2-128s", "", "2.16.840.1.101.3.4.3.20", 128, 1, 1},
		"crypto/algorithm/x25519mlkem768":    {cdx.CryptoAssetTypeAlgorithm, cdx.CryptoPrimitiveKEM, "", "", "", 192, 3, 1},
		"crypto/algorithm/ecdsa-p-256":       {cdx.CryptoAssetTypeAlgorithm, cdx.CryptoPrimitiveSignature, "", "", "1.2.840.10045.2.1", 128, 0, 1},
		"crypto/algorithm/shake256":          {cdx.CryptoAssetTypeAlgorithm, cdx.CryptoPrimitiveXOF, "", "", "2.16.840.1.101.3.4.2.12", 256, 5, 1},
	} {
		t.Run(ref, func(t *testing.T) {
			c, ok := byRef[ref]
			if !ok {
				t.Fatalf("no component %s; have %v", ref, keys(byRef))
			}
			cp := c.CryptoProperties
			if cp == nil || cp.AlgorithmProperties == nil {
				t.Fatalf("component has no algorithm properties: %+v", c)
			}
			ap := cp.AlgorithmProperties
			if cp.AssetType != w.asset || ap.Primitive != w.primitive || ap.ParameterSetIdentifier != w.params || ap.Mode != w.mode || cp.OID != w.oid {
				t.Errorf("got asset type %q, primitive %q, parameters %q, mode %q, OID %q; want %q, %q, %q, %q, %q",
					cp.AssetType, ap.Primitive, ap.ParameterSetIdentifier, ap.Mode, cp.OID, w.asset, w.primitive, w.params, w.mode, w.oid)
			}
			if got := deref(ap.ClassicalSecurityLevel, 0); got != w.classical {
				t.Errorf("got classical security level %d; want %d", got, w.classical)
			}
			if got := deref(ap.NistQuantumSecurityLevel, -1); got != w.quantum {
				t.Errorf("got NIST quantum security level %d; want %d", got, w.quantum)
			}
			if c.Evidence == nil || c.Evidence.Occurrences == nil || len(*c.Evidence.Occurrences) != w.occurs {
				t.Fatalf("got evidence %+v; want %d occurrences", c.Evidence, w.occurs)
			}
			for _, o := range *c.Evidence.Occurrences {
				if o.Location == "" || o.Line == nil || *o.Line < 1 || o.Offset == nil {
					t.Errorf("occurrence %+v; want a location, a line and an offset", o)
				}
			}
		})
	}
	for ref, version := range map[string]string{"crypto/protocol/tls-1.3": "1.3", "crypto/protocol/tls-1.0": "1.0"} {
		c, ok := byRef[ref]
		if !ok || c.CryptoProperties.AssetType != cdx.CryptoAssetTypeProtocol || c.CryptoProperties.ProtocolProperties == nil ||
			c.CryptoProperties.ProtocolProperties.Type != cdx.CryptoProtocolTypeTLS || c.CryptoProperties.ProtocolProperties.Version != version {
			t.Errorf("%s: got %+v; want a TLS protocol, version %s", ref, c, version)
		}
	}
	suites := byRef["crypto/protocol/tls-rc4-sha-des-cbc3-sha"]
	if suites.CryptoProperties == nil || suites.CryptoProperties.ProtocolProperties == nil ||
		suites.CryptoProperties.ProtocolProperties.CipherSuites == nil || len(*suites.CryptoProperties.ProtocolProperties.CipherSuites) != 2 {
		t.Errorf("weak cipher suites: got %+v; want a TLS protocol with two cipher suites", suites)
	}
}

func deref(p *int, none int) int {
	if p == nil {
		return none
	}
	return *p
}

func TestReadinessInMetadata(t *testing.T) {
	got, _ := build(t, sampleReport())
	r, ok := ReadinessFromBOM(&got)
	if !ok {
		t.Fatal("no readiness properties in the metadata")
	}
	// Public-key uses: RSA-1024 (pke), RSA-2048-PSS (signature), ML-KEM-768, ML-DSA-65, SLH-DSA,
	// X25519MLKEM768, ECDSA. Key exchange: RSA-1024, ML-KEM-768, X25519MLKEM768; signatures: RSA-PSS,
	// ML-DSA, SLH-DSA, ECDSA.
	want := Readiness{Uses: 20, KeyExchange: 3, KeyExchangePQ: 2, Signature: 4, SignaturePQ: 2, ByClass: map[string]int{
		"crypto/weak-hash": 2, "crypto/weak-cipher": 0, "crypto/ecb-mode": 1, "crypto/short-key": 1,
		"crypto/quantum-vulnerable": 2, "crypto/weak-tls": 2, "safe": 12}}
	if r.Uses != want.Uses || r.KeyExchange != want.KeyExchange || r.KeyExchangePQ != want.KeyExchangePQ ||
		r.Signature != want.Signature || r.SignaturePQ != want.SignaturePQ {
		t.Errorf("got %+v; want %+v", r, want)
	}
	for c, n := range want.ByClass {
		if r.ByClass[c] != n {
			t.Errorf("class %s: got %d uses; want %d", c, r.ByClass[c], n)
		}
	}
	if s := r.Share(); s < 0.571 || s > 0.572 {
		t.Errorf("got post-quantum share %.3f; want 4/7", s)
	}
	line := r.Line()
	for _, part := range []string{"20 uses", "12 safe", "2 weak-hash", "post-quantum 4 of 7", "key exchange 2/3", "signatures 2/4"} {
		if !strings.Contains(line, part) {
			t.Errorf("summary line %q lacks %q", line, part)
		}
	}
}

func TestEmptyInventory(t *testing.T) {
	got, _ := build(t, &finding.Report{})
	if got.Components == nil || len(*got.Components) != 0 {
		t.Errorf("got components %v; want none", got.Components)
	}
	r, ok := ReadinessFromBOM(&got)
	if !ok || r.Uses != 0 || r.Share() != 0 || !strings.Contains(r.Line(), "no public-key cryptography") {
		t.Errorf("got readiness %+v (%q); want zero uses and no public-key cryptography", r, r.Line())
	}
}

func keys(m map[string]cdx.Component) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
