package crypto

import (
	"strconv"
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

// CycloneDX 1.6 primitives (cryptoProperties.algorithmProperties.primitive) the inventory uses.
const (
	PrimitiveAE           = "ae"
	PrimitiveBlockCipher  = "block-cipher"
	PrimitiveStreamCipher = "stream-cipher"
	PrimitiveHash         = "hash"
	PrimitiveXOF          = "xof"
	PrimitiveMAC          = "mac"
	PrimitiveKDF          = "kdf"
	PrimitiveSignature    = "signature"
	PrimitiveKEM          = "kem"
	PrimitivePKE          = "pke"
	PrimitiveKeyAgree     = "key-agree"
	PrimitiveUnknown      = "unknown"
)

// Role is what a public-key algorithm is for, as the readiness summary counts it.
type Role string

// Roles of public-key algorithms; symmetric algorithms have none.
const (
	RoleNone        Role = ""
	RoleKeyExchange Role = "key-exchange" // key agreement, key encapsulation, public-key encryption
	RoleSignature   Role = "signature"
)

// algInfo is what is known of one algorithm family, whatever its parameters.
type algInfo struct {
	name      string
	primitive string
	class     string // the class of any use (a broken hash, a classical public-key family); "" when parameters decide
	role      Role
	pq        bool   // designed to resist quantum computers (FIPS 203/204/205, hybrids with one of them)
	oid       string // when one OID names the family whatever its parameters
	classical int    // classical security in bits when parameters do not change it; 0 when they do or none applies
	quantum   int    // NIST category 1-5 when parameters do not change it; -1 when they do or it is unknown
}

// catalog lists every algorithm family the inventory names, in one explicit table.
//
// OIDs are those of the registries that define the algorithms: RFC 8017 (RSA, 1.2.840.113549.1.1.*), RFC
// 5480 and RFC 5758 (ecPublicKey 1.2.840.10045.2.1, ECDH 1.3.132.1.12), RFC 3279 (DSA 1.2.840.10040.4.1, DH
// 1.2.840.113549.1.3.1), RFC 8410 (X25519 1.3.101.110, X448 .111, Ed25519 .112, Ed448 .113), RFC 1321 and RFC
// 3279 (MD2/MD4/MD5 1.2.840.113549.2.2/.4/.5, SHA-1 1.3.14.3.2.26), NIST CSOR (SHA-2 and SHA-3
// 2.16.840.1.101.3.4.2.*, AES 2.16.840.1.101.3.4.1.*, ML-DSA 2.16.840.1.101.3.4.3.17-.19, SLH-DSA
// 2.16.840.1.101.3.4.3.20-.31, ML-KEM 2.16.840.1.101.3.4.4.1-.3), RFC 8018 (PBKDF2 1.2.840.113549.1.5.12),
// RFC 8619 (HKDF 1.2.840.113549.1.9.16.3.28-.30), RFC 7914 (scrypt 1.3.6.1.4.1.11591.4.11), RFC 8103
// (ChaCha20-Poly1305 1.2.840.113549.1.9.16.3.18), RFC 7693 (BLAKE2 1.3.6.1.4.1.1722.12.2.*), RFC 4231
// (HMAC-SHA-2 1.2.840.113549.2.8-.11; HMAC-SHA-1 is 1.2.840.113549.2.7), RFC 2268/8018 (RC2
// 1.2.840.113549.3.2, RC4 .3.4, DES-EDE3-CBC .3.7), OIW (DES-CBC 1.3.14.3.2.7).
//
// Classical levels follow NIST SP 800-57 Part 1 Rev. 5 table 2 (a hash's level is its collision resistance);
// quantum categories follow NIST's post-quantum call: 1 = AES-128 key search, 2 = SHA-256 collision, 3 =
// AES-192, 4 = SHA-384 collision, 5 = AES-256; 0 for what Shor's algorithm breaks or is already broken.
var catalog = func() map[string]algInfo {
	list := []algInfo{
		// Broken hashes and ciphers.
		{"MD2", PrimitiveHash, ClassWeakHash, RoleNone, false, "1.2.840.113549.2.2", 0, 0},
		{"MD4", PrimitiveHash, ClassWeakHash, RoleNone, false, "1.2.840.113549.2.4", 0, 0},
		{"MD5", PrimitiveHash, ClassWeakHash, RoleNone, false, "1.2.840.113549.2.5", 0, 0},
		{"SHA-1", PrimitiveHash, ClassWeakHash, RoleNone, false, "1.3.14.3.2.26", 0, 0},
		{"MD5+SHA-1", PrimitiveHash, ClassWeakHash, RoleNone, false, "", 0, 0},
		{"DES", PrimitiveBlockCipher, ClassWeakCipher, RoleNone, false, "1.3.14.3.2.7", 56, 0},
		{"3DES", PrimitiveBlockCipher, ClassWeakCipher, RoleNone, false, "1.2.840.113549.3.7", 112, 0},
		{"RC2", PrimitiveBlockCipher, ClassWeakCipher, RoleNone, false, "1.2.840.113549.3.2", 0, 0},
		{"RC4", PrimitiveStreamCipher, ClassWeakCipher, RoleNone, false, "1.2.840.113549.3.4", 0, 0},
		{"Blowfish", PrimitiveBlockCipher, ClassWeakCipher, RoleNone, false, "", 0, 0},
		{"IDEA", PrimitiveBlockCipher, ClassWeakCipher, RoleNone, false, "", 0, 0},
		{"CAST5", PrimitiveBlockCipher, ClassWeakCipher, RoleNone, false, "", 0, 0},
		{"SEED", PrimitiveBlockCipher, ClassWeakCipher, RoleNone, false, "", 0, 0},
		{"TEA", PrimitiveBlockCipher, ClassWeakCipher, RoleNone, false, "", 0, 0},
		{"XTEA", PrimitiveBlockCipher, ClassWeakCipher, RoleNone, false, "", 0, 0},
		// Hashes and extendable-output functions.
		{"RIPEMD-160", PrimitiveHash, "", RoleNone, false, "1.3.36.3.2.1", 80, 0},
		{"SHA-224", PrimitiveHash, "", RoleNone, false, "2.16.840.1.101.3.4.2.4", 112, 1},
		{"SHA-256", PrimitiveHash, "", RoleNone, false, "2.16.840.1.101.3.4.2.1", 128, 2},
		{"SHA-384", PrimitiveHash, "", RoleNone, false, "2.16.840.1.101.3.4.2.2", 192, 4},
		{"SHA-512", PrimitiveHash, "", RoleNone, false, "2.16.840.1.101.3.4.2.3", 256, 5},
		{"SHA-512/224", PrimitiveHash, "", RoleNone, false, "2.16.840.1.101.3.4.2.5", 112, 1},
		{"SHA-512/256", PrimitiveHash, "", RoleNone, false, "2.16.840.1.101.3.4.2.6", 128, 2},
		{"SHA3-224", PrimitiveHash, "", RoleNone, false, "2.16.840.1.101.3.4.2.7", 112, 1},
		{"SHA3-256", PrimitiveHash, "", RoleNone, false, "2.16.840.1.101.3.4.2.8", 128, 2},
		{"SHA3-384", PrimitiveHash, "", RoleNone, false, "2.16.840.1.101.3.4.2.9", 192, 4},
		{"SHA3-512", PrimitiveHash, "", RoleNone, false, "2.16.840.1.101.3.4.2.10", 256, 5},
		{"SHAKE128", PrimitiveXOF, "", RoleNone, false, "2.16.840.1.101.3.4.2.11", 128, 2},
		{"SHAKE256", PrimitiveXOF, "", RoleNone, false, "2.16.840.1.101.3.4.2.12", 256, 5},
		{"BLAKE2b-256", PrimitiveHash, "", RoleNone, false, "1.3.6.1.4.1.1722.12.2.1.8", 128, 2},
		{"BLAKE2b-384", PrimitiveHash, "", RoleNone, false, "1.3.6.1.4.1.1722.12.2.1.12", 192, 4},
		{"BLAKE2b-512", PrimitiveHash, "", RoleNone, false, "1.3.6.1.4.1.1722.12.2.1.16", 256, 5},
		{"BLAKE2s-256", PrimitiveHash, "", RoleNone, false, "1.3.6.1.4.1.1722.12.2.2.8", 128, 2},
		{"BLAKE3", PrimitiveHash, "", RoleNone, false, "", 128, 2},
		// Symmetric ciphers and authenticated encryption.
		{"AES", PrimitiveBlockCipher, "", RoleNone, false, "", 0, -1},
		{"ChaCha20-Poly1305", PrimitiveAE, "", RoleNone, false, "1.2.840.113549.1.9.16.3.18", 256, 5},
		{"XChaCha20-Poly1305", PrimitiveAE, "", RoleNone, false, "", 256, 5},
		{"ChaCha20", PrimitiveStreamCipher, "", RoleNone, false, "", 256, 5},
		{"XSalsa20-Poly1305", PrimitiveAE, "", RoleNone, false, "", 256, 5},
		// MACs and key derivation: the parameter set names the hash.
		{"HMAC", PrimitiveMAC, "", RoleNone, false, "", 0, -1},
		{"CMAC", PrimitiveMAC, "", RoleNone, false, "", 0, -1},
		{"Poly1305", PrimitiveMAC, "", RoleNone, false, "", 128, 1},
		{"HKDF", PrimitiveKDF, "", RoleNone, false, "", 0, -1},
		{"PBKDF2", PrimitiveKDF, "", RoleNone, false, "1.2.840.113549.1.5.12", 0, -1},
		{"scrypt", PrimitiveKDF, "", RoleNone, false, "1.3.6.1.4.1.11591.4.11", 0, -1},
		{"Argon2", PrimitiveKDF, "", RoleNone, false, "", 0, -1},
		{"bcrypt", PrimitiveKDF, "", RoleNone, false, "", 0, -1},
		// Classical public-key algorithms: Shor's algorithm breaks every one of them.
		{"RSA", PrimitivePKE, ClassQuantumVulnerable, RoleKeyExchange, false, "1.2.840.113549.1.1.1", 0, 0},
		{"DSA", PrimitiveSignature, ClassQuantumVulnerable, RoleSignature, false, "1.2.840.10040.4.1", 0, 0},
		{"DH", PrimitiveKeyAgree, ClassQuantumVulnerable, RoleKeyExchange, false, "1.2.840.113549.1.3.1", 0, 0},
		{"ECDSA", PrimitiveSignature, ClassQuantumVulnerable, RoleSignature, false, "1.2.840.10045.2.1", 0, 0},
		{"ECDH", PrimitiveKeyAgree, ClassQuantumVulnerable, RoleKeyExchange, false, "1.3.132.1.12", 0, 0},
		{"Ed25519", PrimitiveSignature, ClassQuantumVulnerable, RoleSignature, false, "1.3.101.112", 128, 0},
		{"Ed448", PrimitiveSignature, ClassQuantumVulnerable, RoleSignature, false, "1.3.101.113", 224, 0},
		{"X25519", PrimitiveKeyAgree, ClassQuantumVulnerable, RoleKeyExchange, false, "1.3.101.110", 128, 0},
		{"X448", PrimitiveKeyAgree, ClassQuantumVulnerable, RoleKeyExchange, false, "1.3.101.111", 224, 0},
		// Post-quantum algorithms (FIPS 203, 204, 205) and the hybrid TLS group.
		{"ML-KEM", PrimitiveKEM, "", RoleKeyExchange, true, "", 0, -1},
		{"ML-DSA", PrimitiveSignature, "", RoleSignature, true, "", 0, -1},
		{"SLH-DSA", PrimitiveSignature, "", RoleSignature, true, "", 0, -1},
		{"X25519MLKEM768", PrimitiveKEM, "", RoleKeyExchange, true, "", 192, 3},
		// Protocols.
		{"TLS", "", "", RoleNone, false, "", 0, -1},
		{"SSL", "", ClassWeakTLS, RoleNone, false, "", 0, -1},
	}
	m := make(map[string]algInfo, len(list))
	for _, a := range list {
		m[a.name] = a
	}
	return m
}()

// nameAliases maps compact spellings (upper case letters and digits only) to an asset template, for the
// names libraries use that the parser below does not derive.
var nameAliases = map[string]finding.CryptoAsset{
	"SHA":               {Algorithm: "SHA-1"},
	"SHA1":              {Algorithm: "SHA-1"},
	"MD5SHA1":           {Algorithm: "MD5+SHA-1"},
	"RIPEMD160":         {Algorithm: "RIPEMD-160"},
	"TRIPLEDES":         {Algorithm: "3DES"},
	"DESEDE":            {Algorithm: "3DES"},
	"DES3":              {Algorithm: "3DES"},
	"DESEDE3":           {Algorithm: "3DES"},
	"TDEA":              {Algorithm: "3DES"},
	"ARC4":              {Algorithm: "RC4"},
	"ARCFOUR":           {Algorithm: "RC4"},
	"ARC2":              {Algorithm: "RC2"},
	"BF":                {Algorithm: "Blowfish"},
	"CAST128":           {Algorithm: "CAST5"},
	"EC":                {Algorithm: "ECDSA"},
	"ECC":               {Algorithm: "ECDSA"},
	"ECDHE":             {Algorithm: "ECDH"},
	"DIFFIEHELLMAN":     {Algorithm: "DH"},
	"DHE":               {Algorithm: "DH"},
	"EDDSA":             {Algorithm: "Ed25519"},
	"XDH":               {Algorithm: "X25519"},
	"RSAPSS":            {Algorithm: "RSA", Primitive: PrimitiveSignature, Padding: "pss"},
	"RSASSAPSS":         {Algorithm: "RSA", Primitive: PrimitiveSignature, Padding: "pss"},
	"RSASSAPKCS1V15":    {Algorithm: "RSA", Primitive: PrimitiveSignature, Padding: "pkcs1v15"},
	"RSAOAEP":           {Algorithm: "RSA", Primitive: PrimitivePKE, Padding: "oaep"},
	"RSAES":             {Algorithm: "RSA", Primitive: PrimitivePKE},
	"CHACHA20POLY1305":  {Algorithm: "ChaCha20-Poly1305"},
	"XCHACHA20POLY1305": {Algorithm: "XChaCha20-Poly1305"},
	"CHACHA20":          {Algorithm: "ChaCha20"},
	"SHA512224":         {Algorithm: "SHA-512/224"},
	"SHA512256":         {Algorithm: "SHA-512/256"},
	"BLAKE2B":           {Algorithm: "BLAKE2b-512"},
	"BLAKE2B512":        {Algorithm: "BLAKE2b-512"},
	"BLAKE2B256":        {Algorithm: "BLAKE2b-256"},
	"BLAKE2B384":        {Algorithm: "BLAKE2b-384"},
	"BLAKE2S":           {Algorithm: "BLAKE2s-256"},
	"BLAKE2S256":        {Algorithm: "BLAKE2s-256"},
	"BLAKE3":            {Algorithm: "BLAKE3"},
	"SHAKE128":          {Algorithm: "SHAKE128"},
	"SHAKE256":          {Algorithm: "SHAKE256"},
	"X25519MLKEM768":    {Algorithm: "X25519MLKEM768"},
	"SECP256R1MLKEM768": {Algorithm: "X25519MLKEM768"},
	"KYBER768":          {Algorithm: "ML-KEM", ParameterSet: "768"},
	"KYBER512":          {Algorithm: "ML-KEM", ParameterSet: "512"},
	"KYBER1024":         {Algorithm: "ML-KEM", ParameterSet: "1024"},
	"DILITHIUM2":        {Algorithm: "ML-DSA", ParameterSet: "44"},
	"DILITHIUM3":        {Algorithm: "ML-DSA", ParameterSet: "65"},
	"DILITHIUM5":        {Algorithm: "ML-DSA", ParameterSet: "87"},
	"SCRYPT":            {Algorithm: "scrypt"},
	"BCRYPT":            {Algorithm: "bcrypt"},
	"ARGON2":            {Algorithm: "Argon2"},
	"ARGON2ID":          {Algorithm: "Argon2", ParameterSet: "Argon2id"},
	"ARGON2I":           {Algorithm: "Argon2", ParameterSet: "Argon2i"},
	"ARGON2D":           {Algorithm: "Argon2", ParameterSet: "Argon2d"},
	"HKDF":              {Algorithm: "HKDF"},
	"PBKDF2":            {Algorithm: "PBKDF2"},
	"HMAC":              {Algorithm: "HMAC"},
	"CMAC":              {Algorithm: "CMAC"},
	"POLY1305":          {Algorithm: "Poly1305"},
	"ED448":             {Algorithm: "Ed448"},
	"X448":              {Algorithm: "X448"},
	"ED25519":           {Algorithm: "Ed25519"},
	"X25519":            {Algorithm: "X25519"},
	"KYBER":             {Algorithm: "ML-KEM"},
	"DILITHIUM":         {Algorithm: "ML-DSA"},
	"SPHINCSPLUS":       {Algorithm: "SLH-DSA"},
	"SPHINCS":           {Algorithm: "SLH-DSA"},
	"MLKEM":             {Algorithm: "ML-KEM"},
	"MLDSA":             {Algorithm: "ML-DSA"},
	"SLHDSA":            {Algorithm: "SLH-DSA"},
}

// compact keeps the upper-case letters and digits of s: "AES-256-GCM" and "aes_256_gcm" read the same.
func compact(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r - 'a' + 'A')
		case r >= 'A' && r <= 'Z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+':
			// MD5+SHA1 keeps its halves apart from MD5SHA1's reading; both name the same thing.
		}
	}
	return b.String()
}

// maxAlgorithmName bounds the names parsed: real algorithm names and transformations are short.
const maxAlgorithmName = 80

// AssetFromName reads an algorithm as libraries name it in strings (Java's "AES/GCM/NoPadding",
// "SHA256withECDSA", "PBKDF2WithHmacSHA256"; OpenSSL's and Node's "aes-256-gcm", "sha3-256"; WebCrypto's
// "RSA-OAEP", "HMAC"; "ML-KEM-768", "TLSv1.3") into an asset template with Kind, Algorithm, Primitive and
// the parameters the name fixes. It reports false for names it does not know.
func AssetFromName(name string) (finding.CryptoAsset, bool) {
	if len(name) == 0 || len(name) > maxAlgorithmName {
		return finding.CryptoAsset{}, false
	}
	if strings.Contains(name, "/") && !strings.HasPrefix(strings.ToUpper(name), "SHA-512/") &&
		!strings.HasPrefix(strings.ToUpper(name), "SHA512/") {
		return transformation(name)
	}
	return fromCompact(compact(name))
}

// transformation reads a Java Cipher transformation: algorithm/mode/padding.
func transformation(name string) (finding.CryptoAsset, bool) {
	parts := strings.Split(name, "/")
	a, ok := fromCompact(compact(parts[0]))
	if !ok {
		return a, false
	}
	if len(parts) > 1 {
		if m := cipherMode(compact(parts[1])); m != "" && a.Algorithm != "RSA" {
			a.Mode = m
		}
		if a.Algorithm == "RSA" && compact(parts[1]) == "PSS" { // SHA256withRSA/PSS
			a.Padding = "pss"
		}
	}
	if len(parts) > 2 {
		p := compact(parts[2])
		switch {
		case strings.HasPrefix(p, "OAEP"):
			a.Padding = "oaep"
		case p == "PKCS1PADDING":
			a.Padding = "pkcs1v15"
		case p == "PKCS5PADDING":
			a.Padding = "pkcs5"
		case p == "PKCS7PADDING":
			a.Padding = "pkcs7"
		case p == "NOPADDING":
			if a.Algorithm == "RSA" {
				a.Padding = "raw"
			}
		}
	}
	if a.Algorithm == "AES" && a.Mode == "gcm" {
		a.Primitive = PrimitiveAE
	}
	return a, true
}

// cipherMode reads a block-cipher mode's compact name.
func cipherMode(s string) string {
	switch {
	case s == "ECB", s == "CBC", s == "OFB", s == "CTR", s == "GCM", s == "CCM", s == "XTS", s == "OCB":
		return strings.ToLower(s)
	case strings.HasPrefix(s, "CFB"):
		return "cfb"
	case s == "KW", s == "WRAP", s == "KWP":
		return "wrap"
	case s == "GCMSIV":
		return "gcm-siv"
	}
	return ""
}

// fromCompact reads a compact name.
func fromCompact(c string) (finding.CryptoAsset, bool) {
	if c == "" {
		return finding.CryptoAsset{}, false
	}
	if a, ok := nameAliases[c]; ok {
		return complete(a), true
	}
	switch {
	case strings.HasPrefix(c, "SHA3") && len(c) == 7: // SHA3256
		if bits := c[4:]; bits == "224" || bits == "256" || bits == "384" || bits == "512" {
			return complete(finding.CryptoAsset{Algorithm: "SHA3-" + bits}), true
		}
	case strings.HasPrefix(c, "SHA") && len(c) == 6: // SHA256
		if bits := c[3:]; bits == "224" || bits == "256" || bits == "384" || bits == "512" {
			return complete(finding.CryptoAsset{Algorithm: "SHA-" + bits}), true
		}
	}
	if m, ok := mdName(c); ok {
		return m, true
	}
	if a, ok := aesName(c); ok {
		return a, true
	}
	if rest, ok := strings.CutPrefix(c, "HMAC"); ok {
		h, ok := fromCompact(rest)
		if !ok || (h.Primitive != PrimitiveHash && h.Primitive != PrimitiveXOF) {
			return finding.CryptoAsset{}, false
		}
		return complete(finding.CryptoAsset{Algorithm: "HMAC", ParameterSet: h.Algorithm}), true
	}
	if rest, ok := strings.CutPrefix(c, "PBKDF2WITHHMAC"); ok {
		h, ok := fromCompact(rest)
		if !ok || h.Primitive != PrimitiveHash {
			return finding.CryptoAsset{}, false
		}
		return complete(finding.CryptoAsset{Algorithm: "PBKDF2", ParameterSet: h.Algorithm}), true
	}
	if hash, pk, ok := strings.Cut(c, "WITH"); ok && hash != "" { // SHA256WITHRSA, SHA384WITHECDSA
		h, ok := fromCompact(hash)
		if !ok || h.Primitive != PrimitiveHash {
			return finding.CryptoAsset{}, false
		}
		var a finding.CryptoAsset
		switch {
		case strings.Contains(pk, "ECDSA"):
			a = finding.CryptoAsset{Algorithm: "ECDSA"}
		case strings.HasPrefix(pk, "RSA"):
			a = finding.CryptoAsset{Algorithm: "RSA", Primitive: PrimitiveSignature, Padding: "pkcs1v15"}
			if strings.Contains(pk, "PSS") || strings.Contains(pk, "MGF1") {
				a.Padding = "pss"
			}
		case pk == "DSA":
			a = finding.CryptoAsset{Algorithm: "DSA"}
		default:
			return finding.CryptoAsset{}, false
		}
		a.ParameterSet = h.Algorithm
		return complete(a), true
	}
	if a, ok := pqName(c); ok {
		return a, true
	}
	if a, ok := protocolName(c); ok {
		return a, true
	}
	switch c {
	case "RSA", "DSA", "DH", "ECDSA", "ECDH", "DES", "3DES", "RC2", "RC4", "IDEA", "CAST5", "SEED", "TEA", "XTEA",
		"BLOWFISH":
		if c == "BLOWFISH" {
			c = "Blowfish"
		}
		return complete(finding.CryptoAsset{Algorithm: c}), true
	}
	return finding.CryptoAsset{}, false
}

func mdName(c string) (finding.CryptoAsset, bool) {
	switch c {
	case "MD2", "MD4", "MD5":
		return complete(finding.CryptoAsset{Algorithm: c}), true
	}
	return finding.CryptoAsset{}, false
}

// aesName reads AES with an optional size and mode: AES, AES256, AES256GCM, AES128CBC, IDAES256GCM, AESGCM.
func aesName(c string) (finding.CryptoAsset, bool) {
	c = strings.TrimPrefix(c, "ID")
	rest, ok := strings.CutPrefix(c, "AES")
	if !ok {
		return finding.CryptoAsset{}, false
	}
	a := finding.CryptoAsset{Algorithm: "AES"}
	for _, size := range []string{"128", "192", "256"} {
		if r, ok := strings.CutPrefix(rest, size); ok {
			a.KeySize, _ = strconv.Atoi(size)
			rest = r
			break
		}
	}
	if rest != "" {
		if a.Mode = cipherMode(rest); a.Mode == "" {
			return finding.CryptoAsset{}, false
		}
	}
	a = complete(a)
	if a.Mode == "gcm" || a.Mode == "ccm" || a.Mode == "ocb" || a.Mode == "gcm-siv" {
		a.Primitive = PrimitiveAE
	}
	return a, true
}

// pqName reads ML-KEM-768, MLKEM768, ML-DSA-65, SLH-DSA-SHA2-128s and the like.
func pqName(c string) (finding.CryptoAsset, bool) {
	for _, p := range []struct{ prefix, alg string }{{"MLKEM", "ML-KEM"}, {"MLDSA", "ML-DSA"}} {
		if rest, ok := strings.CutPrefix(c, p.prefix); ok {
			switch rest {
			case "512", "768", "1024", "44", "65", "87":
				if (p.alg == "ML-KEM") == (len(rest) > 2) {
					return complete(finding.CryptoAsset{Algorithm: p.alg, ParameterSet: rest}), true
				}
			}
		}
	}
	if rest, ok := strings.CutPrefix(c, "SLHDSA"); ok {
		for _, h := range []string{"SHA2", "SHAKE"} {
			if r, ok := strings.CutPrefix(rest, h); ok && len(r) == 4 {
				bits, sf := r[:3], strings.ToLower(r[3:])
				if (bits == "128" || bits == "192" || bits == "256") && (sf == "s" || sf == "f") {
					return complete(finding.CryptoAsset{Algorithm: "SLH-DSA", ParameterSet: h + "-" + bits + sf}), true
				}
			}
		}
	}
	return finding.CryptoAsset{}, false
}

// protocolName reads TLSv1.2, TLS1.3, TLS 1.0, SSLv3, SSL 3.0, TLS.
func protocolName(c string) (finding.CryptoAsset, bool) {
	for _, p := range []string{"TLS", "SSL"} {
		rest, ok := strings.CutPrefix(c, p)
		if !ok {
			continue
		}
		rest = strings.TrimPrefix(rest, "V")
		a := finding.CryptoAsset{Kind: finding.AssetProtocol, Algorithm: p}
		switch {
		case rest == "":
		case p == "TLS" && (rest == "1" || rest == "10"):
			a.Version = "1.0"
		case p == "TLS" && len(rest) == 2 && rest[0] == '1' && rest[1] >= '1' && rest[1] <= '3':
			a.Version = "1." + rest[1:]
		case p == "SSL" && (rest == "3" || rest == "30"):
			a.Version = "3.0"
		case p == "SSL" && (rest == "2" || rest == "20"):
			a.Version = "2.0"
		default:
			return finding.CryptoAsset{}, false
		}
		return a, true
	}
	return finding.CryptoAsset{}, false
}

// complete fills in an asset's kind and primitive from the catalog.
func complete(a finding.CryptoAsset) finding.CryptoAsset {
	info, ok := catalog[a.Algorithm]
	if a.Kind == "" {
		a.Kind = finding.AssetAlgorithm
		if ok && info.primitive == "" {
			a.Kind = finding.AssetProtocol
		}
	}
	if a.Primitive == "" && ok {
		a.Primitive = info.primitive
	}
	return a
}

// Facts are the standard facts of an asset: its OID and security levels where they are known, and what the
// readiness summary counts it as.
type Facts struct {
	OID string
	// Classical is the classical security level in bits; 0 when unknown.
	Classical int
	// Quantum is the NIST post-quantum security category 1-5, 0 for quantum-vulnerable or broken
	// algorithms, -1 when unknown.
	Quantum int
	// Role says whether a public-key algorithm establishes keys or signs; RoleNone for the rest.
	Role Role
	// PostQuantum is set for the algorithms designed to resist quantum computers.
	PostQuantum bool
}

// AssetFacts returns the facts of an asset, by its algorithm and parameters.
func AssetFacts(a finding.CryptoAsset) Facts {
	info, ok := catalog[a.Algorithm]
	if !ok {
		return Facts{Quantum: -1}
	}
	f := Facts{OID: info.oid, Classical: info.classical, Quantum: info.quantum, Role: info.role, PostQuantum: info.pq}
	if info.role != RoleNone && a.Primitive == PrimitiveSignature {
		f.Role = RoleSignature // RSA used to sign
	}
	switch a.Algorithm {
	case "AES":
		f.Classical, f.Quantum = a.KeySize, map[int]int{128: 1, 192: 3, 256: 5}[a.KeySize]
		if f.Classical == 0 {
			f.Quantum = -1
		}
		f.OID = aesOID(a.KeySize, a.Mode)
	case "RSA", "DSA", "DH":
		f.Classical = modulusLevel(a.KeySize)
		if a.Algorithm == "RSA" {
			switch {
			case a.Padding == "pss":
				f.OID = "1.2.840.113549.1.1.10"
			case a.Padding == "oaep":
				f.OID = "1.2.840.113549.1.1.7"
			case a.Primitive == PrimitiveSignature && rsaSignatureOIDs[a.ParameterSet] != "":
				f.OID = rsaSignatureOIDs[a.ParameterSet]
			}
		}
	case "ECDSA", "ECDH":
		f.Classical = namedCurveBits(a.Curve, a.KeySize) / 2
		if a.Algorithm == "ECDSA" && ecdsaSignatureOIDs[a.ParameterSet] != "" {
			f.OID = ecdsaSignatureOIDs[a.ParameterSet]
		}
	case "HMAC":
		h, ok := catalog[a.ParameterSet]
		f.OID = map[string]string{"SHA-1": "1.2.840.113549.2.7", "SHA-224": "1.2.840.113549.2.8",
			"SHA-256": "1.2.840.113549.2.9", "SHA-384": "1.2.840.113549.2.10", "SHA-512": "1.2.840.113549.2.11",
			"MD5": "1.3.6.1.5.5.8.1.1"}[a.ParameterSet]
		if ok && h.classical > 0 {
			// A MAC is as strong as a search of its key and tag, twice the hash's collision level (up to
			// the 256 bits a key is normally given); the hash's collisions do not help a forger.
			f.Classical = min(2*h.classical, 256)
			switch {
			case f.Classical >= 256:
				f.Quantum = 5
			case f.Classical >= 192:
				f.Quantum = 3
			case f.Classical >= 128:
				f.Quantum = 1
			}
		}
	case "HKDF":
		f.OID = map[string]string{"SHA-256": "1.2.840.113549.1.9.16.3.28", "SHA-384": "1.2.840.113549.1.9.16.3.29",
			"SHA-512": "1.2.840.113549.1.9.16.3.30"}[a.ParameterSet]
	case "ML-KEM":
		switch a.ParameterSet {
		case "512":
			f.OID, f.Classical, f.Quantum = "2.16.840.1.101.3.4.4.1", 128, 1
		case "768":
			f.OID, f.Classical, f.Quantum = "2.16.840.1.101.3.4.4.2", 192, 3
		case "1024":
			f.OID, f.Classical, f.Quantum = "2.16.840.1.101.3.4.4.3", 256, 5
		}
	case "ML-DSA":
		switch a.ParameterSet {
		case "44":
			f.OID, f.Classical, f.Quantum = "2.16.840.1.101.3.4.3.17", 128, 2
		case "65":
			f.OID, f.Classical, f.Quantum = "2.16.840.1.101.3.4.3.18", 192, 3
		case "87":
			f.OID, f.Classical, f.Quantum = "2.16.840.1.101.3.4.3.19", 256, 5
		}
	case "SLH-DSA":
		if i := slhIndex(a.ParameterSet); i >= 0 {
			f.OID = "2.16.840.1.101.3.4.3." + strconv.Itoa(20+i)
			f.Classical = []int{128, 192, 256}[i%6/2]
			f.Quantum = []int{1, 3, 5}[i%6/2]
		}
	}
	return f
}

// rsaSignatureOIDs are PKCS #1 v1.5 signatures by hash (RFC 8017 appendix C: sha1WithRSAEncryption …).
var rsaSignatureOIDs = map[string]string{"SHA-1": "1.2.840.113549.1.1.5", "SHA-256": "1.2.840.113549.1.1.11",
	"SHA-384": "1.2.840.113549.1.1.12", "SHA-512": "1.2.840.113549.1.1.13", "SHA-224": "1.2.840.113549.1.1.14"}

// ecdsaSignatureOIDs are ECDSA signatures by hash (RFC 3279 ecdsa-with-SHA1, RFC 5758 ecdsa-with-SHA2).
var ecdsaSignatureOIDs = map[string]string{"SHA-1": "1.2.840.10045.4.1", "SHA-224": "1.2.840.10045.4.3.1",
	"SHA-256": "1.2.840.10045.4.3.2", "SHA-384": "1.2.840.10045.4.3.3", "SHA-512": "1.2.840.10045.4.3.4"}

// slhSets are FIPS 205's parameter sets in the order of their OIDs (2.16.840.1.101.3.4.3.20 onwards).
var slhSets = []string{"SHA2-128s", "SHA2-128f", "SHA2-192s", "SHA2-192f", "SHA2-256s", "SHA2-256f",
	"SHAKE-128s", "SHAKE-128f", "SHAKE-192s", "SHAKE-192f", "SHAKE-256s", "SHAKE-256f"}

func slhIndex(set string) int {
	for i, s := range slhSets {
		if s == set {
			return i
		}
	}
	return -1
}

// aesOID is the NIST OID of AES at one key size in one mode (2.16.840.1.101.3.4.1.*), or "".
func aesOID(bits int, mode string) string {
	base := map[int]int{128: 0, 192: 20, 256: 40}
	off, ok := base[bits]
	if !ok {
		return ""
	}
	arc, ok := map[string]int{"ecb": 1, "cbc": 2, "ofb": 3, "cfb": 4, "wrap": 5, "gcm": 6, "ccm": 7}[mode]
	if !ok {
		return ""
	}
	return "2.16.840.1.101.3.4.1." + strconv.Itoa(off+arc)
}

// modulusLevel is the classical security of an RSA, DSA or DH modulus, per SP 800-57 Part 1 table 2; 0 when
// the size is unknown.
func modulusLevel(bits int) int {
	switch {
	case bits >= 15360:
		return 256
	case bits >= 7680:
		return 192
	case bits >= 3072:
		return 128
	case bits >= 2048:
		return 112
	case bits >= 1024:
		return 80
	}
	return 0
}

// namedCurveBits is the size of a named curve, or size when the curve is not named.
func namedCurveBits(curve string, size int) int {
	c := compact(curve)
	switch {
	case strings.Contains(c, "192"):
		return 192
	case strings.Contains(c, "224"):
		return 224
	case strings.Contains(c, "256"), c == "PRIME256V1":
		return 256
	case strings.Contains(c, "384"):
		return 384
	case strings.Contains(c, "521"):
		return 521
	case c == "X25519", c == "ED25519":
		return 256
	}
	return size
}

// inherentClass is the class of an asset no rule flagged: a broken algorithm or a classical public-key one
// keeps its class wherever it is used; anything else is safe.
func inherentClass(a finding.CryptoAsset) string {
	switch a.Algorithm {
	case "RSA", "DSA", "DH":
		if a.KeySize > 0 && a.KeySize < minRSABits {
			return ClassShortKey
		}
	}
	if info, ok := catalog[a.Algorithm]; ok && info.class != "" {
		return info.class
	}
	switch {
	case a.Algorithm == "AES" && a.Mode == "ecb":
		return ClassECBMode
	case a.Kind == finding.AssetProtocol && a.Algorithm == "TLS" && (a.Version == "1.0" || a.Version == "1.1"):
		return ClassWeakTLS
	}
	return finding.ClassSafe
}
