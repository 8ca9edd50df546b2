package export

import (
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/attestdev/attest/shared/evidence"
)

// OSCALVersion is the OSCAL version the assessment results declare.
const OSCALVersion = "1.1.2"

// oscalNS namespaces Attest's own OSCAL properties, as OSCAL asks of properties it does not define.
const oscalNS = "https://github.com/attestdev/attest/ns/oscal"

// The OSCAL assessment-results model, reduced to the assemblies Attest fills. Field names and required
// fields follow the OSCAL 1.1 JSON schema (oscal_assessment-results_schema.json).
type oscalDoc struct {
	AssessmentResults oscalAR `json:"assessment-results"`
}

type oscalAR struct {
	UUID       string          `json:"uuid"`
	Metadata   oscalMetadata   `json:"metadata"`
	ImportAP   oscalImportAP   `json:"import-ap"`
	Results    []oscalResult   `json:"results"`
	BackMatter oscalBackMatter `json:"back-matter"`
}

type oscalMetadata struct {
	Title        string      `json:"title"`
	LastModified string      `json:"last-modified"`
	Version      string      `json:"version"`
	OSCALVersion string      `json:"oscal-version"`
	Props        []oscalProp `json:"props,omitempty"`
	Remarks      string      `json:"remarks,omitempty"`
}

type oscalProp struct {
	Name  string `json:"name"`
	NS    string `json:"ns,omitempty"`
	Value string `json:"value"`
}

type oscalImportAP struct {
	Href    string `json:"href"`
	Remarks string `json:"remarks,omitempty"`
}

type oscalResult struct {
	UUID             string             `json:"uuid"`
	Title            string             `json:"title"`
	Description      string             `json:"description"`
	Start            string             `json:"start"`
	End              string             `json:"end,omitempty"`
	Props            []oscalProp        `json:"props,omitempty"`
	ReviewedControls oscalReviewed      `json:"reviewed-controls"`
	Observations     []oscalObservation `json:"observations,omitempty"`
	Findings         []oscalFinding     `json:"findings,omitempty"`
	Remarks          string             `json:"remarks,omitempty"`
}

type oscalReviewed struct {
	ControlSelections []oscalSelection `json:"control-selections"`
}

type oscalSelection struct {
	Description     string           `json:"description,omitempty"`
	IncludeAll      *struct{}        `json:"include-all,omitempty"`
	IncludeControls []oscalControlID `json:"include-controls,omitempty"`
}

type oscalControlID struct {
	ControlID string `json:"control-id"`
}

type oscalObservation struct {
	UUID             string          `json:"uuid"`
	Title            string          `json:"title,omitempty"`
	Description      string          `json:"description"`
	Props            []oscalProp     `json:"props,omitempty"`
	Methods          []string        `json:"methods"`
	Types            []string        `json:"types,omitempty"`
	RelevantEvidence []oscalEvidence `json:"relevant-evidence,omitempty"`
	Collected        string          `json:"collected"`
	Remarks          string          `json:"remarks,omitempty"`
}

type oscalEvidence struct {
	Href        string `json:"href,omitempty"`
	Description string `json:"description"`
}

type oscalFinding struct {
	UUID                string            `json:"uuid"`
	Title               string            `json:"title"`
	Description         string            `json:"description"`
	Props               []oscalProp       `json:"props,omitempty"`
	Target              oscalTarget       `json:"target"`
	RelatedObservations []oscalRelatedObs `json:"related-observations,omitempty"`
	Remarks             string            `json:"remarks,omitempty"`
}

type oscalTarget struct {
	Type     string      `json:"type"`
	TargetID string      `json:"target-id"`
	Title    string      `json:"title,omitempty"`
	Props    []oscalProp `json:"props,omitempty"`
	Status   oscalStatus `json:"status"`
}

type oscalStatus struct {
	State   string `json:"state"`
	Reason  string `json:"reason,omitempty"`
	Remarks string `json:"remarks,omitempty"`
}

type oscalRelatedObs struct {
	ObservationUUID string `json:"observation-uuid"`
}

type oscalBackMatter struct {
	Resources []oscalResource `json:"resources"`
}

type oscalResource struct {
	UUID        string `json:"uuid"`
	Title       string `json:"title,omitempty"`
	Description string `json:"description,omitempty"`
	Remarks     string `json:"remarks,omitempty"`
}

// uuidV5 derives a stable name-based UUID (RFC 9562 version 5), so the same export content names the same
// observations and findings.
func uuidV5(name string) string {
	ns := []byte("attest.oscal/v1")
	h := sha1.New()
	h.Write(ns)
	h.Write([]byte(name))
	b := h.Sum(nil)[:16]
	b[6] = (b[6] & 0x0f) | 0x50
	b[8] = (b[8] & 0x3f) | 0x80
	x := hex.EncodeToString(b)
	return x[:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:]
}

// ControlToken turns a control identifier into an OSCAL token (a letter or '_' first, then letters, digits,
// '.', '-' and '_'): "HIPAA/164.312(a)(2)(iv)" becomes "HIPAA-164.312-a-2-iv". The identifier itself stays
// in the target's title and a property.
func ControlToken(id string) string {
	var b strings.Builder
	dash := false
	for _, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_'
		if ok {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if out == "" || !(out[0] >= 'a' && out[0] <= 'z' || out[0] >= 'A' && out[0] <= 'Z' || out[0] == '_') {
		out = "_" + out
	}
	return out
}

// buildOSCAL renders the period's assessment results: one result spanning the period, one observation per
// pack, one finding per control. A control is satisfied only when it passed in every pack that assessed
// it; a failure, a suppressed (accepted) failure or no assessment at all is not-satisfied, with the reason
// in the remarks.
func buildOSCAL(m *Manifest, agg *aggregate) ([]byte, error) {
	created := m.CreatedAt
	start, end := m.Period.From, m.Period.To
	if start == "" && len(agg.packs) > 0 {
		start = agg.packs[0].entry.Time
	}
	if start == "" {
		start = created
	}
	if end == "" {
		end = created
	}
	start, end = normTime(start), normTime(end)
	apUUID := uuidV5(m.ID + "/assessment-plan")
	obsByPack := map[string]string{}
	var obs []oscalObservation
	for _, p := range agg.packs {
		id := uuidV5(m.ID + "/observation/" + p.entry.ID)
		obsByPack[p.entry.ID] = id
		counts := map[string]int{}
		for _, c := range p.controls {
			counts[c.Status]++
		}
		desc := fmt.Sprintf("Evidence pack %s (%s run on %s), %s: %d control(s) passed, %d failed, %d suppressed, %d not assessed.",
			p.entry.ID, p.entry.Kind, p.subject, p.entry.Status, counts[evidence.ControlPass], counts[evidence.ControlFail],
			counts[evidence.ControlSuppressed], counts[evidence.ControlNotAssessed])
		obs = append(obs, oscalObservation{
			UUID: id, Title: "Evidence pack " + p.entry.ID, Description: desc,
			Props: []oscalProp{
				{Name: "pack-id", NS: oscalNS, Value: p.entry.ID},
				{Name: "pack-kind", NS: oscalNS, Value: nonEmpty(p.entry.Kind)},
				{Name: "pack-status", NS: oscalNS, Value: nonEmpty(p.entry.Status)},
				{Name: "manifest-sha256", NS: oscalNS, Value: p.entry.ManifestSHA256},
			},
			Methods: []string{"TEST"}, Types: []string{"finding"},
			RelevantEvidence: []oscalEvidence{{Href: "../" + p.entry.Path + evidence.ManifestFile, Description: "Signed manifest of the pack; its files are pinned by SHA-256."}},
			Collected:        normTime(nonEmptyOr(p.entry.Time, created)),
		})
	}
	var findings []oscalFinding
	var selected []oscalControlID
	for _, c := range agg.list() {
		tok := ControlToken(c.Control)
		selected = append(selected, oscalControlID{ControlID: tok})
		state, reason, remarks := "not-satisfied", "fail", ""
		switch c.Status {
		case evidence.ControlPass:
			state, reason = "satisfied", "pass"
		case evidence.ControlSuppressed:
			reason = "other"
			remarks = "Failures behind this control were accepted by written suppressions; an accepted failure is not a pass. " + justifications(c)
		case evidence.ControlNotAssessed:
			reason = "other"
			remarks = "No pack in the period could assess this control."
		}
		f := oscalFinding{
			UUID:        uuidV5(m.ID + "/finding/" + c.Control),
			Title:       c.Control,
			Description: fmt.Sprintf("%s over the period: %s in %d pack(s) (%d pass, %d fail, %d suppressed, %d not assessed).", c.Control, c.Status, len(c.Packs), c.Counts[evidence.ControlPass], c.Counts[evidence.ControlFail], c.Counts[evidence.ControlSuppressed], c.Counts[evidence.ControlNotAssessed]),
			Props:       []oscalProp{{Name: "control", NS: oscalNS, Value: c.Control}, {Name: "attest-status", NS: oscalNS, Value: c.Status}},
			Target: oscalTarget{Type: "objective-id", TargetID: tok, Title: c.Control,
				Status: oscalStatus{State: state, Reason: reason}},
			Remarks: remarks,
		}
		if remarks != "" {
			f.Target.Status.Remarks = remarks
		}
		for _, p := range c.Packs {
			f.RelatedObservations = append(f.RelatedObservations, oscalRelatedObs{ObservationUUID: obsByPack[p.ID]})
		}
		findings = append(findings, f)
	}
	sel := oscalSelection{Description: "Controls evaluated by the packs of the period"}
	if len(selected) == 0 {
		sel.IncludeAll = &struct{}{}
		sel.Description = "No control was evaluated in the period"
	} else {
		sel.IncludeControls = selected
	}
	title := "Attest evidence export " + m.ID
	if m.Framework != "" {
		title += " (" + m.Framework + ")"
	}
	doc := oscalDoc{AssessmentResults: oscalAR{
		UUID: uuidV5(m.ID),
		Metadata: oscalMetadata{
			Title: title, LastModified: normTime(created), Version: m.ID, OSCALVersion: OSCALVersion,
			Props:   []oscalProp{{Name: "export-id", NS: oscalNS, Value: m.ID}},
			Remarks: "Generated by Attest from signed evidence packs. Verify the export offline with attest verify.",
		},
		ImportAP: oscalImportAP{Href: "#" + apUUID,
			Remarks: "Attest assesses continuously on every event; there is no separate assessment plan. The reference resolves to a back-matter resource that says so."},
		Results: []oscalResult{{
			UUID: uuidV5(m.ID + "/result"), Title: title,
			Description: fmt.Sprintf("Results of %d evidence pack(s) collected between %s and %s.", len(agg.packs), start, end),
			Start:       start, End: end,
			ReviewedControls: oscalReviewed{ControlSelections: []oscalSelection{sel}},
			Observations:     obs, Findings: findings,
		}},
		BackMatter: oscalBackMatter{Resources: []oscalResource{{
			UUID: apUUID, Title: "Continuous assessment by Attest",
			Description: "Placeholder for the assessment plan the model requires: every push, alarm and configuration change is assessed as it happens, and each assessment is an evidence pack.",
		}}},
	}}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode OSCAL assessment results: %w", err)
	}
	return append(b, '\n'), nil
}

func justifications(c *ControlPacks) string {
	var out []string
	seen := map[string]bool{}
	for _, p := range c.Packs {
		for _, r := range p.Results {
			if r.Justification != "" && !seen[r.Justification] {
				seen[r.Justification] = true
				out = append(out, fmt.Sprintf("%q (%s, pack %s)", r.Justification, r.Rule, p.ID))
			}
		}
	}
	if len(out) == 0 {
		return ""
	}
	return "Justifications: " + strings.Join(out, "; ") + "."
}

// normTime renders a time in RFC 3339 with a time zone, as OSCAL's date-time-with-timezone requires.
func normTime(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.UTC().Format(time.RFC3339)
}

func nonEmpty(s string) string { return nonEmptyOr(s, "unknown") }

func nonEmptyOr(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}
