package forecast_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/forecast"
	"github.com/attestdev/attest/shared/policy"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

// TestStepOutputs checks that the push step writes all three renderings and reports the cost gate and the
// warnings in the summary that notifications and the pack headline show.
func TestStepOutputs(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(fixtures, "orders")
	f := func(v float64) *float64 { return &v }
	cases := []struct {
		name     string
		cost     policy.Cost
		wantGate string // prefix of the costGate summary; empty: no gate
	}{
		{"no thresholds", policy.Cost{}, ""},
		{"increase above the limit", policy.Cost{MaxMonthlyDeltaUSD: f(10)}, "fail: "},
		{"increase within the limit", policy.Cost{MaxMonthlyDeltaUSD: f(100000)}, "pass: "},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			work, err := store.NewLocal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			st := run.State{RunID: "push-2", Flow: run.FlowPush}
			cs := run.Changeset{Repository: "r", HeadCommit: "c", Files: []run.ChangedFile{{Path: "infra/orders.yaml", Change: run.ChangeModified, BaseKey: "b", HeadKey: "h"}}}
			csb, _ := json.Marshal(cs)
			for k, v := range map[string][]byte{"b": read(t, filepath.Join(dir, "base.yaml")), "h": read(t, filepath.Join(dir, "head.yaml")), st.Key(run.ChangesetFile): csb} {
				if err := work.Put(ctx, k, v); err != nil {
					t.Fatal(err)
				}
			}
			st.AddFile(run.ChangesetFile, st.Key(run.ChangesetFile))
			out, err := (&forecast.Step{Work: work, Options: forecast.Options{Cost: tc.cost}}).Run(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			var fc forecast.Forecast
			if err := json.Unmarshal(mustGet(t, work, out.Files[forecast.File]), &fc); err != nil {
				t.Fatal(err)
			}
			text := string(mustGet(t, work, out.Files[forecast.TextFile]))
			mdown := string(mustGet(t, work, out.Files[forecast.MarkdownFile]))
			headline := fc.Headline()
			if !strings.Contains(text, headline) {
				t.Errorf("forecast.txt lacks the headline %q", headline)
			}
			if !strings.Contains(mdown, strings.ReplaceAll(headline, "$", `\$`)) {
				t.Errorf("forecast.md lacks the headline %q", headline)
			}
			got := out.Summary[forecast.GateSummaryKey]
			if tc.wantGate == "" && (got != "" || fc.Gate != nil) {
				t.Errorf("got gate %q, %+v; want none", got, fc.Gate)
			}
			if tc.wantGate != "" && !strings.HasPrefix(got, tc.wantGate) {
				t.Errorf("got gate summary %q; want it to start with %q", got, tc.wantGate)
			}
			if len(fc.Warnings) > 0 && out.Summary["costWarnings"] == "" {
				t.Errorf("got no costWarnings summary for %d warnings", len(fc.Warnings))
			}
		})
	}
}
