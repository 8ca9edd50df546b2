// Package signer signs order receipts.
package signer

import (
	"crypto"
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
)

// keyBits is the receipt-signing key size.
const keyBits = 1024

// NewKey returns a receipt-signing key.
func NewKey() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, keyBits)
}

// NewPartnerKey returns a key for the partner channel.
func NewPartnerKey() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, 2048)
}

// NewArchiveKey returns a long-lived archive key.
func NewArchiveKey() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, 4096)
}

// NewKeyOfSize leaves the size to the caller.
func NewKeyOfSize(bits int) (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, bits)
}

// Digest hashes a receipt before signing.
func Digest(receipt []byte) [16]byte {
	return md5.Sum(receipt)
}

// Sign signs a receipt digest with SHA-1, as an old partner requires.
func Sign(k *rsa.PrivateKey, digest []byte) ([]byte, error) {
	return rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA1, digest)
}

// Fingerprint is fine: SHA-256.
func Fingerprint(b []byte) [32]byte {
	return sha256.Sum256(b)
}
