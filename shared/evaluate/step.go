package evaluate

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/run"
)

// Files the step writes, by their names in the evidence pack.
const (
	EvaluationFile  = "evaluation.json"  // the contract's Evaluation JSON
	EvaluationsFile = "evaluations.json" // []finding.Evaluation, for the pack's control results
)

// WorkStore is the part of the work store the step uses.
type WorkStore interface {
	Get(ctx context.Context, key string) ([]byte, error)
	Put(ctx context.Context, key string, data []byte) error
}

// Step is the evaluate step of the Config flow.
type Step struct {
	Work    WorkStore
	Service *Service
}

const stepName = "evaluate"

// Run reads the run's event, evaluates its configuration item, and writes evaluation.json and
// evaluations.json. An event that cannot be decoded is a *DecodeError.
func (s *Step) Run(ctx context.Context, in run.State) (run.State, error) {
	st := in
	raw, err := s.Work.Get(ctx, st.EventKey)
	if err != nil {
		return in, fmt.Errorf("read event of run %s: %w", st.RunID, err)
	}
	item, err := DecodeEvent(raw)
	if err != nil {
		return in, err
	}
	ev, err := s.Service.Evaluate(ctx, item)
	if err != nil {
		return in, fmt.Errorf("evaluate %s %s: %w", item.ResourceType, item.ResourceID, err)
	}
	doc, err := json.MarshalIndent(ev, "", "  ")
	if err != nil {
		return in, fmt.Errorf("encode %s: %w", EvaluationFile, err)
	}
	evals := ev.Evaluations
	if evals == nil {
		evals = []finding.Evaluation{}
	}
	list, err := json.MarshalIndent(evals, "", "  ")
	if err != nil {
		return in, fmt.Errorf("encode %s: %w", EvaluationsFile, err)
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{EvaluationFile, doc}, {EvaluationsFile, list}} {
		key := st.Key(f.name)
		if err := s.Work.Put(ctx, key, append(f.data, '\n')); err != nil {
			return in, fmt.Errorf("write %s of run %s: %w", f.name, st.RunID, err)
		}
		st.AddFile(f.name, key)
	}
	for _, g := range ev.Gaps {
		st.AddGap(stepName, g)
	}
	summarize(&st, ev)
	return st, nil
}

func summarize(st *run.State, ev *Evaluation) {
	var failed, unknown int
	for _, r := range ev.Results {
		switch r.Status {
		case finding.StatusFail:
			failed++
		case finding.StatusNotAssessed:
			unknown++
		}
	}
	st.SetSummary("resource", ev.Resource.Type+" "+ev.Resource.ID)
	st.SetSummary("failed", fmt.Sprintf("%d of %d rules", failed, len(ev.Results)))
	if unknown > 0 {
		st.SetSummary("notAssessed", fmt.Sprintf("%d of %d rules", unknown, len(ev.Results)))
	}
	if len(ev.Results) == 0 && len(ev.Notes) > 0 {
		// Nothing was evaluated: the first note says why (deleted, oversized, no rule for the type).
		st.SetSummary("note", ev.Notes[0])
	}
	if len(ev.Drift) > 0 {
		st.SetSummary("drift", fmt.Sprintf("%d settings", len(ev.Drift)))
	}
}
