package suppress

import (
	"strings"
	"testing"
)

// BenchmarkDirectives scans a 4,000-line Go file with a directive every 40 lines: the cost every file that
// mentions a suppression pays once per scan.
func BenchmarkDirectives(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 100; i++ {
		sb.WriteString("// attest:ignore ATT-CRYPTO-WEAK-HASH checksum of public data\n")
		for j := 0; j < 39; j++ {
			sb.WriteString("\tx := fmt.Sprintf(\"%d // not a comment\", i) /* inline */ + `raw`\n")
		}
	}
	src := []byte(sb.String())
	b.SetBytes(int64(len(src)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if n := len(Directives("a.go", src)); n != 100 {
			b.Fatalf("got %d directives; want 100", n)
		}
	}
}
