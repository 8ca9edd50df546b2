package iac

import (
	"encoding/json"
	"fmt"

	"github.com/attestdev/attest/shared/cfn"
)

// integer reads a whole-number setting; CloudFormation accepts numeric strings too.
func (p templateProps) integer(v *cfn.Value, prefix string, keys ...string) Fact[int64] {
	val, state, line, why := p.lookup(v, prefix, keys...)
	switch state {
	case Absent:
		return Missing[int64](line)
	case Unknown:
		return Unknowable[int64](why, line)
	}
	n, ok := val.Int()
	if !ok {
		return Unknowable[int64](p.malformed(join(prefix, keys...), val, "a whole number"), line)
	}
	return Known(n, line)
}

// strList reads a list of strings. An empty list is Set with no elements; an element that is unknown before
// deployment makes the whole list unknown, because a rule cannot tell what it adds.
func (p templateProps) strList(v *cfn.Value, prefix string, keys ...string) Fact[[]string] {
	val, state, line, why := p.lookup(v, prefix, keys...)
	switch state {
	case Absent:
		return Missing[[]string](line)
	case Unknown:
		return Unknowable[[]string](why, line)
	}
	name := join(prefix, keys...)
	if val.Kind != cfn.List {
		return Unknowable[[]string](p.malformed(name, val, "a list"), line)
	}
	out := make([]string, 0, val.Len())
	for _, item := range val.Items() {
		if item.IsIntrinsic() {
			return Unknowable[[]string](p.unknown(name+"[]", item), line)
		}
		s, ok := item.Str()
		if !ok {
			return Unknowable[[]string](p.malformed(name+"[]", item, "a string"), line)
		}
		out = append(out, s)
	}
	return Known(out, line)
}

// configFields is the top level of a configuration item's configuration object, decoded once per view.
// When the object is missing or unreadable, why says so and every field read from it is unknown.
type configFields struct {
	fields map[string]json.RawMessage
	why    string
}

// fields decodes the item's configuration object.
func (ci ConfigItem) fields() configFields {
	var m map[string]json.RawMessage
	if len(ci.Configuration) == 0 {
		return configFields{why: "the configuration item has no configuration"}
	}
	if err := decodeEmbedded(ci.Configuration, &m); err != nil {
		return configFields{why: fmt.Sprintf("the configuration is unreadable: %v", err)}
	}
	return configFields{fields: m}
}

// field decodes configuration.<name> into a T. A field that is missing or null is unknown rather than absent:
// AWS Config omits fields it could not read, so the item does not show that the setting is off.
func configField[T any](c configFields, name string) Fact[T] {
	if c.fields == nil {
		return Unknowable[T](c.why, 0)
	}
	raw, ok := c.fields[name]
	if !ok || string(raw) == "null" {
		return Unknowable[T](fmt.Sprintf("the configuration item has no configuration.%s", name), 0)
	}
	var v T
	if err := json.Unmarshal(raw, &v); err != nil {
		return Unknowable[T](fmt.Sprintf("configuration.%s is unreadable: %v", name, err), 0)
	}
	return Known(v, 0)
}

// nested decodes configuration.<name>, an object, for reading its own fields.
func (c configFields) nested(name string) configFields {
	if c.fields == nil {
		return c
	}
	raw, ok := c.fields[name]
	if !ok || string(raw) == "null" {
		return configFields{why: fmt.Sprintf("the configuration item has no configuration.%s", name)}
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return configFields{why: fmt.Sprintf("configuration.%s is unreadable: %v", name, err)}
	}
	return configFields{fields: m}
}

// requireTrue is the check of a rule whose setting must be true: absent takes the service default dflt.
func requireTrue(f Tri, name string, dflt bool) Result {
	switch {
	case f.State == Unknown:
		return NotAssessedAt(f.Line, "%s", f.Why)
	case f.State == Absent && !dflt:
		return Fail(f.Line, "%s is not set (defaults to false)", name)
	case f.State == Absent:
		return Pass("%s is not set and defaults to true", name)
	case !f.Value:
		return Fail(f.Line, "%s is false", name)
	}
	return Pass("%s is true", name)
}

// sliceSetting is the effective value of a list setting for drift; an absent list is empty.
func sliceSetting(name string, f Fact[[]string]) setting {
	switch f.State {
	case Set:
		return setting{name: name, value: fmt.Sprint(f.Value), known: true}
	case Absent:
		return setting{name: name, value: "[]", known: true, dfault: true}
	}
	return setting{name: name, unknown: f.Why}
}

// configOptional is configField for resource types that AWS Config records in their CloudFormation schema
// (ECR, EFS, Kinesis, Secrets Manager, SageMaker …): such items leave out properties that are not set, so a
// missing field is absent, not unknown.
func configOptional[T any](c configFields, name string) Fact[T] {
	if c.fields != nil {
		if raw, ok := c.fields[name]; !ok || string(raw) == "null" {
			return Missing[T](0)
		}
	}
	return configField[T](c, name)
}

// nestedOptional is nested for those types: a missing object is an empty one.
func (c configFields) nestedOptional(name string) configFields {
	if c.fields != nil {
		if raw, ok := c.fields[name]; !ok || string(raw) == "null" {
			return configFields{fields: map[string]json.RawMessage{}}
		}
	}
	return c.nested(name)
}

// requireSet is the check of a rule whose setting must name something (a key, a configuration).
func requireSet(f Fact[string], line int, name, missing string) Result {
	switch {
	case f.State == Unknown:
		return NotAssessedAt(f.Line, "%s", f.Why)
	case f.State == Absent || f.Value == "":
		if f.Line != 0 {
			line = f.Line
		}
		return Fail(line, "%s", missing)
	}
	return Pass("%s is %s", name, f.Value)
}

// dataRefersTo reports whether an unresolved property value names the resource logicalID, through Ref or
// Fn::GetAtt, the way one resource points at another in a template.
func dataRefersTo(v *cfn.Value, logicalID string) bool {
	name, arg := v.Intrinsic()
	switch name {
	case "Ref":
		s, ok := arg.Str()
		return ok && s == logicalID
	case "Fn::GetAtt":
		if items := arg.Items(); len(items) > 0 {
			s, ok := items[0].Str()
			return ok && s == logicalID
		}
		if s, ok := arg.Str(); ok {
			return len(s) > len(logicalID) && s[:len(logicalID)+1] == logicalID+"."
		}
	}
	return false
}

// referrers finds the deployed resources of type typ whose property key refers to this resource. A referrer
// under a condition that cannot be known is left out, and why says so.
func (p templateProps) referrers(typ, key string) (found []*cfn.Resource, why string) {
	for _, r := range p.tpl.ResourcesOfType(typ) {
		if r.Properties == nil || !dataRefersTo(r.Properties.Get(key), p.res.LogicalID) {
			continue
		}
		if r.Condition != "" {
			on, known := p.resolver.Condition(r.Condition)
			if !known {
				if why == "" {
					why = r.LogicalID + " exists only under condition " + r.Condition + ", which is unknown before deployment"
				}
				continue
			}
			if !on {
				continue
			}
		}
		found = append(found, r)
	}
	return found, why
}
