package iac

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
	"go.yaml.in/yaml/v3"
)

// corpusDir holds the labelled corpus: templates and, beside each, <name>.expect.yml with the outcome every
// rule should have on every resource, written from AWS's documented behaviour.
const corpusDir = "../../testdata/iac/corpus"

// Thresholds the corpus must meet.
const (
	minCorpusTemplates = 50
	minPrecision       = 0.95
	minRecall          = 0.95
	minNAAccuracy      = 0.95
)

// corpusExpect is one .expect.yml.
type corpusExpect struct {
	// Source names where a template comes from (an AWS sample, with its licence) or "written for this corpus".
	Source string `yaml:"source"`
	// Params are deploy-time parameter values, as a pipeline would pass them.
	Params map[string]string `yaml:"params"`
	Expect []struct {
		Resource string `yaml:"resource"`
		Rule     string `yaml:"rule"`
		Status   string `yaml:"status"`
	} `yaml:"expect"`
}

// ruleScore counts one rule's outcomes over the corpus.
type ruleScore struct {
	tp, fp, fn, naWant, naGot, agree, total int
}

func TestCorpusPrecisionRecall(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(corpusDir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	scores := map[string]*ruleScore{}
	score := func(rule string) *ruleScore {
		if scores[rule] == nil {
			scores[rule] = &ruleScore{}
		}
		return scores[rule]
	}
	templates, aws := 0, 0
	for _, file := range files {
		name := filepath.Base(file)
		if strings.HasSuffix(name, ".expect.yml") || strings.HasSuffix(name, ".md") {
			continue
		}
		templates++
		expectFile := strings.TrimSuffix(file, filepath.Ext(file)) + ".expect.yml"
		raw, err := os.ReadFile(expectFile)
		if err != nil {
			t.Errorf("%s has no labels: %v", name, err)
			continue
		}
		var exp corpusExpect
		if err := yaml.Unmarshal(raw, &exp); err != nil {
			t.Errorf("%s: %v", expectFile, err)
			continue
		}
		if strings.Contains(exp.Source, "aws-cloudformation-templates") {
			aws++
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		tpl, err := cfn.Parse(name, data)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		rep := ScanParsedWith(tpl, data, exp.Params, nil)
		got := map[string]finding.Evaluation{}
		for _, e := range rep.Evaluations {
			got[e.ResourceID+" "+e.RuleID] = e
		}
		want := map[string]finding.Status{}
		for _, e := range exp.Expect {
			k := e.Resource + " " + e.Rule
			if _, dup := want[k]; dup {
				t.Errorf("%s: %s labelled twice", name, k)
			}
			want[k] = finding.Status(e.Status)
			switch want[k] {
			case finding.StatusPass, finding.StatusFail, finding.StatusNotAssessed:
			default:
				t.Errorf("%s: %s has status %q, not PASS, FAIL or NOT_ASSESSED", name, k, e.Status)
			}
		}
		keys := make([]string, 0, len(want)+len(got))
		for k := range want {
			keys = append(keys, k)
		}
		for k := range got {
			if _, ok := want[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			w, labelled := want[k]
			g, evaluated := got[k]
			rule := k[strings.Index(k, " ")+1:]
			s := score(rule)
			s.total++
			switch {
			case !labelled:
				t.Errorf("%s: %s is evaluated (%s: %s) but not labelled; label every evaluation", name, k, g.Status, g.Message)
				continue
			case !evaluated:
				t.Logf("%s: %s labelled %s but not evaluated", name, k, w)
			case g.Status != w:
				t.Logf("%s: %s: got %s (%s); want %s", name, k, g.Status, g.Message, w)
			default:
				s.agree++
			}
			if w == finding.StatusFail && g.Status == finding.StatusFail {
				s.tp++
			}
			if w != finding.StatusFail && g.Status == finding.StatusFail {
				s.fp++
			}
			if w == finding.StatusFail && g.Status != finding.StatusFail {
				s.fn++
			}
			if w == finding.StatusNotAssessed {
				s.naWant++
				if g.Status == finding.StatusNotAssessed {
					s.naGot++
				}
			}
		}
	}
	if templates < minCorpusTemplates {
		t.Errorf("got %d labelled templates; want at least %d", templates, minCorpusTemplates)
	}
	if aws < 20 {
		t.Errorf("got %d labelled AWS sample templates; want at least 20", aws)
	}
	var all ruleScore
	rules := make([]string, 0, len(scores))
	for r, s := range scores {
		rules = append(rules, r)
		all.tp, all.fp, all.fn = all.tp+s.tp, all.fp+s.fp, all.fn+s.fn
		all.naWant, all.naGot, all.agree, all.total = all.naWant+s.naWant, all.naGot+s.naGot, all.agree+s.agree, all.total+s.total
	}
	sort.Strings(rules)
	if testing.Verbose() {
		var b strings.Builder
		fmt.Fprintf(&b, "\n%-52s %5s %5s %5s %9s %6s %6s\n", "rule", "TP", "FP", "FN", "NA ok", "agree", "total")
		for _, r := range rules {
			s := scores[r]
			fmt.Fprintf(&b, "%-52s %5d %5d %5d %4d/%-4d %6d %6d\n", r, s.tp, s.fp, s.fn, s.naGot, s.naWant, s.agree, s.total)
		}
		t.Log(b.String())
	}
	precision, recall, na := ratio(all.tp, all.tp+all.fp), ratio(all.tp, all.tp+all.fn), ratio(all.naGot, all.naWant)
	t.Logf("%d templates (%d AWS samples), %d labels, %d rules: FAIL precision %.3f, recall %.3f; NOT_ASSESSED accuracy %.3f; overall agreement %.3f",
		templates, aws, all.total, len(rules), precision, recall, na, ratio(all.agree, all.total))
	if precision < minPrecision || recall < minRecall || na < minNAAccuracy {
		t.Errorf("got precision %.3f, recall %.3f, NOT_ASSESSED accuracy %.3f; want at least %.2f, %.2f and %.2f",
			precision, recall, na, minPrecision, minRecall, minNAAccuracy)
	}
}

// ratio is n/d, and 1 when there is nothing to measure.
func ratio(n, d int) float64 {
	if d == 0 {
		return 1
	}
	return float64(n) / float64(d)
}
