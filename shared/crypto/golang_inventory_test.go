package crypto

import "testing"

func TestGoInventory(t *testing.T) {
	runAssetCases(t, GoAnalyzer{}, "pkg/x.go", []assetCase{
		{name: "AES-GCM from aes.NewCipher with a 32-byte key", src: `package x

import (
	"crypto/aes"
	"crypto/cipher"
)

func seal(msg []byte) []byte {
	key := make([]byte, 32)
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil
	}
	gcm, _ := cipher.NewGCM(block)
	return gcm.Seal(nil, make([]byte, 12), msg, nil)
}
`, want: []string{"L10 AES-256/gcm ae safe"}},
		{name: "AES-CBC and CTR with unknown key size", src: `package x

import (
	"crypto/aes"
	"crypto/cipher"
)

func enc(key, iv []byte) {
	b, _ := aes.NewCipher(key)
	_ = cipher.NewCBCEncrypter(b, iv)
	c, _ := aes.NewCipher(key)
	_ = cipher.NewCTR(c, iv)
}
`, want: []string{"L9 AES/cbc block-cipher safe", "L11 AES/ctr block-cipher safe"}},
		{name: "GCM over a block from elsewhere is AES", src: `package x

import "crypto/cipher"

func aead(b cipher.Block) { _, _ = cipher.NewGCM(b) }
`, want: []string{"L5 AES/gcm ae safe"}},
		{name: "hashes", src: `package x

import (
	"crypto/sha256"
	"crypto/sha512"
	"crypto/sha3"
	"golang.org/x/crypto/blake2b"
)

func h(b []byte) {
	_ = sha256.Sum256(b)
	_ = sha512.New384()
	_ = sha3.Sum256(b)
	_ = blake2b.Sum512(b)
}
`, want: []string{"L11 SHA-256 hash safe", "L12 SHA-384 hash safe", "L13 SHA3-256 hash safe", "L14 BLAKE2b-512 hash safe"}},
		{name: "HMAC, HKDF, PBKDF2, scrypt, Argon2", src: `package x

import (
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"golang.org/x/crypto/argon2"
	"golang.org/x/crypto/pbkdf2"
	"golang.org/x/crypto/scrypt"
)

func k(pw, salt []byte) {
	_ = hmac.New(sha256.New, pw)
	_, _ = hkdf.Key(sha512.New384, pw, salt, "info", 32)
	_ = pbkdf2.Key(pw, salt, 600000, 32, sha256.New)
	_, _ = scrypt.Key(pw, salt, 32768, 8, 1, 32)
	_ = argon2.IDKey(pw, salt, 1, 64*1024, 4, 32)
}
`, want: []string{"L14 HMAC-SHA-256 mac safe", "L15 HKDF-SHA-384 kdf safe", "L16 PBKDF2-SHA-256 kdf safe",
			"L17 scrypt kdf safe", "L18 Argon2-Argon2id kdf safe"}},
		{name: "ChaCha20-Poly1305", src: `package x

import "golang.org/x/crypto/chacha20poly1305"

func a(k []byte) { _, _ = chacha20poly1305.NewX(k); _, _ = chacha20poly1305.New(k) }
`, want: []string{"L5 ChaCha20-Poly1305 ae safe", "L5 XChaCha20-Poly1305 ae safe"}},
		{name: "ML-KEM and the hybrid TLS group", src: `package x

import (
	"crypto/mlkem"
	"crypto/tls"
)

func a() {
	dk, _ := mlkem.GenerateKey768()
	_ = dk
	_ = &tls.Config{MinVersion: tls.VersionTLS13, CurvePreferences: []tls.CurveID{tls.X25519MLKEM768, tls.X25519}}
}
`, want: []string{"L9 ML-KEM-768 kem safe", "L11 TLS 1.3 protocol safe", "L11 X25519MLKEM768 kem safe"}},
		{name: "CIRCL's ML-KEM and ML-DSA, x/crypto's X25519", src: `package x

import (
	"crypto/rand"

	"github.com/cloudflare/circl/kem/mlkem/mlkem1024"
	"github.com/cloudflare/circl/sign/mldsa/mldsa65"
	"golang.org/x/crypto/curve25519"
)

func a(priv, pub []byte) {
	pk, sk, _ := mlkem1024.GenerateKeyPair(rand.Reader)
	_, _ = pk, sk
	vk, _, _ := mldsa65.GenerateKey(rand.Reader)
	_ = mldsa65.Verify(vk, nil, nil, nil)
	_, _ = curve25519.X25519(priv, pub)
}
`, want: []string{"L12 ML-KEM-1024 kem safe", "L14 ML-DSA-65 signature safe", "L15 ML-DSA-65 signature safe",
			"L16 X25519 key-agree quantum-vulnerable"}},
		{name: "flagged uses are assets once, with their class", src: `package x

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/tls"
)

func a() {
	_, _ = rsa.GenerateKey(rand.Reader, 2048)
	_, _ = rsa.GenerateKey(rand.Reader, 1024)
	_, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	_ = md5.Sum(nil)
	_ = &tls.Config{MinVersion: tls.VersionTLS10}
}
`, want: []string{"L13 RSA-2048 pke quantum-vulnerable", "L14 RSA-1024 pke short-key", "L15 ECDSA P-256 signature quantum-vulnerable",
			"L16 MD5 hash weak-hash", "L17 TLS 1.0 protocol weak-tls"}},
		{name: "look-alikes, comments and strings are not assets", src: `package x

import "crypto/sha256"

// sha256.Sum256 in a comment, aes.NewCipher too
type sha struct{}

func (sha) Sum256(b []byte) int { return 0 }

func a() {
	sha256 := sha{}
	_ = sha256.Sum256(nil)
	_ = "aes.NewCipher(key) mlkem.GenerateKey768()"
}
`, want: nil},
	})
}
