package suppress

import (
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/crypto"
	"github.com/attestdev/attest/shared/iac"
)

// plannedConfigRules are AWS Config identifiers of the IaC guardrail catalogue that a mapping may name before
// an Attest rule implements them; until then the mapping reports "not checked" instead of suppressing.
var plannedConfigRules = map[string]bool{
	"s3-bucket-logging-enabled": true, "s3-bucket-versioning-enabled": true, "s3-bucket-public-read-prohibited": true,
	"s3-bucket-public-write-prohibited": true, "s3-default-encryption-kms": true, "sns-encrypted-kms": true,
	"lambda-inside-vpc": true, "lambda-concurrency-check": true,
}

func TestForeignTable(t *testing.T) {
	known := map[string]bool{}
	for _, r := range append(iac.Rules(), crypto.Rules()...) {
		known[strings.ToLower(r.ID)] = true
		if r.ConfigRule != "" {
			known[strings.ToLower(r.ConfigRule)] = true
		}
	}
	seen := map[string]bool{}
	for _, f := range foreignRules {
		key := f.tool + " " + upper(f.id)
		t.Run(key, func(t *testing.T) {
			if seen[key] {
				t.Errorf("%s is listed twice", key)
			}
			seen[key] = true
			if f.tool != FormCfnNag && f.tool != FormCheckov {
				t.Errorf("tool %q; want cfn_nag or checkov", f.tool)
			}
			if f.check == "" || len(f.rules) == 0 {
				t.Errorf("got check %q and rules %v; want what the check tests and the rules it maps to", f.check, f.rules)
			}
			for _, r := range f.rules {
				if !known[strings.ToLower(r)] && !plannedConfigRules[r] {
					t.Errorf("maps to %q, which is neither an Attest rule nor a planned Config identifier", r)
				}
			}
			if got, ok := lookupForeign(f.tool, strings.ToLower(f.id)); !ok || got.id != f.id {
				t.Errorf("lookupForeign(%s, %s): got %+v, %v; want the entry", f.tool, strings.ToLower(f.id), got, ok)
			}
		})
	}
	if _, ok := lookupForeign(FormCheckov, "W35"); ok {
		t.Error("lookupForeign(checkov, W35): got an entry; want none (ids belong to their tool)")
	}
}

func TestRules(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("rule %s defined twice", r.ID)
		}
		seen[r.ID] = true
		if r.Class != Class || r.Title == "" || r.Description == "" || r.Remediation == "" || r.Level.Rank() == 0 {
			t.Errorf("rule %s: got %+v; want class %s, a title, description, remediation and a level", r.ID, r, Class)
		}
		if got := ruleByID(r.ID); got.ID != r.ID || got.Level != r.Level {
			t.Errorf("ruleByID(%s): got %+v", r.ID, got)
		}
	}
	for _, id := range []string{RuleNoReason, RuleUnknownID, RuleMalformed, RuleUnmapped, RuleUnused} {
		if !seen[id] {
			t.Errorf("no rule %s", id)
		}
	}
	for id, level := range map[string]string{RuleNoReason: "warning", RuleUnknownID: "warning", RuleUnused: "note", RuleUnmapped: "note"} {
		if got := string(ruleByID(id).Level); got != level {
			t.Errorf("%s: got level %s; want %s (suppression problems inform, they never block by default)", id, got, level)
		}
	}
}
