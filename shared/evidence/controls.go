package evidence

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

// Control statuses in controls.json and the manifest.
const (
	ControlPass        = "pass"
	ControlFail        = "fail"
	ControlNotAssessed = "not-assessed"
	// ControlSuppressed is a control whose only failures were accepted by written suppressions: not a pass,
	// and not an open failure either. An open failure beside them makes the control fail.
	ControlSuppressed = "suppressed"
)

// ControlDetail is one control's entry in controls.json: its status and what it rests on.
type ControlDetail struct {
	ID          string               `json:"id"`
	Framework   string               `json:"framework"`
	Status      string               `json:"status"`
	Suppressed  int                  `json:"suppressed,omitempty"` // failures behind it that a suppression accepted
	Findings    []ControlFinding     `json:"findings"`
	Evaluations []finding.Evaluation `json:"evaluations"`
}

// ControlFinding is a finding that counts against a control.
type ControlFinding struct {
	RuleID    string `json:"ruleId"`
	Level     string `json:"level"`
	Path      string `json:"path,omitempty"`
	Line      int    `json:"line,omitempty"`
	LogicalID string `json:"logicalId,omitempty"`
	Message   string `json:"message"`
	// Suppression is set when the finding was accepted; it then no longer fails the control on its own.
	Suppression *finding.Suppression `json:"suppression,omitempty"`
}

// Controls is the content of controls.json.
type Controls struct {
	Schema   string          `json:"schema"`
	Controls []ControlDetail `json:"controls"`
}

// Framework is the prefix of a control identifier: HIPAA, SOC2 or PCI-DSS-4.0.
func Framework(control string) string {
	if i := strings.Index(control, "/"); i > 0 {
		return control[:i]
	}
	return control
}

// BuildControls derives per-control results from evaluations (passes included) and SARIF findings whose
// rules carry control tags. A control fails when any evaluation fails or any finding counts against it and no
// suppression accepted that failure; it is suppressed when every failure behind it was accepted; it passes
// when everything behind it passed, and is not assessed otherwise. A suppressed failure never counts as a pass.
func BuildControls(evals []finding.Evaluation, sarif *finding.SARIFLog) *Controls {
	byID := map[string]*ControlDetail{}
	get := func(id string) *ControlDetail {
		c, ok := byID[id]
		if !ok {
			c = &ControlDetail{ID: id, Framework: Framework(id), Findings: []ControlFinding{}, Evaluations: []finding.Evaluation{}}
			byID[id] = c
		}
		return c
	}
	evaluated := map[string]bool{}
	for _, e := range evals {
		evaluated[e.RuleID] = true
		for _, id := range e.Controls {
			c := get(id)
			c.Evaluations = append(c.Evaluations, e)
		}
	}
	if sarif != nil {
		for _, r := range sarif.Runs {
			controls := map[string][]string{}
			for _, rule := range r.Tool.Driver.Rules {
				for _, t := range rule.Properties.Tags {
					if id, ok := strings.CutPrefix(t, "control:"); ok {
						controls[rule.ID] = append(controls[rule.ID], id)
					}
				}
			}
			for _, res := range r.Results {
				// A rule that records evaluations is counted through them (its failures are also results).
				// Notes record evident non-security uses: kept in the findings, never counted as failures.
				if evaluated[res.RuleID] || res.Level == finding.LevelNote {
					continue
				}
				for _, id := range controls[res.RuleID] {
					c := get(id)
					f := ControlFinding{RuleID: res.RuleID, Level: string(res.Level), Message: res.Message.Text,
						Suppression: finding.SuppressionFromSARIF(res.Suppressions)}
					if len(res.Locations) > 0 {
						loc := res.Locations[0]
						f.Path = loc.PhysicalLocation.ArtifactLocation.URI
						if loc.PhysicalLocation.Region != nil {
							f.Line = loc.PhysicalLocation.Region.StartLine
						}
						if len(loc.LogicalLocations) > 0 {
							f.LogicalID = loc.LogicalLocations[0].Name
						}
					}
					c.Findings = append(c.Findings, f)
				}
			}
		}
	}
	out := &Controls{Schema: "attest.controls/v1", Controls: []ControlDetail{}}
	for _, c := range byID {
		c.Status = controlStatus(c)
		out.Controls = append(out.Controls, *c)
	}
	sort.Slice(out.Controls, func(i, j int) bool { return out.Controls[i].ID < out.Controls[j].ID })
	return out
}

// controlStatus decides a control's status and counts its suppressed failures.
func controlStatus(c *ControlDetail) string {
	open := false
	c.Suppressed = 0
	for _, f := range c.Findings {
		if f.Suppression != nil {
			c.Suppressed++
		} else {
			open = true
		}
	}
	pass, assessed := true, false
	for _, e := range c.Evaluations {
		switch {
		case e.Status == finding.StatusFail && e.Suppression != nil:
			c.Suppressed++
		case e.Status == finding.StatusFail:
			open = true
		case e.Status == finding.StatusPass:
			assessed = true
		default:
			pass = false
		}
	}
	switch {
	case open:
		return ControlFail
	case c.Suppressed > 0:
		return ControlSuppressed
	case assessed && pass:
		return ControlPass
	}
	return ControlNotAssessed
}

// Summary is the manifest's short form of the controls. Its finding count is every failure behind a control,
// suppressed ones included: they are still failures, only accepted.
func (c *Controls) Summary() []Control {
	out := make([]Control, 0, len(c.Controls))
	for _, d := range c.Controls {
		n := len(d.Findings)
		for _, e := range d.Evaluations {
			if e.Status == finding.StatusFail {
				n++
			}
		}
		out = append(out, Control{ID: d.ID, Status: d.Status, Findings: n})
	}
	return out
}

// Encode renders controls.json.
func (c *Controls) Encode() ([]byte, error) {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode controls: %w", err)
	}
	return append(b, '\n'), nil
}
