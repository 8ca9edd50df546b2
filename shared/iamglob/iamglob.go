// Package iamglob matches IAM policy wildcards: * stands for any run of characters and ? for one character,
// as in the Action, NotAction, Resource and NotResource elements of a policy.
package iamglob

import "strings"

// Match reports whether s matches pattern. Matching is iterative, backtracking to the last star only, so
// it takes at most len(pattern)×len(s) steps and uses no regular expression.
func Match(pattern, s string) bool {
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && pattern[p] == '*': // before the literal case: a star in s is no star in pattern
			star, mark = p, i
			p++
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p++
			i++
		case star >= 0:
			p = star + 1
			mark++
			i = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}

// MatchAction reports whether an action pattern matches an action; IAM compares actions case-insensitively.
func MatchAction(pattern, action string) bool {
	return Match(strings.ToLower(pattern), strings.ToLower(action))
}
