package suppress

import (
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/finding"
)

var testRules = []finding.Rule{
	{ID: "ATT-CRYPTO-WEAK-HASH", Class: "crypto/weak-hash", Level: finding.LevelError},
	{ID: "ATT-CRYPTO-WEAK-CIPHER", Class: "crypto/weak-cipher", Level: finding.LevelError},
	{ID: "s3-bucket-logging-enabled", ConfigRule: "s3-bucket-logging-enabled", Class: "iac", Level: finding.LevelWarning},
	{ID: "encrypted-volumes", ConfigRule: "encrypted-volumes", Class: "iac", Level: finding.LevelError},
}

// report is a fresh report: two crypto findings in a.go, and a failing bucket and volume in t.yaml.
func report() *finding.Report {
	return &finding.Report{
		Rules: append([]finding.Rule(nil), testRules...),
		Findings: []finding.Finding{
			{RuleID: "ATT-CRYPTO-WEAK-HASH", Level: finding.LevelError, Path: "a.go", Line: 5},
			{RuleID: "ATT-CRYPTO-WEAK-CIPHER", Level: finding.LevelError, Path: "a.go", Line: 9},
			{RuleID: "s3-bucket-logging-enabled", Level: finding.LevelWarning, Path: "t.yaml", Line: 3, LogicalID: "Logs"},
			{RuleID: "encrypted-volumes", Level: finding.LevelError, Path: "t.yaml", Line: 12, LogicalID: "Disk"},
		},
		Evaluations: []finding.Evaluation{
			{RuleID: "s3-bucket-logging-enabled", Status: finding.StatusFail, ResourceID: "Logs", Path: "t.yaml", Line: 3},
			{RuleID: "encrypted-volumes", Status: finding.StatusFail, ResourceID: "Disk", Path: "t.yaml", Line: 12},
			{RuleID: "encrypted-volumes", Status: finding.StatusPass, ResourceID: "Other", Path: "t.yaml", Line: 20},
		},
	}
}

var templateResources = []Resource{{"Logs", 2}, {"Disk", 9}, {"Other", 18}}

// outcome summarises a report after Apply: the suppressed results and the rules of the added findings.
func outcome(rep *finding.Report) (suppressed []string, added []string) {
	for _, f := range rep.Findings {
		if f.Suppression != nil {
			suppressed = append(suppressed, "f:"+f.RuleID)
		}
		if strings.HasPrefix(f.RuleID, "ATT-SUPPRESS-") {
			added = append(added, f.RuleID)
		}
	}
	for _, e := range rep.Evaluations {
		if e.Suppression != nil {
			suppressed = append(suppressed, "e:"+e.RuleID+"/"+e.ResourceID)
		}
	}
	return suppressed, added
}

func TestApply(t *testing.T) {
	dir := func(line, target int, reason string, ids ...string) Directive {
		return Directive{Line: line, Target: target, IDs: ids, Reason: reason, Text: "attest:ignore " + strings.Join(ids, ",") + " " + reason}
	}
	tests := []struct {
		name           string
		files          []File
		wantSuppressed string
		wantAdded      string
	}{
		{"by rule ID on its line", []File{{Path: "a.go", Directives: []Directive{dir(4, 5, "ETag", "ATT-CRYPTO-WEAK-HASH")}}},
			"f:ATT-CRYPTO-WEAK-HASH", ""},
		{"by class", []File{{Path: "a.go", Directives: []Directive{dir(9, 9, "HSM", "crypto/weak-cipher")}}},
			"f:ATT-CRYPTO-WEAK-CIPHER", ""},
		{"ids are case-insensitive", []File{{Path: "a.go", Directives: []Directive{dir(9, 9, "HSM", "att-crypto-weak-cipher")}}},
			"f:ATT-CRYPTO-WEAK-CIPHER", ""},
		{"several ids", []File{{Path: "a.go", Directives: []Directive{dir(5, 5, "both", "ATT-CRYPTO-WEAK-CIPHER", "ATT-CRYPTO-WEAK-HASH")}}},
			"f:ATT-CRYPTO-WEAK-HASH", ""},
		{"wrong line is stale", []File{{Path: "a.go", Directives: []Directive{dir(6, 7, "why", "ATT-CRYPTO-WEAK-HASH")}}},
			"", RuleUnused},
		{"other file is untouched", []File{{Path: "b.go", Directives: []Directive{dir(4, 5, "why", "ATT-CRYPTO-WEAK-HASH")}}},
			"", RuleUnused},
		{"no reason suppresses nothing", []File{{Path: "a.go", Directives: []Directive{dir(5, 5, "", "ATT-CRYPTO-WEAK-HASH")}}},
			"", RuleNoReason},
		{"unknown id", []File{{Path: "a.go", Directives: []Directive{dir(5, 5, "why", "ATT-NOPE")}}},
			"", RuleUnknownID},
		{"unknown beside known", []File{{Path: "a.go", Directives: []Directive{dir(5, 5, "why", "ATT-NOPE", "ATT-CRYPTO-WEAK-HASH")}}},
			"f:ATT-CRYPTO-WEAK-HASH", RuleUnknownID},
		{"no ids", []File{{Path: "a.go", Directives: []Directive{dir(5, 5, "")}}},
			"", RuleMalformed},
		{"nothing follows", []File{{Path: "a.go", Directives: []Directive{dir(30, 0, "why", "ATT-CRYPTO-WEAK-HASH")}}},
			"", RuleUnused},
		{"config identifier on the resource line covers the resource", []File{{Path: "t.yaml", Resources: templateResources,
			Directives: []Directive{dir(1, 2, "log bucket", "S3-BUCKET-LOGGING-ENABLED")}}},
			"f:s3-bucket-logging-enabled e:s3-bucket-logging-enabled/Logs", ""},
		{"a passing evaluation is never suppressed", []File{{Path: "t.yaml", Resources: templateResources,
			Directives: []Directive{dir(17, 18, "why", "encrypted-volumes")}}},
			"", RuleUnused},
		{"attest metadata", []File{{Path: "t.yaml", Entries: []Entry{{Form: FormAttest, LogicalID: "Disk", ID: "encrypted-volumes", Reason: "scratch", Line: 10}}}},
			"f:encrypted-volumes e:encrypted-volumes/Disk", ""},
		{"attest metadata by class covers every iac rule of the resource", []File{{Path: "t.yaml", Entries: []Entry{{Form: FormAttest, LogicalID: "Logs", ID: "iac", Reason: "sandbox", Line: 4}}}},
			"f:s3-bucket-logging-enabled e:s3-bucket-logging-enabled/Logs", ""},
		{"cfn_nag metadata", []File{{Path: "t.yaml", Entries: []Entry{{Form: FormCfnNag, LogicalID: "Logs", ID: "w35", Reason: "log bucket", Line: 4}}}},
			"f:s3-bucket-logging-enabled e:s3-bucket-logging-enabled/Logs", ""},
		{"checkov metadata", []File{{Path: "t.yaml", Entries: []Entry{{Form: FormCheckov, LogicalID: "Disk", ID: "CKV_AWS_3", Reason: "scratch", Line: 10}}}},
			"f:encrypted-volumes e:encrypted-volumes/Disk", ""},
		{"metadata on another resource is stale", []File{{Path: "t.yaml", Entries: []Entry{{Form: FormCheckov, LogicalID: "Other", ID: "CKV_AWS_3", Reason: "scratch", Line: 19}}}},
			"", RuleUnused},
		{"unmapped foreign id", []File{{Path: "t.yaml", Entries: []Entry{{Form: FormCfnNag, LogicalID: "Logs", ID: "W28", Reason: "name", Line: 4}}}},
			"", RuleUnmapped},
		{"foreign id whose rule this build lacks", []File{{Path: "t.yaml", Entries: []Entry{{Form: FormCfnNag, LogicalID: "Logs", ID: "W89", Reason: "no VPC", Line: 4}}}},
			"", RuleUnmapped},
		{"metadata without reason", []File{{Path: "t.yaml", Entries: []Entry{{Form: FormCfnNag, LogicalID: "Logs", ID: "W35", Line: 4}}}},
			"", RuleNoReason},
		{"unknown attest metadata id", []File{{Path: "t.yaml", Entries: []Entry{{Form: FormAttest, LogicalID: "Logs", ID: "W35", Reason: "x", Line: 4}}}},
			"", RuleUnknownID},
		{"malformed metadata", []File{{Path: "t.yaml", Entries: []Entry{{Form: FormAttest, LogicalID: "Logs", Line: 4, Problem: "no id"}}}},
			"", RuleMalformed},
		{"a suppression finding cannot be suppressed", []File{{Path: "a.go", Directives: []Directive{dir(5, 5, "why", RuleNoReason)}}},
			"", RuleUnknownID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := report()
			Apply(rep, tt.files)
			sup, added := outcome(rep)
			if got := strings.Join(sup, " "); got != tt.wantSuppressed {
				t.Errorf("suppressed: got %q; want %q", got, tt.wantSuppressed)
			}
			if got := strings.Join(added, " "); got != tt.wantAdded {
				t.Errorf("added findings: got %q; want %q", got, tt.wantAdded)
			}
			for _, f := range rep.Findings {
				if _, ok := rep.Rule(f.RuleID); !ok {
					t.Errorf("finding of %s: the report does not define the rule", f.RuleID)
				}
				if s := f.Suppression; s != nil && (s.Justification == "" || s.Source == "" || s.Kind != finding.SuppressionInSource) {
					t.Errorf("%s: got suppression %+v; want a kind, a justification and a source", f.RuleID, s)
				}
			}
			if _, err := rep.SARIF(finding.ToolInfo{Name: "attest"}); err != nil {
				t.Errorf("SARIF: %v", err)
			}
		})
	}
}

func TestApplyKeepsFirstSuppression(t *testing.T) {
	rep := report()
	Apply(rep, []File{{Path: "a.go", Directives: []Directive{
		{Line: 3, Target: 5, IDs: []string{"ATT-CRYPTO-WEAK-HASH"}, Reason: "first"},
		{Line: 4, Target: 5, IDs: []string{"crypto/weak-hash"}, Reason: "second"},
	}}})
	if s := rep.Findings[0].Suppression; s == nil || s.Justification != "first" || s.Source != "inline comment at line 3" {
		t.Errorf("got %+v; want the first directive's suppression", s)
	}
	if _, added := outcome(rep); len(added) != 0 {
		t.Errorf("got added findings %v; want none (the second directive matched too)", added)
	}
}

func TestApplyWithoutSuppressionsChangesNothing(t *testing.T) {
	rep := report()
	Apply(rep, nil)
	if len(rep.Rules) != len(testRules) || len(rep.Findings) != 4 {
		t.Errorf("got %d rules and %d findings; want the report unchanged (%d and 4)", len(rep.Rules), len(rep.Findings), len(testRules))
	}
	Apply(nil, []File{{Path: "a.go"}}) // must not panic
}
