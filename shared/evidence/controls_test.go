package evidence

import (
	"testing"

	"github.com/attestdev/attest/shared/finding"
)

func TestBuildControls(t *testing.T) {
	rep := &finding.Report{
		Rules: []finding.Rule{
			{ID: "weak-hash", Class: "crypto/weak-hash", Level: finding.LevelError, Controls: []string{"PCI-DSS-4.0/4.2.1"}},
			{ID: "s3-pab", Class: "iac", Level: finding.LevelError, ConfigRule: "s3-bucket-level-public-access-prohibited", Controls: []string{"HIPAA/164.312(a)(1)", "SOC2/CC6.6"}},
			{ID: "s3-sse", Class: "iac", Level: finding.LevelNote, Controls: []string{"HIPAA/164.312(a)(2)(iv)"}},
		},
		Findings: []finding.Finding{
			{RuleID: "weak-hash", Level: finding.LevelNote, Path: "etag.py", Line: 3, Message: "MD5 for an ETag"},
			{RuleID: "s3-pab", Level: finding.LevelError, Path: "t.yaml", Line: 9, LogicalID: "Uploads", Message: "open"},
		},
	}
	evals := []finding.Evaluation{
		{RuleID: "s3-pab", Status: finding.StatusFail, Controls: []string{"HIPAA/164.312(a)(1)", "SOC2/CC6.6"}, ResourceID: "Uploads"},
		{RuleID: "s3-pab", Status: finding.StatusPass, Controls: []string{"HIPAA/164.312(a)(1)", "SOC2/CC6.6"}, ResourceID: "Artifacts"},
		{RuleID: "s3-sse", Status: finding.StatusPass, Controls: []string{"HIPAA/164.312(a)(2)(iv)"}, ResourceID: "Artifacts"},
		{RuleID: "s3-sse", Status: finding.StatusNotAssessed, Controls: []string{"HIPAA/164.312(a)(2)(iv)"}, ResourceID: "Uploads"},
	}
	log, err := rep.SARIF(finding.ToolInfo{Name: "attest"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]Control{}
	for _, c := range BuildControls(evals, log).Summary() {
		got[c.ID] = c
	}
	want := map[string]Control{
		"HIPAA/164.312(a)(1)":     {ID: "HIPAA/164.312(a)(1)", Status: ControlFail, Findings: 1},
		"SOC2/CC6.6":              {ID: "SOC2/CC6.6", Status: ControlFail, Findings: 1},
		"HIPAA/164.312(a)(2)(iv)": {ID: "HIPAA/164.312(a)(2)(iv)", Status: ControlNotAssessed, Findings: 0},
	}
	if len(got) != len(want) {
		t.Errorf("got controls %v; want %v (a note never fails PCI 4.2.1)", got, want)
	}
	for id, w := range want {
		if got[id] != w {
			t.Errorf("%s: got %+v; want %+v", id, got[id], w)
		}
	}
}
