package cfn

import (
	"strconv"
	"strings"
)

// Template is a parsed CloudFormation template.
type Template struct {
	Path          string
	FormatVersion string   // AWSTemplateFormatVersion, when present
	Description   string   // Description, when it is a string
	Transform     []string // Transform, as a list even when the template gives one name

	// Resources in file order. Entries that only a transform can expand (Fn::ForEach) are in Unexpanded.
	Resources  []*Resource
	Parameters map[string]*Parameter
	Conditions map[string]*Value
	Mappings   map[string]*Value
	Outputs    *Value
	Metadata   *Value
	Globals    *Value // SAM Globals section

	// Unexpanded lists the Resources entries the model does not expand (Fn::ForEach loops), so that callers
	// can say what they did not look at.
	Unexpanded []Unexpanded

	index map[string]*Resource
}

// Resource is one entry of the Resources section.
type Resource struct {
	LogicalID           string
	Type                string
	Line                int // line of the logical ID
	Condition           string
	Properties          *Value // nil when the resource has no Properties
	DependsOn           []string
	Metadata            *Value
	DeletionPolicy      string
	UpdateReplacePolicy string
}

// Parameter is one entry of the Parameters section.
type Parameter struct {
	Name          string
	Type          string
	Line          int
	Default       *Value // nil when the parameter has no default
	AllowedValues []*Value
	NoEcho        bool
	Description   string
}

// Unexpanded is a Resources entry that only a transform can turn into resources.
type Unexpanded struct {
	Key    string
	Line   int
	Reason string
}

// Resource returns the resource with the given logical ID, or nil.
func (t *Template) Resource(logicalID string) *Resource {
	if t == nil {
		return nil
	}
	return t.index[logicalID]
}

// ResourcesOfType returns the resources of one type, in file order.
func (t *Template) ResourcesOfType(typ string) []*Resource {
	if t == nil {
		return nil
	}
	var out []*Resource
	for _, r := range t.Resources {
		if r.Type == typ {
			out = append(out, r)
		}
	}
	return out
}

// HasTransform reports whether the template declares the named transform (for example
// "AWS::Serverless-2016-10-31").
func (t *Template) HasTransform(name string) bool {
	if t == nil {
		return false
	}
	for _, n := range t.Transform {
		if n == name {
			return true
		}
	}
	return false
}

// Kind is the kind of a Value.
type Kind int

// Kinds of values. Intrinsic is a function call such as Ref or Fn::Sub, whose value is known only at deploy
// time unless the resolver can work it out.
const (
	Null Kind = iota
	Bool
	Number
	String
	List
	Map
	Intrinsic
)

var kindNames = [...]string{"null", "bool", "number", "string", "list", "map", "intrinsic"}

// String names the kind.
func (k Kind) String() string {
	if k >= 0 && int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "kind(" + strconv.Itoa(int(k)) + ")"
}

// Value is a node of a template with its source position. All methods are safe on a nil *Value, so that
// chains such as r.Properties.Get("A", "B").Str() need no checks in between.
type Value struct {
	Kind   Kind
	Line   int // 1-based; 0 for values the resolver made up
	Column int
	// KeyLine is the line of the mapping key that names this value (0 for list items and the root). Findings
	// about a property point here: in a block mapping the value itself starts on the next line.
	KeyLine int

	text   string // Bool, Number, String: the scalar as written
	items  []*Value
	keys   []string // Map: keys in source order
	fields map[string]*Value
	fn     string // Intrinsic: long-form name, "Ref", "Fn::Sub", "Condition" …
	arg    *Value
}

// NewString returns a string value without a source position.
func NewString(s string) *Value { return &Value{Kind: String, text: s} }

// NewBool returns a boolean value without a source position.
func NewBool(b bool) *Value { return &Value{Kind: Bool, text: strconv.FormatBool(b)} }

// NewNumber returns a number value without a source position; s must be a number as written in YAML.
func NewNumber(s string) *Value { return &Value{Kind: Number, text: s} }

// NewList returns a list value without a source position.
func NewList(items ...*Value) *Value { return &Value{Kind: List, items: items} }

// NewMap returns an empty map value without a source position; add entries with Set.
func NewMap() *Value { return &Value{Kind: Map, fields: map[string]*Value{}} }

// NewIntrinsic returns a function call; name is the long form ("Ref", "Fn::GetAtt" …).
func NewIntrinsic(name string, arg *Value) *Value { return &Value{Kind: Intrinsic, fn: name, arg: arg} }

// Set adds or replaces an entry of a map value, keeping the order of first insertion.
func (v *Value) Set(key string, val *Value) {
	if v == nil || v.Kind != Map {
		return
	}
	if v.fields == nil {
		v.fields = map[string]*Value{}
	}
	if _, ok := v.fields[key]; !ok {
		v.keys = append(v.keys, key)
	}
	v.fields[key] = val
}

// Get walks down maps by key and returns the value found, or nil when any step is missing or not a map.
func (v *Value) Get(keys ...string) *Value {
	cur := v
	for _, k := range keys {
		if cur == nil || cur.Kind != Map {
			return nil
		}
		cur = cur.fields[k]
	}
	return cur
}

// Has reports whether a map value has the key.
func (v *Value) Has(key string) bool {
	if v == nil || v.Kind != Map {
		return false
	}
	_, ok := v.fields[key]
	return ok
}

// Str returns the text of a scalar: strings, and numbers and booleans as written, since CloudFormation passes
// every scalar to resource providers as a string.
func (v *Value) Str() (string, bool) {
	if v == nil {
		return "", false
	}
	switch v.Kind {
	case String, Number, Bool:
		return v.text, true
	}
	return "", false
}

// Bool returns a boolean, accepting the strings "true" and "false" in any case as CloudFormation does.
func (v *Value) Bool() (bool, bool) {
	if v == nil || (v.Kind != Bool && v.Kind != String) {
		return false, false
	}
	switch strings.ToLower(v.text) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	return false, false
}

// Int returns an integer, accepting numeric strings.
func (v *Value) Int() (int64, bool) {
	if v == nil || (v.Kind != Number && v.Kind != String) {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v.text), 10, 64)
	if err != nil {
		return 0, false
	}
	return n, true
}

// Float returns a number, accepting numeric strings.
func (v *Value) Float() (float64, bool) {
	if v == nil || (v.Kind != Number && v.Kind != String) {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(v.text), 64)
	if err != nil {
		return 0, false
	}
	return f, true
}

// Items returns the elements of a list, or nil.
func (v *Value) Items() []*Value {
	if v == nil || v.Kind != List {
		return nil
	}
	return v.items
}

// Keys returns the keys of a map in source order, or nil.
func (v *Value) Keys() []string {
	if v == nil || v.Kind != Map {
		return nil
	}
	return v.keys
}

// Len is the number of list items or map entries.
func (v *Value) Len() int {
	if v == nil {
		return 0
	}
	switch v.Kind {
	case List:
		return len(v.items)
	case Map:
		return len(v.keys)
	}
	return 0
}

// kind is v.Kind, or Null for a missing value.
func (v *Value) kind() Kind {
	if v == nil {
		return Null
	}
	return v.Kind
}

// IsNull reports whether v is missing or an explicit null.
func (v *Value) IsNull() bool { return v == nil || v.Kind == Null }

// IsIntrinsic reports whether v is a function call.
func (v *Value) IsIntrinsic() bool { return v != nil && v.Kind == Intrinsic }

// Intrinsic returns the long-form function name and its argument; name is "" when v is not a function call.
func (v *Value) Intrinsic() (name string, arg *Value) {
	if v == nil || v.Kind != Intrinsic {
		return "", nil
	}
	return v.fn, v.arg
}

// Pos returns the line to report for v: its key's line when it has one, else its own.
func (v *Value) Pos() int {
	if v == nil {
		return 0
	}
	if v.KeyLine > 0 {
		return v.KeyLine
	}
	return v.Line
}

// Interface converts v to plain Go values: nil, bool, string, json-style float64 for numbers that parse
// (else the text), []any, map[string]any; a function call becomes a one-entry map {name: argument}, as in
// the JSON form of a template.
func (v *Value) Interface() any {
	if v == nil {
		return nil
	}
	switch v.Kind {
	case Bool:
		b, _ := v.Bool()
		return b
	case Number:
		if f, ok := v.Float(); ok {
			return f
		}
		return v.text
	case String:
		return v.text
	case List:
		out := make([]any, len(v.items))
		for i, it := range v.items {
			out[i] = it.Interface()
		}
		return out
	case Map:
		out := make(map[string]any, len(v.keys))
		for _, k := range v.keys {
			out[k] = v.fields[k].Interface()
		}
		return out
	case Intrinsic:
		return map[string]any{v.fn: v.arg.Interface()}
	}
	return nil
}

// clone copies v deeply; the copy keeps the source positions.
func (v *Value) clone() *Value {
	if v == nil {
		return nil
	}
	c := *v
	if v.items != nil {
		c.items = make([]*Value, len(v.items))
		for i, it := range v.items {
			c.items[i] = it.clone()
		}
	}
	if v.fields != nil {
		c.keys = append([]string(nil), v.keys...)
		c.fields = make(map[string]*Value, len(v.fields))
		for k, f := range v.fields {
			c.fields[k] = f.clone()
		}
	}
	c.arg = v.arg.clone()
	return &c
}
