package scan

import (
	"context"
	"flag"
	"os"
	"testing"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/golden"
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
	golden.Check(t, goldenSARIF, got, *update)
}
