//go:build cgo

package crypto

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func FuzzJavaAnalyzer(f *testing.F) {
	for _, tc := range javaCases {
		f.Add([]byte(tc.src))
	}
	paths, _ := filepath.Glob("../../testdata/crypto/corpus/java/*.java")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(javaHeader + "class A { static final int A = B; static final int B = A; void f() throws Exception { KeyPairGenerator g = KeyPairGenerator.getInstance(\"RSA\"); g.initialize(A); } }"))
	f.Add([]byte(javaHeader + "class A { static final long K = 1L << 62; void f() throws Exception { KeyPairGenerator g = KeyPairGenerator.getInstance(\"DSA\"); g.initialize((int) (K * K - 0x7fff_ffffL)); } }"))
	f.Add([]byte(javaHeader + "class A { void f() throws Exception { MessageDigest.getInstance(\"M\\u0044\" + \"\\65\"); Cipher.getInstance(\"\"\"\n  AES\"\"\"); } }"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fs, err := fuzzFindings(t, src)(JavaAnalyzer{}.Analyze(context.Background(), "f.java", src))
		var got []findingLike
		for _, x := range fs {
			got = append(got, findingLike{x.RuleID, x.Line, x.Column})
		}
		checkFuzzResult(t, src, got, err)
	})
}
