package evidence

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/run"
)

// WorkReader reads run outputs from the work store.
type WorkReader interface {
	Get(ctx context.Context, key string) ([]byte, error)
}

// Step is the evidence step: it turns a run's outputs into a signed pack.
type Step struct {
	Work   WorkReader
	Writer *Writer
}

// EventFile is the name of the triggering event inside a pack.
const EventFile = "event.json"

// Run writes the pack of a run, incomplete when any step did not finish.
func (s *Step) Run(ctx context.Context, in run.State) (run.State, error) {
	st := in.Merged()
	files := map[string][]byte{}
	names := make([]string, 0, len(st.Files))
	for name := range st.Files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		b, err := s.Work.Get(ctx, st.Files[name])
		if err != nil {
			st.AddGap("evidence", fmt.Sprintf("%s could not be read: %v", name, err))
			continue
		}
		files[name] = b
	}
	if st.EventKey != "" {
		if b, err := s.Work.Get(ctx, st.EventKey); err == nil {
			files[EventFile] = b
		} else {
			st.AddGap("evidence", fmt.Sprintf("the triggering event could not be read: %v", err))
		}
	}

	var evals []finding.Evaluation
	if b, ok := files["evaluations.json"]; ok {
		if err := json.Unmarshal(b, &evals); err != nil {
			st.AddGap("evidence", "evaluations.json is unreadable: "+err.Error())
		}
	}
	var sarif *finding.SARIFLog
	if b, ok := files["findings.sarif.json"]; ok {
		sarif = &finding.SARIFLog{}
		if err := json.Unmarshal(b, sarif); err != nil {
			st.AddGap("evidence", "findings.sarif.json is unreadable: "+err.Error())
			sarif = nil
		}
	}
	controls := BuildControls(evals, sarif)
	if b, ok := files["forecast.json"]; ok {
		addCostControl(controls, b)
	}
	cb, err := controls.Encode()
	if err != nil {
		return in, err
	}
	files[ControlsFile] = cb

	subject := subjectMap(st)
	missing := make([]Missing, 0, len(st.Gaps))
	for _, g := range st.Gaps {
		missing = append(missing, Missing{Step: g.Step, Reason: g.Reason})
	}
	date := time.Now().UTC()
	if t, err := time.Parse(time.RFC3339, st.Time); err == nil {
		date = t
	}
	now := time.Now
	if s.Writer.Now != nil {
		now = s.Writer.Now
	}
	fileNames := []string{ControlsFile, ReportFile}
	for name := range files {
		if name != ControlsFile {
			fileNames = append(fileNames, name)
		}
	}
	html, err := RenderReport(ReportInput{
		ID: st.RunID, Kind: string(st.Flow), Created: now().UTC().Format(time.RFC3339), Subject: subject,
		Missing: missing, Controls: controls, Files: fileNames, Headline: headline(st.Summary),
	})
	if err != nil {
		return in, err
	}
	files[ReportFile] = html

	m, err := s.Writer.Write(ctx, Input{
		ID: st.RunID, Kind: string(st.Flow), Date: date, Subject: subject, Stream: StreamOf(st),
		Files: files, Missing: missing, Controls: controls.Summary(),
	})
	if err != nil {
		return in, fmt.Errorf("evidence for run %s: %w", st.RunID, err)
	}
	st.PackID = m.ID
	st.Status = m.Status
	st.SetSummary("pack", PackPrefix(date, m.ID))
	return st, nil
}

// StreamOf names the stream a run's pack belongs to.
func StreamOf(st run.State) string {
	switch st.Flow {
	case run.FlowPush:
		return "repository/" + st.Subject.Repository
	case run.FlowAlarm:
		return "alarm/" + st.Subject.Alarm
	case run.FlowConfig:
		return "resource/" + st.Subject.ResourceType + "/" + st.Subject.ResourceID
	}
	return ""
}

func subjectMap(st run.State) map[string]any {
	b, _ := json.Marshal(st.Subject)
	m := map[string]any{}
	_ = json.Unmarshal(b, &m)
	m["runId"] = st.RunID
	return m
}

func headline(summary map[string]string) []KV {
	keys := make([]string, 0, len(summary))
	for k := range summary {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]KV, 0, len(keys))
	for _, k := range keys {
		out = append(out, KV{Key: k, Value: summary[k]})
	}
	return out
}

// CostControl is the control of the policy's cost thresholds on a push: it passes or fails with the gate in
// forecast.json, and is absent when the policy sets no threshold.
const CostControl = "POLICY/cost-monthly-delta"

// addCostControl records the forecast's cost gate as a control, so the signed manifest shows a push whose
// cost increase the policy blocks.
func addCostControl(c *Controls, forecastJSON []byte) {
	var fc struct {
		Gate *struct {
			Blocking bool     `json:"blocking"`
			Reasons  []string `json:"reasons"`
		} `json:"gate"`
	}
	if json.Unmarshal(forecastJSON, &fc) != nil || fc.Gate == nil {
		return
	}
	d := ControlDetail{ID: CostControl, Framework: Framework(CostControl), Status: ControlPass, Findings: []ControlFinding{}, Evaluations: []finding.Evaluation{}}
	if fc.Gate.Blocking {
		d.Status = ControlFail
		for _, r := range fc.Gate.Reasons {
			d.Findings = append(d.Findings, ControlFinding{RuleID: "cost-monthly-delta", Level: string(finding.LevelError), Path: "forecast.json", Message: r})
		}
	}
	c.Controls = append(c.Controls, d)
	sort.Slice(c.Controls, func(i, j int) bool { return c.Controls[i].ID < c.Controls[j].ID })
}
