// Package pipeline runs Attest's flows in one process with the same semantics as the Step Functions state
// machine: push runs fetch, then scan and forecast in parallel; alarm runs explain; config runs evaluate; every
// flow ends in the evidence and notify steps, with the review step between them for a pull request. A failed
// step is caught and recorded, so the evidence step still writes a pack, marked incomplete with what was not
// done.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"

	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

// Step is one pipeline step, the same service a Lambda function wraps.
type Step interface {
	Run(ctx context.Context, in run.State) (run.State, error)
}

// StepFunc adapts a function to Step.
type StepFunc func(ctx context.Context, in run.State) (run.State, error)

// Run calls f.
func (f StepFunc) Run(ctx context.Context, in run.State) (run.State, error) { return f(ctx, in) }

// Steps are the services of every flow. Review runs after Evidence, for push runs of a pull request only.
type Steps struct {
	Fetch, Scan, Forecast, Explain, Evaluate, Evidence, Review, Notify Step
}

// WorkStore keeps the triggering event for the steps.
type WorkStore interface {
	PutIfAbsent(ctx context.Context, key string, data []byte) error
}

// Runner runs one flow from its initial state.
type Runner struct {
	Steps Steps
	Work  WorkStore
}

// ErrNotifyFailed wraps a notification failure after the pack was written.
var ErrNotifyFailed = errors.New("notification failed")

// ErrReviewFailed wraps a failure to comment on or approve a pull request after the pack was written; the
// notification is still sent, and says so.
var ErrReviewFailed = errors.New("pull request review failed")

// Start stores the raw event at the state's event key (once) and runs the flow.
func (r *Runner) Start(ctx context.Context, st run.State, raw []byte) (run.State, error) {
	if err := r.Work.PutIfAbsent(ctx, st.EventKey, raw); err != nil && !errors.Is(err, store.ErrExists) {
		return st, fmt.Errorf("store event of run %s: %w", st.RunID, err)
	}
	return r.Run(ctx, st)
}

// Run runs the flow of st through evidence and notify and returns the final state. An error means no pack
// could be written (or the notification failed after it was).
func (r *Runner) Run(ctx context.Context, st run.State) (run.State, error) {
	switch st.Flow {
	case run.FlowPush:
		st = r.try(ctx, "fetch", r.Steps.Fetch, st)
		if st.Error == nil {
			var wg sync.WaitGroup
			branches := make([]run.State, 2)
			for i, s := range []struct {
				name string
				step Step
			}{{"scan", r.Steps.Scan}, {"forecast", r.Steps.Forecast}} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					branches[i] = r.try(ctx, s.name, s.step, st.Clone())
				}()
			}
			wg.Wait()
			st.Branches = branches
		}
	case run.FlowAlarm:
		st = r.try(ctx, "explain", r.Steps.Explain, st)
	case run.FlowConfig:
		st = r.try(ctx, "evaluate", r.Steps.Evaluate, st)
	default:
		return st, fmt.Errorf("run %s: unknown flow %q", st.RunID, st.Flow)
	}
	out, err := call(ctx, r.Steps.Evidence, st)
	if err != nil {
		return st, fmt.Errorf("evidence: %w", err)
	}
	// As the state machine's Choice on subject.pullRequestId: a pull request's run is reviewed; a failed
	// review is caught, notified, and then fails the run.
	if out.Subject.PullRequestID != "" {
		out = r.try(ctx, "review", r.Steps.Review, out)
	}
	notified, err := call(ctx, r.Steps.Notify, out)
	if err != nil {
		return out, fmt.Errorf("%w: %w", ErrNotifyFailed, err)
	}
	// As the state machine passes the Notify task's output on: what notify added (exports) is kept.
	out = notified
	if out.Error != nil {
		return out, fmt.Errorf("%w: %s: %s", ErrReviewFailed, out.Error.Error, out.Error.Cause)
	}
	return out, nil
}

// try runs a step the way the state machine's Catch does: on failure the input state goes on, carrying the
// error and the step's name.
func (r *Runner) try(ctx context.Context, name string, s Step, in run.State) run.State {
	if s == nil {
		in.Error = &run.StepError{Error: "NotConfigured", Cause: name + " is not configured in this runtime"}
		in.FailedStep = name
		return in
	}
	out, err := call(ctx, s, in)
	if err != nil {
		in.Error = &run.StepError{Error: fmt.Sprintf("%T", err), Cause: err.Error()}
		in.FailedStep = name
		return in
	}
	return out
}

// call runs a step, turning a panic into an error so that one bad input cannot take the process down.
func call(ctx context.Context, s Step, in run.State) (out run.State, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &PanicError{Value: fmt.Sprint(p), Stack: string(debug.Stack())}
		}
	}()
	return s.Run(ctx, in)
}

// PanicError is a step that panicked; the stack is kept for logs, not for evidence.
type PanicError struct {
	Value string
	Stack string
}

func (e *PanicError) Error() string { return "step panicked: " + e.Value }
