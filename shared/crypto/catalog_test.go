package crypto

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/finding"
)

func TestAssetFromName(t *testing.T) {
	cases := []struct {
		name string
		want string // Kind Algorithm/Primitive params; "" when the name is not known
	}{
		{"SHA-256", "algorithm SHA-256 hash"},
		{"sha256", "algorithm SHA-256 hash"},
		{"SHA3-512", "algorithm SHA3-512 hash"},
		{"sha3_256", "algorithm SHA3-256 hash"},
		{"SHA-512/256", "algorithm SHA-512/256 hash"},
		{"SHA", "algorithm SHA-1 hash"},
		{"blake2b512", "algorithm BLAKE2b-512 hash"},
		{"AES/GCM/NoPadding", "algorithm AES ae mode=gcm"},
		{"AES_256/CBC/PKCS5Padding", "algorithm AES block-cipher size=256 mode=cbc padding=pkcs5"},
		{"aes-256-gcm", "algorithm AES ae size=256 mode=gcm"},
		{"aes-128-ctr", "algorithm AES block-cipher size=128 mode=ctr"},
		{"id-aes256-wrap", "algorithm AES block-cipher size=256 mode=wrap"},
		{"AES-GCM", "algorithm AES ae mode=gcm"},
		{"chacha20-poly1305", "algorithm ChaCha20-Poly1305 ae"},
		{"HmacSHA256", "algorithm HMAC mac set=SHA-256"},
		{"PBKDF2WithHmacSHA512", "algorithm PBKDF2 kdf set=SHA-512"},
		{"SHA256withECDSA", "algorithm ECDSA signature set=SHA-256"},
		{"SHA384withRSA/PSS", "algorithm RSA signature set=SHA-384 padding=pss"},
		{"RSA/ECB/OAEPWithSHA-256AndMGF1Padding", "algorithm RSA pke padding=oaep"},
		{"RSA-OAEP", "algorithm RSA pke padding=oaep"},
		{"RSASSA-PKCS1-v1_5", "algorithm RSA signature padding=pkcs1v15"},
		{"Ed25519", "algorithm Ed25519 signature"},
		{"X25519MLKEM768", "algorithm X25519MLKEM768 kem"},
		{"ML-KEM-768", "algorithm ML-KEM kem set=768"},
		{"ML-KEM", "algorithm ML-KEM kem"},
		{"ML_DSA_65", "algorithm ML-DSA signature set=65"},
		{"MLDsa87", "algorithm ML-DSA signature set=87"},
		{"SLH-DSA-SHA2-128s", "algorithm SLH-DSA signature set=SHA2-128s"},
		{"slh_dsa_shake_256f", "algorithm SLH-DSA signature set=SHAKE-256f"},
		{"Kyber768", "algorithm ML-KEM kem set=768"},
		{"TLSv1.3", "protocol TLS version=1.3"},
		{"TLS_1_2", "protocol TLS version=1.2"},
		{"TLSv1", "protocol TLS version=1.0"},
		{"SSLv3", "protocol SSL version=3.0"},
		{"TLS", "protocol TLS"},
		{"DESede", "algorithm 3DES block-cipher"},
		{"ARCFOUR", "algorithm RC4 stream-cipher"},
		// Look-alikes and nonsense.
		{"ML-KEM-769", ""},
		{"ML-DSA-768", ""},
		{"AESX", ""},
		{"aes-256-foo", ""},
		{"SHA-257", ""},
		{"HmacFOO", ""},
		{"FOOwithRSA", ""},
		{"SHA256withFOO", ""},
		{"TLSv1.9", ""},
		{"not an algorithm", ""},
		{"", ""},
		{strings.Repeat("A", 200), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a, ok := AssetFromName(tc.name)
			got := ""
			if ok {
				got = describeTemplate(a)
			}
			if got != tc.want {
				t.Errorf("AssetFromName(%q) = %q; want %q", tc.name, got, tc.want)
			}
		})
	}
}

func describeTemplate(a finding.CryptoAsset) string {
	s := fmt.Sprintf("%s %s", a.Kind, a.Algorithm)
	if a.Primitive != "" {
		s += " " + a.Primitive
	}
	for _, kv := range []struct{ k, v string }{{"size", itoaNZ(a.KeySize)}, {"set", a.ParameterSet}, {"mode", a.Mode},
		{"padding", a.Padding}, {"version", a.Version}} {
		if kv.v != "" {
			s += " " + kv.k + "=" + kv.v
		}
	}
	return s
}

func itoaNZ(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprint(n)
}

var oidRe = regexp.MustCompile(`^[0-2](\.(0|[1-9][0-9]*))+$`)

// TestCatalog checks the table: every family has a primitive CycloneDX names (or is a protocol), OIDs are
// well formed and name one family each, and what is quantum-vulnerable or post-quantum says so.
func TestCatalog(t *testing.T) {
	oids := map[string]string{}
	for name, info := range catalog {
		if name != info.name {
			t.Errorf("catalog key %q holds %q", name, info.name)
		}
		if info.oid != "" {
			if !oidRe.MatchString(info.oid) {
				t.Errorf("%s: OID %q is malformed", name, info.oid)
			}
			if other, dup := oids[info.oid]; dup {
				t.Errorf("%s and %s share the OID %s", name, other, info.oid)
			}
			oids[info.oid] = name
		}
		if info.role != RoleNone && !info.pq && info.quantum != 0 {
			t.Errorf("%s: a classical public-key family with quantum category %d; want 0", name, info.quantum)
		}
		if info.pq && info.role == RoleNone {
			t.Errorf("%s: post-quantum but neither key exchange nor signature", name)
		}
	}
	for _, tc := range []struct {
		asset              finding.CryptoAsset
		oid                string
		classical, quantum int
		role               Role
		pq                 bool
	}{
		{finding.CryptoAsset{Algorithm: "AES", KeySize: 128, Mode: "gcm"}, "2.16.840.1.101.3.4.1.6", 128, 1, RoleNone, false},
		{finding.CryptoAsset{Algorithm: "AES", KeySize: 192, Mode: "cbc"}, "2.16.840.1.101.3.4.1.22", 192, 3, RoleNone, false},
		{finding.CryptoAsset{Algorithm: "AES", KeySize: 256, Mode: "ccm"}, "2.16.840.1.101.3.4.1.47", 256, 5, RoleNone, false},
		{finding.CryptoAsset{Algorithm: "AES"}, "", 0, -1, RoleNone, false},
		{finding.CryptoAsset{Algorithm: "ML-KEM", ParameterSet: "512"}, "2.16.840.1.101.3.4.4.1", 128, 1, RoleKeyExchange, true},
		{finding.CryptoAsset{Algorithm: "ML-KEM", ParameterSet: "1024"}, "2.16.840.1.101.3.4.4.3", 256, 5, RoleKeyExchange, true},
		{finding.CryptoAsset{Algorithm: "ML-DSA", ParameterSet: "44"}, "2.16.840.1.101.3.4.3.17", 128, 2, RoleSignature, true},
		{finding.CryptoAsset{Algorithm: "ML-DSA", ParameterSet: "87"}, "2.16.840.1.101.3.4.3.19", 256, 5, RoleSignature, true},
		{finding.CryptoAsset{Algorithm: "SLH-DSA", ParameterSet: "SHAKE-256f"}, "2.16.840.1.101.3.4.3.31", 256, 5, RoleSignature, true},
		{finding.CryptoAsset{Algorithm: "SLH-DSA", ParameterSet: "SHA2-192s"}, "2.16.840.1.101.3.4.3.22", 192, 3, RoleSignature, true},
		{finding.CryptoAsset{Algorithm: "RSA", KeySize: 3072}, "1.2.840.113549.1.1.1", 128, 0, RoleKeyExchange, false},
		{finding.CryptoAsset{Algorithm: "RSA", Primitive: PrimitiveSignature, ParameterSet: "SHA-256", Padding: "pkcs1v15"}, "1.2.840.113549.1.1.11", 0, 0, RoleSignature, false},
		{finding.CryptoAsset{Algorithm: "ECDSA", Curve: "P-384"}, "1.2.840.10045.2.1", 192, 0, RoleSignature, false},
		{finding.CryptoAsset{Algorithm: "ECDSA", ParameterSet: "SHA-256"}, "1.2.840.10045.4.3.2", 0, 0, RoleSignature, false},
		{finding.CryptoAsset{Algorithm: "X25519"}, "1.3.101.110", 128, 0, RoleKeyExchange, false},
		{finding.CryptoAsset{Algorithm: "HMAC", ParameterSet: "SHA-384"}, "1.2.840.113549.2.10", 256, 5, RoleNone, false},
		{finding.CryptoAsset{Algorithm: "HKDF", ParameterSet: "SHA-256"}, "1.2.840.113549.1.9.16.3.28", 0, -1, RoleNone, false},
		{finding.CryptoAsset{Algorithm: "SHA3-256"}, "2.16.840.1.101.3.4.2.8", 128, 2, RoleNone, false},
		{finding.CryptoAsset{Algorithm: "MD5"}, "1.2.840.113549.2.5", 0, 0, RoleNone, false},
		{finding.CryptoAsset{Algorithm: "no such thing"}, "", 0, -1, RoleNone, false},
	} {
		t.Run(describeTemplate(tc.asset), func(t *testing.T) {
			f := AssetFacts(tc.asset)
			if f.OID != tc.oid || f.Classical != tc.classical || f.Quantum != tc.quantum || f.Role != tc.role || f.PostQuantum != tc.pq {
				t.Errorf("got %+v; want OID %s, classical %d, quantum %d, role %q, post-quantum %v", f, tc.oid, tc.classical, tc.quantum, tc.role, tc.pq)
			}
		})
	}
}

// TestInherentClass checks the class of uses no rule looked at.
func TestInherentClass(t *testing.T) {
	for _, tc := range []struct {
		asset finding.CryptoAsset
		want  string
	}{
		{finding.CryptoAsset{Algorithm: "MD5"}, ClassWeakHash},
		{finding.CryptoAsset{Algorithm: "3DES"}, ClassWeakCipher},
		{finding.CryptoAsset{Algorithm: "AES", Mode: "ecb"}, ClassECBMode},
		{finding.CryptoAsset{Algorithm: "RSA", KeySize: 1024}, ClassShortKey},
		{finding.CryptoAsset{Algorithm: "RSA"}, ClassQuantumVulnerable},
		{finding.CryptoAsset{Algorithm: "ECDSA", ParameterSet: "SHA-256"}, ClassQuantumVulnerable},
		{finding.CryptoAsset{Kind: finding.AssetProtocol, Algorithm: "TLS", Version: "1.1"}, ClassWeakTLS},
		{finding.CryptoAsset{Kind: finding.AssetProtocol, Algorithm: "SSL", Version: "3.0"}, ClassWeakTLS},
		{finding.CryptoAsset{Kind: finding.AssetProtocol, Algorithm: "TLS", Version: "1.3"}, finding.ClassSafe},
		{finding.CryptoAsset{Algorithm: "AES", Mode: "gcm"}, finding.ClassSafe},
		{finding.CryptoAsset{Algorithm: "ML-KEM", ParameterSet: "768"}, finding.ClassSafe},
	} {
		t.Run(describeTemplate(tc.asset), func(t *testing.T) {
			if got := inherentClass(tc.asset); got != tc.want {
				t.Errorf("got %q; want %q", got, tc.want)
			}
		})
	}
}

// FuzzAssetFromName feeds algorithm names as they come from source code: the parser must not panic, and
// what it accepts must be a complete template.
func FuzzAssetFromName(f *testing.F) {
	for _, s := range []string{"AES/GCM/NoPadding", "aes-256-gcm", "SHA256withECDSA", "ML-KEM-768", "SLH-DSA-SHA2-128s",
		"TLSv1.3", "HmacSHA256", "PBKDF2WithHmacSHA1", "id-aes128-wrap", "RSA/ECB/OAEPPadding", "//", "WITH", "HMAC"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		a, ok := AssetFromName(name)
		if !ok {
			return
		}
		if a.Algorithm == "" || a.Kind == "" || (a.Kind == finding.AssetAlgorithm && a.Primitive == "") {
			t.Errorf("AssetFromName(%q) = %+v; want a complete template", name, a)
		}
		if _, known := catalog[a.Algorithm]; !known {
			t.Errorf("AssetFromName(%q) names %q, which the catalog does not hold", name, a.Algorithm)
		}
		_ = AssetFacts(a)
	})
}

// BenchmarkAssetFromName reads the names a large Java or Node code base passes to its factories.
func BenchmarkAssetFromName(b *testing.B) {
	names := []string{"AES/GCM/NoPadding", "SHA-256", "aes-256-gcm", "SHA256withECDSA", "HmacSHA256", "ML-KEM-768",
		"PBKDF2WithHmacSHA512", "TLSv1.3", "not-an-algorithm"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		AssetFromName(names[i%len(names)])
	}
}
