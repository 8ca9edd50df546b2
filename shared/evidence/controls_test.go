package evidence

import (
	"bytes"
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

func TestBuildControlsSuppressed(t *testing.T) {
	accepted := &finding.Suppression{Kind: finding.SuppressionInSource, Justification: "public website", Source: "Metadata.attest"}
	rules := []finding.Rule{
		{ID: "weak-hash", Class: "crypto/weak-hash", Level: finding.LevelError, Controls: []string{"PCI-DSS-4.0/4.2.1"}},
		{ID: "s3-pab", Class: "iac", Level: finding.LevelError, Controls: []string{"SOC2/CC6.6"}},
		{ID: "ebs", Class: "iac", Level: finding.LevelError, Controls: []string{"HIPAA/164.312(a)(2)(iv)"}},
	}
	tests := []struct {
		name       string
		findings   []finding.Finding
		evals      []finding.Evaluation
		control    string
		want       string
		suppressed int
	}{
		{"only suppressed evaluation failures", nil,
			[]finding.Evaluation{
				{RuleID: "s3-pab", Status: finding.StatusFail, Controls: []string{"SOC2/CC6.6"}, ResourceID: "Website", Suppression: accepted},
				{RuleID: "s3-pab", Status: finding.StatusPass, Controls: []string{"SOC2/CC6.6"}, ResourceID: "Logs"},
			}, "SOC2/CC6.6", ControlSuppressed, 1},
		{"an open failure beside a suppressed one", nil,
			[]finding.Evaluation{
				{RuleID: "s3-pab", Status: finding.StatusFail, Controls: []string{"SOC2/CC6.6"}, ResourceID: "Website", Suppression: accepted},
				{RuleID: "s3-pab", Status: finding.StatusFail, Controls: []string{"SOC2/CC6.6"}, ResourceID: "Uploads"},
			}, "SOC2/CC6.6", ControlFail, 1},
		{"a suppressed SARIF finding", []finding.Finding{{RuleID: "weak-hash", Level: finding.LevelError, Path: "a.py", Line: 3, Suppression: accepted}},
			nil, "PCI-DSS-4.0/4.2.1", ControlSuppressed, 1},
		{"an open SARIF finding", []finding.Finding{{RuleID: "weak-hash", Level: finding.LevelError, Path: "a.py", Line: 3}},
			nil, "PCI-DSS-4.0/4.2.1", ControlFail, 0},
		{"suppressed with not assessed is still not a pass", nil,
			[]finding.Evaluation{
				{RuleID: "ebs", Status: finding.StatusFail, Controls: []string{"HIPAA/164.312(a)(2)(iv)"}, ResourceID: "Disk", Suppression: accepted},
				{RuleID: "ebs", Status: finding.StatusNotAssessed, Controls: []string{"HIPAA/164.312(a)(2)(iv)"}, ResourceID: "Other"},
			}, "HIPAA/164.312(a)(2)(iv)", ControlSuppressed, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := &finding.Report{Rules: rules, Findings: tt.findings}
			log, err := rep.SARIF(finding.ToolInfo{Name: "attest"})
			if err != nil {
				t.Fatal(err)
			}
			var got *ControlDetail
			cs := BuildControls(tt.evals, log)
			for i := range cs.Controls {
				if cs.Controls[i].ID == tt.control {
					got = &cs.Controls[i]
				}
			}
			if got == nil {
				t.Fatalf("no control %s in %+v", tt.control, cs.Controls)
			}
			if got.Status != tt.want || got.Suppressed != tt.suppressed {
				t.Errorf("got status %s with %d suppressed; want %s with %d", got.Status, got.Suppressed, tt.want, tt.suppressed)
			}
			if got.Status == ControlPass {
				t.Error("a control with a suppressed failure passed")
			}
			for _, f := range got.Findings {
				if (f.Suppression != nil) != (tt.findings[0].Suppression != nil) {
					t.Errorf("finding %+v: suppression not carried from the SARIF log", f)
				}
			}
			for _, c := range cs.Summary() {
				if c.ID == tt.control && c.Status != tt.want {
					t.Errorf("summary: got %s; want %s", c.Status, tt.want)
				}
			}
			html, err := RenderReport(ReportInput{ID: "p1", Controls: cs})
			if err != nil {
				t.Fatal(err)
			}
			if tt.suppressed > 0 && !bytes.Contains(html, []byte("public website")) {
				t.Errorf("report.html does not show the suppression's justification:\n%s", html)
			}
		})
	}
}
