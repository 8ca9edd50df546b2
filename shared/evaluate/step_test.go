package evaluate

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

var update = flag.Bool("update", false, "rewrite golden files")

func newRun(t *testing.T, event []byte) (*store.Local, run.State) {
	t.Helper()
	work, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st := run.State{RunID: "config-test", Flow: run.FlowConfig, EventKey: "runs/config-test/event.json"}
	if err := work.Put(context.Background(), st.EventKey, event); err != nil {
		t.Fatal(err)
	}
	return work, st
}

func TestStepGolden(t *testing.T) {
	cases := []struct {
		event, golden string
		summary       map[string]string
		gaps          int
	}{
		{"uploads-change.json", "uploads.evaluation.json", map[string]string{"failed": "1 of 9 rules", "resource": "AWS::S3::Bucket attest-sample-uploads"}, 0},
		{"legacy-deleted.json", "legacy.evaluation.json", map[string]string{"failed": "0 of 0 rules", "resource": "AWS::S3::Bucket attest-sample-legacy", "note": "the resource was deleted (ResourceDeleted); nothing left to evaluate"}, 0},
		{"logs-oversized.json", "logs.evaluation.json", map[string]string{"failed": "0 of 0 rules", "resource": "AWS::S3::Bucket attest-sample-logs"}, 1},
	}
	for _, c := range cases {
		t.Run(c.event, func(t *testing.T) {
			work, st := newRun(t, readFixture(t, c.event))
			step := &Step{Work: work, Service: &Service{}}
			out, err := step.Run(context.Background(), st)
			if err != nil {
				t.Fatalf("Run: %v", err)
			}
			for k, v := range c.summary {
				if out.Summary[k] != v {
					t.Errorf("summary %s: got %q; want %q", k, out.Summary[k], v)
				}
			}
			if len(out.Gaps) != c.gaps {
				t.Errorf("got gaps %+v; want %d", out.Gaps, c.gaps)
			}
			for _, g := range out.Gaps {
				if g.Step != "evaluate" {
					t.Errorf("gap recorded for step %q; want evaluate", g.Step)
				}
			}
			doc, err := work.Get(context.Background(), out.Files[EvaluationFile])
			if err != nil {
				t.Fatalf("read %s: %v", EvaluationFile, err)
			}
			compareGolden(t, filepath.Join("testdata", c.golden), doc)

			raw, err := work.Get(context.Background(), out.Files[EvaluationsFile])
			if err != nil {
				t.Fatalf("read %s: %v", EvaluationsFile, err)
			}
			var evals []finding.Evaluation
			if err := json.Unmarshal(raw, &evals); err != nil {
				t.Fatalf("decode %s: %v", EvaluationsFile, err)
			}
			var ev Evaluation
			if err := json.Unmarshal(doc, &ev); err != nil {
				t.Fatal(err)
			}
			if len(evals) != len(ev.Results) || ev.Results == nil || ev.Drift == nil {
				t.Errorf("got %d evaluations, results %v, drift %v; want one evaluation per result and no null arrays", len(evals), ev.Results, ev.Drift)
			}
			for _, e := range evals {
				if e.ResourceID == "" || len(e.Controls) == 0 {
					t.Errorf("evaluation %+v lacks a resource or controls", e)
				}
			}
		})
	}
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run with -update to accept):\ngot:\n%s", path, got)
	}
}

type failingStore struct{ *store.Local }

var errDisk = errors.New("disk full")

func (failingStore) Put(context.Context, string, []byte) error { return errDisk }

func TestStepErrors(t *testing.T) {
	t.Run("bad event", func(t *testing.T) {
		work, st := newRun(t, []byte(`{"source":"aws.codecommit"}`))
		_, err := (&Step{Work: work, Service: &Service{}}).Run(context.Background(), st)
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Errorf("got %T %v; want *DecodeError", err, err)
		}
	})
	t.Run("missing event", func(t *testing.T) {
		work, st := newRun(t, []byte(`{}`))
		st.EventKey = "runs/config-test/none.json"
		_, err := (&Step{Work: work, Service: &Service{}}).Run(context.Background(), st)
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("got %v; want store.ErrNotFound", err)
		}
	})
	t.Run("write fails", func(t *testing.T) {
		work, st := newRun(t, readFixture(t, "uploads-change.json"))
		out, err := (&Step{Work: failingStore{work}, Service: &Service{}}).Run(context.Background(), st)
		if !errors.Is(err, errDisk) || len(out.Files) != 0 {
			t.Errorf("got %v with files %v; want the write error and no files", err, out.Files)
		}
	})
}
