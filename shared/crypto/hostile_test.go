package crypto

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// hostileInputs are files at the scan size limit (1 MiB) built to exhaust a naive analyzer: deep nesting
// (stack), long alias chains and many bindings (work), and huge constants (arithmetic).
func hostileInputs() map[string]map[string]string {
	const n = 1 << 20
	var aliases, rebinds, calls strings.Builder
	aliases.WriteString("import hashlib\na0 = hashlib\n")
	for i := 1; aliases.Len() < n-64; i++ {
		fmt.Fprintf(&aliases, "a%d = a%d\n", i, i-1)
	}
	aliases.WriteString("x = a1.md5(b'')\n")
	rebinds.WriteString("import hashlib\n")
	for rebinds.Len() < n/2 {
		rebinds.WriteString("ALG = 'md5'\n")
	}
	for rebinds.Len() < n {
		rebinds.WriteString("hashlib.new(ALG)\n")
	}
	calls.WriteString("package x\n\nimport \"crypto/md5\"\n\nvar _ = ")
	depth := (n - 64) / len("md5.Sum(")
	calls.WriteString(strings.Repeat("md5.Sum(", depth/2) + "nil" + strings.Repeat(")", depth/2) + "\n")
	return map[string]map[string]string{
		"x.py": {
			"nested parentheses": "import hashlib\nx = " + strings.Repeat("(", n/2-16) + strings.Repeat(")", n/2-16) + "\n",
			"nested calls":       "import hashlib\nx = " + strings.Repeat("hashlib.md5(", n/24) + strings.Repeat(")", n/24) + "\n",
			"alias chain":        aliases.String(),
			"many rebinds":       rebinds.String(),
			"huge constants":     "from Crypto.PublicKey import RSA\nA = 9 ** 9 ** 9 ** 9\nRSA.generate(A << A)\nRSA.generate(" + strings.Repeat("9", n-64) + ")\n",
		},
		"x.go": {
			"nested calls":       calls.String(),
			"nested parentheses": "package x\n\nimport \"crypto/rsa\"\n\nvar _, _ = rsa.GenerateKey(nil, " + strings.Repeat("(", n/2-64) + "1" + strings.Repeat(")", n/2-64) + ")\n",
			"huge constant":      "package x\n\nimport \"crypto/rsa\"\n\nvar _, _ = rsa.GenerateKey(nil, 1<<100000)\n",
		},
	}
}

func TestAnalyzersHostileInput(t *testing.T) {
	if testing.Short() {
		t.Skip("megabyte inputs")
	}
	for file, inputs := range hostileInputs() {
		a, _ := AnalyzerFor(file)
		for name, src := range inputs {
			t.Run(a.Language()+"/"+name, func(t *testing.T) {
				start := time.Now()
				fs, err := findingsOf(a.Analyze(context.Background(), file, []byte(src)))
				var pe *ParseError
				if err != nil && !errors.As(err, &pe) {
					t.Fatalf("got error %v; want findings or a *ParseError", err)
				}
				// Generous: the point is to catch quadratic or exponential blowups, not to time the machine.
				if d := time.Since(start); d > 20*time.Second {
					t.Errorf("took %v on %d bytes", d, len(src))
				}
				t.Logf("%d findings, error %v, %v", len(fs), err, time.Since(start))
			})
		}
	}
}
