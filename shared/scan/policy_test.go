package scan

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/policy"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

func TestStepPolicy(t *testing.T) {
	const tpl = "Resources:\n  Orders:\n    Type: AWS::SQS::Queue\n    Properties:\n      Tags: [{Key: owner, Value: orders}]\n"
	override, err := policy.Parse([]byte("requiredTags: [owner]\nframeworks: [SOC2]\n"))
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		repoFile string // .attest.yml changed by the push; "" for none
		headFile string // .attest.yml unchanged by the push, as fetch reads it at the head; "" for none
		override *policy.Policy
		want     finding.Status // required-tags on Orders; "" for no evaluation
		gap      string
		controls string // a control prefix every evaluation must have only, "" for any
	}{
		{"no policy", "", "", nil, "", "", ""},
		{"repository policy", "requiredTags: [owner, data-classification]\n", "", nil, finding.StatusFail, "", ""},
		{"repository policy unchanged by the push", "", "requiredTags: [owner, data-classification]\n", nil, finding.StatusFail, "", ""},
		{"changed policy wins over the head copy", "requiredTags: [owner]\n", "requiredTags: [owner, data-classification]\n", nil, finding.StatusPass, "", ""},
		{"deployment overrides repository", "requiredTags: [owner, data-classification]\n", "", &override, finding.StatusPass, "", "SOC2/"},
		{"broken repository policy", "requiredTags: {", "", nil, "", ".attest.yml", ""},
		{"broken unchanged policy", "", "requiredTags: {", nil, "", ".attest.yml", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			work, err := store.NewLocal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			cs := run.Changeset{Repository: "r"}
			add := func(path, data string) {
				key := "runs/r1/head/" + path
				if err := work.Put(ctx, key, []byte(data)); err != nil {
					t.Fatal(err)
				}
				cs.Files = append(cs.Files, run.ChangedFile{Path: path, Change: run.ChangeModified, HeadKey: key, Size: int64(len(data))})
			}
			add("infra/queue.yaml", tpl)
			if c.repoFile != "" {
				add(".attest.yml", c.repoFile)
			}
			if c.headFile != "" {
				if err := work.Put(ctx, "runs/r1/policy/.attest.yml", []byte(c.headFile)); err != nil {
					t.Fatal(err)
				}
				cs.Policy = &run.PolicyFile{Path: ".attest.yml", Key: "runs/r1/policy/.attest.yml"}
			}
			raw, _ := json.Marshal(cs)
			if err := work.Put(ctx, "runs/r1/changes.json", raw); err != nil {
				t.Fatal(err)
			}
			step := &Step{Work: work, Service: New(), Policy: c.override}
			out, err := step.Run(ctx, run.State{RunID: "r1", Flow: run.FlowPush, Files: map[string]string{run.ChangesetFile: "runs/r1/changes.json"}})
			if err != nil {
				t.Fatal(err)
			}
			b, err := work.Get(ctx, out.Files[EvaluationsFile])
			if err != nil {
				t.Fatal(err)
			}
			var evals []finding.Evaluation
			if err := json.Unmarshal(b, &evals); err != nil {
				t.Fatal(err)
			}
			var got finding.Status
			for _, e := range evals {
				if e.RuleID == "required-tags" && e.ResourceID == "Orders" {
					got = e.Status
				}
				for _, ctl := range e.Controls {
					if c.controls != "" && !strings.HasPrefix(ctl, c.controls) {
						t.Errorf("%s carries control %s; want only %s*", e.RuleID, ctl, c.controls)
					}
				}
			}
			if got != c.want {
				t.Errorf("required-tags: got %q; want %q", got, c.want)
			}
			gaps := strings.Join(func() []string {
				var s []string
				for _, g := range out.Gaps {
					s = append(s, g.Reason)
				}
				return s
			}(), "; ")
			if (c.gap == "") != (gaps == "") || !strings.Contains(gaps, c.gap) {
				t.Errorf("got gaps %q; want one mentioning %q", gaps, c.gap)
			}
		})
	}
}
