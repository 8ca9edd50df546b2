package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/finding"
)

// TestScanRepositoryPolicy checks that attest scan reads .attest.yml from the scanned directory, that --config
// overrides it, and that a broken one is a usage error.
func TestScanRepositoryPolicy(t *testing.T) {
	const tpl = "Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n    Properties:\n      SqsManagedSseEnabled: true\n      Tags: [{Key: owner, Value: jobs}]\n"
	cases := []struct {
		name     string
		repo     string // .attest.yml; "" for none
		config   string // --config file; "" for none
		code     int
		tags     finding.Status // required-tags on Jobs; "" for no evaluation
		controls string         // every control must start with this; "" for any
	}{
		{"no policy", "", "", exitOK, "", ""},
		{"repository requires a missing tag, and it blocks", "requiredTags: [owner, data-classification]\nblock: [required-tags]\n", "", exitBlocking, finding.StatusFail, ""},
		{"repository tags present, SOC 2 only", "requiredTags: [owner]\nframeworks: [SOC2]\n", "", exitOK, finding.StatusPass, "SOC2/"},
		{"--config overrides the repository", "requiredTags: [data-classification]\nblock: [required-tags]\n", "requiredTags: [owner]\n", exitOK, finding.StatusPass, ""},
		{"broken repository policy", "requiredTags: {", "", exitUsage, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "queue.yaml"), []byte(tpl), 0o644); err != nil {
				t.Fatal(err)
			}
			if c.repo != "" {
				if err := os.WriteFile(filepath.Join(dir, ".attest.yml"), []byte(c.repo), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			args := []string{"scan", "--format", "json"}
			if c.config != "" {
				cfg := filepath.Join(t.TempDir(), "policy.yml")
				if err := os.WriteFile(cfg, []byte(c.config), 0o644); err != nil {
					t.Fatal(err)
				}
				args = append(args, "--config", cfg)
			}
			code, out, stderr := attest(t, nil, append(args, dir)...)
			if code != c.code {
				t.Fatalf("got exit %d; want %d (stderr %q)", code, c.code, stderr)
			}
			if code == exitUsage {
				if !strings.Contains(stderr, ".attest.yml") {
					t.Errorf("got stderr %q; want it to name .attest.yml", stderr)
				}
				return
			}
			var rep finding.Report
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("output is not a report: %v", err)
			}
			var got finding.Status
			for _, e := range rep.Evaluations {
				if e.RuleID == "required-tags" && e.ResourceID == "Jobs" {
					got = e.Status
				}
				for _, ctl := range e.Controls {
					if c.controls != "" && !strings.HasPrefix(ctl, c.controls) {
						t.Errorf("%s carries %s; want only %s controls", e.RuleID, ctl, c.controls)
					}
				}
			}
			if got != c.tags {
				t.Errorf("required-tags: got %q; want %q", got, c.tags)
			}
		})
	}
}
