package iac

import "github.com/attestdev/attest/shared/finding"

// Registry returns every rule, in a fixed order. This list is the only place rules are registered: a rule
// that is not here does not run.
func Registry() []Rule {
	rules := []Rule{
		s3BucketServerSideEncryptionEnabled(),
		s3BucketLevelPublicAccessProhibited(),
	}
	rules = append(rules, dataRules()...)
	return append(rules, platformRules()...)
}

// Rules returns the descriptions of every rule, for reports and SARIF.
func Rules() []finding.Rule {
	reg := Registry()
	out := make([]finding.Rule, len(reg))
	for i, r := range reg {
		out[i] = r.Rule
	}
	return out
}

// rulesFor returns the rules that apply to a resource type, in registry order.
func rulesFor(reg []Rule, resourceType string) []Rule {
	var out []Rule
	for _, r := range reg {
		if r.ResourceType == resourceType {
			out = append(out, r)
		}
	}
	return out
}
