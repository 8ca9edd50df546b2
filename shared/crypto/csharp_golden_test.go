//go:build cgo

package crypto

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"testing"
)

// The -update flag rewrites golden files; another test file of the package may have registered it already.
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata")
	}
}

func csUpdating() bool {
	f := flag.Lookup("update")
	if f == nil {
		return false
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return false
	}
	b, _ := g.Get().(bool)
	return b
}

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
	fs, err := CSharpAnalyzer{}.Analyze(context.Background(), "Sample.cs", src)
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	checkFindings(t, "Sample.cs", fs)
	got, err := json.MarshalIndent(fs, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	if csUpdating() {
		if err := os.WriteFile(csGolden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(csGolden)
	if err != nil {
		t.Fatalf("%v (run go test ./shared/crypto -run TestCSharpGolden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("findings of %s differ from %s; review the change and run with -update\ngot:\n%s", csSample, csGolden, got)
	}
}
