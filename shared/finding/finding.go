package finding

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
)

// Level is the SARIF level of a finding.
type Level string

// Levels, most severe first.
const (
	LevelError   Level = "error"
	LevelWarning Level = "warning"
	LevelNote    Level = "note"
)

// Rank orders levels: error 3, warning 2, note 1, anything else 0.
func (l Level) Rank() int {
	switch l {
	case LevelError:
		return 3
	case LevelWarning:
		return 2
	case LevelNote:
		return 1
	}
	return 0
}

// Rule describes one check. Rules are data; the code that applies them lives beside them in their package.
type Rule struct {
	ID          string   `json:"id"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Remediation string   `json:"remediation"`
	HelpURI     string   `json:"helpUri,omitempty"`
	Level       Level    `json:"level"`
	Confidence  string   `json:"confidence,omitempty"` // high, medium or low: kept apart from the level
	Class       string   `json:"class"`                // crypto/weak-hash …, iac, environment, efficiency
	ConfigRule  string   `json:"configRule,omitempty"` // AWS Config managed rule identifier, lower case
	Controls    []string `json:"controls,omitempty"`   // HIPAA/164.312(a)(2)(iv), SOC2/CC6.1, PCI-DSS-4.0/3.5.1
	CWE         []int    `json:"cwe,omitempty"`
	Permissions []string `json:"permissions,omitempty"` // IAM actions the check needs when it reads live AWS
}

// Tags returns the SARIF property tags of the rule, in the contract's form.
func (r Rule) Tags() []string {
	tags := []string{"class:" + r.Class}
	if r.ConfigRule != "" {
		tags = append(tags, "config-rule:"+strings.ToLower(r.ConfigRule))
	}
	for _, c := range r.Controls {
		tags = append(tags, "control:"+c)
	}
	for _, c := range r.CWE {
		tags = append(tags, fmt.Sprintf("cwe:%d", c))
	}
	return tags
}

// Finding is one problem at one place.
type Finding struct {
	RuleID    string            `json:"ruleId"`
	Level     Level             `json:"level"`
	Message   string            `json:"message"`
	Path      string            `json:"path"` // relative to the scanned root, with / separators
	Line      int               `json:"line"`
	Column    int               `json:"column,omitempty"`
	LogicalID string            `json:"logicalId,omitempty"` // IaC: the resource's logical ID
	Snippet   string            `json:"snippet,omitempty"`   // the offending source line, trimmed; feeds the fingerprint
	Props     map[string]string `json:"properties,omitempty"`
	// Suppression is set when a written suppression accepted the finding; it then no longer blocks.
	Suppression *Suppression `json:"suppression,omitempty"`
}

// Fingerprint identifies the finding across runs: it ignores the line number, so moving code does not
// make a finding look new, and includes the snippet, so two findings of one rule in one file stay apart.
func (f Finding) Fingerprint() string {
	h := sha256.New()
	for _, s := range []string{f.RuleID, f.Path, f.LogicalID, strings.Join(strings.Fields(f.Snippet), " "), f.Props["algorithm"]} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// Status is the outcome of one rule on one resource.
type Status string

// Statuses, as AWS Config names them.
const (
	StatusPass        Status = "PASS"
	StatusFail        Status = "FAIL"
	StatusNotAssessed Status = "NOT_ASSESSED"
)

// Evaluation records a rule applied to one resource, passes included.
type Evaluation struct {
	RuleID       string   `json:"ruleId"`
	ConfigRule   string   `json:"configRule,omitempty"`
	Status       Status   `json:"status"`
	Controls     []string `json:"controls,omitempty"`
	ResourceType string   `json:"resourceType"`
	ResourceID   string   `json:"resourceId"`
	Path         string   `json:"path,omitempty"`
	Line         int      `json:"line,omitempty"`
	Message      string   `json:"message"`
	// Suppression is set when a written suppression accepted a failure; the failure still never counts as a pass.
	Suppression *Suppression `json:"suppression,omitempty"`
}

// Skip says what was not scanned and why, so an empty result is never mistaken for a clean one.
type Skip struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// Report is the result of scanning a set of files.
type Report struct {
	Rules       []Rule       `json:"rules"`
	Findings    []Finding    `json:"findings"`
	Evaluations []Evaluation `json:"evaluations"`
	Scanned     []string     `json:"scanned"`
	Skipped     []Skip       `json:"skipped"`

	// Assets is every use of cryptography the scan recognised, flagged or not.
	Assets []CryptoAsset `json:"assets,omitempty"`
}

// Merge adds o to r, keeping one copy of each rule.
func (r *Report) Merge(o *Report) {
	if o == nil {
		return
	}
	seen := make(map[string]bool, len(r.Rules))
	for _, rule := range r.Rules {
		seen[rule.ID] = true
	}
	for _, rule := range o.Rules {
		if !seen[rule.ID] {
			seen[rule.ID] = true
			r.Rules = append(r.Rules, rule)
		}
	}
	r.Findings = append(r.Findings, o.Findings...)
	r.Evaluations = append(r.Evaluations, o.Evaluations...)
	r.Scanned = append(r.Scanned, o.Scanned...)
	r.Skipped = append(r.Skipped, o.Skipped...)
	r.Assets = append(r.Assets, o.Assets...)
}

// Sort puts everything in a stable order: by path, line, rule.
func (r *Report) Sort() {
	sort.SliceStable(r.Rules, func(i, j int) bool { return r.Rules[i].ID < r.Rules[j].ID })
	sort.SliceStable(r.Findings, func(i, j int) bool {
		a, b := r.Findings[i], r.Findings[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		return a.Message < b.Message
	})
	sort.SliceStable(r.Evaluations, func(i, j int) bool {
		a, b := r.Evaluations[i], r.Evaluations[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.ResourceID != b.ResourceID {
			return a.ResourceID < b.ResourceID
		}
		return a.RuleID < b.RuleID
	})
	sort.Strings(r.Scanned)
	sort.SliceStable(r.Skipped, func(i, j int) bool { return r.Skipped[i].Path < r.Skipped[j].Path })
}

// Rule returns the rule with the given ID.
func (r *Report) Rule(id string) (Rule, bool) {
	for _, rule := range r.Rules {
		if rule.ID == id {
			return rule, true
		}
	}
	return Rule{}, false
}
