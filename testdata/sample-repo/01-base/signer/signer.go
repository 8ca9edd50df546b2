// Package signer signs order receipts.
package signer

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
)

// NewKey returns a receipt-signing key.
func NewKey() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, 3072)
}

// Digest hashes a receipt before signing.
func Digest(receipt []byte) [32]byte {
	return sha256.Sum256(receipt)
}
