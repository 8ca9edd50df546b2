package suppress

import (
	"reflect"
	"strings"
	"testing"
)

// d is a compact expected directive: line, target, ids and reason.
type d struct {
	line, target int
	ids          string // comma-separated
	reason       string
}

func got(ds []Directive) []d {
	out := []d{}
	for _, x := range ds {
		out = append(out, d{x.Line, x.Target, strings.Join(x.IDs, ","), x.Reason})
	}
	return out
}

func TestDirectives(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            []d
	}{
		{"go trailing", "a.go", "package a\n\nvar s = md5.Sum(b) // attest:ignore ATT-CRYPTO-WEAK-HASH cache key, not security\n",
			[]d{{3, 3, "ATT-CRYPTO-WEAK-HASH", "cache key, not security"}}},
		{"go own line applies to next code line", "a.go", "package a\n\n// attest:ignore crypto/weak-hash legacy ETag\n\n// another comment\nvar s = md5.Sum(b)\n",
			[]d{{3, 6, "crypto/weak-hash", "legacy ETag"}}},
		{"go no space after marker", "a.go", "x := 1 //attest:ignore ATT-X why\n", []d{{1, 1, "ATT-X", "why"}}},
		{"go several ids", "a.go", "x := 1 // attest:ignore ATT-A,ATT-B, ATT-C , ATT-D because\n", []d{{1, 1, "ATT-A,ATT-B,ATT-C,ATT-D", "because"}}},
		{"go reason separator dropped", "a.go", "x := 1 // attest:ignore ATT-A -- fixed upstream in 2027\n", []d{{1, 1, "ATT-A", "fixed upstream in 2027"}}},
		{"go missing reason", "a.go", "x := 1 // attest:ignore ATT-A\n", []d{{1, 1, "ATT-A", ""}}},
		{"go punctuation is no reason", "a.go", "x := 1 // attest:ignore ATT-A -- ...\n", []d{{1, 1, "ATT-A", ""}}},
		{"go no ids", "a.go", "x := 1 // attest:ignore\n", []d{{1, 1, "", ""}}},
		{"go in a string has no effect", "a.go", "var s = \"// attest:ignore ATT-A reason\"\n", []d{}},
		{"go in a raw string has no effect", "a.go", "var s = `\n// attest:ignore ATT-A reason\n`\nvar t = 1\n", []d{}},
		{"go rune literal with quote", "a.go", "c := '\"' // attest:ignore ATT-A r\n", []d{{1, 1, "ATT-A", "r"}}},
		{"go escaped quote in string", "a.go", "s := \"a\\\"b // attest:ignore ATT-A r\"\n", []d{}},
		{"go string then comment", "a.go", "s := \"x\" // attest:ignore ATT-A real\n", []d{{1, 1, "ATT-A", "real"}}},
		{"go block comment trailing", "a.go", "x := des.NewCipher(k) /* attest:ignore ATT-CRYPTO-WEAK-CIPHER interop with HSM */\n", []d{{1, 1, "ATT-CRYPTO-WEAK-CIPHER", "interop with HSM"}}},
		{"go block comment before code on the line", "a.go", "/* attest:ignore ATT-A why */ x := 1\n", []d{{1, 1, "ATT-A", "why"}}},
		{"go multi-line block comment", "a.go", "/*\n * attest:ignore ATT-A the reason\n * spans two lines\n */\nx := 1\n", []d{{1, 5, "ATT-A", "the reason spans two lines"}}},
		{"go mention inside text is not a directive", "a.go", "// See the attest:ignore docs.\nx := 1\n", []d{}},
		{"go longer keyword is not a directive", "a.go", "x := 1 // attest:ignored ATT-A r\n", []d{}},
		{"go doc comment slashes", "a.go", "/// attest:ignore ATT-A r\nx := 1\n", []d{{1, 2, "ATT-A", "r"}}},
		{"go stacked directives share the next line", "a.go", "// attest:ignore ATT-A one\n// attest:ignore ATT-B two\nx := 1\n", []d{{1, 3, "ATT-A", "one"}, {2, 3, "ATT-B", "two"}}},
		{"go nothing follows", "a.go", "x := 1\n// attest:ignore ATT-A r\n", []d{{2, 0, "ATT-A", "r"}}},
		{"go.mod", "go.mod", "module x\n\nrequire golang.org/x/crypto v0.1.0 // attest:ignore ATT-A pinned by vendor\n", []d{{3, 3, "ATT-A", "pinned by vendor"}}},
		{"java", "A.java", "class A {\n  // attest:ignore ATT-A legacy\n  MessageDigest m = MessageDigest.getInstance(\"MD5\");\n}\n", []d{{2, 3, "ATT-A", "legacy"}}},
		{"java char literal", "A.java", "char c = '\"'; // attest:ignore ATT-A r\n", []d{{1, 1, "ATT-A", "r"}}},
		{"java text block", "A.java", "String s = \"\"\"\n  // attest:ignore ATT-A r\n  \"\"\";\nint x;\n", []d{}},
		{"javascript template literal", "a.js", "const s = `\n// attest:ignore ATT-A r\n`;\nconst x = 1;\n", []d{}},
		{"javascript single quotes", "a.ts", "const s = '// attest:ignore ATT-A r'; // attest:ignore ATT-B real\n", []d{{1, 1, "ATT-B", "real"}}},
		{"c# verbatim string", "A.cs", "var s = @\"C:\\\"; // attest:ignore ATT-A r\n", []d{{1, 1, "ATT-A", "r"}}},
		{"c# verbatim doubled quote", "A.cs", "var s = @\"a\"\" // attest:ignore ATT-A r\";\n", []d{}},
		{"python hash", "a.py", "import hashlib\nh = hashlib.md5(b)  # attest:ignore ATT-CRYPTO-WEAK-HASH: ETag only\n", []d{{2, 2, "ATT-CRYPTO-WEAK-HASH", "ETag only"}}},
		{"python own line", "a.py", "# attest:ignore crypto/weak-hash ETag only\n\nh = hashlib.md5(b)\n", []d{{1, 3, "crypto/weak-hash", "ETag only"}}},
		{"python triple-quoted string", "a.py", "s = \"\"\"\n# attest:ignore ATT-A r\n\"\"\"\nx = 1\n", []d{}},
		{"python single-quoted triple", "a.py", "s = '''# attest:ignore ATT-A r'''\n", []d{}},
		{"python slashes are not comments", "a.py", "x = 1 // 2 # attest:ignore ATT-A r\n", []d{{1, 1, "ATT-A", "r"}}},
		{"yaml trailing", "t.yaml", "Resources:\n  B:\n    Type: AWS::S3::Bucket # attest:ignore s3-bucket-logging-enabled logs via CloudTrail\n",
			[]d{{3, 3, "s3-bucket-logging-enabled", "logs via CloudTrail"}}},
		{"yaml own line above a resource", "t.yml", "Resources:\n  # attest:ignore S3-BUCKET-LOGGING-ENABLED reason\n  B:\n    Type: AWS::S3::Bucket\n",
			[]d{{2, 3, "S3-BUCKET-LOGGING-ENABLED", "reason"}}},
		{"yaml hash inside a word", "t.yaml", "A: http://x#attest:ignore ATT-A r\n", []d{}},
		{"yaml quoted scalar", "t.yaml", "A: '# attest:ignore ATT-A r'\nB: \"# attest:ignore ATT-B r\"\n", []d{}},
		{"yaml apostrophe inside a plain scalar", "t.yaml", "Description: don't panic # attest:ignore ATT-A r\n", []d{{1, 1, "ATT-A", "r"}}},
		{"yaml block scalar is text", "t.yaml", "Code:\n  ZipFile: |\n    # attest:ignore ATT-A r\n    import x\nNext: 1\n", []d{}},
		{"yaml after a block scalar", "t.yaml", "Code:\n  ZipFile: |\n    import x\n# attest:ignore ATT-A r\nNext: 1\n", []d{{4, 5, "ATT-A", "r"}}},
		{"template in YAML", "t.template", "Resources: # attest:ignore ATT-A r\n", []d{{1, 1, "ATT-A", "r"}}},
		{"template in JSON has no comments", "t.template", "{\"Resources\": {}} // attest:ignore ATT-A r\n", []d{}},
		{"json has no comments", "t.json", "{\"a\": 1} // attest:ignore ATT-A r\n", []d{}},
		{"shell", "run.sh", "echo $# # attest:ignore ATT-A r\n", []d{{1, 1, "ATT-A", "r"}}},
		{"shell single quotes have no escapes", "run.sh", "echo 'a\\' # attest:ignore ATT-A r\n", []d{{1, 1, "ATT-A", "r"}}},
		{"unknown extension", "notes.txt", "// attest:ignore ATT-A r\n", []d{}},
		{"crlf line ends", "a.py", "x = 1\r\n# attest:ignore ATT-A r\r\ny = 2\r\n", []d{{2, 3, "ATT-A", "r"}}},
		{"unterminated block comment", "a.go", "x := 1\n/* attest:ignore ATT-A r\n", []d{{2, 0, "ATT-A", "r"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := got(Directives(tt.path, []byte(tt.src)))
			if !reflect.DeepEqual(g, tt.want) {
				t.Errorf("Directives(%s):\n got %+v\nwant %+v", tt.path, g, tt.want)
			}
		})
	}
}

func TestDirectiveLimits(t *testing.T) {
	ids := strings.Repeat("ATT-A,", 100)
	long := strings.Repeat("x", 5000)
	ds := Directives("a.go", []byte("x := 1 // attest:ignore "+ids+" "+long+"\n"))
	if len(ds) != 1 {
		t.Fatalf("got %d directives; want 1", len(ds))
	}
	if len(ds[0].IDs) != maxIDs || len(ds[0].Reason) > maxReasonLen+len("…") {
		t.Errorf("got %d ids and a reason of %d bytes; want %d ids and at most %d bytes", len(ds[0].IDs), len(ds[0].Reason), maxIDs, maxReasonLen)
	}
}

func TestDirectiveBeforeMultilineString(t *testing.T) {
	src := "# attest:ignore ATT-A docstring follows\n\"\"\"first line\nsecond line\"\"\"\n"
	if g := got(Directives("a.py", []byte(src))); len(g) != 1 || g[0].target != 2 {
		t.Errorf("got %+v; want the directive to cover line 2, where the string starts", g)
	}
}
