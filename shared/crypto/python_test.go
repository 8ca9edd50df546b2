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
	fs, err := PythonAnalyzer{}.Analyze(context.Background(), "app/orders.py", []byte(src))
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
	fs, err := PythonAnalyzer{}.Analyze(context.Background(), "u.py", []byte(src))
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
