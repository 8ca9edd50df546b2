package envcheck

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/finding"
	"go.yaml.in/yaml/v3"
)

// corpusRoot holds function-plus-template pairs, each with an expect.yml written from AWS semantics.
const corpusRoot = "../../testdata/envcheck"

// expectation is one labelled outcome: the status of a rule on a function, or, with Action, whether a finding
// of the rule names that action.
type expectation struct {
	Function string `yaml:"function"`
	Rule     string `yaml:"rule"`
	Status   string `yaml:"status"`
	Action   string `yaml:"action"`
}

// runPair checks one corpus pair as the scan does: every file of the pair is in the scanned set.
func runPair(t *testing.T, dir string) *finding.Report {
	t.Helper()
	fsys := os.DirFS(dir)
	var paths []string
	if err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && p != "expect.yml" {
			paths = append(paths, p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	rep, err := Check(context.Background(), fsys, paths)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestCorpus runs every pair and computes precision and recall of FAIL over all labelled outcomes; a
// FAIL evaluation that no expectation names counts as a false positive, so each pair must label every failure.
func TestCorpus(t *testing.T) {
	if !cgoEnabled {
		t.Skip("the corpus needs the tree-sitter parsers (cgo)")
	}
	dirs, err := os.ReadDir(corpusRoot)
	if err != nil {
		t.Fatal(err)
	}
	var tp, fp, fn, pairs int
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		pairs++
		dir := filepath.Join(corpusRoot, d.Name())
		raw, err := os.ReadFile(filepath.Join(dir, "expect.yml"))
		if err != nil {
			t.Fatal(err)
		}
		var exps []expectation
		if err := yaml.Unmarshal(raw, &exps); err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		rep := runPair(t, dir)
		t.Run(d.Name(), func(t *testing.T) {
			labelled := map[string]bool{}
			actions := map[string]bool{}
			for _, e := range exps {
				labelled[e.Function+"/"+e.Rule] = true
				if e.Action != "" {
					labelled[e.Function+"/"+e.Rule+"/actions"] = true
					actions[e.Function+"/"+e.Rule+"/"+e.Action] = true
				}
				got := statusOf(rep, e)
				switch {
				case e.Status == "FAIL" && got == "FAIL":
					tp++
				case e.Status == "FAIL":
					fn++
					t.Errorf("%s %s %s: got %s; want FAIL", e.Function, e.Rule, e.Action, got)
				case got == "FAIL":
					fp++
					t.Errorf("%s %s %s: got FAIL; want %s", e.Function, e.Rule, e.Action, e.Status)
				case got != e.Status:
					t.Errorf("%s %s %s: got %s; want %s", e.Function, e.Rule, e.Action, got, e.Status)
				}
			}
			// Where a pair labels actions, every action a finding names must be labelled.
			for _, f := range rep.Findings {
				a := f.Props["action"]
				if a != "" && labelled[f.LogicalID+"/"+f.RuleID+"/actions"] && !actions[f.LogicalID+"/"+f.RuleID+"/"+a] {
					fp++
					t.Errorf("%s %s: unexpected finding for %s: %s", f.LogicalID, f.RuleID, a, f.Message)
				}
			}
			prints := map[string]string{}
			for _, f := range rep.Findings {
				if other, dup := prints[f.Fingerprint()]; dup {
					t.Errorf("findings %q and %q share a fingerprint", other, f.Message)
				}
				prints[f.Fingerprint()] = f.Message
			}
			for _, ev := range rep.Evaluations {
				if ev.Status == finding.StatusFail && !labelled[ev.ResourceID+"/"+ev.RuleID] {
					fp++
					t.Errorf("%s %s: unexpected FAIL: %s", ev.ResourceID, ev.RuleID, ev.Message)
				}
			}
			if t.Failed() || testing.Verbose() {
				for _, f := range rep.Findings {
					t.Logf("finding %s %s %s:%d %s", f.LogicalID, f.RuleID, f.Path, f.Line, f.Message)
				}
				for _, ev := range rep.Evaluations {
					t.Logf("evaluation %s %s %s %s", ev.ResourceID, ev.RuleID, ev.Status, ev.Message)
				}
			}
		})
	}
	if pairs < 10 {
		t.Errorf("got %d corpus pairs; want at least 10", pairs)
	}
	precision, recall := ratio(tp, tp+fp), ratio(tp, tp+fn)
	t.Logf("corpus: %d pairs, %d true positives, %d false positives, %d false negatives; precision %.3f, recall %.3f",
		pairs, tp, fp, fn, precision, recall)
	if precision < 0.95 || recall < 0.95 {
		t.Errorf("got precision %.3f, recall %.3f; want both at least 0.95", precision, recall)
	}
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// statusOf is the outcome an expectation is about: with an action, FAIL when a finding of the rule for the
// function names the action and PASS otherwise; without, the evaluation's status.
func statusOf(rep *finding.Report, e expectation) string {
	if e.Action != "" {
		for _, f := range rep.Findings {
			if f.LogicalID == e.Function && f.RuleID == e.Rule && strings.Contains(f.Message, "`"+e.Action+"`") {
				return "FAIL"
			}
		}
		for _, ev := range rep.Evaluations {
			if ev.ResourceID == e.Function && ev.RuleID == e.Rule && ev.Status == finding.StatusNotAssessed {
				return "NOT_ASSESSED"
			}
		}
		return "PASS"
	}
	for _, ev := range rep.Evaluations {
		if ev.ResourceID == e.Function && ev.RuleID == e.Rule {
			return string(ev.Status)
		}
	}
	return "missing"
}
