package crypto_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"testing"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/crypto"
	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/scan"
)

const (
	cfnTemplates   = "testdata/cfn/templates"
	cfnGoldenSARIF = "testdata/cfn/golden.sarif.json"
)

// TestTemplateGolden scans the template fixtures through the whole scan service and compares the SARIF log
// with the reviewed golden file (refresh: go test ./shared/crypto -run TestTemplateGolden -update).
func TestTemplateGolden(t *testing.T) {
	rep, err := scan.New().Scan(context.Background(), os.DirFS(cfnTemplates), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Skipped) != 0 {
		t.Errorf("got skipped files %v; want every fixture scanned", rep.Skipped)
	}
	// Every crypto finding names a rule the report defines, with its class tag.
	cryptoRules := map[string]bool{}
	for _, r := range crypto.Rules() {
		cryptoRules[r.ID] = true
	}
	n := 0
	for _, f := range rep.Findings {
		if !cryptoRules[f.RuleID] {
			continue
		}
		n++
		if _, ok := rep.Rule(f.RuleID); !ok {
			t.Errorf("finding %s:%d names rule %s, which the report does not define", f.Path, f.Line, f.RuleID)
		}
		if f.Snippet == "" || f.LogicalID == "" {
			t.Errorf("finding %s:%d %s: got snippet %q, logical ID %q; want both", f.Path, f.Line, f.RuleID, f.Snippet, f.LogicalID)
		}
	}
	if n == 0 {
		t.Fatal("got no crypto findings in the template fixtures; want some")
	}
	got, err := rep.MarshalSARIF(finding.ToolInfo{Name: "attest"})
	if err != nil {
		t.Fatal(err)
	}
	for _, tag := range []string{`"class:crypto/weak-tls"`, `"class:crypto/quantum-vulnerable"`, `"logicalLocations"`} {
		if !bytes.Contains(got, []byte(tag)) {
			t.Errorf("SARIF lacks %s", tag)
		}
	}
	crypto.CompareGolden(t, cfnGoldenSARIF, got)
}

// TestIaCTemplateScanner checks the wiring of the template checks into the scan service's IaC scanner: one
// parse, the parse errors unchanged, crypto findings with their rules and source lines.
func TestIaCTemplateScanner(t *testing.T) {
	t.Run("errors", func(t *testing.T) {
		for _, tc := range []struct {
			name, data  string
			notTemplate bool
		}{
			{"malformed YAML", "Resources: [\n", false},
			{"binary", "Resources:\x00\x01", false},
			{"not a template", "name: app\nversion: 2\n", true},
			{"empty", "", true},
		} {
			t.Run(tc.name, func(t *testing.T) {
				rep, err := scan.IaC{}.ScanTemplate("t.yaml", []byte(tc.data))
				var pe *cfn.ParseError
				switch {
				case rep != nil:
					t.Errorf("got a report %+v; want none", rep)
				case tc.notTemplate && !errors.Is(err, cfn.ErrNotTemplate):
					t.Errorf("got %v; want an error wrapping cfn.ErrNotTemplate", err)
				case !tc.notTemplate && !errors.As(err, &pe):
					t.Errorf("got %v (%T); want a *cfn.ParseError", err, err)
				}
			})
		}
	})
	t.Run("findings", func(t *testing.T) {
		// CRLF line endings: the snippet is the reported line without its line break.
		src := "Resources:\r\n  Key:\r\n    Type: AWS::KMS::Key\r\n    Properties:\r\n      KeySpec: ECC_NIST_P256\r\n"
		rep, err := scan.IaC{}.ScanTemplate("t.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Findings) != 1 {
			t.Fatalf("got %d findings; want 1: %+v", len(rep.Findings), rep.Findings)
		}
		f := rep.Findings[0]
		if f.RuleID != crypto.RuleQuantumVulnerableKMS || f.Line != 5 || f.Snippet != "KeySpec: ECC_NIST_P256" || f.LogicalID != "Key" {
			t.Errorf("got %s line %d snippet %q logical ID %q; want %s line 5 snippet %q logical ID Key",
				f.RuleID, f.Line, f.Snippet, f.LogicalID, crypto.RuleQuantumVulnerableKMS, "KeySpec: ECC_NIST_P256")
		}
		if _, ok := rep.Rule(f.RuleID); !ok {
			t.Errorf("report rules lack %s, which its finding names", f.RuleID)
		}
		if len(rep.Scanned) != 1 || rep.Scanned[0] != "t.yaml" {
			t.Errorf("got scanned %v; want [t.yaml]", rep.Scanned)
		}
		rules := map[string]bool{}
		for _, r := range (scan.IaC{}).Rules() {
			rules[r.ID] = true
		}
		for _, r := range crypto.Rules() {
			if !rules[r.ID] {
				t.Errorf("IaC.Rules lacks crypto rule %s", r.ID)
			}
		}
	})
}
