//go:build cgo

package crypto

import (
	"context"
	"testing"
)

func FuzzPythonAnalyzer(f *testing.F) {
	for _, tc := range pyCases {
		f.Add([]byte(tc.src))
	}
	fixtureSeeds(f, ".py")
	f.Add([]byte("import hashlib\nA = B\nB = A\nhashlib.new(A)\n"))
	f.Add([]byte("from Crypto.PublicKey import RSA\nRSA.generate(2**10**9)\nRSA.generate(1 << 99999)\n"))
	f.Add([]byte("import hashlib\nx = hashlib.new(f\"{a}md5\", usedforsecurity=False)\n"))
	f.Add([]byte("def f():\n    global g\n    nonlocal h\n    import hashlib as g\n    g.md5()\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fs, err := fuzzFindings(t, src)(PythonAnalyzer{}.Analyze(context.Background(), "f.py", src))
		var got []findingLike
		for _, x := range fs {
			got = append(got, findingLike{x.RuleID, x.Line, x.Column})
		}
		checkFuzzResult(t, src, got, err)
	})
}
