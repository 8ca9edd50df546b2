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
	check        func(view any, o *Options) Result
	// view, when set, builds the rule's own view of a resource instead of its type's view: rules that read one
	// setting across many types (tags, instance classes) use it.
	view *viewBuilder
	// optional rules evaluate nothing unless the organisation's options ask for them.
	optional bool
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

// notApplicable is the result of a rule that does not concern a resource (a security group that is not a VPC's
// default group, a tag rule with no tags required): it yields no evaluation at all.
func notApplicable() Result { return Result{} }

// newRule binds a check on the view type V to a rule. The view builders guarantee that a resource of
// resourceType yields a *V; the type switch keeps a mismatch from being anything worse than NOT_ASSESSED.
func newRule[V any](meta finding.Rule, resourceType string, check func(*V) Result) Rule {
	return Rule{
		Rule:         meta,
		ResourceType: resourceType,
		check: func(view any, _ *Options) Result {
			v, ok := view.(*V)
			if !ok || v == nil {
				return NotAssessed("rule %s cannot read a %T view", meta.ID, view)
			}
			return check(v)
		},
	}
}

// newOptRule is newRule for a check that depends on the organisation's options.
func newOptRule[V any](meta finding.Rule, resourceType string, check func(*V, *Options) Result) Rule {
	return Rule{
		Rule:         meta,
		ResourceType: resourceType,
		check: func(view any, o *Options) Result {
			v, ok := view.(*V)
			if !ok || v == nil {
				return NotAssessed("rule %s cannot read a %T view", meta.ID, view)
			}
			if o == nil {
				o = &Options{}
			}
			return check(v, o)
		},
	}
}

// also registers rule r for another resource type whose builder yields the same view type, as AWS Config
// evaluates some rules on several types (a managed policy like an inline one, a DB cluster like an instance).
func also(r Rule, resourceType string) Rule {
	r.ResourceType = resourceType
	return r
}

// forTypes registers one rule for several resource types, as AWS Config does for rules that cover more than one.
func forTypes(types []string, mk func(typ string) Rule) []Rule {
	out := make([]Rule, 0, len(types))
	for _, t := range types {
		out = append(out, mk(t))
	}
	return out
}

// Check applies the rule to a view of one resource, with the default options.
func (r Rule) Check(view any) Result { return r.CheckWith(view, nil) }

// CheckWith applies the rule to a view of one resource under the organisation's options (nil: the defaults).
// A result with an empty Status means the rule does not concern the resource.
func (r Rule) CheckWith(view any, o *Options) Result {
	if r.check == nil {
		return NotAssessed("rule %s has no check", r.ID)
	}
	return r.check(view, o)
}
