package forecast

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

// WorkStore is the part of the work store the step uses.
type WorkStore interface {
	Get(ctx context.Context, key string) ([]byte, error)
	Put(ctx context.Context, key string, data []byte) error
}

// GateSummaryKey is the summary key of the cost gate's outcome: "fail: …" when the change is above a
// threshold, "pass: …" otherwise; absent when no threshold is set.
const GateSummaryKey = "costGate"

// StepName is the step's name in gaps and summaries.
const StepName = "forecast"

// File is the pack file name of the forecast document; the step also writes its text (TextFile) and
// Markdown (MarkdownFile) renderings, so a reviewer reads the same figures without tools.
const File = "forecast.json"

// Step is the forecast step of the push flow.
type Step struct {
	Work    WorkStore
	Service *Service
	Options Options
}

// StepError is a failure of the forecast step that Step Functions should retry or catch: the work store
// could not be read or written. Its type name is what Lambda reports as the error type.
type StepError struct {
	Op  string
	Err error
}

func (e *StepError) Error() string { return fmt.Sprintf("forecast: %s: %v", e.Op, e.Err) }

// Unwrap returns the cause.
func (e *StepError) Unwrap() error { return e.Err }

// Run reads the changeset at in.Files["changes.json"], forecasts its template files, writes forecast.json,
// forecast.txt and forecast.md and records them, with the delta, the warnings and the cost gate (when the
// options set thresholds) in the summary. Files it could not read, and templates it could not
// parse, are gaps; nothing unread is reported as costing nothing.
func (s *Step) Run(ctx context.Context, in run.State) (run.State, error) {
	out := in
	key, ok := in.Files[run.ChangesetFile]
	if !ok {
		out.AddGap(StepName, "no changeset: the fetch step did not record "+run.ChangesetFile)
		return out, nil
	}
	raw, err := s.Work.Get(ctx, key)
	if err != nil {
		return in, &StepError{Op: "read " + key, Err: err}
	}
	var cs run.Changeset
	if err := json.Unmarshal(raw, &cs); err != nil {
		out.AddGap(StepName, fmt.Sprintf("changeset %s is unreadable: %v", key, err))
		return out, nil
	}

	var pairs []FilePair
	for _, f := range cs.Files {
		if !IsTemplatePath(f.Path) {
			continue
		}
		pair := FilePair{Path: f.Path}
		var readErr error
		if f.BaseKey != "" {
			pair.Base, readErr = s.get(ctx, f.BaseKey)
		}
		if readErr == nil && f.HeadKey != "" {
			pair.Head, readErr = s.get(ctx, f.HeadKey)
		}
		if readErr != nil {
			if errors.Is(readErr, store.ErrNotFound) {
				out.AddGap(StepName, fmt.Sprintf("%s not forecast: its content is missing from the work store", f.Path))
				continue
			}
			return in, &StepError{Op: "read " + f.Path, Err: readErr}
		}
		pairs = append(pairs, pair)
	}

	svc := s.Service
	if svc == nil {
		svc = New()
	}
	fc, err := svc.Forecast(ctx, pairs, s.Options)
	if err != nil {
		return in, &StepError{Op: "forecast", Err: err}
	}
	for _, u := range fc.Unpriced {
		if u.LogicalID == "" {
			out.AddGap(StepName, fmt.Sprintf("%s: %s", u.File, u.Reason))
		}
	}
	for _, o := range []struct{ name, format string }{{File, FormatJSON}, {TextFile, FormatText}, {MarkdownFile, FormatMarkdown}} {
		body, err := fc.Render(o.format)
		if err != nil {
			return in, &StepError{Op: "render " + o.name, Err: err}
		}
		outKey := in.Key(o.name)
		if err := s.Work.Put(ctx, outKey, body); err != nil {
			return in, &StepError{Op: "write " + outKey, Err: err}
		}
		out.AddFile(o.name, outKey)
	}
	out.SetSummary("deltaMonthlyUSD", FormatDelta(fc.Totals.DeltaMonthlyUSD))
	out.SetSummary("deltaMonthlyKgCO2e", strconv.FormatFloat(roundTo(fc.Totals.DeltaMonthlyKgCO2e, 3), 'f', -1, 64))
	if n := len(fc.Unpriced); n > 0 {
		out.SetSummary("unpriced", strconv.Itoa(n))
	}
	if n := len(fc.Warnings); n > 0 {
		out.SetSummary("costWarnings", fmt.Sprintf("%d (up to %s a month to save)", n, usd(fc.totalSaving(), false)))
	}
	if fc.Gate != nil {
		out.SetSummary(GateSummaryKey, fc.Gate.Summary(fc.Totals))
	}
	return out, nil
}

func (s *Step) get(ctx context.Context, key string) ([]byte, error) {
	b, err := s.Work.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	if b == nil {
		b = []byte{}
	}
	return b, nil
}
