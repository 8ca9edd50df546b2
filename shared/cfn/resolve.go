package cfn

import (
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// DefaultBudget is how many values one Resolve call may visit before it gives up and leaves the rest
// unresolved. Resolution is linear in the size of the value, so only pathological input reaches it.
const DefaultBudget = 200_000

// Pseudo-parameters. Resolve knows AWS::NoValue always; the others only when the caller passes them in params
// (AWS::Partition and AWS::URLSuffix also follow from AWS::Region).
const (
	PseudoRegion           = "AWS::Region"
	PseudoAccountID        = "AWS::AccountId"
	PseudoPartition        = "AWS::Partition"
	PseudoURLSuffix        = "AWS::URLSuffix"
	PseudoStackName        = "AWS::StackName"
	PseudoStackID          = "AWS::StackId"
	PseudoNotificationARNs = "AWS::NotificationARNs"
	PseudoNoValue          = "AWS::NoValue"
)

// noValue marks a value that resolved to AWS::NoValue, which removes the enclosing property or list item.
var noValue = &Value{Kind: Null}

// Resolve is a shorthand for t.NewResolver(params).Resolve(v).
func (t *Template) Resolve(v *Value, params map[string]string) *Value {
	return t.NewResolver(params).Resolve(v)
}

// Resolver evaluates what can be known before deployment. Parameter values come from params, else from the
// parameter's default; conditions are evaluated once and remembered. A Resolver is not safe for concurrent use.
type Resolver struct {
	t         *Template
	params    map[string]string
	budget    int
	exhausted bool
	conds     map[string]condState
	// active is set while a top-level call (Resolve or Condition) runs; each top-level call gets a fresh budget.
	active bool
}

type condState int

const (
	condPending condState = iota + 1 // being evaluated: a cycle
	condTrue
	condFalse
	condUnknown
)

// NewResolver returns a resolver for values of t. params may be nil.
func (t *Template) NewResolver(params map[string]string) *Resolver {
	return &Resolver{t: t, params: params, conds: map[string]condState{}}
}

// Resolve returns a copy of v with every intrinsic it can evaluate replaced by its value: Ref to parameters
// and known pseudo-parameters, Fn::If on conditions it can evaluate, Fn::FindInMap, Fn::Sub, Fn::Join,
// Fn::Select, Fn::Split, Fn::Base64, Fn::Length, Fn::Equals/And/Or/Not. Map entries and list items that
// resolve to AWS::NoValue are dropped, and Resolve returns nil when v itself does. Whatever depends on
// deploy-time facts (resource attributes, imports, AZs, parameters without a value) stays an intrinsic;
// Why explains it. v is never modified.
func (r *Resolver) Resolve(v *Value) *Value {
	r.budget = DefaultBudget
	r.exhausted = false
	r.active = true
	defer func() { r.active = false }()
	out := r.resolve(v)
	if out == noValue {
		return nil
	}
	return out
}

// Exhausted reports whether the last Resolve call ran out of budget and left values unresolved.
func (r *Resolver) Exhausted() bool { return r.exhausted }

// Condition evaluates a named condition of the template; known is false when it depends on something
// unknown, does not exist, or refers to itself.
func (r *Resolver) Condition(name string) (value, known bool) {
	if !r.active {
		r.budget = DefaultBudget
		r.exhausted = false
		r.active = true
		defer func() { r.active = false }()
	}
	switch r.conds[name] {
	case condTrue:
		return true, true
	case condFalse:
		return false, true
	case condUnknown, condPending:
		return false, false
	}
	def, ok := r.t.Conditions[name]
	if !ok {
		r.conds[name] = condUnknown
		return false, false
	}
	r.conds[name] = condPending
	val, known := r.evalCond(def)
	switch {
	case !known:
		r.conds[name] = condUnknown
	case val:
		r.conds[name] = condTrue
	default:
		r.conds[name] = condFalse
	}
	return val, known
}

func (r *Resolver) spend() bool {
	if r.budget <= 0 {
		r.exhausted = true
		return false
	}
	r.budget--
	return true
}

// at gives a resolved value the position of the expression it replaces, so findings point at the template
// where the value is used (a parameter default's own line is in another section).
func at(out, site *Value) *Value {
	if out == nil || out == noValue {
		return out
	}
	c := *out
	c.Line, c.Column, c.KeyLine = site.Line, site.Column, site.KeyLine
	return &c
}

func (r *Resolver) resolve(v *Value) *Value {
	if v == nil {
		return nil
	}
	if !r.spend() {
		return v.clone()
	}
	switch v.Kind {
	case List:
		out := &Value{Kind: List, Line: v.Line, Column: v.Column, KeyLine: v.KeyLine, items: make([]*Value, 0, len(v.items))}
		for _, it := range v.items {
			if rv := r.resolve(it); rv != noValue {
				out.items = append(out.items, rv)
			}
		}
		return out
	case Map:
		out := &Value{Kind: Map, Line: v.Line, Column: v.Column, KeyLine: v.KeyLine, fields: make(map[string]*Value, len(v.keys))}
		for _, k := range v.keys {
			if rv := r.resolve(v.fields[k]); rv != noValue {
				out.keys = append(out.keys, k)
				out.fields[k] = rv
			}
		}
		return out
	case Intrinsic:
		// Arguments are resolved once, before the call: resolving them again inside would cost 2^depth on
		// nested calls that stay unknown.
		arg := r.resolveArg(v.arg)
		if res := r.call(v.fn, arg); res != nil {
			return at(res, v)
		}
		// Unknown: keep the call, with what could be resolved inside it.
		return &Value{Kind: Intrinsic, fn: v.fn, arg: arg, Line: v.Line, Column: v.Column, KeyLine: v.KeyLine}
	}
	c := *v
	return &c
}

// resolveArg resolves the argument of a call that stays unresolved. An operand that is AWS::NoValue stays
// written out: dropping it would change the call's meaning (!If [C, X, !Ref AWS::NoValue]).
func (r *Resolver) resolveArg(arg *Value) *Value {
	keep := func(v *Value) *Value {
		if v == noValue {
			return NewIntrinsic("Ref", NewString(PseudoNoValue))
		}
		return v
	}
	if arg.kind() != List {
		return keep(r.resolve(arg))
	}
	out := &Value{Kind: List, Line: arg.Line, Column: arg.Column, KeyLine: arg.KeyLine, items: make([]*Value, len(arg.items))}
	for i, it := range arg.items {
		out.items[i] = keep(r.resolve(it))
	}
	return out
}

// call evaluates one function call on its resolved argument, or returns nil when it cannot.
func (r *Resolver) call(fn string, arg *Value) *Value {
	items := arg.Items()
	switch fn {
	case "Ref":
		name, ok := arg.Str()
		if !ok {
			return nil
		}
		return r.ref(name)
	case "Fn::If":
		if len(items) != 3 {
			return nil
		}
		name, ok := items[0].Str()
		if !ok {
			return nil
		}
		val, known := r.Condition(name)
		if !known {
			return nil
		}
		pick := items[2]
		if val {
			pick = items[1]
		}
		if isNoValue(pick) {
			return noValue
		}
		return pick
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition":
		val, known := r.evalCond(NewIntrinsic(fn, arg))
		if !known {
			return nil
		}
		return NewBool(val)
	case "Fn::FindInMap":
		return r.findInMap(items)
	case "Fn::Sub":
		s, ok := r.sub(arg)
		if !ok {
			return nil
		}
		return NewString(s)
	case "Fn::Join":
		if len(items) != 2 {
			return nil
		}
		delim, ok := items[0].Str()
		if !ok || items[1].kind() != List {
			return nil
		}
		parts := make([]string, 0, len(items[1].items))
		for _, it := range items[1].items {
			s, ok := it.Str()
			if !ok {
				return nil
			}
			parts = append(parts, s)
		}
		return NewString(strings.Join(parts, delim))
	case "Fn::Select":
		if len(items) != 2 {
			return nil
		}
		idx, ok := items[0].Int()
		list := items[1]
		if !ok || list.kind() != List || idx < 0 || idx >= int64(len(list.items)) {
			return nil
		}
		return list.items[idx]
	case "Fn::Split":
		if len(items) != 2 {
			return nil
		}
		delim, ok1 := items[0].Str()
		s, ok2 := items[1].Str()
		if !ok1 || !ok2 || delim == "" {
			return nil
		}
		out := NewList()
		for _, p := range strings.Split(s, delim) {
			out.items = append(out.items, NewString(p))
		}
		return out
	case "Fn::Base64":
		s, ok := arg.Str()
		if !ok {
			return nil
		}
		return NewString(base64.StdEncoding.EncodeToString([]byte(s)))
	case "Fn::Length":
		if arg.kind() != List {
			return nil
		}
		return NewNumber(strconv.Itoa(len(arg.items)))
	}
	return nil
}

// isNoValue reports whether v is a written-out Ref to AWS::NoValue.
func isNoValue(v *Value) bool {
	if v == noValue {
		return true
	}
	name, arg := v.Intrinsic()
	s, _ := arg.Str()
	return name == "Ref" && s == PseudoNoValue
}

// ref resolves Ref to a parameter or pseudo-parameter, or returns nil.
func (r *Resolver) ref(name string) *Value {
	if name == PseudoNoValue {
		return noValue
	}
	if p, ok := r.t.Parameters[name]; ok {
		// An SSM parameter type holds the name of a parameter whose value is read at deploy time.
		if strings.HasPrefix(p.Type, "AWS::SSM::Parameter::Value<") {
			return nil
		}
		val, given := r.params[name]
		if !given {
			if p.Default == nil || p.Default.IsIntrinsic() {
				return nil
			}
			if p.Default.Kind == List {
				return p.Default.clone()
			}
			if val, given = p.Default.Str(); !given {
				return nil
			}
		}
		if p.Type == "CommaDelimitedList" || strings.HasPrefix(p.Type, "List<") {
			out := NewList()
			for _, s := range strings.Split(val, ",") {
				out.items = append(out.items, NewString(strings.TrimSpace(s)))
			}
			return out
		}
		return NewString(val)
	}
	if s, ok := r.pseudo(name); ok {
		return NewString(s)
	}
	return nil
}

func (r *Resolver) pseudo(name string) (string, bool) {
	if !strings.HasPrefix(name, "AWS::") {
		return "", false
	}
	if s, ok := r.params[name]; ok {
		return s, true
	}
	region, ok := r.params[PseudoRegion]
	if !ok {
		return "", false
	}
	partition, suffix := "aws", "amazonaws.com"
	switch {
	case strings.HasPrefix(region, "cn-"):
		partition, suffix = "aws-cn", "amazonaws.com.cn"
	case strings.HasPrefix(region, "us-gov-"):
		partition = "aws-us-gov"
	}
	switch name {
	case PseudoPartition:
		return partition, true
	case PseudoURLSuffix:
		return suffix, true
	}
	return "", false
}

func (r *Resolver) findInMap(items []*Value) *Value {
	if len(items) < 3 {
		return nil
	}
	keys := make([]string, 3)
	for i := range keys {
		s, ok := items[i].Str()
		if !ok {
			return nil
		}
		keys[i] = s
	}
	if m := r.t.Mappings[keys[0]].Get(keys[1], keys[2]); m != nil {
		return r.resolve(m)
	}
	// AWS::LanguageExtensions adds a fourth argument, {DefaultValue: …}, for missing keys.
	if len(items) == 4 {
		if d := items[3].Get("DefaultValue"); d != nil {
			return d
		}
	}
	return nil
}

// sub evaluates Fn::Sub (its argument resolved), given as "template" or ["template", {Var: value}].
func (r *Resolver) sub(arg *Value) (string, bool) {
	tmpl, vars := arg, (*Value)(nil)
	if arg.kind() == List {
		items := arg.Items()
		if len(items) != 2 {
			return "", false
		}
		tmpl, vars = items[0], items[1]
	}
	s, ok := tmpl.Str()
	if !ok {
		return "", false
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), true
		}
		b.WriteString(s[:i])
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s[i:])
			return b.String(), true
		}
		name := s[i+2 : i+j]
		s = s[i+j+1:]
		if lit, ok := strings.CutPrefix(name, "!"); ok {
			// ${!Literal} writes ${Literal}.
			b.WriteString("${" + lit + "}")
			continue
		}
		name = strings.TrimSpace(name)
		var val *Value
		if vars.Has(name) {
			val = vars.Get(name)
		} else if !strings.Contains(name, ".") {
			val = r.ref(name)
		}
		str, ok := val.Str()
		if !ok {
			return "", false
		}
		b.WriteString(str)
	}
}

// evalCond evaluates a condition expression.
func (r *Resolver) evalCond(v *Value) (value, known bool) {
	if v == nil || !r.spend() {
		return false, false
	}
	// {"Condition": "Name"} is the long form of a condition reference inside condition functions.
	if v.Kind == Map && len(v.keys) == 1 && v.keys[0] == "Condition" {
		name, ok := v.fields["Condition"].Str()
		if !ok {
			return false, false
		}
		return r.Condition(name)
	}
	if v.Kind == Bool || v.Kind == String {
		return v.Bool()
	}
	if v.Kind != Intrinsic {
		return false, false
	}
	items := v.arg.Items()
	switch v.fn {
	case "Condition":
		name, ok := v.arg.Str()
		if !ok {
			return false, false
		}
		return r.Condition(name)
	case "Fn::Equals":
		if len(items) != 2 {
			return false, false
		}
		a, b := r.resolve(items[0]), r.resolve(items[1])
		as, ok1 := a.Str()
		bs, ok2 := b.Str()
		if !ok1 || !ok2 {
			return false, false
		}
		return as == bs, true
	case "Fn::Not":
		if len(items) != 1 {
			return false, false
		}
		val, known := r.evalCond(items[0])
		return !val, known
	case "Fn::And", "Fn::Or":
		if len(items) == 0 {
			return false, false
		}
		// The result is known as soon as one operand decides it, even if others are unknown.
		decisive := v.fn == "Fn::Or"
		allKnown := true
		for _, it := range items {
			val, known := r.evalCond(it)
			if known && val == decisive {
				return decisive, true
			}
			allKnown = allKnown && known
		}
		if !allKnown {
			return false, false
		}
		return !decisive, true
	case "Fn::If":
		if len(items) != 3 {
			return false, false
		}
		name, ok := items[0].Str()
		if !ok {
			return false, false
		}
		c, known := r.Condition(name)
		if !known {
			return false, false
		}
		if c {
			return r.evalCond(items[1])
		}
		return r.evalCond(items[2])
	}
	if res := r.call(v.fn, r.resolveArg(v.arg)); res != nil && res != noValue {
		return res.Bool()
	}
	return false, false
}

// Why explains, in a phrase fit for a "not assessed" message, why a resolved value is not known before
// deployment: "parameter BucketKey has no default", "attribute Key.Arn of resource Key is known only after
// deployment" …. It returns "" for a known value.
func (r *Resolver) Why(v *Value) string {
	if v == nil || v.Kind != Intrinsic {
		if r.exhausted {
			return "the resolver's evaluation budget ran out"
		}
		return ""
	}
	items := v.arg.Items()
	switch v.fn {
	case "Ref":
		name, _ := v.arg.Str()
		if p, ok := r.t.Parameters[name]; ok {
			if strings.HasPrefix(p.Type, "AWS::SSM::Parameter::Value<") {
				return fmt.Sprintf("parameter %s is read from SSM Parameter Store at deploy time", name)
			}
			return fmt.Sprintf("parameter %s has no default", name)
		}
		if r.t.Resource(name) != nil {
			return fmt.Sprintf("Ref to resource %s is known only after deployment", name)
		}
		if strings.HasPrefix(name, "AWS::") {
			return fmt.Sprintf("pseudo-parameter %s is known only at deploy time", name)
		}
		return fmt.Sprintf("Ref to %s, which the template does not declare", name)
	case "Fn::GetAtt":
		if len(items) == 2 {
			id, _ := items[0].Str()
			attr, _ := items[1].Str()
			return fmt.Sprintf("attribute %s.%s of resource %s is known only after deployment", id, attr, id)
		}
	case "Fn::If":
		if len(items) == 3 {
			name, _ := items[0].Str()
			return r.whyCond(name)
		}
	case "Condition":
		name, _ := v.arg.Str()
		if _, known := r.Condition(name); known {
			return ""
		}
		return r.whyCond(name)
	case "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not":
		if w := r.whyInside(v.arg); w != "" {
			return w
		}
	case "Fn::ImportValue":
		return "Fn::ImportValue reads an export of another stack"
	case "Fn::GetAZs", "Fn::Cidr":
		return v.fn + " is evaluated only at deploy time"
	case "Fn::FindInMap":
		for _, it := range items {
			if w := r.Why(it); w != "" {
				return w
			}
		}
		return "Fn::FindInMap names a mapping entry the template does not have"
	case "Fn::Sub":
		if w := r.whySub(v.arg); w != "" {
			return w
		}
		return "Fn::Sub refers to a value known only at deploy time"
	case "Fn::Join", "Fn::Select", "Fn::Split", "Fn::Base64":
		if w := r.whyInside(v.arg); w != "" {
			return w
		}
	}
	if strings.HasPrefix(v.fn, "!") {
		return fmt.Sprintf("%s is a pre-processor directive", v.fn)
	}
	if r.exhausted {
		return "the resolver's evaluation budget ran out"
	}
	return fmt.Sprintf("%s cannot be evaluated before deployment", v.fn)
}

// whyInside explains the first unknown value nested in v.
func (r *Resolver) whyInside(v *Value) string {
	switch v.kind() {
	case Intrinsic:
		return r.Why(v)
	case List:
		for _, it := range v.items {
			if w := r.whyInside(it); w != "" {
				return w
			}
		}
	case Map:
		if len(v.keys) == 1 && v.keys[0] == "Condition" {
			name, _ := v.fields["Condition"].Str()
			if _, known := r.Condition(name); known {
				return ""
			}
			return r.whyCond(name)
		}
		for _, k := range v.keys {
			if w := r.whyInside(v.fields[k]); w != "" {
				return w
			}
		}
	}
	return ""
}

// whySub explains the first variable of an Fn::Sub that is not known.
func (r *Resolver) whySub(arg *Value) string {
	tmpl, vars := arg, (*Value)(nil)
	if items := arg.Items(); len(items) == 2 {
		tmpl, vars = items[0], items[1]
	}
	s, _ := tmpl.Str()
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			return ""
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return ""
		}
		name := strings.TrimSpace(s[i+2 : i+j])
		s = s[i+j+1:]
		if strings.HasPrefix(name, "!") {
			continue
		}
		var expr *Value
		switch {
		case vars.Has(name):
			expr = vars.Get(name)
		case strings.Contains(name, "."):
			id, attr, _ := strings.Cut(name, ".")
			expr = NewIntrinsic("Fn::GetAtt", NewList(NewString(id), NewString(attr)))
		default:
			expr = NewIntrinsic("Ref", NewString(name))
		}
		if w := r.whyInside(r.resolve(expr)); w != "" {
			return w
		}
	}
}

// whyCond explains why a condition cannot be evaluated.
func (r *Resolver) whyCond(name string) string {
	def, ok := r.t.Conditions[name]
	if !ok {
		return fmt.Sprintf("condition %s is not declared", name)
	}
	if r.conds[name] == condPending {
		return fmt.Sprintf("condition %s refers to itself", name)
	}
	prev := r.conds[name]
	r.conds[name] = condPending
	w := r.whyInside(r.resolve(def))
	r.conds[name] = prev
	if w == "" {
		return fmt.Sprintf("condition %s cannot be evaluated before deployment", name)
	}
	return fmt.Sprintf("condition %s cannot be evaluated: %s", name, w)
}
