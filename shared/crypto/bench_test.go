package crypto

import (
	"context"
	"os"
	"testing"
)

func benchmarkAnalyzer(b *testing.B, a Analyzer, fixture string) {
	src, err := os.ReadFile(fixture)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Analyze(ctx, fixture, src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGoAnalyzer(b *testing.B) {
	benchmarkAnalyzer(b, GoAnalyzer{}, "../../testdata/crypto/src/go/signer/signer.go")
}

func BenchmarkPythonAnalyzer(b *testing.B) {
	benchmarkAnalyzer(b, PythonAnalyzer{}, "../../testdata/crypto/src/python/app/orders.py")
}
