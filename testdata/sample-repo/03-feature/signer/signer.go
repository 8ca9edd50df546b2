// Package signer signs order receipts.
package signer

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
)

// keyBits is the receipt-signing key size.
const keyBits = 1024

// NewKey returns a receipt-signing key.
func NewKey() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, keyBits)
}

// Digest hashes a receipt before signing.
func Digest(receipt []byte) [16]byte {
	return md5.Sum(receipt)
}
