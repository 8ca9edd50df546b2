// Package legacy holds the cryptography of an old payments integration, kept while partners migrate.
package legacy

import (
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/des"
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/md5"
	"crypto/mlkem"
	"crypto/rand"
	"crypto/rc4"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"errors"
	"fmt"

	"golang.org/x/crypto/blowfish"
	"golang.org/x/crypto/chacha20poly1305"
	"golang.org/x/crypto/md4"
)

// legacyKeyBits is what the partner's HSM still issues.
const legacyKeyBits = 1024

// modernKeyBits is the interim RSA size.
const modernKeyBits = 3072

// des.NewCipher is what the partner spec requires; see desBlock. attest-expect: none
func desBlock(key []byte) (cipher.Block, error) {
	return des.NewCipher(key) // attest-expect: crypto/weak-cipher
}

func tripleDES(key []byte) (cipher.Block, error) {
	b, err := des.NewTripleDESCipher(key) // attest-expect: crypto/weak-cipher
	if err != nil {
		return nil, fmt.Errorf("3des: %w", err)
	}
	return b, nil
}

func streamRC4(key []byte) (*rc4.Cipher, error) {
	return rc4.NewCipher(key) // attest-expect: crypto/weak-cipher
}

func blowfishBlock(key []byte) (*blowfish.Cipher, error) {
	return blowfish.NewCipher(key) // attest-expect: crypto/weak-cipher
}

func modernAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key) // attest-expect: none
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block) // attest-expect: none
}

func xAEAD(key []byte) (cipher.AEAD, error) {
	return chacha20poly1305.NewX(key) // attest-expect: none
}

func legacyKey() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, legacyKeyBits) // attest-expect: crypto/short-key
}

func interimKey() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, modernKeyBits) // attest-expect: crypto/quantum-vulnerable
}

func signLegacy(k *rsa.PrivateKey, msg []byte) ([]byte, error) {
	sum := sha1.Sum(msg)                                         // attest-expect: crypto/weak-hash
	return rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA1, sum[:]) // attest-expect: crypto/weak-hash,crypto/quantum-vulnerable
}

func signModern(k *rsa.PrivateKey, msg []byte) ([]byte, error) {
	sum := sha256.Sum256(msg)                                      // attest-expect: none
	return rsa.SignPSS(rand.Reader, k, crypto.SHA256, sum[:], nil) // attest-expect: crypto/quantum-vulnerable
}

func encryptForPartner(pub *rsa.PublicKey, msg []byte) ([]byte, error) {
	return rsa.EncryptOAEP(sha256.New(), rand.Reader, pub, msg, nil) // attest-expect: crypto/quantum-vulnerable
}

func ecKey() (*ecdsa.PrivateKey, error) {
	return ecdsa.GenerateKey(elliptic.P256(), rand.Reader) // attest-expect: crypto/quantum-vulnerable
}

func ecSign(k *ecdsa.PrivateKey, digest []byte) ([]byte, error) {
	return ecdsa.SignASN1(rand.Reader, k, digest) // attest-expect: crypto/quantum-vulnerable
}

func ecVerify(pub *ecdsa.PublicKey, digest, sig []byte) bool {
	return ecdsa.VerifyASN1(pub, digest, sig) // attest-expect: crypto/quantum-vulnerable
}

func edSign(k ed25519.PrivateKey, msg []byte) []byte {
	return ed25519.Sign(k, msg) // attest-expect: crypto/quantum-vulnerable
}

func agree() (*ecdh.PrivateKey, error) {
	return ecdh.X25519().GenerateKey(rand.Reader) // attest-expect: crypto/quantum-vulnerable
}

func pqAgree() (*mlkem.DecapsulationKey768, error) {
	return mlkem.GenerateKey768() // attest-expect: none
}

func macLegacy(key, msg []byte) []byte {
	m := hmac.New(md5.New, key) // attest-expect: crypto/weak-hash
	m.Write(msg)
	return m.Sum(nil) // attest-expect: none
}

func macModern(key, msg []byte) []byte {
	m := hmac.New(sha256.New, key) // attest-expect: none
	m.Write(msg)
	return m.Sum(nil)
}

func md4Digest(msg []byte) []byte {
	h := md4.New() // attest-expect: crypto/weak-hash
	h.Write(msg)
	return h.Sum(nil)
}

// objectETag is the S3-compatible ETag of a single-part upload, which is defined as MD5.
func objectETag(body []byte) string {
	return fmt.Sprintf("%x", md5.Sum(body)) // attest-expect: crypto/weak-hash
}

func describe(alg string) error {
	if alg == "md5.Sum" || alg == "rsa.GenerateKey" { // attest-expect: none
		return errors.New("rc4.NewCipher and des.NewCipher are not allowed") // attest-expect: none
	}
	return nil
}
