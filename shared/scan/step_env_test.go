package scan

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/envcheck"
	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

// The push step joins a template's functions with the code pushed with it, as attest scan does, and an
// environment finding can be suppressed in the code like any other.
func TestStepRunsEnvironmentChecks(t *testing.T) {
	const dir = "../../testdata/envcheck/sam-python-s3-acl"
	tests := []struct {
		name       string
		edit       func(path string, data []byte) []byte
		withCode   bool
		wantActive []string // env-missing-permission actions still open
		wantSupp   int
	}{
		{name: "template and code pushed together", withCode: true,
			wantActive: []string{"dynamodb:GetItem", "s3:PutObject", "s3:PutObjectAcl"}},
		{name: "only the template pushed", withCode: false},
		{name: "the write suppressed in the code", withCode: true,
			edit: func(p string, data []byte) []byte {
				if p != "src/app.py" {
					return data
				}
				var out []string
				for _, line := range strings.Split(string(data), "\n") {
					if strings.TrimSpace(line) == "s3.put_object(" {
						out = append(out, "    # attest:ignore env-missing-permission granted by the bucket policy, outside this template")
					}
					out = append(out, line)
				}
				return []byte(strings.Join(out, "\n"))
			},
			wantActive: []string{"dynamodb:GetItem"}, wantSupp: 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ctx := context.Background()
			work, err := store.NewLocal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			cs := run.Changeset{Repository: "r", HeadCommit: strings.Repeat("b", 40)}
			err = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() || d.Name() == "expect.yml" {
					return err
				}
				rel, _ := filepath.Rel(dir, p)
				rel = filepath.ToSlash(rel)
				if !tc.withCode && rel != "template.yaml" {
					return nil
				}
				data, err := os.ReadFile(p)
				if err != nil {
					return err
				}
				if tc.edit != nil {
					data = tc.edit(rel, data)
				}
				key := "runs/e1/head/" + rel
				if err := work.Put(ctx, key, data); err != nil {
					return err
				}
				cs.Files = append(cs.Files, run.ChangedFile{Path: rel, Change: run.ChangeAdded, HeadKey: key, Size: int64(len(data))})
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			putJSON(t, work, "runs/e1/changes.json", cs)
			out, err := (&Step{Work: work, Version: "test"}).Run(ctx, run.State{RunID: "e1", Flow: run.FlowPush,
				Files: map[string]string{run.ChangesetFile: "runs/e1/changes.json"}})
			if err != nil {
				t.Fatal(err)
			}
			raw, err := work.Get(ctx, out.Files[FindingsFile])
			if err != nil {
				t.Fatal(err)
			}
			var log finding.SARIFLog
			if err := json.Unmarshal(raw, &log); err != nil {
				t.Fatal(err)
			}
			var active []string
			supp := 0
			for _, r := range log.Runs[0].Results {
				if r.RuleID != envcheck.RuleMissingPermission {
					continue
				}
				if len(r.Suppressions) > 0 {
					supp++
					continue
				}
				active = append(active, r.Properties["action"])
			}
			if strings.Join(sorted(active), ",") != strings.Join(tc.wantActive, ",") || supp != tc.wantSupp {
				t.Errorf("open missing permissions %v, %d suppressed; want %v, %d", sorted(active), supp, tc.wantActive, tc.wantSupp)
			}
		})
	}
}

func sorted(ss []string) []string {
	out := slices.Clone(ss)
	slices.Sort(out)
	return out
}
