// Package lookalikes has names that look like crypto APIs and are not.
package lookalikes

import (
	"crypto/sha256"
	"hash"
	"strings"
)

// md5 is a local type that shares a package's name. attest-expect: none
type md5 struct{ parts []string }

// Sum joins the parts; it is no hash.
func (m md5) Sum(sep string) string { return strings.Join(m.parts, sep) } // attest-expect: none

type des struct{}

func (des) NewCipher(key []byte) []byte { return key } // attest-expect: none

type rsaLike struct{}

func (rsaLike) GenerateKey(_ any, bits int) int { return bits } // attest-expect: none

// Use calls the look-alikes.
func Use() (string, []byte, int, hash.Hash) {
	m := md5{parts: []string{"a", "b"}}
	var d des
	var rsa rsaLike
	s := m.Sum(",")                            // attest-expect: none
	k := d.NewCipher([]byte("key"))            // attest-expect: none
	n := rsa.GenerateKey(nil, 512)             // attest-expect: none
	h := sha256.New()                          // attest-expect: none
	_ = "tls.Config{InsecureSkipVerify: true}" // attest-expect: none
	return s, k, n, h
}
