package iac

import (
	"fmt"

	"github.com/attestdev/attest/shared/finding"
)

// Rule is one guardrail: its description (identifier, title, level, controls …) and a check over the typed view
// of one resource type.
type Rule struct {
	finding.Rule
	// ResourceType is the CloudFormation type the rule applies to; AWS Config uses the same names.
	ResourceType string
	check        func(view any) Result
}

// Result is the outcome of a rule on one resource.
type Result struct {
	Status  finding.Status
	Message string
	// Line is where a failure or an unknown setting is in a template (0: the resource itself).
	Line int
}

// Pass is a passing result.
func Pass(format string, args ...any) Result {
	return Result{Status: finding.StatusPass, Message: fmt.Sprintf(format, args...)}
}

// Fail is a failing result pointing at line.
func Fail(line int, format string, args ...any) Result {
	return Result{Status: finding.StatusFail, Message: fmt.Sprintf(format, args...), Line: line}
}

// NotAssessed is a result for a resource the rule could not judge.
func NotAssessed(format string, args ...any) Result {
	return Result{Status: finding.StatusNotAssessed, Message: fmt.Sprintf(format, args...)}
}

// NotAssessedAt is NotAssessed pointing at the setting that could not be known.
func NotAssessedAt(line int, format string, args ...any) Result {
	r := NotAssessed(format, args...)
	r.Line = line
	return r
}

// newRule binds a check on the view type V to a rule. The view builders guarantee that a resource of
// resourceType yields a *V; the type switch keeps a mismatch from being anything worse than NOT_ASSESSED.
func newRule[V any](meta finding.Rule, resourceType string, check func(*V) Result) Rule {
	return Rule{
		Rule:         meta,
		ResourceType: resourceType,
		check: func(view any) Result {
			v, ok := view.(*V)
			if !ok || v == nil {
				return NotAssessed("rule %s cannot read a %T view", meta.ID, view)
			}
			return check(v)
		},
	}
}

// Check applies the rule to a view of one resource.
func (r Rule) Check(view any) Result {
	if r.check == nil {
		return NotAssessed("rule %s has no check", r.ID)
	}
	return r.check(view)
}
