//go:build cgo

package crypto

import "testing"

func BenchmarkJavaAnalyzer(b *testing.B) {
	benchmarkAnalyzer(b, JavaAnalyzer{}, "testdata/java/Sample.java")
}
