package explain_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/snapshot"
)

// minAccuracy is the top-1 accuracy the engine must reach over the scenario snapshots.
const minAccuracy = 0.9

// explainScenario explains the alarm of one scenario directory from its own snapshot.
func explainScenario(t testing.TB, dir string) *explain.Explanation {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "event.json"))
	if err != nil {
		t.Fatal(err)
	}
	alarm, err := explain.DecodeAlarmEvent(raw)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	snap, err := snapshot.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	exp, err := (&explain.Explainer{Context: snap}).Explain(context.Background(), alarm)
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	return exp
}

// correct reports whether an explanation gives a scenario's expected answer at top 1. For a scenario whose
// right answer is "not decided", the answer is correct when its confidence is inconclusive, whatever
// hypothesis it names as open; otherwise the root cause must be the expected one.
func correct(want, wantConfidence string, got *explain.Explanation) bool {
	if want == explain.UnknownCause || wantConfidence == explain.Inconclusive {
		return got.RootCause.Confidence == explain.Inconclusive && (want == explain.UnknownCause || got.RootCause.ID == want)
	}
	return got.RootCause.ID == want
}

// TestAccuracy runs every scenario under testdata/context, computes the top-1 accuracy of the root cause,
// and fails below minAccuracy or on any confirmed answer that is wrong: a confident wrong diagnosis sends
// the on-call engineer the wrong way, which is worse than saying "inconclusive".
func TestAccuracy(t *testing.T) {
	want := map[string]struct{ id, confidence string }{}
	for _, sc := range scenarios {
		want[sc.dir] = struct{ id, confidence string }{sc.rootCause, sc.confidence}
	}
	entries, err := os.ReadDir(contextDir)
	if err != nil {
		t.Fatal(err)
	}
	type tally struct{ total, right int }
	perCause := map[string]*tally{}
	total, right := 0, 0
	for _, e := range entries {
		dir := filepath.Join(contextDir, e.Name())
		if _, err := os.Stat(filepath.Join(dir, "event.json")); err != nil {
			continue
		}
		w, ok := want[e.Name()]
		if !ok {
			t.Errorf("scenario %s has no expected root cause in the scenarios table", e.Name())
			continue
		}
		got := explainScenario(t, dir)
		ok = correct(w.id, w.confidence, got)
		total++
		key := w.id
		if w.confidence == explain.Inconclusive {
			key += " (inconclusive)"
		}
		if perCause[key] == nil {
			perCause[key] = &tally{}
		}
		perCause[key].total++
		if ok {
			right++
			perCause[key].right++
		} else {
			t.Logf("%s: got %s (%s); want %s (%s)", e.Name(), got.RootCause.ID, got.RootCause.Confidence, w.id, w.confidence)
		}
		if !ok && got.RootCause.Confidence == explain.Confirmed {
			t.Errorf("%s: confirmed wrong answer %s; want %s (%s): %s", e.Name(), got.RootCause.ID, w.id, w.confidence, got.RootCause.Summary)
		}
	}
	if total == 0 {
		t.Fatal("no scenarios found")
	}
	keys := make([]string, 0, len(perCause))
	for k := range perCause {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	fmt.Fprintf(&b, "%-48s %5s %5s\n", "expected root cause", "right", "total")
	for _, k := range keys {
		fmt.Fprintf(&b, "%-48s %5d %5d\n", k, perCause[k].right, perCause[k].total)
	}
	acc := float64(right) / float64(total)
	fmt.Fprintf(&b, "top-1 accuracy %.3f (%d of %d scenarios)", acc, right, total)
	t.Log("\n" + b.String())
	if acc < minAccuracy {
		t.Errorf("top-1 accuracy = %.3f (%d of %d); want at least %.2f", acc, right, total, minAccuracy)
	}
}

// TestCorrect pins the scoring rule itself.
func TestCorrect(t *testing.T) {
	exp := func(id, conf string) *explain.Explanation {
		return &explain.Explanation{RootCause: explain.RootCause{ID: id, Confidence: conf}}
	}
	tests := []struct {
		name           string
		want, wantConf string
		got            *explain.Explanation
		ok             bool
	}{
		{"same cause", "out-of-memory", explain.Confirmed, exp("out-of-memory", explain.Likely), true},
		{"other cause", "out-of-memory", explain.Confirmed, exp("init-timeout", explain.Confirmed), false},
		{"unknown expected, inconclusive given", explain.UnknownCause, explain.Inconclusive, exp("downstream-slow", explain.Inconclusive), true},
		{"unknown expected, likely given", explain.UnknownCause, explain.Inconclusive, exp("downstream-slow", explain.Likely), false},
		{"open hypothesis expected and named", "vpc-no-egress", explain.Inconclusive, exp("vpc-no-egress", explain.Inconclusive), true},
		{"open hypothesis expected, other named", "vpc-no-egress", explain.Inconclusive, exp("egress-blocked", explain.Inconclusive), false},
		{"open hypothesis expected, confirmed given", "vpc-no-egress", explain.Inconclusive, exp("vpc-no-egress", explain.Confirmed), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := correct(tt.want, tt.wantConf, tt.got); got != tt.ok {
				t.Errorf("correct(%s, %s, %s/%s) = %t; want %t", tt.want, tt.wantConf, tt.got.RootCause.ID, tt.got.RootCause.Confidence, got, tt.ok)
			}
		})
	}
}

// BenchmarkExplain explains one alarm from a snapshot on disk, the snapshot opened afresh each time so
// that file reading and decoding are measured too.
func BenchmarkExplain(b *testing.B) {
	for _, name := range []string{"vpc-no-egress", "iam-missing-permission"} {
		b.Run(name, func(b *testing.B) {
			dir := filepath.Join(contextDir, name)
			raw, err := os.ReadFile(filepath.Join(dir, "event.json"))
			if err != nil {
				b.Fatal(err)
			}
			alarm, err := explain.DecodeAlarmEvent(raw)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				snap, err := snapshot.Open(dir)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := (&explain.Explainer{Context: snap}).Explain(context.Background(), alarm); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
