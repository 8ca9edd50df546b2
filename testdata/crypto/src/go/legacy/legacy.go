// Package legacy keeps compatibility helpers. md5.Sum and sha1.New appear in this comment only.
package legacy

import (
	"crypto/hmac"
	. "crypto/md5"
	h1 "crypto/sha1"
	"hash"
)

// checksum is a local type whose methods share the hash packages' names.
type checksum struct{}

func (checksum) Sum(b []byte) []byte { return b }

// MAC authenticates a message with HMAC-SHA-1.
func MAC(key []byte) hash.Hash {
	return hmac.New(h1.New, key)
}

// ETag uses the dot-imported MD5.
func ETag(b []byte) [16]byte {
	return Sum(b)
}

// Local never matches: md5 here is a variable.
func Local(b []byte) []byte {
	md5 := checksum{}
	return md5.Sum(b)
}

// Describe mentions the algorithms in strings only.
func Describe() string {
	return "md5.Sum and rsa.GenerateKey(rand.Reader, 1024)"
}
