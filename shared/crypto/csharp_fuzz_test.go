//go:build cgo

package crypto

import (
	"context"
	"testing"
)

func FuzzCSharpAnalyzer(f *testing.F) {
	for _, tc := range csCases {
		f.Add([]byte(tc.src))
	}
	fixtureSeeds(f, ".cs")
	f.Add([]byte(csHeader + "class A { const int A = B; const int B = A; void F() { RSA.Create(A); } }"))
	f.Add([]byte(csHeader + "class A { const int K = 1 << 62; void F() { RSA.Create(K * K * K); new DSACng(-1); } }"))
	f.Add([]byte(csHeader + "class A { void F() { HashAlgorithm.Create(\"M\\u0044\" + @\"5\"\"\"); } }"))
	f.Add([]byte("using X = System.Security.Cryptography.ECCurve;\nclass A { void F() { ECDsa.Create(X.NamedCurves); } }"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fs, err := fuzzFindings(t, src)(CSharpAnalyzer{}.Analyze(context.Background(), "f.cs", src))
		var got []findingLike
		for _, x := range fs {
			got = append(got, findingLike{x.RuleID, x.Line, x.Column})
		}
		checkFuzzResult(t, src, got, err)
	})
}
