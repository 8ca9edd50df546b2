package run

import (
	"strings"
	"testing"
)

func TestExecutionName(t *testing.T) {
	cases := []struct {
		name  string
		flow  Flow
		label string
		ids   []string
	}{
		{"plain", FlowPush, "attest-sample-main", []string{"attest-sample", "main", "abc"}},
		{"unsafe characters", FlowConfig, "AWS::S3::Bucket-my.bucket", []string{"x"}},
		{"long label", FlowAlarm, strings.Repeat("very-long-alarm-name-", 10), []string{"y"}},
		{"empty label", FlowAlarm, "::", []string{"z"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := ExecutionName(tc.flow, tc.label, tc.ids...)
			if len(got) > 80 || strings.Trim(got, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != "" {
				t.Errorf("got %q; want at most 80 characters of [A-Za-z0-9_-]", got)
			}
			if !strings.HasPrefix(got, string(tc.flow)+"-") {
				t.Errorf("got %q; want the flow first", got)
			}
			if again := ExecutionName(tc.flow, tc.label, tc.ids...); again != got {
				t.Errorf("got %q then %q for the same identity", got, again)
			}
			if other := ExecutionName(tc.flow, tc.label, append(tc.ids, "more")...); other == got {
				t.Errorf("another identity got the same name %q", got)
			}
		})
	}
	if ExecutionName(FlowPush, "a", "b", "c") == ExecutionName(FlowPush, "a", "bc") {
		t.Error("identity parts are not separated: (b, c) and (bc) collide")
	}
}

func TestMergedFoldsBranchesAndErrors(t *testing.T) {
	in := State{RunID: "r", Files: map[string]string{"changes.json": "k0"}}
	scan := in.Clone()
	scan.AddFile("findings.sarif.json", "k1")
	scan.SetSummary("findings", "2 error")
	fc := in.Clone()
	fc.Error = &StepError{Error: "*forecast.StepError", Cause: "read base: timeout"}
	fc.FailedStep = "forecast"
	in.Branches = []State{scan, fc}
	m := in.Merged()
	if m.Files["findings.sarif.json"] != "k1" || m.Files["changes.json"] != "k0" {
		t.Errorf("got files %v; want both the input's and the branch's", m.Files)
	}
	if len(m.Gaps) != 1 || m.Gaps[0].Step != "forecast" || !strings.Contains(m.Gaps[0].Reason, "timeout") {
		t.Errorf("got gaps %v; want the forecast failure", m.Gaps)
	}
	if m.Summary["findings"] != "2 error" || m.Branches != nil || m.Error != nil {
		t.Errorf("got %+v; want the summary kept and branches folded away", m)
	}
	if _, ok := in.Files["findings.sarif.json"]; ok {
		t.Error("a branch's AddFile changed the input state: Clone shares the map")
	}
}
