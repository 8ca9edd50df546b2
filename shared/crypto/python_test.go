//go:build cgo

package crypto

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestPythonAnalyzer(t *testing.T) {
	runCases(t, PythonAnalyzer{}, "app/x.py", pyCases)
}

// pyCases are the table of analyzer cases, also the fuzz corpus seeds.
var pyCases = []analyzerCase{
	{name: "hashlib constructors", src: `import hashlib

a = hashlib.md5(b"x").hexdigest()
b = hashlib.sha1()
c = hashlib.sha256(b"x")
`, want: []string{"L3 weak-hash error MD5", "L4 weak-hash error SHA-1"}},
	{name: "hashlib.new with literal names", src: `import hashlib

a = hashlib.new("md5")
b = hashlib.new('SHA1', b"data")
c = hashlib.new(name="md4")
d = hashlib.new("sha256")
e = hashlib.new("md" "5")
`, want: []string{"L3 weak-hash error MD5", "L4 weak-hash error SHA-1", "L5 weak-hash error MD4", "L7 weak-hash error MD5"}},
	{name: "hashlib.new with constants", src: `import hashlib

DIGEST = "sha1"

def module_constant(data):
    return hashlib.new(DIGEST, data)

def local_constant(data):
    algo = "md5"
    return hashlib.new(algo, data)

def parameter(name, data):
    return hashlib.new(name, data)
`, want: []string{"L6 weak-hash error SHA-1", "L10 weak-hash error MD5"}},
	{name: "from import and aliases", src: `from hashlib import md5
from hashlib import sha1 as legacy
import hashlib as h

a = md5(b"x")
b = legacy(b"x")
c = h.md5(b"x")
`, want: []string{"L5 weak-hash error MD5", "L6 weak-hash error SHA-1", "L7 weak-hash error MD5"}},
	{name: "import inside a function", src: `def digest(data):
    import hashlib
    return hashlib.sha1(data).hexdigest()
`, want: []string{"L3 weak-hash error SHA-1"}},
	{name: "wildcard import", src: `from hashlib import *

x = md5(b"x")
`, want: []string{"L3 weak-hash error MD5"}},
	{name: "usedforsecurity", src: `import hashlib

etag = hashlib.md5(body, usedforsecurity=False).hexdigest()
pw = hashlib.md5(body, usedforsecurity=True).hexdigest()
other = hashlib.new("sha1", usedforsecurity=False)
flag = hashlib.md5(body, usedforsecurity=flag_value)
`, want: []string{"L3 weak-hash note MD5", "L4 weak-hash error MD5", "L5 weak-hash note SHA-1", "L6 weak-hash error MD5"}},
	{name: "hash passed to hmac", src: `import hashlib
import hmac

a = hmac.new(key, msg, hashlib.md5)
b = hmac.new(key, msg, digestmod=hashlib.sha1)
c = hmac.new(key, msg, digestmod=hashlib.sha256)
`, want: []string{"L4 weak-hash error MD5", "L5 weak-hash error SHA-1"}},
	{name: "cryptography rsa keyword and positional", src: `from cryptography.hazmat.primitives.asymmetric import rsa

a = rsa.generate_private_key(public_exponent=65537, key_size=1024)
b = rsa.generate_private_key(65537, 1024)
c = rsa.generate_private_key(public_exponent=65537, key_size=2048)
d = rsa.generate_private_key(65537, 4096)
e = rsa.generate_private_key(
    public_exponent=65537,
    key_size=512,
)
`, want: []string{"L3 short-key error RSA-1024", "L4 short-key error RSA-1024", "L5 quantum warning RSA-2048",
		"L6 quantum warning RSA-4096", "L7 short-key error RSA-512"}},
	{name: "rsa sizes from constants", src: `from cryptography.hazmat.primitives.asymmetric import rsa

KEY_SIZE = 1024
DOUBLE = KEY_SIZE * 2
BIG = 1 << 11
UNDERSCORED = 3_072

def a():
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)

def b():
    return rsa.generate_private_key(public_exponent=65537, key_size=DOUBLE)

def c():
    bits = 512 * 2
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)

def d():
    return rsa.generate_private_key(public_exponent=65537, key_size=BIG)

def e():
    return rsa.generate_private_key(public_exponent=65537, key_size=UNDERSCORED)
`, want: []string{"L9 short-key error RSA-1024", "L12 quantum warning RSA-2048", "L16 short-key error RSA-1024",
		"L19 quantum warning RSA-2048", "L22 quantum warning RSA-3072"}},
	{name: "rsa size unknown", src: `import os
from cryptography.hazmat.primitives.asymmetric import rsa

def a(bits):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)

def b():
    return rsa.generate_private_key(public_exponent=65537, key_size=int(os.environ["BITS"]))

def c(fips):
    bits = 1024
    if fips:
        bits = 3072
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)

def d(**kw):
    return rsa.generate_private_key(**kw)
`, want: []string{"L5 quantum warning RSA-unknown", "L8 quantum warning RSA-unknown", "L14 quantum warning RSA-unknown",
		"L17 quantum warning RSA-unknown"}},
	{name: "pycryptodome", src: `from Crypto.PublicKey import RSA
from Cryptodome.PublicKey import RSA as RSAX
import Crypto.PublicKey.RSA

a = RSA.generate(1024)
b = RSAX.generate(bits=2048)
c = Crypto.PublicKey.RSA.generate(4096)
`, want: []string{"L5 short-key error RSA-1024", "L6 quantum warning RSA-2048", "L7 quantum warning RSA-4096"}},
	{name: "module alias of cryptography", src: `import cryptography.hazmat.primitives.asymmetric.rsa as r

k = r.generate_private_key(65537, 1536)
`, want: []string{"L3 short-key error RSA-1536"}},
	{name: "one finding per line and algorithm", src: `import hashlib

x, y = hashlib.md5(a), hashlib.md5(b, usedforsecurity=False)
`, want: []string{"L3 weak-hash error MD5"}},
	{name: "comments docstrings and strings", src: `"""Uses hashlib.md5(data) in the docs only."""
import hashlib

# hashlib.md5(password) was replaced
text = "hashlib.sha1(x) and rsa.generate_private_key(65537, 1024)"
print("md5")
log.info("hashlib.new('md5')")
ok = hashlib.sha256(b"x")
`},
	{name: "look-alikes", src: `from mylib import md5
import hashlib

class Hasher:
    def md5(self, data):
        return data

def a(data):
    return md5(data)

def b(hashlib):
    return hashlib.md5(data)

def c(data):
    hashlib = Hasher()
    return hashlib.md5(data)

h = Hasher()
d = h.md5(b"x")
e = rsa.generate_private_key(65537, 1024)
`},
	{name: "ambiguous algorithm name is not guessed", src: `import hashlib

ALG = "md5"
ALG = "sha256"

x = hashlib.new(ALG)
`},
	{name: "global declaration makes a constant ambiguous", src: `import hashlib

ALG = "sha256"

def configure():
    global ALG
    ALG = "md5"

def digest(data):
    return hashlib.new(ALG, data)
`},
	{name: "class body names are not visible in methods", src: `import hashlib

class Signer:
    hashlib = None

    def digest(self, data):
        return hashlib.sha1(data)
`, want: []string{"L7 weak-hash error SHA-1"}},
	{name: "cryptography weak ciphers and ECB", src: `from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

a = Cipher(algorithms.TripleDES(key), modes.CBC(iv))
b = Cipher(algorithms.AES(key), modes.ECB())
c = Cipher(algorithms.Blowfish(key), modes.ECB())
d = Cipher(algorithms.AES(key), modes.GCM(iv))
m = modes.ECB()
e = algorithms.ARC4(key)
`, want: []string{"L3 ATT-CRYPTO-WEAK-CIPHER error 3DES", "L4 ATT-CRYPTO-ECB-MODE error AES",
		"L5 ATT-CRYPTO-WEAK-CIPHER error Blowfish", "L7 ATT-CRYPTO-ECB-MODE error block cipher",
		"L8 ATT-CRYPTO-WEAK-CIPHER error RC4"}},
	{name: "pycryptodome ciphers and modes", src: `from Crypto.Cipher import AES, DES, DES3, ARC4
from Cryptodome.Cipher import Blowfish

MODE = AES.MODE_ECB
a = DES.new(key, DES.MODE_ECB)
b = DES3.new(key, DES3.MODE_CBC, iv)
c = AES.new(key, MODE)
d = AES.new(key)
e = AES.new(key, AES.MODE_GCM)
f = AES.new(key, mode=AES.MODE_ECB)
g = ARC4.new(key)
h = Blowfish.new(key, Blowfish.MODE_CBC)
`, want: []string{"L5 ATT-CRYPTO-WEAK-CIPHER error DES", "L6 ATT-CRYPTO-WEAK-CIPHER error 3DES",
		"L7 ATT-CRYPTO-ECB-MODE error AES", "L8 ATT-CRYPTO-ECB-MODE error AES", "L10 ATT-CRYPTO-ECB-MODE error AES",
		"L11 ATT-CRYPTO-WEAK-CIPHER error RC4", "L12 ATT-CRYPTO-WEAK-CIPHER error Blowfish"}},
	{name: "weak hash objects", src: `from cryptography.hazmat.primitives import hashes
from Crypto.Hash import MD5, SHA1, SHA256

a = hashes.Hash(hashes.SHA1())
b = MD5.new(data)
c = SHA256.new(data)
def etag_of(data):
    return MD5.new(data).hexdigest()
`, want: []string{"L4 weak-hash error SHA-1", "L5 weak-hash error MD5", "L8 weak-hash note MD5"}},
	{name: "dsa dh and ec keys", src: `from cryptography.hazmat.primitives.asymmetric import dsa, dh, ec, ed25519, x25519
from Crypto.PublicKey import DSA, ECC

BITS = 1024
a = dsa.generate_private_key(key_size=BITS)
b = dsa.generate_private_key(3072)
c = dh.generate_parameters(generator=2, key_size=1024)
d = dh.generate_parameters(2, 2048)
e = ec.generate_private_key(ec.SECP192R1())
f = ec.generate_private_key(ec.SECP256R1())
g = ed25519.Ed25519PrivateKey.generate()
h = x25519.X25519PrivateKey.generate()
i = DSA.generate(2048)
j = ECC.generate(curve="P-192")
k = ECC.generate(curve="Ed25519")
sig = key.sign(data, ec.ECDSA(hashes.SHA256()))
`, want: []string{"L5 ATT-CRYPTO-SHORT-KEY-DSA error DSA-1024", "L6 ATT-CRYPTO-QUANTUM-VULNERABLE-DSA warning DSA-3072",
		"L7 ATT-CRYPTO-SHORT-KEY-DH error DH-1024", "L8 ATT-CRYPTO-QUANTUM-VULNERABLE-DH warning DH-2048",
		"L9 ATT-CRYPTO-SHORT-KEY-EC error EC-192", "L10 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDSA warning EC",
		"L11 ATT-CRYPTO-QUANTUM-VULNERABLE-EDDSA warning Ed25519", "L12 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDH warning X25519",
		"L13 ATT-CRYPTO-QUANTUM-VULNERABLE-DSA warning DSA-2048", "L14 ATT-CRYPTO-SHORT-KEY-EC error EC-192",
		"L15 ATT-CRYPTO-QUANTUM-VULNERABLE-EDDSA warning Ed25519", "L16 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDSA warning ECDSA"}},
	{name: "pycryptodome signatures", src: `from Crypto.Signature import pkcs1_15, pss, DSS

a = pkcs1_15.new(key).sign(h)
b = pss.new(key)
c = DSS.new(key, "fips-186-3")
`, want: []string{"L3 quantum warning RSA", "L4 quantum warning RSA", "L5 ATT-CRYPTO-QUANTUM-VULNERABLE-ECDSA warning DSA/ECDSA"}},
	{name: "ssl and http clients", src: `import ssl
import requests
import httpx
import urllib3

a = ssl.SSLContext(ssl.PROTOCOL_TLSv1)
b = ssl._create_unverified_context()
ctx = ssl.create_default_context()
ctx.minimum_version = ssl.TLSVersion.TLSv1_1
ctx.check_hostname = False
ctx.verify_mode = ssl.CERT_NONE
r = requests.get(url, verify=False)
s = requests.post(url, verify=True)
c = httpx.Client(verify=False)
p = urllib3.PoolManager(cert_reqs="CERT_NONE")
q = urllib3.PoolManager(cert_reqs="CERT_REQUIRED")
ctx.minimum_version = ssl.TLSVersion.TLSv1_2
if ctx.minimum_version == ssl.TLSVersion.TLSv1:
    pass
ssl._create_default_https_context = ssl._create_unverified_context
`, want: []string{"L6 ATT-CRYPTO-WEAK-TLS-VERSION error TLS 1.0", "L7 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS certificate verification",
		"L9 ATT-CRYPTO-WEAK-TLS-VERSION error TLS 1.1", "L11 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS certificate verification",
		"L12 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS certificate verification",
		"L14 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS certificate verification",
		"L15 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS certificate verification",
		"L20 ATT-CRYPTO-WEAK-TLS-NO-VERIFY error TLS certificate verification"}},
	{name: "non-security names lower hashlib to a note", src: `import hashlib

etag = hashlib.md5(body).hexdigest()
cache_key = hashlib.sha1(url.encode()).hexdigest()
target_age = hashlib.md5(body).hexdigest()
def file_checksum(path):
    return hashlib.md5(open(path, "rb").read()).hexdigest()
headers = dict(ETag=hashlib.md5(body).hexdigest())
`, want: []string{"L3 weak-hash note MD5", "L4 weak-hash note SHA-1", "L5 weak-hash error MD5",
		"L7 weak-hash note MD5", "L8 weak-hash note MD5"}},
	{name: "class look-alikes and comments", src: `import ssl
# ssl.SSLContext(ssl.PROTOCOL_TLSv1) was used before
class DES:
    @staticmethod
    def new(key, mode):
        return key
a = DES.new(b"k", 1)
msg = "requests.get(url, verify=False)"
verify = False
def get(url, verify=True):
    return url
get("x", verify=False)
`},
}

func TestPythonAnalyzerMessages(t *testing.T) {
	src := `import hashlib
from cryptography.hazmat.primitives.asymmetric import rsa

PARTNER_KEY_SIZE = 2048

def password_hash(password, salt):
    return hashlib.md5(salt + password.encode()).hexdigest()

def receipt_etag(body):
    return hashlib.md5(body, usedforsecurity=False).hexdigest()

def partner_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=PARTNER_KEY_SIZE)

def legacy_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)
`
	fs, err := findingsOf(PythonAnalyzer{}.Analyze(context.Background(), "app/orders.py", []byte(src)))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		line, col int
		contains  []string
		props     map[string]string
	}{
		{name: "weak hash", line: 7, col: 12,
			contains: []string{"MD5 via hashlib.md5", "SP 800-131A", "hashlib.sha256(salt + password.encode())"},
			props:    map[string]string{"algorithm": "MD5"}},
		{name: "non-security use is a note that says so", line: 10, col: 12,
			contains: []string{"usedforsecurity=False", "non-security use", "hashlib.sha256(body)"},
			props:    map[string]string{"algorithm": "MD5", "use": "non-security"}},
		{name: "quantum-vulnerable with deadline", line: 13, col: 12,
			contains: []string{"RSA-2048", "rsa.generate_private_key", "after 2030", "after 2035", "ML-DSA-65", "ML-KEM-768", "raise PARTNER_KEY_SIZE to 3072"},
			props:    map[string]string{"algorithm": "RSA", "keySize": "2048", "deprecatedAfter": "2030"}},
		{name: "short key with the concrete change", line: 16, col: 12,
			contains: []string{"RSA key of 1024 bits", "SP 800-131A", "rsa.generate_private_key(public_exponent=65537, key_size=3072)"},
			props:    map[string]string{"algorithm": "RSA", "keySize": "1024"}},
	}
	if len(fs) != len(tests) {
		t.Fatalf("got %d findings; want %d", len(fs), len(tests))
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := fs[i]
			if f.Line != tc.line || f.Column != tc.col {
				t.Errorf("got %d:%d; want %d:%d", f.Line, f.Column, tc.line, tc.col)
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

func TestPythonAnalyzerColumnsCountCharacters(t *testing.T) {
	src := "import hashlib\nx = \"ü\"; y = hashlib.md5(b\"\")\n"
	fs, err := findingsOf(PythonAnalyzer{}.Analyze(context.Background(), "u.py", []byte(src)))
	if err != nil {
		t.Fatal(err)
	}
	if len(fs) != 1 || fs[0].Column != 14 {
		t.Fatalf("got %+v; want one finding at column 14 (characters; bytes would give 15)", fs)
	}
}

func TestPythonAnalyzerParseError(t *testing.T) {
	tests := []struct {
		name string
		src  string
		line int
	}{
		{"unclosed call", "import hashlib\n\nx = hashlib.md5(\n", 3},
		{"broken definition", "import hashlib\n\ndef f(:\n    return hashlib.md5(b'')\n", 3},
		{"binary garbage", "\x00\x01\x02def (", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := PythonAnalyzer{}.Analyze(context.Background(), "bad.py", []byte(tc.src))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got error %v; want a *ParseError", err)
			}
			if pe.Path != "bad.py" || pe.Line < 1 || pe.Line > tc.line {
				t.Errorf("got %+v; want bad.py at or before line %d", pe, tc.line)
			}
		})
	}
}

func TestPythonAnalyzerCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := (PythonAnalyzer{}).Analyze(ctx, "x.py", []byte("import hashlib")); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v; want context.Canceled", err)
	}
}

func TestPythonGrammarKinds(t *testing.T) {
	// A kind or field the grammar does not have is ID 0 and would silently never match.
	g := pyGrammarOnce()
	for name, id := range map[string]uint16{
		"module": g.module, "import_statement": g.importStmt, "import_from_statement": g.importFrom,
		"aliased_import": g.aliasedImport, "dotted_name": g.dottedName, "wildcard_import": g.wildcard,
		"identifier": g.identifier, "attribute": g.attribute, "call": g.call, "keyword_argument": g.keywordArgument,
		"string": g.str, "concatenated_string": g.concatString, "integer": g.integer, "binary_operator": g.binaryOp,
		"function_definition": g.functionDef, "class_definition": g.classDef, "assignment": g.assignment,
		"global_statement": g.globalStmt, "false": g.falseLit, "relative_import": g.relativeImport,
		"as_pattern": g.asPattern, "typed_parameter": g.typedParam, "list_splat": g.listSplat,
		"field name": g.fName, "field function": g.fFunction, "field arguments": g.fArguments,
		"field operator": g.fOperator, "field module_name": g.fModuleName, "field alias": g.fAlias,
	} {
		if id == 0 {
			t.Errorf("grammar has no %s", name)
		}
	}
}
