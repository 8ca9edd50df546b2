package finding

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// ASFF: the AWS Security Finding Format that Security Hub imports (BatchImportFindings).

// ASFFSchemaVersion is the only ASFF schema version.
const ASFFSchemaVersion = "2018-10-08"

// ASFFFinding is one finding in AWS Security Finding Format, with the required fields and the ones Attest fills.
type ASFFFinding struct {
	SchemaVersion string            `json:"SchemaVersion"`
	ID            string            `json:"Id"`
	ProductArn    string            `json:"ProductArn"`
	GeneratorID   string            `json:"GeneratorId"`
	AwsAccountID  string            `json:"AwsAccountId"`
	Types         []string          `json:"Types"`
	CreatedAt     string            `json:"CreatedAt"`
	UpdatedAt     string            `json:"UpdatedAt"`
	Severity      ASFFSeverity      `json:"Severity"`
	Title         string            `json:"Title"`
	Description   string            `json:"Description"`
	Remediation   *ASFFRemediation  `json:"Remediation,omitempty"`
	ProductFields map[string]string `json:"ProductFields,omitempty"`
	Resources     []ASFFResource    `json:"Resources"`
	Compliance    *ASFFCompliance   `json:"Compliance,omitempty"`
	RecordState   string            `json:"RecordState"`
	Workflow      ASFFWorkflow      `json:"Workflow"`
	Note          *ASFFNote         `json:"Note,omitempty"`
}

// ASFFSeverity is a finding's severity label.
type ASFFSeverity struct {
	Label string `json:"Label"`
}

// ASFFRemediation says how to fix a finding.
type ASFFRemediation struct {
	Recommendation ASFFRecommendation `json:"Recommendation"`
}

// ASFFRecommendation is the text and link of a remediation.
type ASFFRecommendation struct {
	Text string `json:"Text,omitempty"`
	URL  string `json:"Url,omitempty"`
}

// ASFFResource is what a finding is about.
type ASFFResource struct {
	Type    string               `json:"Type"`
	ID      string               `json:"Id"`
	Region  string               `json:"Region,omitempty"`
	Details *ASFFResourceDetails `json:"Details,omitempty"`
}

// ASFFResourceDetails holds free-form details of an "Other" resource.
type ASFFResourceDetails struct {
	Other map[string]string `json:"Other,omitempty"`
}

// ASFFCompliance carries the controls a finding fails.
type ASFFCompliance struct {
	Status              string   `json:"Status"`
	RelatedRequirements []string `json:"RelatedRequirements,omitempty"`
}

// ASFFWorkflow is the finding's workflow state.
type ASFFWorkflow struct {
	Status string `json:"Status"`
}

// ASFFNote is a user-defined note on a finding; Attest puts a suppression's justification there.
type ASFFNote struct {
	Text      string `json:"Text"`
	UpdatedBy string `json:"UpdatedBy"`
	UpdatedAt string `json:"UpdatedAt"`
}

// ASFFOptions say where the findings belong.
type ASFFOptions struct {
	Account string
	Region  string
	// Source names what was scanned (a repository name, or a directory), and keeps finding IDs apart across
	// sources; with the fingerprint it makes a finding's ID stable across runs, so a re-import updates it.
	Source string
	Now    time.Time
}

// Security Hub limits on field lengths.
const (
	asffTitleMax        = 256
	asffDescriptionMax  = 1024
	asffRecommendMax    = 512
	asffRequirementsMax = 32
	asffOtherValueMax   = 1024
	asffNoteMax         = 512
)

// ASFF renders the report's findings for Security Hub.
func (r *Report) ASFF(o ASFFOptions) ([]ASFFFinding, error) {
	if len(o.Account) != 12 || strings.Trim(o.Account, "0123456789") != "" {
		return nil, fmt.Errorf("ASFF needs a 12-digit AWS account ID, got %q", o.Account)
	}
	if o.Region == "" {
		return nil, fmt.Errorf("ASFF needs a region")
	}
	now := o.Now.UTC().Format(time.RFC3339)
	rules := map[string]Rule{}
	for _, rule := range r.Rules {
		rules[rule.ID] = rule
	}
	out := make([]ASFFFinding, 0, len(r.Findings))
	for _, f := range r.Findings {
		rule, ok := rules[f.RuleID]
		if !ok {
			return nil, fmt.Errorf("finding at %s:%d names rule %q, which the report does not define", f.Path, f.Line, f.RuleID)
		}
		other := map[string]string{"path": f.Path, "line": strconv.Itoa(f.Line), "rule": f.RuleID, "class": rule.Class}
		if f.LogicalID != "" {
			other["logicalId"] = f.LogicalID
		}
		for k, v := range other {
			other[k] = clip(v, asffOtherValueMax)
		}
		resID := f.Path
		if f.LogicalID != "" {
			resID = f.Path + "#" + f.LogicalID
		}
		if o.Source != "" {
			resID = o.Source + ":" + resID
		}
		af := ASFFFinding{
			SchemaVersion: ASFFSchemaVersion,
			ID:            "attest/" + o.Source + "/" + f.Fingerprint(),
			ProductArn:    fmt.Sprintf("arn:aws:securityhub:%s:%s:product/%s/default", o.Region, o.Account, o.Account),
			GeneratorID:   "attest/" + f.RuleID,
			AwsAccountID:  o.Account,
			Types:         []string{asffType(rule)},
			CreatedAt:     now,
			UpdatedAt:     now,
			Severity:      ASFFSeverity{Label: asffSeverity(f.Level)},
			Title:         clip(rule.Title, asffTitleMax),
			Description:   clip(f.Message, asffDescriptionMax),
			ProductFields: map[string]string{"attest/ruleId": f.RuleID, "attest/class": rule.Class},
			Resources:     []ASFFResource{{Type: "Other", ID: clip(resID, 512), Region: o.Region, Details: &ASFFResourceDetails{Other: other}}},
			RecordState:   "ACTIVE",
			Workflow:      ASFFWorkflow{Status: "NEW"},
		}
		if rule.Remediation != "" || rule.HelpURI != "" {
			af.Remediation = &ASFFRemediation{Recommendation: ASFFRecommendation{Text: clip(rule.Remediation, asffRecommendMax), URL: rule.HelpURI}}
		}
		if s := f.Suppression; s != nil {
			// Security Hub's own state for an accepted finding; the justification travels in the note.
			af.Workflow.Status = "SUPPRESSED"
			af.Note = &ASFFNote{Text: clip(s.Justification+" ("+s.Source+")", asffNoteMax), UpdatedBy: "attest", UpdatedAt: now}
			af.ProductFields["attest/suppression"] = clip(s.Source, asffOtherValueMax)
		}
		if len(rule.Controls) > 0 {
			reqs := rule.Controls
			if len(reqs) > asffRequirementsMax {
				reqs = reqs[:asffRequirementsMax]
			}
			af.Compliance = &ASFFCompliance{Status: "FAILED", RelatedRequirements: reqs}
		}
		out = append(out, af)
	}
	return out, nil
}

func asffSeverity(l Level) string {
	switch l {
	case LevelError:
		return "HIGH"
	case LevelWarning:
		return "MEDIUM"
	case LevelNote:
		return "INFORMATIONAL"
	}
	return "LOW"
}

func asffType(rule Rule) string {
	switch {
	case strings.HasPrefix(rule.Class, "crypto/"):
		return "Software and Configuration Checks/Industry and Regulatory Standards"
	case rule.Class == "efficiency":
		return "Software and Configuration Checks/AWS Security Best Practices/Efficiency"
	}
	return "Software and Configuration Checks/AWS Security Best Practices"
}

// clip shortens s to at most n bytes without splitting a character.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
