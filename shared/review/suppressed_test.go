package review

import (
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/policy"
)

// A finding accepted in the code with a reason neither blocks the merge nor disappears from the comment.
func TestDecideSuppressed(t *testing.T) {
	accepted := finding.Finding{RuleID: "ATT-CRYPTO-WEAK-HASH", Level: finding.LevelError, Path: "etag.py", Line: 3,
		Message: "MD5", Suppression: &finding.Suppression{Kind: finding.SuppressionInSource, Justification: "S3 ETag comparison only"}}
	open := accepted
	open.Suppression = nil
	open.Path = "auth.py"
	tests := []struct {
		name         string
		findings     []finding.Finding
		wantApprove  bool
		wantBlocking int
	}{
		{"only suppressed", []finding.Finding{accepted}, true, 0},
		{"suppressed and open", []finding.Finding{accepted, open}, false, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := Input{Report: &finding.Report{Findings: tc.findings}, Policy: policy.Default()}
			v := Decide(in)
			if v.Approve != tc.wantApprove || len(v.Blocking) != tc.wantBlocking || len(v.Suppressed) != 1 {
				t.Fatalf("Decide = approve %v, %d blocking, %d suppressed; want %v, %d, 1 (%s)",
					v.Approve, len(v.Blocking), len(v.Suppressed), tc.wantApprove, tc.wantBlocking, v.Reason)
			}
			c := Compose(in, v)
			if !strings.Contains(c, "Suppressed in the code (1)") || !strings.Contains(c, "S3 ETag comparison only") {
				t.Errorf("comment lacks the suppressed finding and its reason:\n%s", c)
			}
		})
	}
}
