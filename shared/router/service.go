package router

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"

	"github.com/attestdev/attest/shared/event"
	"github.com/attestdev/attest/shared/store"
)

// Starter starts a flow's execution under a name. It returns ErrAlreadyStarted (wrapped) when an execution
// of that name exists.
type Starter interface {
	Start(ctx context.Context, name string, input []byte) error
}

// WorkStore keeps the raw event for the steps.
type WorkStore interface {
	PutIfAbsent(ctx context.Context, key string, data []byte) error
}

// ErrAlreadyStarted says an execution of the same name exists: the event was delivered before.
var ErrAlreadyStarted = errors.New("execution already started")

// StoreError is a failure to store the triggering event; the event was not started and a retry may succeed.
type StoreError struct {
	RunID string
	Err   error
}

func (e *StoreError) Error() string { return fmt.Sprintf("store event of run %s: %v", e.RunID, e.Err) }

// Unwrap returns the store's error.
func (e *StoreError) Unwrap() error { return e.Err }

// StartError is a failure to start the flow; a retry may succeed.
type StartError struct {
	RunID string
	Err   error
}

func (e *StartError) Error() string { return fmt.Sprintf("start run %s: %v", e.RunID, e.Err) }

// Unwrap returns the starter's error.
func (e *StartError) Unwrap() error { return e.Err }

// Result is what happened to one event.
type Result struct {
	RunID     string `json:"runId,omitempty"`
	Flow      string `json:"flow,omitempty"`
	Started   bool   `json:"started"`
	Duplicate bool   `json:"duplicate,omitempty"`
	Ignored   bool   `json:"ignored,omitempty"`
	Reason    string `json:"reason,omitempty"`
}

// Service routes raw EventBridge events.
type Service struct {
	Starter Starter
	Work    WorkStore
	Config  Config
	Logger  *slog.Logger
}

func (s *Service) logger() *slog.Logger {
	if s.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Logger
}

// Handle parses an event, decides what it starts, stores it at the run's event key and starts the run.
// An ignored event writes nothing. A malformed or unsupported event is returned as the event package's
// error, unwrapped, so that Lambda reports its type.
func (s *Service) Handle(ctx context.Context, raw json.RawMessage) (Result, error) {
	log := s.logger()
	env, err := event.Parse(raw)
	if err != nil {
		log.WarnContext(ctx, "event rejected", "error", err)
		return Result{}, err
	}
	d, err := Decide(env, s.Config)
	if err != nil {
		log.WarnContext(ctx, "event rejected", "error", err)
		return Result{}, err
	}
	st := d.State
	res := Result{RunID: st.RunID, Flow: string(st.Flow)}
	attrs := []any{"runId", st.RunID, "flow", st.Flow, "eventId", env.ID}
	if d.Ignore {
		res.Ignored, res.Reason = true, d.Reason
		log.InfoContext(ctx, "event ignored", append(attrs, "reason", d.Reason)...)
		return res, nil
	}
	if err := s.Work.PutIfAbsent(ctx, st.EventKey, raw); err != nil && !errors.Is(err, store.ErrExists) {
		return res, &StoreError{RunID: st.RunID, Err: err}
	}
	input, err := json.Marshal(st)
	if err != nil {
		return res, &StartError{RunID: st.RunID, Err: fmt.Errorf("encode state: %w", err)}
	}
	if err := s.Starter.Start(ctx, st.RunID, input); err != nil {
		if errors.Is(err, ErrAlreadyStarted) {
			res.Duplicate = true
			log.InfoContext(ctx, "duplicate event: run already started", attrs...)
			return res, nil
		}
		return res, &StartError{RunID: st.RunID, Err: err}
	}
	res.Started = true
	log.InfoContext(ctx, "run started", attrs...)
	return res, nil
}
