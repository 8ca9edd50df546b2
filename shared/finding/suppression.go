package finding

// Suppression kinds, as SARIF 2.1.0 §3.35.2 names them: inSource when the suppression is written in the
// scanned artifact itself (a comment, a template's Metadata), external when it is kept elsewhere.
const (
	SuppressionInSource = "inSource"
	SuppressionExternal = "external"
)

// Suppression records that a result was deliberately accepted, by whom it was written down and why. A
// suppressed result stays in every report and the evidence pack with its justification; it no longer blocks,
// and it never counts as a pass.
type Suppression struct {
	Kind          string `json:"kind"`          // SuppressionInSource or SuppressionExternal
	Justification string `json:"justification"` // the reason its author gave; never empty
	Source        string `json:"source"`        // where it is written: "inline comment at line 12", "Metadata.cfn_nag W35"
}

// Suppressed reports whether the finding was accepted by a suppression.
func (f Finding) Suppressed() bool { return f.Suppression != nil }

// Suppressed reports whether the evaluation's failure was accepted by a suppression.
func (e Evaluation) Suppressed() bool { return e.Suppression != nil }

// Active returns the findings that are not suppressed, in their order: the ones a gate looks at.
func Active(fs []Finding) []Finding {
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		if f.Suppression == nil {
			out = append(out, f)
		}
	}
	return out
}

// SARIFSuppression is a suppression object (SARIF 2.1.0 §3.35) on a result.
type SARIFSuppression struct {
	Kind          string            `json:"kind"`
	Status        string            `json:"status,omitempty"`
	Justification string            `json:"justification,omitempty"`
	Properties    map[string]string `json:"properties,omitempty"`
}

// sarifSuppressions renders a finding's suppression; nil when it has none, so the property is left out and
// the result reads as not suppressed.
func sarifSuppressions(s *Suppression) []SARIFSuppression {
	if s == nil {
		return nil
	}
	out := SARIFSuppression{Kind: s.Kind, Status: "accepted", Justification: s.Justification}
	if s.Source != "" {
		out.Properties = map[string]string{"source": s.Source}
	}
	return []SARIFSuppression{out}
}

// SuppressionFromSARIF reads back the suppression of a result, or nil when it has none in effect (a
// suppression under review or rejected does not count).
func SuppressionFromSARIF(ss []SARIFSuppression) *Suppression {
	for _, s := range ss {
		if s.Status != "" && s.Status != "accepted" {
			continue
		}
		return &Suppression{Kind: s.Kind, Justification: s.Justification, Source: s.Properties["source"]}
	}
	return nil
}
