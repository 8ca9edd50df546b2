package run

import (
	"crypto/sha256"
	"encoding/hex"
	"path"
	"regexp"
	"strings"
)

// Flow is one of the three pipelines.
type Flow string

// The flows.
const (
	FlowPush   Flow = "push"
	FlowAlarm  Flow = "alarm"
	FlowConfig Flow = "config"
)

// Subject is what a run is about: a push, an alarm or a resource.
type Subject struct {
	Account string `json:"account,omitempty"`
	Region  string `json:"region,omitempty"`

	// push
	Repository string `json:"repository,omitempty"`
	Reference  string `json:"reference,omitempty"` // branch or tag name
	RefType    string `json:"referenceType,omitempty"`
	Commit     string `json:"commit,omitempty"`
	BaseCommit string `json:"baseCommit,omitempty"` // empty: compare with the merge base, or scan whole
	NewBranch  bool   `json:"newBranch,omitempty"`

	// pull request (a push run whose result is also posted to the pull request)
	PullRequestID        string `json:"pullRequestId,omitempty"`
	RevisionID           string `json:"revisionId,omitempty"` // the revision an approval applies to
	PullRequestTitle     string `json:"pullRequestTitle,omitempty"`
	DestinationReference string `json:"destinationReference,omitempty"` // branch name
	DestinationCommit    string `json:"destinationCommit,omitempty"`

	// alarm
	Alarm     string `json:"alarm,omitempty"`
	AlarmTime string `json:"alarmTime,omitempty"` // RFC 3339

	// config
	ResourceType string `json:"resourceType,omitempty"`
	ResourceID   string `json:"resourceId,omitempty"`
	ResourceARN  string `json:"resourceArn,omitempty"`
	CaptureTime  string `json:"captureTime,omitempty"` // RFC 3339
}

// Gap is something a run could not do.
type Gap struct {
	Step   string `json:"step"`
	Reason string `json:"reason"`
}

// StepError is what Step Functions puts at the Catch's ResultPath.
type StepError struct {
	Error string `json:"Error"`
	Cause string `json:"Cause"`
}

// State is the input and output of every step.
type State struct {
	RunID    string            `json:"runId"`
	Flow     Flow              `json:"flow"`
	EventKey string            `json:"eventKey"` // work-store key of the original EventBridge event
	Time     string            `json:"time,omitempty"`
	Subject  Subject           `json:"subject"`
	Files    map[string]string `json:"files,omitempty"` // pack file name -> work-store key
	Gaps     []Gap             `json:"gaps,omitempty"`
	Summary  map[string]string `json:"summary,omitempty"` // short facts for notifications: "findings": "3", …

	// Set by Step Functions: the branches of a Parallel state, and a caught error.
	Branches []State    `json:"branches,omitempty"`
	Error    *StepError `json:"error,omitempty"`
	// FailedStep names the step whose error was caught, set by the state machine's Catch.
	FailedStep string `json:"failedStep,omitempty"`

	// Set by the evidence step.
	PackID string `json:"packId,omitempty"`
	Status string `json:"status,omitempty"` // complete or incomplete
}

// Key returns the work-store key of a file of this run.
func (s State) Key(name string) string {
	return path.Join("runs", s.RunID, name)
}

// AddFile records a file the run produced.
func (s *State) AddFile(name, key string) {
	if s.Files == nil {
		s.Files = map[string]string{}
	}
	s.Files[name] = key
}

// AddGap records something the run could not do.
func (s *State) AddGap(step, reason string) {
	s.Gaps = append(s.Gaps, Gap{Step: step, Reason: reason})
}

// SetSummary records a short fact for notifications.
func (s *State) SetSummary(k, v string) {
	if s.Summary == nil {
		s.Summary = map[string]string{}
	}
	s.Summary[k] = v
}

// Clone returns a copy that shares no maps or slices with s, so parallel branches can each write their own.
func (s State) Clone() State {
	out := s
	if s.Files != nil {
		out.Files = make(map[string]string, len(s.Files))
		for k, v := range s.Files {
			out.Files[k] = v
		}
	}
	if s.Summary != nil {
		out.Summary = make(map[string]string, len(s.Summary))
		for k, v := range s.Summary {
			out.Summary[k] = v
		}
	}
	out.Gaps = append([]Gap(nil), s.Gaps...)
	out.Branches = nil
	for _, b := range s.Branches {
		out.Branches = append(out.Branches, b.Clone())
	}
	if s.Error != nil {
		e := *s.Error
		out.Error = &e
	}
	return out
}

// Merged folds the branches of a Parallel state and a caught error into one state.
func (s State) Merged() State {
	out := s
	out.Branches = nil
	out.Files = map[string]string{}
	for k, v := range s.Files {
		out.Files[k] = v
	}
	out.Gaps = append([]Gap(nil), s.Gaps...)
	for _, b := range s.Branches {
		m := b.Merged()
		for k, v := range m.Files {
			out.Files[k] = v
		}
		out.Gaps = append(out.Gaps, m.Gaps...)
		for k, v := range m.Summary {
			out.SetSummary(k, v)
		}
	}
	if s.Error != nil {
		step := s.FailedStep
		if step == "" {
			step = "pipeline"
		}
		out.Gaps = append(out.Gaps, Gap{Step: step, Reason: strings.TrimSpace(s.Error.Error + ": " + s.Error.Cause)})
		out.Error = nil
	}
	return out
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_-]+`)

// ExecutionName derives a Step Functions execution name (at most 80 characters of [A-Za-z0-9_-]) from a
// run's identity, so that the same event delivered twice names the same execution.
func ExecutionName(flow Flow, label string, identity ...string) string {
	h := sha256.New()
	h.Write([]byte(flow))
	for _, id := range identity {
		h.Write([]byte{0})
		h.Write([]byte(id))
	}
	sum := hex.EncodeToString(h.Sum(nil))[:20]
	clean := strings.Trim(unsafeName.ReplaceAllString(label, "-"), "-")
	max := 80 - len(flow) - len(sum) - 2
	if len(clean) > max {
		clean = clean[:max]
	}
	if clean == "" {
		return string(flow) + "-" + sum
	}
	return string(flow) + "-" + clean + "-" + sum
}
