package review

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/attestdev/attest/shared/policy"
	"github.com/attestdev/attest/shared/run"
)

// Work-store files the step reads, by their pack names.
const (
	FindingsFile = "findings.sarif.json"
	ForecastFile = "forecast.json"
	// PolicyFile is the repository's policy file as the scan applied it.
	PolicyFile = "policy.yml"
)

// StepName names the step in gaps and failures.
const StepName = "review"

// WorkReader reads run outputs from the work store.
type WorkReader interface {
	Get(ctx context.Context, key string) ([]byte, error)
}

// Step is the review step. It runs after the evidence step, for push runs of a pull request only.
type Step struct {
	Work   WorkReader
	Host   Host
	Policy policy.Policy
	// FromDeployment says Policy is the deployment's own policy file, which overrides the repository's, as
	// it does for the scan. Otherwise the repository's policy file that the scan applied, when the run holds
	// one, decides instead of Policy.
	FromDeployment bool
	PortalURL      string
}

// Result is what the step did, also written to the summary.
type Result struct {
	Comment  Upsert
	Approved bool
	// ApprovalSet is false when the revision was superseded before the approval could be set.
	ApprovalSet bool
	Reason      string
}

// Run posts or updates the comment and sets the approval of the run's pull request. A run that is not about
// a pull request passes through unchanged.
func (s *Step) Run(ctx context.Context, st run.State) (run.State, error) {
	if st.Subject.PullRequestID == "" {
		return st, nil
	}
	res, err := s.Review(ctx, st)
	if err != nil {
		return st, err
	}
	out := st
	out.Summary = cloneMap(st.Summary)
	switch {
	case !res.ApprovalSet:
		out.SetSummary("review", fmt.Sprintf("comment %s; approval not set: a newer revision superseded this one", res.Comment))
	case res.Approved:
		out.SetSummary("review", fmt.Sprintf("comment %s; approved", res.Comment))
	default:
		out.SetSummary("review", fmt.Sprintf("comment %s; not approved: %s", res.Comment, res.Reason))
	}
	return out, nil
}

// Review reads the run's findings and forecast, publishes the comment and sets the approval.
func (s *Step) Review(ctx context.Context, st run.State) (Result, error) {
	in := Input{State: st, Policy: s.Policy, PortalURL: s.PortalURL}
	if key := st.Files[PolicyFile]; key != "" && !s.FromDeployment {
		b, err := s.Work.Get(ctx, key)
		if err != nil {
			return Result{}, fmt.Errorf("review run %s: read %s: %w", st.RunID, key, err)
		}
		pol, err := policy.Parse(b)
		if err != nil {
			// The scan parsed this file before writing it; it cannot be read differently now.
			return Result{}, &InputError{Key: key, Err: err}
		}
		in.Policy = pol
	}
	if key := st.Files[FindingsFile]; key != "" {
		b, err := s.Work.Get(ctx, key)
		if err != nil {
			return Result{}, fmt.Errorf("review run %s: read %s: %w", st.RunID, key, err)
		}
		rep, err := ReadSARIF(b)
		if err != nil {
			// The pack holds the same bytes; a comment without the findings would read as "none".
			return Result{}, &InputError{Key: key, Err: err}
		}
		in.Report = rep
	}
	if key := st.Files[ForecastFile]; key != "" {
		b, err := s.Work.Get(ctx, key)
		if err != nil {
			return Result{}, fmt.Errorf("review run %s: read %s: %w", st.RunID, key, err)
		}
		var fc Forecast
		if err := json.Unmarshal(b, &fc); err != nil {
			return Result{}, &InputError{Key: key, Err: err}
		}
		in.Forecast = &fc
	}
	v := Decide(in)
	pr := PullRequest{Repository: st.Subject.Repository, ID: st.Subject.PullRequestID, RevisionID: st.Subject.RevisionID,
		DestinationCommit: st.Subject.DestinationCommit, SourceCommit: st.Subject.Commit}
	up, _, err := Publish(ctx, s.Host, pr, Compose(in, v))
	if err != nil {
		return Result{}, err
	}
	res := Result{Comment: up, Approved: v.Approve, ApprovalSet: true, Reason: v.Reason}
	if err := s.Host.SetApproval(ctx, pr, v.Approve); err != nil {
		if errors.Is(err, ErrRevisionNotCurrent) {
			res.ApprovalSet = false
			return res, nil
		}
		verb := "revoke the approval of"
		if v.Approve {
			verb = "approve"
		}
		return Result{}, &HostError{Op: fmt.Sprintf("%s revision %s of pull request %s", verb, pr.RevisionID, pr.ID), Err: err}
	}
	return res, nil
}

// InputError is a run output the step cannot read; retrying cannot help.
type InputError struct {
	Key string
	Err error
}

func (e *InputError) Error() string { return fmt.Sprintf("review: %s: %v", e.Key, e.Err) }

// Unwrap returns the cause.
func (e *InputError) Unwrap() error { return e.Err }

func cloneMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
