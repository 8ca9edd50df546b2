package scan

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/golden"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
	"github.com/attestdev/attest/shared/suppress"
)

const (
	suppressTree   = "../../testdata/suppress/tree"
	suppressGolden = "../../testdata/suppress/golden/tree.sarif.json"
)

// findingAt returns the findings of a rule at path:line.
func findingsAt(rep *finding.Report, path string, line int, rule string) []finding.Finding {
	var out []finding.Finding
	for _, f := range rep.Findings {
		if f.Path == path && f.Line == line && f.RuleID == rule {
			out = append(out, f)
		}
	}
	return out
}

// TestScanAppliesSuppressions scans a small tree that holds every form of suppression, good and bad, and
// checks each outcome; the SARIF log is compared with a reviewed golden file.
func TestScanAppliesSuppressions(t *testing.T) {
	rep, err := New().Scan(context.Background(), os.DirFS(suppressTree), nil)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		path, rule string
		line       int
		suppressed bool   // the finding exists and is (or is not) suppressed
		source     string // a part of the suppression's source
	}
	for _, w := range []want{
		{"app/digest.py", "ATT-CRYPTO-WEAK-HASH", 6, true, "inline comment at line 5"},
		{"app/digest.py", "ATT-CRYPTO-WEAK-HASH", 10, false, ""},
		{"app/digest.py", suppress.RuleNoReason, 10, false, ""},
		{"app/digest.py", "ATT-CRYPTO-WEAK-HASH", 18, false, ""},
		{"app/digest.py", suppress.RuleUnused, 18, false, ""},
		{"app/cipher.go", "ATT-CRYPTO-WEAK-CIPHER", 10, true, "inline comment at line 10"},
		{"app/cipher.go", suppress.RuleUnknownID, 16, false, ""},
		{"app/cipher.go", "ATT-CRYPTO-WEAK-HASH", 17, false, ""},
		{"infra/storage.yaml", "s3-bucket-level-public-access-prohibited", 4, true, "Metadata.attest"},
		{"infra/storage.yaml", "encrypted-volumes", 16, true, "Metadata.cfn_nag F1 on Scratch"},
		{"infra/storage.yaml", suppress.RuleUnmapped, 23, false, ""},
		{"infra/storage.yaml", suppress.RuleNoReason, 28, false, ""},
		{"infra/storage.yaml", "s3-bucket-level-public-access-prohibited", 29, false, ""},
		{"infra/storage.yaml", "s3-bucket-server-side-encryption-enabled", 29, true, "Metadata.checkov CKV_AWS_19 on Uploads"},
		{"infra/storage.yaml", suppress.RuleUnused, 36, false, ""},
		{"infra/queue.json", "sqs-queue-encrypted", 4, true, "Metadata.cfn_nag W48 on Events"},
		{"infra/queue.json", "encrypted-volumes", 11, false, ""},
		{"infra/queue.json", suppress.RuleNoReason, 13, false, ""},
	} {
		t.Run(w.path+":"+w.rule, func(t *testing.T) {
			fs := findingsAt(rep, w.path, w.line, w.rule)
			if len(fs) != 1 {
				t.Fatalf("got %d findings of %s at %s:%d; want 1", len(fs), w.rule, w.path, w.line)
			}
			s := fs[0].Suppression
			if (s != nil) != w.suppressed {
				t.Fatalf("got suppression %+v; want suppressed=%v", s, w.suppressed)
			}
			if s != nil && (!strings.Contains(s.Source, w.source) || s.Justification == "" || s.Kind != finding.SuppressionInSource) {
				t.Errorf("got suppression %+v; want kind inSource, a justification and a source containing %q", s, w.source)
			}
		})
	}
	t.Run("the string literal is not a directive", func(t *testing.T) {
		for _, f := range rep.Findings {
			if f.Path == "app/digest.py" && f.Line == 14 {
				t.Errorf("got %s at line 14; want nothing from a directive inside a string", f.RuleID)
			}
		}
	})
	t.Run("suppressed failed evaluations never pass", func(t *testing.T) {
		n := 0
		for _, e := range rep.Evaluations {
			if e.Suppression != nil {
				n++
				if e.Status != finding.StatusFail {
					t.Errorf("%s on %s: got a suppressed %s; want only failures suppressed", e.RuleID, e.ResourceID, e.Status)
				}
			}
		}
		if n != 4 {
			t.Errorf("got %d suppressed evaluations; want 4 (Website, Scratch, Uploads, Events)", n)
		}
	})

	got, err := rep.MarshalSARIF(finding.ToolInfo{Name: "attest"})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, suppressGolden, got, *update)
}

// TestStepAppliesSuppressions checks the pipeline path: the scan step reads the changeset from the work
// store and writes SARIF and evaluations with the suppressions in them.
func TestStepAppliesSuppressions(t *testing.T) {
	ctx := context.Background()
	work, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st := run.State{RunID: "r1", Files: map[string]string{}}
	var cs run.Changeset
	for _, p := range []string{"app/cipher.go", "infra/storage.yaml"} {
		data, err := os.ReadFile(filepath.Join(suppressTree, p))
		if err != nil {
			t.Fatal(err)
		}
		key := "blobs/" + strings.ReplaceAll(p, "/", "_")
		if err := work.Put(ctx, key, data); err != nil {
			t.Fatal(err)
		}
		cs.Files = append(cs.Files, run.ChangedFile{Path: p, Change: "added", HeadKey: key})
	}
	raw, _ := json.Marshal(cs)
	if err := work.Put(ctx, st.Key(run.ChangesetFile), raw); err != nil {
		t.Fatal(err)
	}
	st.AddFile(run.ChangesetFile, st.Key(run.ChangesetFile))
	out, err := (&Step{Work: work}).Run(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	b, err := work.Get(ctx, out.Files[FindingsFile])
	if err != nil {
		t.Fatal(err)
	}
	var log finding.SARIFLog
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatal(err)
	}
	suppressed := map[string]string{}
	for _, r := range log.Runs[0].Results {
		if s := finding.SuppressionFromSARIF(r.Suppressions); s != nil {
			suppressed[r.RuleID+"@"+r.Locations[0].PhysicalLocation.ArtifactLocation.URI] = s.Justification
		}
	}
	for _, k := range []string{"ATT-CRYPTO-WEAK-CIPHER@app/cipher.go", "encrypted-volumes@infra/storage.yaml", "s3-bucket-level-public-access-prohibited@infra/storage.yaml"} {
		if suppressed[k] == "" {
			t.Errorf("got no suppression for %s in findings.sarif.json; want one with its justification (got %v)", k, suppressed)
		}
	}
	b, err = work.Get(ctx, out.Files[EvaluationsFile])
	if err != nil {
		t.Fatal(err)
	}
	var evals []finding.Evaluation
	if err := json.Unmarshal(b, &evals); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range evals {
		if e.Suppression != nil {
			n++
		}
	}
	if n != 3 {
		t.Errorf("got %d suppressed evaluations in evaluations.json; want 3", n)
	}
}
