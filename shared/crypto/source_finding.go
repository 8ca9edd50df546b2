package crypto

import "github.com/attestdev/attest/shared/finding"

// quantumDates is the NIST IR 8547 timeline every quantum-vulnerable message states.
const quantumDates = "Shor's algorithm breaks it at any key size, and NIST IR 8547 deprecates it after 2030 and " +
	"disallows it after 2035"

// sourceFinding builds a finding of one of the shared rules at a place in a source file, with the props every
// finding carries; empty extra props are left out.
func sourceFinding(path, rule string, level finding.Level, alg, api, msg string, at position, extra map[string]string) finding.Finding {
	props := map[string]string{"algorithm": alg, "api": api}
	for k, v := range extra {
		if v != "" {
			props[k] = v
		}
	}
	return finding.Finding{RuleID: rule, Level: level, Message: msg, Path: path, Line: at.line, Column: at.col,
		Snippet: at.snippet, Props: props}
}
