package finding

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func suppressedReport() *Report {
	return &Report{
		Rules: []Rule{{ID: "ATT-CRYPTO-WEAK-HASH", Title: "Weak hash", Class: "crypto/weak-hash", Level: LevelError, Controls: []string{"PCI-DSS-4.0/4.2.1"}}},
		Findings: []Finding{
			{RuleID: "ATT-CRYPTO-WEAK-HASH", Level: LevelError, Path: "a.py", Line: 3, Snippet: "hashlib.md5(a)",
				Suppression: &Suppression{Kind: SuppressionInSource, Justification: "ETag of public data", Source: "inline comment at line 2"}},
			{RuleID: "ATT-CRYPTO-WEAK-HASH", Level: LevelError, Path: "a.py", Line: 9, Snippet: "hashlib.md5(b)"},
		},
	}
}

func TestSARIFSuppressions(t *testing.T) {
	b, err := suppressedReport().MarshalSARIF(ToolInfo{Name: "attest"})
	if err != nil {
		t.Fatal(err)
	}
	// Read the raw JSON: the contract is the document, not the Go types.
	var doc struct {
		Runs []struct {
			Results []map[string]json.RawMessage `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	res := doc.Runs[0].Results
	if len(res) != 2 {
		t.Fatalf("got %d results; want 2: a suppressed result is still emitted", len(res))
	}
	var sup []map[string]any
	if err := json.Unmarshal(res[0]["suppressions"], &sup); err != nil {
		t.Fatalf("first result: suppressions %s: %v", res[0]["suppressions"], err)
	}
	if len(sup) != 1 || sup[0]["kind"] != "inSource" || sup[0]["justification"] != "ETag of public data" || sup[0]["status"] != "accepted" {
		t.Errorf("got suppressions %v; want one inSource, accepted, with the justification", sup)
	}
	if _, ok := res[1]["suppressions"]; ok {
		t.Errorf("second result: got suppressions %s; want none on an unsuppressed result", res[1]["suppressions"])
	}

	var log SARIFLog
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatal(err)
	}
	got := SuppressionFromSARIF(log.Runs[0].Results[0].Suppressions)
	if want := suppressedReport().Findings[0].Suppression; got == nil || *got != *want {
		t.Errorf("read back: got %+v; want %+v", got, want)
	}
	for _, tt := range []struct {
		name string
		in   []SARIFSuppression
		want bool
	}{
		{"none", nil, false},
		{"under review", []SARIFSuppression{{Kind: "external", Status: "underReview"}}, false},
		{"rejected then accepted", []SARIFSuppression{{Kind: "external", Status: "rejected"}, {Kind: "inSource", Status: "accepted"}}, true},
		{"no status means accepted", []SARIFSuppression{{Kind: "inSource"}}, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := SuppressionFromSARIF(tt.in) != nil; got != tt.want {
				t.Errorf("got suppressed=%v; want %v", got, tt.want)
			}
		})
	}
}

func TestASFFSuppressed(t *testing.T) {
	now := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
	got, err := suppressedReport().ASFF(ASFFOptions{Account: "123456789012", Region: "eu-west-1", Source: "repo", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Workflow.Status != "SUPPRESSED" || got[0].Note == nil || !strings.Contains(got[0].Note.Text, "ETag of public data") {
		t.Errorf("suppressed finding: got workflow %q and note %+v; want SUPPRESSED and the justification", got[0].Workflow.Status, got[0].Note)
	}
	if got[0].Compliance == nil || got[0].Compliance.Status != "FAILED" {
		t.Errorf("suppressed finding: got compliance %+v; want FAILED: an accepted failure is still a failure", got[0].Compliance)
	}
	if got[1].Workflow.Status != "NEW" || got[1].Note != nil {
		t.Errorf("open finding: got workflow %q and note %+v; want NEW and no note", got[1].Workflow.Status, got[1].Note)
	}
}

func TestActive(t *testing.T) {
	fs := suppressedReport().Findings
	got := Active(fs)
	if len(got) != 1 || got[0].Line != 9 || !fs[0].Suppressed() || fs[1].Suppressed() {
		t.Errorf("Active: got %+v; want only the finding at line 9", got)
	}
}
