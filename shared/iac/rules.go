package iac

import (
	"sync"

	"github.com/attestdev/attest/shared/finding"
)

// registered, views and ruleList are built once: the registry is fixed at build time, and scanning many
// templates must not rebuild it for each.
var (
	registered = sync.OnceValue(Registry)
	views      = sync.OnceValue(builders)
	ruleList   = sync.OnceValue(Rules)
	byType     = sync.OnceValue(func() map[string][]Rule {
		m := map[string][]Rule{}
		for _, r := range registered() {
			m[r.ResourceType] = append(m[r.ResourceType], r)
		}
		return m
	})
)

// Registry returns every rule, in a fixed order. This list is the only place rules are registered: a rule
// that is not here does not run.
func Registry() []Rule {
	rules := []Rule{
		s3BucketServerSideEncryptionEnabled(),
		s3BucketLevelPublicAccessProhibited(),
		s3DefaultEncryptionKMS(),
		s3BucketSSLRequestsOnly(),
		s3BucketPublicReadProhibited(),
		s3BucketPublicWriteProhibited(),
		s3BucketLoggingEnabled(),
		s3BucketVersioningEnabled(),
		s3BucketDefaultLockEnabled(),
	}
	rules = append(rules, dataRules()...)
	rules = append(rules, platformRules()...)
	return append(rules, organisationRules()...)
}

// Rules returns the descriptions of every rule, once each, for reports and SARIF. A rule that covers several
// resource types is registered once per type.
func Rules() []finding.Rule {
	reg := Registry()
	out := make([]finding.Rule, 0, len(reg))
	seen := make(map[string]bool, len(reg))
	for _, r := range reg {
		if !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r.Rule)
		}
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
