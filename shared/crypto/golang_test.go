package crypto

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestGoAnalyzer(t *testing.T) {
	runCases(t, GoAnalyzer{}, "pkg/x.go", goCases)
}

// goCases are the table of analyzer cases, also the fuzz corpus seeds.
var goCases = []analyzerCase{
	{name: "md5 Sum and New", src: `package x

import "crypto/md5"

func a(b []byte) [16]byte { return md5.Sum(b) }
func c() { _ = md5.New() }
`, want: []string{"L5 weak-hash error MD5", "L6 weak-hash error MD5"}},
	{name: "sha1 Sum and New", src: `package x

import "crypto/sha1"

func a(b []byte) [20]byte { return sha1.Sum(b) }
func c() { h := sha1.New(); h.Write(nil) }
`, want: []string{"L5 weak-hash error SHA-1", "L6 weak-hash error SHA-1"}},
	{name: "renamed import", src: `package x

import m "crypto/md5"

var sum = m.Sum([]byte("x"))
`, want: []string{"L5 weak-hash error MD5"}},
	{name: "dot import", src: `package x

import . "crypto/sha1"

func a(b []byte) [20]byte {
return Sum(b)
}
`, want: []string{"L6 weak-hash error SHA-1"}},
	{name: "crypto.Hash constants", src: `package x

import (
"crypto"
"crypto/rsa"
)

func a(k *rsa.PrivateKey, d []byte) { _ = crypto.MD5.New() }
func b(k *rsa.PrivateKey, d []byte) { rsa.SignPKCS1v15(nil, k, crypto.SHA1, d) }
func c() { _ = crypto.SHA256.New() }
`, want: []string{"L8 weak-hash error MD5", "L9 weak-hash error SHA-1", "L9 quantum warning RSA"}},
	{name: "hash function passed as a value", src: `package x

import (
"crypto/hmac"
"crypto/sha1"
)

func mac(k []byte) { _ = hmac.New(sha1.New, k) }
`, want: []string{"L8 weak-hash error SHA-1"}},
	{name: "md4", src: `package x

import "golang.org/x/crypto/md4"

var h = md4.New()
`, want: []string{"L5 weak-hash error MD4"}},
	{name: "one finding per line and algorithm", src: `package x

import "crypto/md5"

func a(x, y []byte) { _, _ = md5.Sum(x), md5.Sum(y) }
`, want: []string{"L5 weak-hash error MD5"}},
	{name: "rsa literal sizes", src: `package x

import (
"crypto/rand"
"crypto/rsa"
)

func a() { rsa.GenerateKey(rand.Reader, 1024) }
func b() { rsa.GenerateKey(rand.Reader, 2048) }
func c() { rsa.GenerateKey(rand.Reader, 4096) }
func d() { rsa.GenerateMultiPrimeKey(rand.Reader, 3, 1536) }
`, want: []string{"L8 short-key error RSA-1024", "L9 quantum warning RSA-2048", "L10 quantum warning RSA-4096", "L11 short-key error RSA-1536"}},
	{name: "rsa size from constants", src: `package x

import (
"crypto/rand"
"crypto/rsa"
)

const keyBits = 1024

type bits int

const typed bits = 768
const big = 512 * 4

func a() { rsa.GenerateKey(rand.Reader, keyBits) }
func b() { rsa.GenerateKey(rand.Reader, int(typed)) }
func c() { rsa.GenerateKey(rand.Reader, 512*2) }
func d() { rsa.GenerateKey(rand.Reader, big) }
func e() { rsa.GenerateKey(rand.Reader, (keyBits << 1)) }
`, want: []string{"L15 short-key error RSA-1024", "L16 short-key error RSA-768", "L17 short-key error RSA-1024",
		"L18 quantum warning RSA-2048", "L19 quantum warning RSA-2048"}},
	{name: "rsa size from a local variable assigned once", src: `package x

import (
"crypto/rand"
"crypto/rsa"
)

const keyBits = 1024

func a() {
bits := 1024
rsa.GenerateKey(rand.Reader, bits)
}

func b() {
var n = keyBits
m := n
go func() { rsa.GenerateKey(rand.Reader, m) }()
}
`, want: []string{"L12 short-key error RSA-1024", "L18 short-key error RSA-1024"}},
	{name: "rsa size not known", src: `package x

import (
"crypto/rand"
"crypto/rsa"
)

var pkgBits = 1024

func a(bits int) { rsa.GenerateKey(rand.Reader, bits) }
func b() { rsa.GenerateKey(rand.Reader, pkgBits) }
func c(fips bool) {
bits := 1024
if fips {
	bits = 3072
}
rsa.GenerateKey(rand.Reader, bits)
}
func d() {
bits := 1024
set(&bits)
rsa.GenerateKey(rand.Reader, bits)
}
func e(cfg struct{ Bits int }) { rsa.GenerateKey(rand.Reader, cfg.Bits) }
func f() { gen := rsa.GenerateKey; gen(rand.Reader, 512) }
func set(p *int) {}
`, want: []string{"L10 quantum warning RSA-unknown", "L11 quantum warning RSA-unknown", "L17 quantum warning RSA-unknown",
		"L22 quantum warning RSA-unknown", "L24 quantum warning RSA-unknown", "L25 quantum warning RSA-unknown"}},
	{name: "short and quantum on one line is one short-key finding", src: `package x

import (
"crypto/rand"
"crypto/rsa"
)

func a() { rsa.GenerateKey(rand.Reader, 4096); rsa.GenerateKey(rand.Reader, 1024) }
`, want: []string{"L8 short-key error RSA-1024"}},
	{name: "comments and strings", src: `package x

import "crypto/sha256"

// md5.Sum(data) was used here before; rsa.GenerateKey(rand.Reader, 1024) too.
var doc = "md5.Sum(data) and sha1.New()"

func a(b []byte) [32]byte { return sha256.Sum256(b) }
`},
	{name: "look-alikes", src: `package x

import (
"crypto/sha256"
"hash"
)

type hasher struct{}

func (hasher) Sum(b []byte) []byte { return b }
func (hasher) New() hash.Hash       { return sha256.New() }

func a(b []byte) {
md5 := hasher{}
md5.Sum(b)
sha1 := hasher{}
_ = sha1.New()
}

func Sum(b []byte) []byte { return b }
func GenerateKey(_ any, bits int) {}
func c() { Sum(nil); GenerateKey(nil, 512) }
`},
	{name: "other packages named md5 and rsa", src: `package x

import (
"crypto/sha256"
md5 "github.com/example/md5"
"github.com/example/rsa"
)

var s = md5.Sum(nil)
var k, _ = rsa.GenerateKey(nil, 512)
var t = sha256.Sum256(nil)
`},
	{name: "file that declares its own crypto package", src: `package crypto

const MD5 = 2

func Sum(b []byte) []byte { return b }

var x = MD5
`},
	{name: "local shadowing a dot import", src: `package x

import . "crypto/md5"

func a(b []byte) {
Sum := func(b []byte) []byte { return b }
Sum(b)
}
`},
	{name: "weak ciphers", src: `package x

import (
"crypto/des"
"crypto/rc4"
"golang.org/x/crypto/blowfish"
"golang.org/x/crypto/cast5"
"golang.org/x/crypto/xtea"
"golang.org/x/crypto/twofish"
"crypto/aes"
)

func a(k []byte) {
_, _ = des.NewCipher(k)
_, _ = des.NewTripleDESCipher(k)
_, _ = rc4.NewCipher(k)
_, _ = blowfish.NewCipher(k)
_, _ = cast5.NewCipher(k)
_, _ = xtea.NewCipher(k)
_, _ = twofish.NewCipher(k)
_, _ = aes.NewCipher(k)
}
`, want: []string{"L14 ATT-CRYPTO-WEAK-CIPHER error DES", "L15 ATT-CRYPTO-WEAK-CIPHER error 3DES",
		"L16 ATT-CRYPTO-WEAK-CIPHER error RC4", "L17 ATT-CRYPTO-WEAK-CIPHER error Blowfish",
		"L18 ATT-CRYPTO-WEAK-CIPHER error CAST5", "L19 ATT-CRYPTO-WEAK-CIPHER error XTEA"}},
	{name: "quantum-vulnerable uses", src: `package x

import (
"crypto/ecdh"
"crypto/ecdsa"
"crypto/ed25519"
"crypto/elliptic"
"crypto/mlkem"
"crypto/rand"
"crypto/rsa"
"crypto/sha256"
)

func a(pub *rsa.PublicKey, priv *ecdsa.PrivateKey, d []byte) {
k, _ := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
_, _ = ecdsa.SignASN1(rand.Reader, priv, d)
_, _, _ = ed25519.GenerateKey(rand.Reader)
x, _ := ecdh.X25519().GenerateKey(rand.Reader)
_, _ = rsa.EncryptOAEP(sha256.New(), rand.Reader, pub, d, nil)
dk, _ := mlkem.GenerateKey768()
_, _, _ = k, x, dk
}
`, want: []string{"L15 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDSA warning ECDSA", "L16 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDSA warning ECDSA",
		"L17 ATT-CRYPTO-QUANTUM-VULNERABLE-EDDSA warning Ed25519", "L18 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDH warning X25519",
		"L19 quantum warning RSA"}},
	{name: "dsa parameter sizes", src: `package x

import "crypto/dsa"

const weak = dsa.L1024N160

func a(p *dsa.Parameters) {
_ = dsa.GenerateParameters(p, nil, weak)
_ = dsa.GenerateParameters(p, nil, dsa.L3072N256)
}
`, want: []string{"L8 ATT-CRYPTO-SHORT-KEY-DSA error DSA-1024", "L9 ATT-CRYPTO-QUANTUM-VULNERABLE-DSA warning DSA-3072"}},
	{name: "tls config literal", src: `package x

import "crypto/tls"

const floor = tls.VersionTLS10

var c = &tls.Config{
MinVersion:         floor,
InsecureSkipVerify: true,
CipherSuites: []uint16{
tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
tls.TLS_RSA_WITH_RC4_128_SHA,
},
CurvePreferences: []tls.CurveID{tls.X25519, tls.CurveP256},
}
`, want: []string{"L8 ATT-CRYPTO-WEAK-TLS-VERSION error TLS 1.0", "L9 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS certificate verification",
		"L12 ATT-CRYPTO-WEAK-TLS-CIPHER error TLS_RSA_WITH_RC4_128_SHA", "L14 ATT-CRYPTO-QUANTUM-VULNERABLE-TLS warning ECDHE"}},
	{name: "tls config assignments and safe settings", src: `package x

import "crypto/tls"

func a(insecure bool) *tls.Config {
c := &tls.Config{MinVersion: tls.VersionTLS12, CurvePreferences: []tls.CurveID{tls.X25519MLKEM768, tls.X25519}}
c.MaxVersion = tls.VersionTLS11
c.InsecureSkipVerify = insecure
c.InsecureSkipVerify = false
if c.MinVersion == tls.VersionTLS10 {
return nil
}
return c
}
`, want: []string{"L7 ATT-CRYPTO-WEAK-TLS-VERSION error TLS 1.1"}},
	{name: "godebug", src: `//go:debug tlsmlkem=0
package main

import "os"

func main() {
os.Setenv("GODEBUG", "http2client=0,tlsmlkem=0")
os.Setenv("GODEBUG", "tlsmlkem=1")
os.Setenv("TLSMLKEM", "tlsmlkem=0")
}
`, want: []string{"L1 ATT-CRYPTO-QUANTUM-VULNERABLE-TLS warning X25519MLKEM768",
		"L7 ATT-CRYPTO-QUANTUM-VULNERABLE-TLS warning X25519MLKEM768"}},
	{name: "non-security names lower a weak hash to a note", src: `package x

import (
"crypto/md5"
"crypto/sha1"
)

type obj struct{ ETag [16]byte }

func fileChecksum(b []byte) [20]byte { return sha1.Sum(b) }

func a(b []byte) {
etag := md5.Sum(b)
cacheKey := md5.Sum(b)
targetAge := md5.Sum(b)
o := obj{ETag: md5.Sum(b)}
_, _, _, _ = etag, cacheKey, targetAge, o
}
`, want: []string{"L10 weak-hash note SHA-1", "L13 weak-hash note MD5", "L14 weak-hash note MD5",
		"L15 weak-hash error MD5", "L16 weak-hash note MD5"}},
	{name: "look-alikes and comments", src: `package x

import (
"crypto/tls"
"fmt"
)

// des.NewCipher(key) is what we used to do; rc4.NewCipher too.
type des struct{}

func (des) NewCipher(k []byte) {}

func a(k []byte) {
var d des
d.NewCipher(k)
fmt.Println("ecdsa.GenerateKey(elliptic.P256(), rand.Reader)")
_ = tls.VersionTLS10
}
`},
}

func TestGoAnalyzerMessages(t *testing.T) {
	src := `package signer

import (
	"crypto/md5"
	"crypto/rand"
	"crypto/rsa"
)

const keyBits = 1024

func NewKey() (*rsa.PrivateKey, error) {
	return rsa.GenerateKey(rand.Reader, keyBits)
}

func Digest(receipt []byte) [16]byte {
	return md5.Sum(receipt)
}

func Partner(bits int) { rsa.GenerateKey(rand.Reader, bits) }

func Long() { rsa.GenerateKey(rand.Reader, 2048) }
`
	fs, err := findingsOf(GoAnalyzer{}.Analyze(context.Background(), "signer/signer.go", []byte(src)))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 4 {
		t.Fatalf("got %d findings; want 4", len(fs))
	}
	tests := []struct {
		name             string
		line, col        int
		snippet          string
		contains         []string
		props            map[string]string
		wantRule, wantAt string
	}{
		{name: "short key from a named constant", line: 12, col: 9, snippet: "return rsa.GenerateKey(rand.Reader, keyBits)",
			contains: []string{"RSA key of 1024 bits", "rsa.GenerateKey", "SP 800-131A", "raise the constant keyBits to 3072", "ML-DSA-65", "ML-KEM-768", "2035"},
			props:    map[string]string{"algorithm": "RSA", "keySize": "1024"}},
		{name: "weak hash with the mechanical fix", line: 16, col: 9, snippet: "return md5.Sum(receipt)",
			contains: []string{"MD5 via md5.Sum", "SP 800-131A", "sha256.Sum256(receipt)"},
			props:    map[string]string{"algorithm": "MD5"}},
		{name: "unknown size says why", line: 19, col: 26, snippet: "func Partner(bits int) { rsa.GenerateKey(rand.Reader, bits) }",
			contains: []string{"unknown size", "parameter bits", "2030", "2035", "NIST IR 8547", "3072"},
			props:    map[string]string{"algorithm": "RSA", "keySize": "unknown"}},
		{name: "2048 carries both NIST IR 8547 dates", line: 21, col: 15, snippet: "func Long() { rsa.GenerateKey(rand.Reader, 2048) }",
			contains: []string{"RSA-2048", "deprecates", "after 2030", "after 2035", "ML-DSA-65", "rsa.GenerateKey(rand.Reader, 3072)"},
			props:    map[string]string{"keySize": "2048", "deprecatedAfter": "2030", "disallowedAfter": "2035"}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := fs[i]
			if f.Line != tc.line || f.Column != tc.col || f.Snippet != tc.snippet {
				t.Errorf("got %d:%d %q; want %d:%d %q", f.Line, f.Column, f.Snippet, tc.line, tc.col, tc.snippet)
			}
			for _, s := range tc.contains {
				if !strings.Contains(f.Message, s) {
					t.Errorf("message %q; want it to contain %q", f.Message, s)
				}
			}
			for k, v := range tc.props {
				if f.Props[k] != v {
					t.Errorf("property %s = %q; want %q", k, f.Props[k], v)
				}
			}
		})
	}
}

func TestGoAnalyzerParseError(t *testing.T) {
	_, err := GoAnalyzer{}.Analyze(context.Background(), "bad.go", []byte("package x\n\nfunc (\n"))
	var pe *ParseError
	if !errors.As(err, &pe) {
		t.Fatalf("got error %v; want a *ParseError", err)
	}
	if pe.Path != "bad.go" || pe.Line != 3 || pe.Msg == "" {
		t.Errorf("got %+v; want bad.go at line 3 with a message", pe)
	}
}

func TestGoAnalyzerCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (GoAnalyzer{}).Analyze(ctx, "x.go", []byte("package x")); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v; want context.Canceled", err)
	}
}
