package iac

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
)

// maxPolicyDocument bounds the policy text Attest parses. IAM's own limits are far lower (10,240 characters
// for a role's inline policies); anything larger is not a policy IAM would accept.
const maxPolicyDocument = 1 << 20

// PolicyDocument is an IAM policy document as rules read it.
type PolicyDocument struct {
	// Name says where the document is ("Policies[0] orders-read", "PolicyDocument").
	Name string
	// Line is where the document is in a template (0 for a Config item).
	Line       int
	Statements []PolicyStatement
	// Unknown says why the document could not be read (an unresolved value, malformed text); then Statements is
	// empty and rules report NOT_ASSESSED for it.
	Unknown string
}

// PolicyStatement is one statement of a policy document.
type PolicyStatement struct {
	Sid   string
	Allow bool
	// Actions are the Action entries; NotAction is true when the statement uses NotAction instead, which allows
	// every action except those listed.
	Actions   []string
	NotAction bool
	// Resources are the Resource entries; NotResource is true when the statement uses NotResource instead.
	Resources   []string
	NotResource bool
	// Unknown says why the statement could not be read; the other fields are then incomplete.
	Unknown string
}

// ParsePolicyDocument reads a policy document from JSON text, which may be URL-encoded as IAM and AWS Config
// deliver it.
func ParsePolicyDocument(text string) (PolicyDocument, error) {
	if len(text) > maxPolicyDocument {
		return PolicyDocument{}, fmt.Errorf("policy document is %d bytes, more than the %d this parser reads", len(text), maxPolicyDocument)
	}
	trimmed := strings.TrimSpace(text)
	if strings.HasPrefix(trimmed, "%7B") || strings.HasPrefix(trimmed, "%7b") {
		decoded, err := url.QueryUnescape(trimmed)
		if err != nil {
			return PolicyDocument{}, fmt.Errorf("url-decode policy document: %w", err)
		}
		trimmed = decoded
	}
	var doc any
	if err := json.Unmarshal([]byte(trimmed), &doc); err != nil {
		return PolicyDocument{}, fmt.Errorf("parse policy document: %w", err)
	}
	return policyFromPlain(doc)
}

// policyFromPlain reads a document already decoded to plain Go values (maps, lists, strings).
func policyFromPlain(doc any) (PolicyDocument, error) {
	m, ok := doc.(map[string]any)
	if !ok {
		return PolicyDocument{}, fmt.Errorf("policy document is %s, not an object", plainKind(doc))
	}
	var out PolicyDocument
	switch st := m["Statement"].(type) {
	case nil:
		return PolicyDocument{}, fmt.Errorf("policy document has no Statement")
	case map[string]any:
		out.Statements = append(out.Statements, statementFromPlain(st))
	case []any:
		for i, s := range st {
			sm, ok := s.(map[string]any)
			if !ok {
				out.Statements = append(out.Statements, PolicyStatement{Unknown: fmt.Sprintf("Statement[%d] is %s, not an object", i, plainKind(s))})
				continue
			}
			out.Statements = append(out.Statements, statementFromPlain(sm))
		}
	default:
		return PolicyDocument{}, fmt.Errorf("policy Statement is %s, not an object or a list", plainKind(st))
	}
	return out, nil
}

func statementFromPlain(m map[string]any) PolicyStatement {
	var s PolicyStatement
	s.Sid, _ = m["Sid"].(string)
	switch e := m["Effect"].(type) {
	case string:
		s.Allow = e == "Allow"
	default:
		s.Unknown = "Effect is " + plainKind(e)
		return s
	}
	var why string
	if v, ok := m["NotAction"]; ok {
		s.NotAction = true
		s.Actions, why = stringsOf("NotAction", v)
	} else {
		s.Actions, why = stringsOf("Action", m["Action"])
	}
	if why != "" {
		s.Unknown = why
		return s
	}
	if v, ok := m["NotResource"]; ok {
		s.NotResource = true
		s.Resources, why = stringsOf("NotResource", deployTimeResources(v))
	} else {
		s.Resources, why = stringsOf("Resource", deployTimeResources(m["Resource"]))
	}
	s.Unknown = why
	return s
}

// deployTimeResources replaces Resource entries built at deploy time from a resource's attributes (!GetAtt,
// !Ref to a resource, !Sub, !Join) by a placeholder: such an entry is a specific ARN, never the bare "*" the rules
// look for. Other functions stay, and make the statement unknown.
func deployTimeResources(v any) any {
	one := func(x any) any {
		m, ok := x.(map[string]any)
		if !ok || len(m) != 1 {
			return x
		}
		for k, arg := range m {
			switch k {
			case "Fn::GetAtt", "Fn::Join", "Fn::ImportValue":
				return "${" + k + "}"
			case "Fn::Sub":
				if s, ok := arg.(string); ok {
					return s
				}
				if l, ok := arg.([]any); ok && len(l) > 0 {
					if s, ok := l[0].(string); ok {
						return s
					}
				}
			}
		}
		return x
	}
	if l, ok := v.([]any); ok {
		out := make([]any, len(l))
		for i, x := range l {
			out[i] = one(x)
		}
		return out
	}
	return one(v)
}

// stringsOf reads an IAM element that may be one string or a list of strings.
func stringsOf(name string, v any) ([]string, string) {
	switch x := v.(type) {
	case string:
		return []string{x}, ""
	case []any:
		out := make([]string, 0, len(x))
		for _, it := range x {
			s, ok := it.(string)
			if !ok {
				return nil, fmt.Sprintf("an entry of %s is %s", name, plainKind(it))
			}
			out = append(out, s)
		}
		return out, ""
	case nil:
		return nil, ""
	}
	return nil, fmt.Sprintf("%s is %s", name, plainKind(v))
}

// plainKind names a decoded value's kind for messages; a one-entry map keyed by a function name is what a
// template's unresolved intrinsic becomes.
func plainKind(v any) string {
	switch x := v.(type) {
	case nil:
		return "missing"
	case string:
		return "a string"
	case bool:
		return "a boolean"
	case float64:
		return "a number"
	case []any:
		return "a list"
	case map[string]any:
		if len(x) == 1 {
			for k := range x {
				if k == "Ref" || strings.HasPrefix(k, "Fn::") {
					return "unknown before deployment (" + k + ")"
				}
			}
		}
		return "an object"
	}
	return fmt.Sprintf("a %T", v)
}

// policyDocument reads a template's policy document: a mapping, or a JSON string as some templates write it.
func (p templateProps) policyDocument(v *cfn.Value, name string, keys ...string) PolicyDocument {
	val, state, line, why := p.lookup(v, "", keys...)
	doc := PolicyDocument{Name: name, Line: line}
	switch state {
	case Absent:
		doc.Unknown = name + " has no policy document"
		return doc
	case Unknown:
		doc.Unknown = why
		return doc
	}
	var parsed PolicyDocument
	var err error
	if s, ok := val.Str(); ok && val.Kind == cfn.String {
		parsed, err = ParsePolicyDocument(s)
	} else {
		parsed, err = policyFromPlain(val.Interface())
	}
	if err != nil {
		doc.Unknown = fmt.Sprintf("%s: %v", name, err)
		return doc
	}
	parsed.Name, parsed.Line = name, line
	return parsed
}

// inlinePolicies reads a Policies list of a role, user or group.
func (p templateProps) inlinePolicies() Fact[[]PolicyDocument] {
	list, state, line, why := p.lookup(p.props, "", "Policies")
	switch {
	case state == Absent:
		return Missing[[]PolicyDocument](line)
	case state == Unknown:
		return Unknowable[[]PolicyDocument](why, line)
	case list.Kind != cfn.List:
		return Unknowable[[]PolicyDocument](p.malformed("Policies", list, "a list"), line)
	}
	var docs []PolicyDocument
	for i, item := range list.Items() {
		name := fmt.Sprintf("Policies[%d]", i)
		if n, ok := item.Get("PolicyName").Str(); ok {
			name += " " + n
		}
		if item.IsIntrinsic() {
			docs = append(docs, PolicyDocument{Name: name, Line: lineOr(item.Pos(), line), Unknown: p.unknown(name, item)})
			continue
		}
		docs = append(docs, p.policyDocument(item, name, "PolicyDocument"))
	}
	if len(docs) == 0 {
		return Missing[[]PolicyDocument](line)
	}
	return Known(docs, line)
}
