//go:build cgo

package crypto

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/finding"
)

// jsSummary renders findings as "L3 ATT-CRYPTO-WEAK-HASH error MD5" for table comparisons.
func jsSummary(fs []finding.Finding) []string {
	out := []string{}
	for _, f := range fs {
		what := f.Props["algorithm"]
		if ks, ok := f.Props["keySize"]; ok {
			what += "-" + ks
		}
		out = append(out, fmt.Sprintf("L%d %s %s %s", f.Line, f.RuleID, f.Level, what))
	}
	slices.Sort(out)
	return out
}

type jsCase struct {
	name string
	file string // file name; .js when empty
	src  string
	want []string
}

var jsCases = []jsCase{
	// weak hashes
	{name: "require md5", src: "const crypto = require('crypto');\ncrypto.createHash('md5').update(x);\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-HASH error MD5"}},
	{name: "node: specifier and alias", src: "const c = require(\"node:crypto\");\nconst h = c.createHash('SHA1');\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-HASH error SHA-1"}},
	{name: "destructured with rename", src: "const { createHash: mk } = require('crypto');\nmk('md4');\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-HASH error MD4"}},
	{name: "named import", src: "import { createHash } from 'node:crypto';\nexport const d = createHash('md5');\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-HASH error MD5"}},
	{name: "namespace import and constant", src: "import * as nc from 'crypto';\nconst ALG = 'sha' + '1';\nnc.createHash(ALG);\n",
		want: []string{"L3 ATT-CRYPTO-WEAK-HASH error SHA-1"}},
	{name: "default import ts", file: "a.ts", src: "import crypto from 'crypto';\nconst h = (crypto as any).createHash('md5' as string)!;\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-HASH error MD5"}},
	{name: "import require ts", file: "a.cts", src: "import crypto = require('crypto');\ncrypto.createHash('md5');\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-HASH error MD5"}},
	{name: "transpiled call", src: "const crypto_1 = require(\"crypto\");\n(0, crypto_1.createHash)(\"md5\");\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-HASH error MD5"}},
	{name: "etag is a note", src: "const crypto = require('crypto');\nconst etag = crypto.createHash('md5').update(b).digest('hex');\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-HASH note MD5"}},
	{name: "checksum function is a note", src: "import { createHash } from 'crypto';\nfunction fileChecksum(b) {\n  return createHash('md5').update(b).digest('hex');\n}\n",
		want: []string{"L3 ATT-CRYPTO-WEAK-HASH note MD5"}},
	{name: "hmac sha1 is a note", src: "const crypto = require('crypto');\ncrypto.createHmac('sha1', key);\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-HASH note SHA-1"}},
	{name: "sign with sha1", src: "const crypto = require('crypto');\ncrypto.createSign('RSA-SHA1');\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-HASH error SHA-1"}},
	{name: "webcrypto digest", src: "await crypto.subtle.digest('SHA-1', data);\n",
		want: []string{"L1 ATT-CRYPTO-WEAK-HASH error SHA-1"}},
	{name: "cryptojs md5", src: "import CryptoJS from 'crypto-js';\nCryptoJS.MD5(msg).toString();\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-HASH error MD5"}},
	// ciphers and modes
	{name: "des ede3", src: "const crypto = require('crypto');\ncrypto.createCipheriv('des-ede3-cbc', k, iv);\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-CIPHER error 3DES-168"}},
	{name: "rc4 decipher", src: "const { createDecipheriv } = require('crypto');\ncreateDecipheriv('rc4', k, null);\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-CIPHER error RC4"}},
	{name: "blowfish", src: "const crypto = require('crypto');\ncrypto.createCipheriv('bf-cbc', k, iv);\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-CIPHER error Blowfish"}},
	{name: "aes ecb", src: "const crypto = require('crypto');\nconst MODE = 'aes-256-ecb';\ncrypto.createCipheriv(MODE, k, null);\n",
		want: []string{"L3 ATT-CRYPTO-ECB-MODE error AES-256"}},
	{name: "des ecb is weak cipher", src: "const crypto = require('crypto');\ncrypto.createCipheriv('des-ecb', k, null);\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-CIPHER error DES-56"}},
	{name: "cryptojs ecb", src: "import CryptoJS from 'crypto-js';\nCryptoJS.AES.encrypt(m, k, {\n  mode: CryptoJS.mode.ECB,\n});\n",
		want: []string{"L3 ATT-CRYPTO-ECB-MODE error AES"}},
	// keys
	{name: "rsa 1024 multi-line", src: "const crypto = require('crypto');\ncrypto.generateKeyPairSync('rsa', {\n  modulusLength: 1024,\n});\n",
		want: []string{"L3 ATT-CRYPTO-SHORT-KEY-RSA error RSA-1024"}},
	{name: "rsa 2048 quantum", src: "const crypto = require('crypto');\ncrypto.generateKeyPair('rsa', { modulusLength: 2048 }, cb);\n",
		want: []string{"L2 ATT-CRYPTO-QUANTUM-VULNERABLE-RSA warning RSA-2048"}},
	{name: "rsa size in const object", src: "const crypto = require('crypto');\nconst OPTS = { modulusLength: 512, publicExponent: 3 };\ncrypto.generateKeyPairSync('rsa', OPTS);\n",
		want: []string{"L2 ATT-CRYPTO-SHORT-KEY-RSA error RSA-512"}},
	{name: "rsa size unknown", src: "const crypto = require('crypto');\nfunction gen(bits) { return crypto.generateKeyPairSync('rsa', { modulusLength: bits }); }\n",
		want: []string{"L2 ATT-CRYPTO-QUANTUM-VULNERABLE-RSA warning RSA-unknown"}},
	{name: "rsa without options throws", src: "const crypto = require('crypto');\ncrypto.generateKeyPairSync('rsa', {});\n"},
	{name: "ec small curve", src: "const crypto = require('crypto');\ncrypto.generateKeyPairSync('ec', { namedCurve: 'prime192v1' });\n",
		want: []string{"L2 ATT-CRYPTO-SHORT-KEY-EC error ECDSA-192"}},
	{name: "ec p256", src: "const crypto = require('crypto');\ncrypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });\n",
		want: []string{"L2 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDSA warning ECDSA"}},
	{name: "ed25519 and x25519", src: "const crypto = require('crypto');\ncrypto.generateKeyPairSync('ed25519');\ncrypto.generateKeyPairSync('x25519');\n",
		want: []string{"L2 ATT-CRYPTO-QUANTUM-VULNERABLE-EDDSA warning Ed25519", "L3 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDH warning X25519"}},
	{name: "dsa 1024", src: "const crypto = require('crypto');\ncrypto.generateKeyPairSync('dsa', { modulusLength: 1024 });\n",
		want: []string{"L2 ATT-CRYPTO-SHORT-KEY-DSA error DSA-1024"}},
	{name: "dh bits", src: "const crypto = require('crypto');\ncrypto.createDiffieHellman(1024);\ncrypto.createDiffieHellman(3072);\n",
		want: []string{"L2 ATT-CRYPTO-SHORT-KEY-DH error DH-1024", "L3 ATT-CRYPTO-QUANTUM-VULNERABLE-DH warning DH-3072"}},
	{name: "ecdh", src: "const crypto = require('crypto');\nconst e = crypto.createECDH('prime256v1');\n",
		want: []string{"L2 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDH warning ECDH"}},
	{name: "webcrypto rsa", src: "const k = await globalThis.crypto.subtle.generateKey(\n  { name: 'RSA-PSS', modulusLength: 4096, publicExponent: e, hash: 'SHA-256' },\n  true, ['sign']);\n",
		want: []string{"L2 ATT-CRYPTO-QUANTUM-VULNERABLE-RSA warning RSA-4096"}},
	{name: "webcrypto multi-line name", src: "crypto.subtle.generateKey({\n  name: 'ECDH',\n  namedCurve: 'P-521',\n}, false, ['deriveBits']);\n",
		want: []string{"L2 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDH warning ECDH"}},
	{name: "promisified and either spelling", src: "const { promisify } = require('util');\nconst { webcrypto, generateKeyPair } = require('crypto');\nconst gen = promisify(generateKeyPair);\ngen('rsa', { modulusLength: 1536 });\nconst s = globalThis.crypto?.subtle ?? webcrypto.subtle;\ns.digest('SHA-1', d);\n",
		want: []string{"L4 ATT-CRYPTO-SHORT-KEY-RSA error RSA-1536", "L6 ATT-CRYPTO-WEAK-HASH error SHA-1"}},
	{name: "webcrypto ecdsa with sha1", src: "const { subtle } = require('crypto').webcrypto;\nsubtle.generateKey({ name: 'ECDSA', namedCurve: 'P-384', hash: { name: 'SHA-1' } }, true, ['sign']);\n",
		want: []string{"L2 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDSA warning ECDSA", "L2 ATT-CRYPTO-WEAK-HASH error SHA-1"}},
	{name: "webcrypto import rsa", src: "crypto.subtle.importKey('spki', der, { name: 'RSA-OAEP', hash: 'SHA-256' }, false, ['encrypt']);\n",
		want: []string{"L1 ATT-CRYPTO-QUANTUM-VULNERABLE-RSA warning RSA-unknown"}},
	{name: "webcrypto aes is fine", src: "crypto.subtle.generateKey({ name: 'AES-CBC', length: 256 }, true, ['encrypt']);\n"},
	// TLS
	{name: "tls min version", src: "const tls = require('tls');\ntls.connect({ host, port, minVersion: 'TLSv1' });\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-TLS-VERSION error TLSv1"}},
	{name: "https agent no verify", src: "import https from 'https';\nconst agent = new https.Agent({\n  keepAlive: true,\n  rejectUnauthorized: false,\n});\n",
		want: []string{"L4 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS"}},
	{name: "minified false", src: "new (require('https').Agent)({rejectUnauthorized:!1});\n",
		want: []string{"L1 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS"}},
	{name: "secure protocol", src: "tls.createSecureContext({ secureProtocol: 'SSLv3_method' });\n",
		want: []string{"L1 ATT-CRYPTO-WEAK-TLS-VERSION error SSLv3"}},
	{name: "shorthand option", src: "const rejectUnauthorized = false;\nconst agent = new https.Agent({ keepAlive: true, rejectUnauthorized });\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS"}},
	{name: "env reject unauthorized", src: "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\nprocess.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '1';\n",
		want: []string{"L1 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS"}},
	{name: "weak ciphers", src: "tls.createServer({ ciphers: 'RC4-SHA:DES-CBC3-SHA:!aNULL' });\n",
		want: []string{"L1 ATT-CRYPTO-WEAK-TLS-CIPHER error RC4-SHA:DES-CBC3-SHA"}},
	{name: "dynamic import", file: "a.mjs", src: "const { createHash } = await import('node:crypto');\ncreateHash('md5');\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-HASH error MD5"}},
	{name: "etag header", src: "const crypto = require('crypto');\nres.setHeader('ETag', crypto.createHash('sha1').update(b).digest('hex'));\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-HASH note SHA-1"}},
	{name: "one-shot hash", src: "const { hash } = require('node:crypto');\nhash('md5', data);\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-HASH error MD5"}},
	{name: "cryptojs submodules and global", src: "import sha1 from 'crypto-js/sha1';\nimport HmacMD5 from 'crypto-js/hmac-md5';\nsha1(m);\nHmacMD5(m, k);\nCryptoJS.RC4.encrypt(m, k);\n",
		want: []string{"L3 ATT-CRYPTO-WEAK-HASH error SHA-1", "L4 ATT-CRYPTO-WEAK-HASH note MD5", "L5 ATT-CRYPTO-WEAK-CIPHER error RC4"}},
	{name: "deprecated createCipher idea", src: "const crypto = require('crypto');\ncrypto.createCipher('idea-cbc', pw);\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-CIPHER error IDEA"}},
	{name: "dh keypair and groups", src: "const crypto = require('crypto');\ncrypto.generateKeyPairSync('dh', { group: 'modp5' });\ncrypto.generateKeyPairSync('dh', { primeLength: 4096 });\ncrypto.getDiffieHellman('modp14');\n",
		want: []string{"L2 ATT-CRYPTO-SHORT-KEY-DH error DH-1536", "L3 ATT-CRYPTO-QUANTUM-VULNERABLE-DH warning DH-4096", "L4 ATT-CRYPTO-QUANTUM-VULNERABLE-DH warning DH-2048"}},
	{name: "webcrypto string algorithms", src: "crypto.subtle.generateKey('Ed25519', false, ['sign']);\ncrypto.subtle.importKey('raw', k, 'X25519', false, []);\n",
		want: []string{"L1 ATT-CRYPTO-QUANTUM-VULNERABLE-EDDSA warning Ed25519", "L2 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDH warning X25519"}},
	{name: "spread options", src: "const crypto = require('crypto');\nconst BASE = { modulusLength: 1024 };\ncrypto.generateKeyPairSync('rsa', { ...BASE, publicExponent: 3 });\ncrypto.generateKeyPairSync('rsa', { ...BASE, modulusLength: 4096 });\n",
		want: []string{"L2 ATT-CRYPTO-SHORT-KEY-RSA error RSA-1024", "L4 ATT-CRYPTO-QUANTUM-VULNERABLE-RSA warning RSA-4096"}},
	{name: "tls defaults and max version", src: "const tls = require('node:tls');\ntls.DEFAULT_MIN_VERSION = 'TLSv1.1';\nhttps.request(url, { maxVersion: 'TLSv1' });\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-TLS-VERSION error TLSv1.1", "L3 ATT-CRYPTO-WEAK-TLS-VERSION error TLSv1"}},
	{name: "var hoisted in function", src: "function f() {\n  var c = require('crypto');\n  if (x) { c.createHash('md4'); }\n}\n",
		want: []string{"L3 ATT-CRYPTO-WEAK-HASH error MD4"}},
	{name: "class constants", file: "a.ts", src: "import { createHash, generateKeyPairSync } from 'crypto';\nclass Signer {\n  static readonly ALG = 'sha1';\n  private readonly bits = 1024;\n  digest() { return createHash(Signer.ALG); }\n  key() { return generateKeyPairSync('rsa', { modulusLength: this.bits }); }\n}\n",
		want: []string{"L5 ATT-CRYPTO-WEAK-HASH error SHA-1", "L6 ATT-CRYPTO-SHORT-KEY-RSA error RSA-1024"}},
	{name: "enum member", file: "a.ts", src: "import * as crypto from 'crypto';\nenum Cipher { Legacy = 'des-ede3-cbc', Modern = 'aes-256-gcm' }\ncrypto.createCipheriv(Cipher.Legacy, k, iv);\ncrypto.createCipheriv(Cipher.Modern, k, iv);\n",
		want: []string{"L3 ATT-CRYPTO-WEAK-CIPHER error 3DES-168"}},
	{name: "class field assigned later", src: "const crypto = require('crypto');\nclass H {\n  alg = 'md5';\n  use(a) { this.alg = a; }\n  run() { return crypto.createHash(this.alg); }\n}\n"},
	// negatives
	{name: "comment and string", src: "// crypto.createHash('md5')\nconst s = \"crypto.createHash('md5')\";\nconst ALG = 'md5';\n"},
	{name: "look-alike object", src: "const crypto = makeFake();\ncrypto.createHash('md5');\nconst hasher = { createHash(a) {} };\nhasher.createHash('sha1');\n"},
	{name: "shadowing parameter", src: "const crypto = require('crypto');\nfunction f(crypto) { return crypto.createHash('md5'); }\n"},
	{name: "local module named crypto", src: "import crypto from './crypto';\ncrypto.createHash('md5');\n"},
	{name: "safe uses", src: "const crypto = require('crypto');\ncrypto.createHash('sha256');\ncrypto.createCipheriv('aes-256-gcm', k, iv);\ncrypto.generateKeyPairSync('ml-dsa-65');\ntls.connect({ minVersion: 'TLSv1.2', rejectUnauthorized: true });\n"},
	{name: "block shadowing", src: "const crypto = require('crypto');\n{\n  const crypto = fake;\n  crypto.createHash('md5');\n}\ncrypto.createHash('sha256');\n"},
	{name: "different values per branch", src: "const crypto = require('crypto');\nvar alg = 'md5';\nvar alg = 'sha256';\ncrypto.createHash(alg);\n"},
	{name: "unknown spread may override", src: "const crypto = require('crypto');\ncrypto.generateKeyPairSync('rsa', { modulusLength: 1024, ...opts });\n",
		want: []string{"L2 ATT-CRYPTO-QUANTUM-VULNERABLE-RSA warning RSA-unknown"}},
	{name: "verification on or computed", src: "new https.Agent({ rejectUnauthorized: true });\nnew https.Agent({ rejectUnauthorized: env !== 'dev' });\nprocess.env.NODE_TLS_REJECT_UNAUTHORIZED = flag;\n"},
	{name: "reassigned algorithm", src: "const crypto = require('crypto');\nlet alg = 'md5';\nalg = 'sha256';\ncrypto.createHash(alg);\n"},
	{name: "ts types are not values", file: "a.ts", src: "interface Opts { minVersion: 'TLSv1'; rejectUnauthorized: false }\ntype H = 'md5';\n"},
	{name: "tsx", file: "a.tsx", src: "import { createHash } from 'crypto';\nexport const C = () => <div>{createHash('md5').digest('hex')}</div>;\n",
		want: []string{"L2 ATT-CRYPTO-WEAK-HASH error MD5"}},
}

func TestJavaScriptAnalyzer(t *testing.T) {
	for _, tc := range jsCases {
		t.Run(tc.name, func(t *testing.T) {
			file := tc.file
			if file == "" {
				file = "a.js"
			}
			fs, err := findingsOf(JavaScriptAnalyzer{}.Analyze(context.Background(), file, []byte(tc.src)))
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			got := jsSummary(fs)
			want := slices.Clone(tc.want)
			if want == nil {
				want = []string{}
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("got findings\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
			checkFindings(t, file, fs)
		})
	}
}

func TestJavaScriptAnalyzerMessages(t *testing.T) {
	src := "const crypto = require('crypto');\n" +
		"crypto.generateKeyPairSync('ec', { namedCurve: 'P-256' });\n" +
		"crypto.createCipheriv('aes-128-ecb', k, null);\n" +
		"const BITS = 1024;\ncrypto.generateKeyPairSync('rsa', { modulusLength: BITS });\n"
	fs, err := findingsOf(JavaScriptAnalyzer{}.Analyze(context.Background(), "a.js", []byte(src)))
	if err != nil {
		t.Fatal(err)
	}
	wants := map[int][]string{
		2: {"2030", "2035", "ML-DSA-65", "P-256"},
		3: {"ECB", "aes-256-gcm", "AES-128"},
		5: {"1024", "raise BITS to 3072", "ML-KEM-768"},
	}
	for _, f := range fs {
		for _, w := range wants[f.Line] {
			if !strings.Contains(f.Message, w) {
				t.Errorf("line %d message %q; want it to contain %q", f.Line, f.Message, w)
			}
		}
		delete(wants, f.Line)
	}
	for line := range wants {
		t.Errorf("no finding on line %d", line)
	}
}

func TestJavaScriptAnalyzerErrors(t *testing.T) {
	tests := []struct {
		name, file, src string
	}{
		{"syntax error", "a.js", "const = require('crypto'\n"},
		{"binary", "a.ts", "\x00\x01\x02\xff\xfe{{{"},
		{"type assertion in tsx", "a.tsx", "const x = <string>y;\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := findingsOf(JavaScriptAnalyzer{}.Analyze(context.Background(), tc.file, []byte(tc.src)))
			var pe *ParseError
			if !errors.As(err, &pe) || len(fs) != 0 {
				t.Fatalf("got %d findings, error %v; want a *ParseError and none", len(fs), err)
			}
		})
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (JavaScriptAnalyzer{}).Analyze(ctx, "a.js", []byte("x")); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v on a cancelled context; want context.Canceled", err)
	}
}

func TestJavaScriptAnalyzerDeepNesting(t *testing.T) {
	src := "const crypto = require('crypto');\nconst x = " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) +
		";\ncrypto.createHash('md5');\n"
	fs, err := findingsOf(JavaScriptAnalyzer{}.Analyze(context.Background(), "a.js", []byte(src)))
	if err != nil {
		t.Fatal(err)
	}
	if got := jsSummary(fs); !slices.Equal(got, []string{"L3 ATT-CRYPTO-WEAK-HASH error MD5"}) {
		t.Errorf("got %v; want the MD5 finding on line 3", got)
	}
}

func FuzzJavaScriptAnalyzer(f *testing.F) {
	for _, tc := range jsCases {
		f.Add([]byte(tc.src))
	}
	f.Add([]byte("const A = B, B = A;\nrequire('crypto').createHash(A);\n"))
	f.Add([]byte("const o = {...o, modulusLength: 2**99999};\nrequire('crypto').generateKeyPairSync('rsa', o);\n"))
	f.Add([]byte("const {a: {b}} = require('crypto');\nb.createHash(`md5`);\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		for _, file := range []string{"f.js", "f.ts"} {
			fs, err := fuzzFindings(t, src)(JavaScriptAnalyzer{}.Analyze(context.Background(), file, src))
			var got []findingLike
			for _, x := range fs {
				got = append(got, findingLike{x.RuleID, x.Line, x.Column})
			}
			checkFuzzResult(t, src, got, err)
		}
	})
}

func BenchmarkJavaScriptAnalyzer(b *testing.B) {
	benchmarkAnalyzer(b, JavaScriptAnalyzer{}, "testdata/js/bench.ts")
}

func TestJavaScriptAnalyzerHostile(t *testing.T) {
	var chain strings.Builder
	chain.WriteString("const a0 = require('crypto');\n")
	for i := 1; i < 2000; i++ {
		fmt.Fprintf(&chain, "const a%d = a%d ?? a%d;\n", i, i-1, i-1)
	}
	chain.WriteString("a1999.createHash('md5');\n")
	minified := "const c=require('crypto');" + strings.Repeat("c.createHash('sha256');c.createHash('md5');", 20000)
	const mib = 1 << 20
	var aliases, rebinds, assigns strings.Builder
	aliases.WriteString("const a0 = require('crypto');\n")
	for i := 1; aliases.Len() < mib-64; i++ {
		fmt.Fprintf(&aliases, "const a%d = a%d;\n", i, i-1)
	}
	aliases.WriteString("a1.createHash('md5');\n")
	rebinds.WriteString("const crypto = require('crypto');\n")
	for rebinds.Len() < mib/2 {
		rebinds.WriteString("var ALG = 'md5';\n")
	}
	for rebinds.Len() < mib {
		rebinds.WriteString("crypto.createHash(ALG);\n")
	}
	assigns.WriteString("const crypto = require('crypto');\nlet x = 'md5';\n")
	for assigns.Len() < mib {
		assigns.WriteString("x = 'md5';\ncrypto.createHash(x);\n")
	}
	tests := []struct {
		name, src                string
		minFindings, maxFindings int
	}{
		{"exponential alias chain", chain.String(), 0, 1},
		{"minified line", minified, 1, 1},
		{"alias chain", aliases.String(), 1, 1},
		{"many rebinds", rebinds.String(), 0, 1 << 20},
		{"many assignments", assigns.String(), 0, 1 << 20},
		{"nested parentheses", "const x = " + strings.Repeat("(", mib/2-16) + "1" + strings.Repeat(")", mib/2-16) + ";\n", 0, 0},
		{"nested calls", "const c = require('crypto');\nc.createHash(" + strings.Repeat("c.createHash(", mib/16) + strings.Repeat(")", mib/16) + ");\n", 0, 0},
		{"huge constants", "const c = require('crypto');\nconst A = 9 ** 9 ** 9 ** 9;\nc.generateKeyPairSync('rsa', { modulusLength: A << A });\nc.createDiffieHellman(" + strings.Repeat("9", mib-128) + ");\n", 0, 2},
		{"deep objects", "const o = " + strings.Repeat("{a:", mib/4) + "1" + strings.Repeat("}", mib/4) + ";\n", 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if testing.Short() && len(tc.src) >= mib/2 {
				t.Skip("megabyte input")
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			start := time.Now()
			fs, err := findingsOf(JavaScriptAnalyzer{}.Analyze(ctx, "a.js", []byte(tc.src)))
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			if len(fs) < tc.minFindings || len(fs) > tc.maxFindings {
				t.Errorf("got %d findings; want %d to %d (one per line and algorithm)", len(fs), tc.minFindings, tc.maxFindings)
			}
			if d := time.Since(start); d > 20*time.Second { // generous: catches blowups, not machine speed
				t.Errorf("took %v; want well under 20s", d)
			}
			t.Logf("%d findings, error %v, %v", len(fs), err, time.Since(start))
		})
	}
}
