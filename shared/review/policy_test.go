package review

import (
	"context"
	"testing"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/policy"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

// The merge gate applies the repository's policy file that the scan applied, unless the deployment gave
// its own, which overrides the repository's as it does for the scan.
func TestReviewAppliesTheScansPolicy(t *testing.T) {
	ctx := context.Background()
	rep := &finding.Report{
		Rules:    []finding.Rule{{ID: "ATT-CRYPTO-QUANTUM-VULNERABLE-RSA", Title: "RSA", Level: finding.LevelWarning, Class: "crypto/quantum-vulnerable"}},
		Findings: []finding.Finding{{RuleID: "ATT-CRYPTO-QUANTUM-VULNERABLE-RSA", Level: finding.LevelWarning, Message: "RSA-2048", Path: "a.go", Line: 3}},
	}
	sarif, err := rep.MarshalSARIF(finding.ToolInfo{Name: "attest", Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name           string
		repoPolicy     string // policy.yml in the run; "" for none
		fromDeployment bool
		wantApproved   bool
	}{
		{"default policy: warnings pass", "", false, true},
		{"repository blocks warnings", "blockLevels: [error, warning]\n", false, false},
		{"deployment overrides the repository", "blockLevels: [error, warning]\n", true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st, err := store.NewLocal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			state := run.State{RunID: "p1", Flow: run.FlowPush, Status: "complete", Files: map[string]string{FindingsFile: "runs/p1/findings.sarif.json"},
				Subject: run.Subject{Repository: "r", PullRequestID: "7", RevisionID: "rev", Commit: "c", DestinationCommit: "d"}}
			if err := st.Put(ctx, "runs/p1/findings.sarif.json", sarif); err != nil {
				t.Fatal(err)
			}
			if tc.repoPolicy != "" {
				if err := st.Put(ctx, "runs/p1/policy.yml", []byte(tc.repoPolicy)); err != nil {
					t.Fatal(err)
				}
				state.Files[PolicyFile] = "runs/p1/policy.yml"
			}
			step := &Step{Work: st, Host: &LocalHost{Store: st}, Policy: policy.Default(), FromDeployment: tc.fromDeployment}
			res, err := step.Review(ctx, state)
			if err != nil {
				t.Fatal(err)
			}
			if res.Approved != tc.wantApproved {
				t.Errorf("approved = %v (%s); want %v", res.Approved, res.Reason, tc.wantApproved)
			}
		})
	}
}
