package crypto

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/finding"
)

// summarize renders findings compactly for table comparisons: "L5 weak-hash error MD5",
// "L9 short-key error RSA-1024", "L12 quantum warning RSA-unknown".
func summarize(fs []finding.Finding) []string {
	out := []string{}
	for _, f := range fs {
		short := map[string]string{
			RuleWeakHash:             "weak-hash",
			RuleShortKeyRSA:          "short-key",
			RuleQuantumVulnerableRSA: "quantum",
		}[f.RuleID]
		if short == "" {
			short = f.RuleID
		}
		what := f.Props["algorithm"]
		if ks, ok := f.Props["keySize"]; ok {
			what += "-" + ks
		}
		out = append(out, fmt.Sprintf("L%d %s %s %s", f.Line, short, f.Level, what))
	}
	slices.Sort(out)
	return out
}

type analyzerCase struct {
	name string
	src  string
	want []string
}

func runCases(t *testing.T, a Analyzer, file string, cases []analyzerCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := findingsOf(a.Analyze(context.Background(), file, []byte(tc.src)))
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			got := summarize(fs)
			want := slices.Clone(tc.want)
			if want == nil {
				want = []string{}
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("got findings\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
			checkFindings(t, file, fs)
		})
	}
}

// checkFindings checks what every finding must carry, whatever it is about.
func checkFindings(t *testing.T, file string, fs []finding.Finding) {
	t.Helper()
	rules := map[string]finding.Rule{}
	for _, r := range Rules() {
		rules[r.ID] = r
	}
	for _, f := range fs {
		if _, ok := rules[f.RuleID]; !ok {
			t.Errorf("finding names rule %q; want a registered rule", f.RuleID)
		}
		if f.Path != file || f.Line < 1 || f.Column < 1 || f.Snippet == "" {
			t.Errorf("finding at %s:%d:%d snippet %q; want path %s, a line, a column and a snippet", f.Path, f.Line, f.Column, f.Snippet, file)
		}
		if f.Props["algorithm"] == "" || !strings.Contains(f.Message, f.Props["algorithm"]) {
			t.Errorf("finding message %q does not name its algorithm %q", f.Message, f.Props["algorithm"])
		}
		if !strings.Contains(f.Message, "NIST") {
			t.Errorf("finding message %q cites no standard", f.Message)
		}
	}
}

// findingsOf keeps the findings of an analyzer's result, for the tests about findings alone.
func findingsOf(r Result, err error) ([]finding.Finding, error) { return r.Findings, err }

// fuzzFindings keeps the findings of an analyzer's result after checking what every asset of the inventory
// must carry, whatever the input: a place in the file, an algorithm, a class, and a kind.
func fuzzFindings(t *testing.T, src []byte) func(Result, error) ([]finding.Finding, error) {
	return func(r Result, err error) ([]finding.Finding, error) {
		t.Helper()
		lines := 1 + strings.Count(string(src), "\n")
		for _, a := range r.Assets {
			if a.Line < 1 || a.Line > lines || a.Algorithm == "" || a.Class == "" || a.Kind == "" {
				t.Errorf("asset %+v; want a line within the %d of the file, an algorithm, a class and a kind", a, lines)
			}
		}
		if err != nil && len(r.Assets) > 0 {
			t.Errorf("got %d assets with the error %v; want none", len(r.Assets), err)
		}
		return r.Findings, err
	}
}
