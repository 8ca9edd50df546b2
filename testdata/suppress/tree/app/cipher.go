package app

import (
	"crypto/des"
	"crypto/md5"
)

// NewLegacy opens the mainframe channel, which speaks only DES.
func NewLegacy(key []byte) error {
	_, err := des.NewCipher(key) /* attest:ignore ATT-CRYPTO-WEAK-CIPHER mainframe link, replaced in Q3 (TICKET-412) */
	return err
}

// Sum is used for HMAC-less integrity of passwords, which nothing excuses.
func Sum(b []byte) [16]byte {
	// attest:ignore ATT-NOT-A-RULE because
	return md5.Sum(b)
}
