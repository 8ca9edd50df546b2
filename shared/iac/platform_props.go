package iac

import (
	"fmt"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
)

// present reads a setting that rules only need to know is given (a KMS key, a log destination), not what it
// is. A reference to another resource of the template, an attribute, an import or a built string is a value
// that exists at deploy time, so it counts as present; an unresolved parameter or an undecidable condition may
// still turn out empty, so it stays unknown. An empty string is absent, as CloudFormation treats it. The
// fact's value is the setting's text, or the function call that produces it.
func (p templateProps) present(v *cfn.Value, prefix string, keys ...string) Fact[string] {
	parent, state, line, why := p.lookup(v, prefix, keys[:len(keys)-1]...)
	switch state {
	case Absent:
		return Missing[string](line)
	case Unknown:
		return Unknowable[string](why, line)
	}
	name := join(prefix, keys...)
	if parent.IsNull() {
		return Missing[string](line)
	}
	if parent.Kind != cfn.Map {
		return Unknowable[string](p.malformed(join(prefix, keys[:len(keys)-1]...), parent, "a mapping"), line)
	}
	child := parent.Get(keys[len(keys)-1])
	if child.IsNull() {
		return Missing[string](line)
	}
	if pos := child.Pos(); pos > 0 {
		line = pos
	}
	if fn, arg := child.Intrinsic(); fn != "" {
		switch fn {
		case "Ref":
			if target, ok := arg.Str(); ok && p.tpl.Resource(target) != nil {
				return Known("!Ref "+target, line)
			}
		case "Fn::GetAtt", "Fn::ImportValue", "Fn::Sub", "Fn::Join":
			return Known(describeCall(fn, arg), line)
		}
		return Unknowable[string](p.unknown(name, child), line)
	}
	s, ok := child.Str()
	if !ok {
		return Unknowable[string](p.malformed(name, child, "a string"), line)
	}
	if strings.TrimSpace(s) == "" {
		return Missing[string](line)
	}
	return Known(s, line)
}

// isSet turns a fact into whether the setting is given, for drift: two sides may name the same key in different
// forms (a template's !GetAtt, the live ARN), so only presence is comparable.
func isSet[T any](f Fact[T]) Tri {
	switch f.State {
	case Set:
		return Known(true, f.Line)
	case Absent:
		return Known(false, f.Line)
	}
	return Unknowable[bool](f.Why, f.Line)
}

// configuration decodes the item's configuration object into dst, and checks with recognised that it is the
// kind of record the view expects, so that a field missing from an unrelated or truncated record is not read as
// a setting that is off.
func configuration(ci ConfigItem, dst any, recognised func() bool) (ok bool, why string) {
	if err := decodeEmbedded(ci.Configuration, dst); err != nil {
		return false, fmt.Sprintf("the configuration item's configuration is unreadable: %v", err)
	}
	if !recognised() {
		return false, fmt.Sprintf("the configuration item's configuration is not a recorded %s", ci.ResourceType)
	}
	return true, ""
}

// strFact is a Config string field: absent when missing or empty.
func strFact(s *string) Fact[string] {
	if s == nil || strings.TrimSpace(*s) == "" {
		return Missing[string](0)
	}
	return Known(*s, 0)
}

// boolFact is a Config boolean field: absent when missing.
func boolFact(b *bool) Tri {
	if b == nil {
		return Missing[bool](0)
	}
	return Known(*b, 0)
}

// isRefTo reports whether v names the template resource logicalID: a Ref to it or one of its attributes.
func isRefTo(v *cfn.Value, logicalID string) bool {
	fn, arg := v.Intrinsic()
	switch fn {
	case "Ref":
		s, ok := arg.Str()
		return ok && s == logicalID
	case "Fn::GetAtt":
		if items := arg.Items(); len(items) > 0 {
			s, ok := items[0].Str()
			return ok && s == logicalID
		}
	}
	return false
}

// describeCall writes a deploy-time value the way a template author would recognise it: !GetAtt Key.Arn.
func describeCall(fn string, arg *cfn.Value) string {
	short := "!" + strings.TrimPrefix(fn, "Fn::")
	if s, ok := arg.Str(); ok {
		return short + " " + s
	}
	if fn == "Fn::GetAtt" {
		var parts []string
		for _, it := range arg.Items() {
			if s, ok := it.Str(); ok {
				parts = append(parts, s)
			}
		}
		return short + " " + strings.Join(parts, ".")
	}
	if items := arg.Items(); len(items) > 0 {
		if s, ok := items[0].Str(); ok && fn == "Fn::Sub" {
			return short + " " + s
		}
	}
	return short
}
