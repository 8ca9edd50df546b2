package envcheck

import (
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/iamglob"
)

// resRef is one entry of a statement's Resource: any resource, a resource of the template (with "sub" set when
// the ARN names what it contains — objects, indexes, streams — rather than itself), a literal ARN or name
// pattern, or something not known before deployment.
type resRef struct {
	any     bool
	logical string
	sub     bool
	pattern string
	unknown bool
}

// statement is one IAM policy statement as the checks read it.
type statement struct {
	allow       bool
	actions     []string
	notAction   bool
	resources   []resRef
	notResource bool
	conditional bool
	// source says where the statement comes from, for messages: "inline policy Orders of role OrdersRole".
	source string
	path   string
	line   int
	// editable is set for statements written in the template, which a finding can ask to change (as opposed to
	// SAM policy templates and AWS managed policies).
	editable bool
	// resource is the statement's Resource as written, for a suggested replacement.
	resource any
	unknown  string
}

// grants is what a function's role allows, as far as the template tells.
type grants struct {
	role string
	// external is set when the role is defined outside the template; nothing else is then known.
	external string
	stmts    []statement
	// unknown lists grants that cannot be read (a managed policy not in the table, an unresolved document).
	unknown []string
	// partial lists managed policies known only for some services.
	partial []partialPolicy
	// boundary is set when a permissions boundary may refuse what the policies allow.
	boundary string
	// path is the template the role is read from.
	path string
}

type partialPolicy struct {
	name   string
	covers []string
}

// unknownFor returns why the grants for a service are not fully known, or "".
func (g *grants) unknownFor(prefix string) string {
	if len(g.unknown) > 0 {
		return g.unknown[0]
	}
	for _, st := range g.stmts {
		if st.unknown != "" {
			return st.unknown
		}
	}
	for _, p := range g.partial {
		covered := false
		for _, c := range p.covers {
			if c == prefix {
				covered = true
			}
		}
		if !covered {
			return fmt.Sprintf("managed policy %s also grants %s actions Attest's table leaves out", p.name, prefix)
		}
	}
	return ""
}

// readStatements reads the statements of a policy document value (resolved; references to resources stay
// intrinsic).
func readStatements(tpl *cfn.Template, doc *cfn.Value, src string, editable bool) []statement {
	if doc.IsIntrinsic() {
		return []statement{{source: src, path: tpl.Path, line: doc.Pos(), unknown: src + ": the policy document is unknown before deployment"}}
	}
	if s, ok := doc.Str(); ok && doc.Kind == cfn.String {
		// Some templates write the document as JSON text.
		var plain any
		if len(s) > maxPolicyText || json.Unmarshal([]byte(s), &plain) != nil {
			return []statement{{source: src, path: tpl.Path, line: doc.Pos(), unknown: src + ": the policy document is not valid JSON"}}
		}
		line := doc.Pos()
		doc = fromPlain(plain)
		doc.Line = line
	}
	st := doc.Get("Statement")
	items := st.Items()
	if st != nil && st.Kind == cfn.Map {
		items = []*cfn.Value{st}
	}
	if st == nil || (st.Kind != cfn.Map && st.Kind != cfn.List) {
		return []statement{{source: src, path: tpl.Path, line: doc.Pos(), unknown: src + ": the policy document has no readable Statement"}}
	}
	out := make([]statement, 0, len(items))
	for _, it := range items {
		out = append(out, readStatement(tpl, it, src, editable))
	}
	return out
}

func readStatement(tpl *cfn.Template, v *cfn.Value, src string, editable bool) statement {
	s := statement{source: src, path: tpl.Path, line: v.Pos(), editable: editable}
	if v == nil || v.Kind != cfn.Map {
		s.unknown = src + ": a statement is not an object"
		return s
	}
	effect, ok := v.Get("Effect").Str()
	if !ok {
		s.unknown = src + ": a statement's Effect is unknown before deployment"
		return s
	}
	s.allow = effect == "Allow"
	s.conditional = v.Has("Condition")
	act := v.Get("Action")
	if v.Has("NotAction") {
		act, s.notAction = v.Get("NotAction"), true
	}
	if s.actions, ok = stringList(act); !ok {
		s.unknown = src + ": a statement's actions are unknown before deployment"
		return s
	}
	res := v.Get("Resource")
	if v.Has("NotResource") {
		res, s.notResource = v.Get("NotResource"), true
	}
	s.resource = res.Interface()
	list := res.Items()
	if res != nil && res.Kind != cfn.List {
		list = []*cfn.Value{res}
	}
	for _, r := range list {
		s.resources = append(s.resources, readResource(tpl, r))
	}
	return s
}

// stringList reads an IAM element that is one string or a list of strings.
func stringList(v *cfn.Value) ([]string, bool) {
	if s, ok := v.Str(); ok {
		return []string{s}, true
	}
	if v == nil || v.Kind != cfn.List {
		return nil, false
	}
	out := make([]string, 0, v.Len())
	for _, it := range v.Items() {
		s, ok := it.Str()
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func readResource(tpl *cfn.Template, v *cfn.Value) resRef {
	if s, ok := v.Str(); ok {
		if s == "*" {
			return resRef{any: true}
		}
		return resRef{pattern: s, sub: strings.Contains(arnResourcePart(s), "/")}
	}
	if l, suffix, ok := logicalRef(tpl, v); ok {
		return resRef{logical: l, sub: strings.Contains(suffix, "/")}
	}
	return resRef{unknown: true}
}

// arnResourcePart is what follows the fifth colon of an ARN (the whole text when it is not an ARN).
func arnResourcePart(arn string) string {
	parts := strings.SplitN(arn, ":", 6)
	if len(parts) == 6 {
		return parts[5]
	}
	return arn
}

// target is the resource a call acts on, when the template tells.
type target struct {
	logical string
	name    string // physical name, when known
	// why says why the target is unknown ("" when known).
	why string
}

func (t target) known() bool { return t.logical != "" || t.name != "" }

// s3ObjectActions act on objects (arn:aws:s3:::bucket/key), not on the bucket.
var s3ObjectActions = map[string]bool{
	"s3:getobject": true, "s3:putobject": true, "s3:deleteobject": true, "s3:putobjectacl": true, "s3:getobjectacl": true,
	"s3:getobjectversion": true, "s3:deleteobjectversion": true, "s3:putobjecttagging": true, "s3:getobjecttagging": true,
	"s3:deleteobjecttagging": true, "s3:abortmultipartupload": true, "s3:listmultipartuploadparts": true,
	"s3:restoreobject": true, "s3:getobjectattributes": true, "s3:getobjectversionacl": true,
}

// dynamoSubActions act on a table's streams, not on the table.
var dynamoSubActions = map[string]bool{"dynamodb:getrecords": true, "dynamodb:getsharditerator": true, "dynamodb:describestream": true}

// wantsSub reports whether an action on a target needs the ARN of what the target contains.
func wantsSub(action string, c Call) bool {
	a := strings.ToLower(action)
	switch {
	case s3ObjectActions[a], dynamoSubActions[a]:
		return true
	case strings.HasPrefix(a, "dynamodb:") && (a == "dynamodb:query" || a == "dynamodb:scan") && c.has("IndexName"):
		return true
	}
	return false
}

// matchAction reports whether an IAM action pattern (with * and ?) matches an action, ignoring case.
func matchAction(pattern, action string) bool { return iamglob.MatchAction(pattern, action) }

// wildcard matches s against p where * is any run and ? any one character.
func wildcard(p, s string) bool { return iamglob.Match(p, s) }

func (st statement) matchesAction(action string) bool {
	for _, p := range st.actions {
		if matchAction(p, action) {
			return !st.notAction
		}
	}
	return st.notAction
}

// matchesResource reports whether the statement covers the target. An unknown target matches every
// statement: the check is then by action only.
func (st statement) matchesResource(action string, c Call, t target) bool {
	if !t.known() || st.notResource {
		return true
	}
	sub := wantsSub(action, c)
	checkSub := strings.HasPrefix(strings.ToLower(action), "s3:") || strings.HasPrefix(strings.ToLower(action), "dynamodb:")
	for _, r := range st.resources {
		switch {
		case r.any, r.unknown:
			return true
		case r.logical != "":
			if r.logical == t.logical && (!checkSub || r.sub == sub) {
				return true
			}
		case r.pattern != "":
			if t.name == "" {
				// A literal ARN for a resource whose name the template leaves to CloudFormation: it may be it.
				if !checkSub || r.sub == sub || strings.HasSuffix(r.pattern, "*") {
					return true
				}
				continue
			}
			name := t.name
			if sub {
				name += "/x"
			}
			if wildcard(strings.ToLower(arnResourcePart(r.pattern)), strings.ToLower(name)) ||
				wildcard(strings.ToLower(path.Base(arnResourcePart(r.pattern))), strings.ToLower(t.name)) {
				return true
			}
		}
	}
	return false
}

// verdict is the outcome of one action against a role.
type verdict int

const (
	granted verdict = iota + 1
	denied
	notGranted
	unknownGrant
)

// decide evaluates one action of a call against the role's statements: an explicit unconditional Deny wins,
// then any Allow; without one the action is not granted, unless part of the role is unknown.
func (g *grants) decide(action string, c Call, t target) (verdict, *statement, string) {
	var allow *statement
	for i := range g.stmts {
		st := &g.stmts[i]
		if st.unknown != "" || !st.matchesAction(action) || !st.matchesResource(action, c, t) {
			continue
		}
		if !st.allow {
			if !st.conditional {
				return denied, st, ""
			}
			continue
		}
		if allow == nil {
			allow = st
		}
	}
	if allow != nil {
		return granted, allow, ""
	}
	prefix, _, _ := strings.Cut(strings.ToLower(action), ":")
	if why := g.unknownFor(prefix); why != "" {
		return unknownGrant, nil, why
	}
	return notGranted, nil, ""
}

// maxPolicyText bounds a policy document written as JSON text; IAM's own limits are far lower.
const maxPolicyText = 1 << 20

// fromPlain converts decoded JSON to a template value without source positions.
func fromPlain(v any) *cfn.Value {
	switch x := v.(type) {
	case string:
		return cfn.NewString(x)
	case bool:
		return cfn.NewBool(x)
	case float64:
		return cfn.NewNumber(strconv.FormatFloat(x, 'f', -1, 64))
	case []any:
		items := make([]*cfn.Value, len(x))
		for i, it := range x {
			items[i] = fromPlain(it)
		}
		return cfn.NewList(items...)
	case map[string]any:
		m := cfn.NewMap()
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			m.Set(k, fromPlain(x[k]))
		}
		return m
	}
	return &cfn.Value{Kind: cfn.Null}
}
