package finding

import (
	"strings"
	"testing"
	"time"
)

func TestASFF(t *testing.T) {
	rep := &Report{
		Rules: []Rule{{ID: "ATT-CRYPTO-WEAK-HASH", Title: "Weak hash", Class: "crypto/weak-hash", Level: LevelError,
			Remediation: "Use SHA-256.", HelpURI: "https://example.com", Controls: []string{"PCI-DSS-4.0/4.2.1"}}},
		Findings: []Finding{
			{RuleID: "ATT-CRYPTO-WEAK-HASH", Level: LevelError, Path: "a.py", Line: 3, Message: strings.Repeat("x", 2000), Snippet: "hashlib.md5(p)"},
			{RuleID: "ATT-CRYPTO-WEAK-HASH", Level: LevelNote, Path: "etag.py", Line: 9, Message: "etag", Snippet: "hashlib.md5(b, usedforsecurity=False)"},
		},
	}
	now := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
	got, err := rep.ASFF(ASFFOptions{Account: "123456789012", Region: "us-east-1", Source: "attest-sample", Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d findings; want 2", len(got))
	}
	f := got[0]
	if f.SchemaVersion != "2018-10-08" || f.ProductArn != "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default" ||
		f.AwsAccountID != "123456789012" || f.CreatedAt != "2026-11-20T14:00:00Z" || f.Severity.Label != "HIGH" || got[1].Severity.Label != "INFORMATIONAL" {
		t.Errorf("required fields: got %+v", f)
	}
	if len(f.Description) > 1024 || f.Compliance == nil || f.Compliance.RelatedRequirements[0] != "PCI-DSS-4.0/4.2.1" {
		t.Errorf("got description of %d bytes and compliance %+v; want ≤ 1024 and the control", len(f.Description), f.Compliance)
	}
	again, _ := rep.ASFF(ASFFOptions{Account: "123456789012", Region: "us-east-1", Source: "attest-sample", Now: now.Add(time.Hour)})
	if again[0].ID != f.ID || f.ID == got[1].ID {
		t.Errorf("IDs: got %s, %s then %s; want stable across runs and distinct per finding", f.ID, got[1].ID, again[0].ID)
	}
	for _, bad := range []ASFFOptions{{Account: "12345", Region: "us-east-1"}, {Account: "123456789012"}} {
		if _, err := rep.ASFF(bad); err == nil {
			t.Errorf("ASFF(%+v): got no error; want one", bad)
		}
	}
}
