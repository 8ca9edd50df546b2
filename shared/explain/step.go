package explain

import (
	"context"
	"errors"
	"fmt"

	"github.com/attestdev/attest/shared/run"
)

// WorkStore is the part of the work store the step uses.
type WorkStore interface {
	Get(ctx context.Context, key string) ([]byte, error)
	Put(ctx context.Context, key string, data []byte) error
}

// StepName is the step's name in gaps and summaries.
const StepName = "explain"

// File is the pack file name the step writes.
const File = "explanation.json"

// Step is the explain step of the alarm flow.
type Step struct {
	Work      WorkStore
	Explainer *Explainer
	// DecodeAlarm reads the stored EventBridge event; nil means DecodeAlarmEvent.
	DecodeAlarm func([]byte) (Alarm, error)
}

// StepError is a failure of the explain step that Step Functions should retry or catch: the work store could
// not be read or written. Its type name is what Lambda reports as the error type.
type StepError struct {
	Op  string
	Err error
}

func (e *StepError) Error() string { return fmt.Sprintf("explain: %s: %v", e.Op, e.Err) }

// Unwrap returns the cause.
func (e *StepError) Unwrap() error { return e.Err }

// Run reads the alarm event at in.EventKey, explains it, writes explanation.json and records it, with the
// root cause and its confidence in the summary. An event that is not an explainable alarm is a gap, not an
// error: retrying would not change it.
func (s *Step) Run(ctx context.Context, in run.State) (run.State, error) {
	out := in
	if in.EventKey == "" {
		out.AddGap(StepName, "no event key in the run state")
		return out, nil
	}
	raw, err := s.Work.Get(ctx, in.EventKey)
	if err != nil {
		return in, &StepError{Op: "read " + in.EventKey, Err: err}
	}
	decode := s.DecodeAlarm
	if decode == nil {
		decode = DecodeAlarmEvent
	}
	alarm, err := decode(raw)
	if err != nil {
		out.AddGap(StepName, fmt.Sprintf("the event is not an alarm that can be explained: %v", err))
		return out, nil
	}
	exp, err := s.Explainer.Explain(ctx, alarm)
	if errors.Is(err, ErrInvalidAlarm) {
		out.AddGap(StepName, err.Error())
		return out, nil
	}
	if err != nil {
		return in, &StepError{Op: "explain " + alarm.Name, Err: err}
	}
	body, err := exp.MarshalIndent()
	if err != nil {
		return in, &StepError{Op: "encode explanation", Err: err}
	}
	key := in.Key(File)
	if err := s.Work.Put(ctx, key, body); err != nil {
		return in, &StepError{Op: "write " + key, Err: err}
	}
	out.AddFile(File, key)
	out.SetSummary("rootCause", fmt.Sprintf("%s (%s)", exp.RootCause.ID, exp.RootCause.Confidence))
	if exp.RootCause.ID == UnknownCause && len(exp.Evidence) == 0 && len(exp.RuledOut) == 0 && len(exp.MissingContext) > 0 {
		// Nothing could be looked at: the explanation is a list of what is missing.
		out.AddGap(StepName, "no context could be read: "+joinMissing(exp.MissingContext))
	}
	return out, nil
}

func joinMissing(m []string) string {
	s := ""
	for i, x := range m {
		if i > 0 {
			s += ", "
		}
		s += x
	}
	return s
}
