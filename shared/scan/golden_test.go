package scan

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/attestdev/attest/shared/finding"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/crypto/golden")

const (
	fixtureRoot = "../../testdata/crypto/src"
	goldenSARIF = "../../testdata/crypto/golden/fixtures.sarif.json"
)

// TestGolden scans the crypto fixtures and compares the SARIF log with the reviewed golden file. The service
// runs without an IaC scanner, so the log changes only when the crypto analyzers or fixtures do.
func TestGolden(t *testing.T) {
	rep, err := (&Service{}).Scan(context.Background(), os.DirFS(fixtureRoot), nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := rep.MarshalSARIF(finding.ToolInfo{Name: "attest"})
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(goldenSARIF), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenSARIF, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(goldenSARIF)
	if err != nil {
		t.Fatalf("%v (run go test ./shared/scan -run TestGolden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("SARIF for %s differs from %s; review the change and run with -update\ngot:\n%s", fixtureRoot, goldenSARIF, got)
	}
}
