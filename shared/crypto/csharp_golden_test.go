//go:build cgo

package crypto

import (
	"context"
	"encoding/json"
	"os"
	"testing"
)

const (
	csSample = "testdata/csharp/Sample.cs"
	csGolden = "testdata/csharp/Sample.golden.json"
)

// TestCSharpGolden compares the findings of the sample with the reviewed golden file, messages included
// (refresh: go test ./shared/crypto -run TestCSharpGolden -update).
func TestCSharpGolden(t *testing.T) {
	src, err := os.ReadFile(csSample)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := findingsOf(CSharpAnalyzer{}.Analyze(context.Background(), "Sample.cs", src))
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	checkFindings(t, "Sample.cs", fs)
	got, err := json.MarshalIndent(fs, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	CompareGolden(t, csGolden, append(got, '\n'))
}
