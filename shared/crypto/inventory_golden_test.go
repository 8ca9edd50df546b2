//go:build cgo

package crypto

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestInventoryGolden compares the inventory of each language's sample with a reviewed golden file (refresh
// with go test -run TestInventoryGolden -update).
func TestInventoryGolden(t *testing.T) {
	for _, tc := range []struct {
		name   string
		a      Analyzer
		src    string
		golden string
	}{
		{"java", JavaAnalyzer{}, "testdata/java/Sample.java", "testdata/java/Sample.assets.golden.json"},
		{"csharp", CSharpAnalyzer{}, "testdata/csharp/Sample.cs", "testdata/csharp/Sample.assets.golden.json"},
		{"typescript", JavaScriptAnalyzer{}, "testdata/js/bench.ts", "testdata/js/bench.assets.golden.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src, err := os.ReadFile(tc.src)
			if err != nil {
				t.Fatal(err)
			}
			res, err := tc.a.Analyze(context.Background(), filepath.Base(tc.src), src)
			if err != nil {
				t.Fatal(err)
			}
			checkAssets(t, filepath.Base(tc.src), res)
			b, err := json.MarshalIndent(res.Assets, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			CompareGolden(t, tc.golden, append(b, '\n'))
		})
	}
}
