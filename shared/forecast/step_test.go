package forecast_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/forecast"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

func TestStep(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(fixtures, "orders")
	setup := func(t *testing.T, cs *run.Changeset, contents map[string][]byte) (*store.Local, run.State) {
		work, err := store.NewLocal(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		st := run.State{RunID: "push-1", Flow: run.FlowPush}
		for k, v := range contents {
			if err := work.Put(ctx, k, v); err != nil {
				t.Fatal(err)
			}
		}
		if cs != nil {
			b, _ := json.Marshal(cs)
			key := st.Key(run.ChangesetFile)
			if err := work.Put(ctx, key, b); err != nil {
				t.Fatal(err)
			}
			st.AddFile(run.ChangesetFile, key)
		}
		return work, st
	}
	change := &run.Changeset{Repository: "attest-sample", HeadCommit: "92f6181645c4659bbf347ceec7891e773757074b", Files: []run.ChangedFile{
		{Path: "infra/orders.yaml", Change: run.ChangeModified, BaseKey: "runs/push-1/base/infra/orders.yaml", HeadKey: "runs/push-1/head/infra/orders.yaml"},
		{Path: "app/orders.py", Change: run.ChangeModified, BaseKey: "runs/push-1/base/app/orders.py", HeadKey: "runs/push-1/head/app/orders.py"},
	}}
	contents := map[string][]byte{
		"runs/push-1/base/infra/orders.yaml": read(t, filepath.Join(dir, "base.yaml")),
		"runs/push-1/head/infra/orders.yaml": read(t, filepath.Join(dir, "head.yaml")),
	}

	t.Run("forecasts the changed template", func(t *testing.T) {
		work, st := setup(t, change, contents)
		out, err := (&forecast.Step{Work: work}).Run(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		key, ok := out.Files[forecast.File]
		if !ok {
			t.Fatalf("files = %v; want forecast.json", out.Files)
		}
		var fc forecast.Forecast
		if err := json.Unmarshal(mustGet(t, work, key), &fc); err != nil {
			t.Fatal(err)
		}
		if len(fc.Resources) == 0 || fc.Resources[0].File != "infra/orders.yaml" {
			t.Errorf("resources = %+v; want those of infra/orders.yaml", fc.Resources)
		}
		if got, want := out.Summary["deltaMonthlyUSD"], forecast.FormatDelta(fc.Totals.DeltaMonthlyUSD); got != want || !strings.HasPrefix(got, "+") {
			t.Errorf("summary deltaMonthlyUSD = %q; want %q, an increase", got, want)
		}
		if len(out.Gaps) != 0 {
			t.Errorf("gaps = %+v; want none", out.Gaps)
		}
	})
	t.Run("content missing from the store is a gap", func(t *testing.T) {
		work, st := setup(t, change, map[string][]byte{"runs/push-1/base/infra/orders.yaml": contents["runs/push-1/base/infra/orders.yaml"]})
		out, err := (&forecast.Step{Work: work}).Run(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Gaps) != 1 || !strings.Contains(out.Gaps[0].Reason, "infra/orders.yaml not forecast") {
			t.Errorf("gaps = %+v; want infra/orders.yaml not forecast", out.Gaps)
		}
	})
	t.Run("no changeset is a gap", func(t *testing.T) {
		work, st := setup(t, nil, nil)
		out, err := (&forecast.Step{Work: work}).Run(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Gaps) != 1 || out.Gaps[0].Step != forecast.StepName {
			t.Errorf("gaps = %+v; want one forecast gap", out.Gaps)
		}
		if _, ok := out.Files[forecast.File]; ok {
			t.Error("forecast.json recorded without a changeset")
		}
	})
	t.Run("unreadable changeset key is a step error", func(t *testing.T) {
		work, st := setup(t, nil, nil)
		st.AddFile(run.ChangesetFile, "runs/push-1/absent.json")
		_, err := (&forecast.Step{Work: work}).Run(ctx, st)
		var se *forecast.StepError
		if !errors.As(err, &se) || !errors.Is(err, store.ErrNotFound) {
			t.Errorf("err = %v; want a *StepError wrapping ErrNotFound", err)
		}
	})
}

func mustGet(t *testing.T, s *store.Local, key string) []byte {
	t.Helper()
	b, err := s.Get(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
