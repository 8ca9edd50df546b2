package explain

import (
	"bytes"
	"encoding/json"
)

// Confidence levels of a root cause.
const (
	// Confirmed: the configuration shows the cause and a runtime signal (logs, metrics) agrees.
	Confirmed = "confirmed"
	// Likely: the configuration shows the cause; no runtime signal could be read.
	Likely = "likely"
	// Inconclusive: context that would decide is missing, or the signals disagree.
	Inconclusive = "inconclusive"
)

// UnknownCause is the root-cause id when no rule explains the alarm.
const UnknownCause = "unknown"

// Explanation is the document the explain step writes (explanation.json).
type Explanation struct {
	Alarm          AlarmRef   `json:"alarm"`
	Resource       Resource   `json:"resource"`
	RootCause      RootCause  `json:"rootCause"`
	Evidence       []Evidence `json:"evidence"`
	RuledOut       []RuledOut `json:"ruledOut"`
	Fix            Fix        `json:"fix"`
	Impact         Impact     `json:"impact"`
	Changes        []Change   `json:"changes"`
	MissingContext []string   `json:"missingContext"`
	// Narrative is an optional plain-language account written by a language model from this explanation
	// only, kept when it stays within the evidence; NarrativeStatus says whether it was used, discarded
	// (and why) or unavailable (and why). Both are absent when no model is configured.
	Narrative       string `json:"narrative,omitempty"`
	NarrativeStatus string `json:"narrativeStatus,omitempty"`
}

// AlarmRef identifies the alarm that was explained.
type AlarmRef struct {
	Name    string    `json:"name"`
	Region  string    `json:"region"`
	Account string    `json:"account"`
	Time    string    `json:"time"`
	Metric  MetricRef `json:"metric"`
}

// MetricRef is the alarm's metric.
type MetricRef struct {
	Namespace  string            `json:"namespace"`
	Name       string            `json:"name"`
	Dimensions map[string]string `json:"dimensions"`
}

// Resource is the alarmed resource.
type Resource struct {
	Type string `json:"type"`
	ID   string `json:"id"`
}

// RootCause is the diagnosis: an identifier from the root-cause catalogue, or "unknown".
type RootCause struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Summary    string `json:"summary"`
	Confidence string `json:"confidence"`
}

// Evidence is one fact, with the call it came from.
type Evidence struct {
	Source string `json:"source"`
	Fact   string `json:"fact"`
}

// RuledOut is a hypothesis that was checked and rejected.
type RuledOut struct {
	ID  string `json:"id"`
	Why string `json:"why"`
}

// Fix says how to remove the cause.
type Fix struct {
	Summary        string   `json:"summary"`
	CLI            []string `json:"cli"`
	CloudFormation string   `json:"cloudformation"`
}

// Impact is what the fix costs.
type Impact struct {
	Summary    string  `json:"summary"`
	MonthlyUSD float64 `json:"monthlyUSD"`
}

// Change is a change in or near the alarm window.
type Change struct {
	Time string `json:"time"`
	What string `json:"what"`
	Who  string `json:"who"`
}

// normalize replaces nil slices and maps by empty ones so the document always has the same shape.
func (e *Explanation) normalize() {
	if e.Alarm.Metric.Dimensions == nil {
		e.Alarm.Metric.Dimensions = map[string]string{}
	}
	if e.Evidence == nil {
		e.Evidence = []Evidence{}
	}
	if e.RuledOut == nil {
		e.RuledOut = []RuledOut{}
	}
	if e.Fix.CLI == nil {
		e.Fix.CLI = []string{}
	}
	if e.Changes == nil {
		e.Changes = []Change{}
	}
	if e.MissingContext == nil {
		e.MissingContext = []string{}
	}
}

// MarshalIndent renders the explanation as indented JSON ending in a newline, without HTML escaping (fix
// commands and CloudFormation keep their < > &).
func (e *Explanation) MarshalIndent() ([]byte, error) {
	c := *e
	c.normalize()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(&c); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
