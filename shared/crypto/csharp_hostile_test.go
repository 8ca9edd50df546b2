//go:build cgo

package crypto

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// csHostileInputs are C# files of a quarter of the scan size limit built to exhaust a naive analyzer: deep
// nesting (stack), long constant chains and many assignments to one name used by many calls (work), long
// lines. The analyzer is linear, so a quarter of the limit shows a quadratic blowup as well as the limit
// would, at a quarter of the test time.
func csHostileInputs() map[string]string {
	const n = 1 << 18
	var chain, rebinds, line strings.Builder
	chain.WriteString(csHeader + "class A {\nconst int K0 = 1024;\n")
	i := 1
	for ; chain.Len() < n-128; i++ {
		fmt.Fprintf(&chain, "const int K%d = K%d;\n", i, i-1)
	}
	fmt.Fprintf(&chain, "void F() { RSA.Create(K%d); }\n}\n", i-1)
	rebinds.WriteString(csHeader + "class A {\nvoid F(RSA r) {\nint bits = 1024;\n")
	for rebinds.Len() < n/2 {
		rebinds.WriteString("bits = 1024; r = RSA.Create(); r = null;\n")
	}
	for rebinds.Len() < n-16 {
		rebinds.WriteString("RSA.Create(bits); r.KeySize = bits;\n")
	}
	rebinds.WriteString("}\n}\n")
	line.WriteString(csHeader + "class A { void F() { ")
	for line.Len() < n-16 {
		line.WriteString("MD5.Create(); ")
	}
	line.WriteString("} }\n")
	return map[string]string{
		"nested parentheses": csHeader + "class A { int F() => " + strings.Repeat("(", n/2-64) + "1" + strings.Repeat(")", n/2-64) + "; }\n",
		"nested calls":       csHeader + "class A { void F() { " + strings.Repeat("RSA.Create(", n/24) + "1" + strings.Repeat(")", n/24) + "; } }\n",
		"constant chain":     chain.String(),
		"many assignments":   rebinds.String(),
		"one long line":      line.String(),
		"binary":             string([]byte{0, 0xff, 0xfe, '{', '(', 0x80}) + strings.Repeat("\x00\x01using System.Security.Cryptography;", n/40),
	}
}

func TestCSharpHostileInput(t *testing.T) {
	if testing.Short() {
		t.Skip("256 KiB inputs")
	}
	for name, src := range csHostileInputs() {
		t.Run(name, func(t *testing.T) {
			start := time.Now()
			fs, err := findingsOf(CSharpAnalyzer{}.Analyze(context.Background(), "X.cs", []byte(src)))
			var pe *ParseError
			if err != nil && !errors.As(err, &pe) {
				t.Fatalf("got error %v; want findings or a *ParseError", err)
			}
			// Generous: the point is to catch quadratic or exponential blowups, not to time the machine.
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("took %v on %d bytes", d, len(src))
			}
			t.Logf("%d findings, error %v, %v", len(fs), err, time.Since(start))
		})
	}
}
