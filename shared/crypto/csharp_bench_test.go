//go:build cgo

package crypto

import "testing"

func BenchmarkCSharpAnalyzer(b *testing.B) {
	benchmarkAnalyzer(b, CSharpAnalyzer{}, "testdata/csharp/Sample.cs")
}
