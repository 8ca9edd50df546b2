package cfn

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Limits on what Parse accepts. CloudFormation itself takes at most 1 MB from S3; the margin allows for
// templates that a packaging step has not yet shrunk.
const (
	MaxTemplateSize = 5 << 20 // bytes
	maxDepth        = 128     // nesting of maps and lists
	maxValues       = 2_000_000
	maxAliasValues  = 100_000 // values reached through YAML aliases, where bombs multiply
)

// ErrNotTemplate is returned (wrapped) for well-formed YAML or JSON that is not a CloudFormation template.
var ErrNotTemplate = errors.New("not a CloudFormation template")

// ParseError is returned for input that is not well-formed YAML or JSON, or that breaks a limit.
type ParseError struct {
	Path   string
	Line   int // 0 when unknown
	Reason string
}

// Error says where the input broke and why.
func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("parse %s:%d: %s", e.Path, e.Line, e.Reason)
	}
	return fmt.Sprintf("parse %s: %s", e.Path, e.Reason)
}

func notTemplate(path, reason string) error {
	return fmt.Errorf("parse %s: %w: %s", path, ErrNotTemplate, reason)
}

// shortTags maps the short-form intrinsic tags to their long names.
var shortTags = map[string]string{
	"!Ref":          "Ref",
	"!Condition":    "Condition",
	"!Base64":       "Fn::Base64",
	"!Cidr":         "Fn::Cidr",
	"!FindInMap":    "Fn::FindInMap",
	"!GetAtt":       "Fn::GetAtt",
	"!GetAZs":       "Fn::GetAZs",
	"!ImportValue":  "Fn::ImportValue",
	"!Join":         "Fn::Join",
	"!Select":       "Fn::Select",
	"!Split":        "Fn::Split",
	"!Sub":          "Fn::Sub",
	"!Transform":    "Fn::Transform",
	"!If":           "Fn::If",
	"!Equals":       "Fn::Equals",
	"!And":          "Fn::And",
	"!Or":           "Fn::Or",
	"!Not":          "Fn::Not",
	"!Length":       "Fn::Length",
	"!ToJsonString": "Fn::ToJsonString",
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

// Parse reads a template from YAML or JSON. path is used in errors and kept in Template.Path.
func Parse(path string, data []byte) (*Template, error) {
	if len(data) > MaxTemplateSize {
		return nil, &ParseError{Path: path, Reason: fmt.Sprintf("template is %d bytes; the limit is %d", len(data), MaxTemplateSize)}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, 0) >= 0 || !utf8.Valid(data) {
		return nil, &ParseError{Path: path, Reason: "binary or non-UTF-8 content"}
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := decode(dec, &doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, notTemplate(path, "empty document")
		}
		return nil, yamlError(path, err)
	}
	var extra yaml.Node
	if err := decode(dec, &extra); err == nil {
		// A template is one document; a stream of several (Kubernetes manifests, say) is something else.
		if len(extra.Content) > 0 {
			return nil, notTemplate(path, fmt.Sprintf("a second YAML document starts at line %d", extra.Line))
		}
	} else if !errors.Is(err, io.EOF) {
		return nil, yamlError(path, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return nil, notTemplate(path, "empty document")
	}
	c := converter{path: path}
	root, err := c.value(doc.Content[0], 0, false)
	if err != nil {
		return nil, err
	}
	return build(path, root)
}

// decode runs the YAML library, which is third-party code fed with untrusted input: a panic there becomes an
// error rather than taking down a scan.
func decode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("YAML parser failed: %v", r)
		}
	}()
	return dec.Decode(n)
}

func yamlError(path string, err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = strings.TrimPrefix(strings.TrimPrefix(msg, m[0]), ": ")
	}
	return &ParseError{Path: path, Line: line, Reason: msg}
}

// converter turns yaml.Nodes into Values, counting what it creates so that alias bombs and deep nesting
// fail fast instead of exhausting memory or stack.
type converter struct {
	path    string
	values  int
	aliased int
}

func (c *converter) fail(n *yaml.Node, format string, args ...any) error {
	return &ParseError{Path: c.path, Line: n.Line, Reason: fmt.Sprintf(format, args...)}
}

func (c *converter) value(n *yaml.Node, depth int, viaAlias bool) (*Value, error) {
	if depth > maxDepth {
		return nil, c.fail(n, "nesting deeper than %d levels", maxDepth)
	}
	c.values++
	if c.values > maxValues {
		return nil, c.fail(n, "more than %d values", maxValues)
	}
	if viaAlias {
		c.aliased++
		if c.aliased > maxAliasValues {
			return nil, c.fail(n, "YAML aliases expand to more than %d values", maxAliasValues)
		}
	}
	if n.Kind == yaml.AliasNode {
		if n.Alias == nil {
			return nil, c.fail(n, "alias to an unknown anchor")
		}
		v, err := c.value(n.Alias, depth+1, true)
		if err != nil {
			return nil, err
		}
		// The expansion takes the alias's position: that is where the value is used.
		v.Line, v.Column = n.Line, n.Column
		return v, nil
	}
	tag := n.Tag
	if strings.HasPrefix(tag, "!") && !strings.HasPrefix(tag, "!!") {
		// Tags of pre-processors (Rain's !Rain::Embed, module !ValueOf) stay calls under their own name: the
		// resolver cannot evaluate them, so whatever depends on them is reported unknown.
		name, ok := shortTags[tag]
		if !ok {
			name = tag
		}
		inner := *n
		inner.Tag = ""
		if n.Kind == yaml.ScalarNode {
			inner.Tag = "!!str"
		}
		arg, err := c.value(&inner, depth+1, viaAlias)
		if err != nil {
			return nil, err
		}
		return intrinsic(name, arg, n.Line, n.Column), nil
	}
	v := &Value{Line: n.Line, Column: n.Column}
	switch n.Kind {
	case yaml.ScalarNode:
		v.text = n.Value
		switch n.ShortTag() {
		case "!!null":
			v.Kind = Null
		case "!!bool":
			v.Kind = Bool
		case "!!int", "!!float":
			v.Kind = Number
		default:
			v.Kind = String
		}
	case yaml.SequenceNode:
		v.Kind = List
		v.items = make([]*Value, 0, len(n.Content))
		for _, it := range n.Content {
			iv, err := c.value(it, depth+1, viaAlias)
			if err != nil {
				return nil, err
			}
			v.items = append(v.items, iv)
		}
	case yaml.MappingNode:
		if err := c.mapping(v, n, depth, viaAlias); err != nil {
			return nil, err
		}
		if len(v.keys) == 1 && isFunctionKey(v.keys[0]) {
			return intrinsic(v.keys[0], v.fields[v.keys[0]], n.Line, n.Column), nil
		}
	default:
		return nil, c.fail(n, "unexpected YAML node")
	}
	return v, nil
}

func (c *converter) mapping(v *Value, n *yaml.Node, depth int, viaAlias bool) error {
	v.Kind = Map
	v.fields = make(map[string]*Value, len(n.Content)/2)
	var merges []*Value
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := n.Content[i], n.Content[i+1]
		if kn.Kind == yaml.ScalarNode && kn.ShortTag() == "!!merge" {
			mv, err := c.value(vn, depth+1, viaAlias)
			if err != nil {
				return err
			}
			merges = append(merges, mv)
			continue
		}
		if kn.Kind != yaml.ScalarNode || (strings.HasPrefix(kn.Tag, "!") && !strings.HasPrefix(kn.Tag, "!!")) {
			return c.fail(kn, "mapping key is not a plain scalar")
		}
		if _, dup := v.fields[kn.Value]; dup {
			return c.fail(kn, "duplicate key %q", kn.Value)
		}
		fv, err := c.value(vn, depth+1, viaAlias)
		if err != nil {
			return err
		}
		fv.KeyLine = kn.Line
		v.keys = append(v.keys, kn.Value)
		v.fields[kn.Value] = fv
	}
	// YAML merge keys (<<) fill in only what the mapping does not set itself.
	for _, m := range merges {
		srcs := []*Value{m}
		if m.Kind == List {
			srcs = m.items
		}
		for _, src := range srcs {
			if src.Kind != Map {
				return &ParseError{Path: c.path, Line: src.Line, Reason: "merge key value is not a mapping"}
			}
			for _, k := range src.keys {
				if _, ok := v.fields[k]; !ok {
					v.keys = append(v.keys, k)
					v.fields[k] = src.fields[k]
				}
			}
		}
	}
	return nil
}

// isFunctionKey reports whether a one-entry mapping with this key is a long-form function call. Fn::ForEach
// loops ("Fn::ForEach::Name") are not: they name a Resources or Outputs entry.
func isFunctionKey(k string) bool {
	if k == "Ref" {
		return true
	}
	rest, ok := strings.CutPrefix(k, "Fn::")
	return ok && rest != "" && !strings.Contains(rest, "::")
}

func intrinsic(name string, arg *Value, line, col int) *Value {
	// Fn::GetAtt takes "Resource.Attribute" or [Resource, Attribute]: keep one form. Logical IDs are
	// alphanumeric, so the first dot separates them; attribute names may contain more dots.
	if name == "Fn::GetAtt" && arg != nil && arg.Kind == String {
		if id, attr, ok := strings.Cut(arg.text, "."); ok {
			a := &Value{Kind: String, text: id, Line: arg.Line, Column: arg.Column}
			b := &Value{Kind: String, text: attr, Line: arg.Line, Column: arg.Column}
			arg = &Value{Kind: List, items: []*Value{a, b}, Line: arg.Line, Column: arg.Column}
		}
	}
	return &Value{Kind: Intrinsic, fn: name, arg: arg, Line: line, Column: col}
}

// build checks that root is a template and fills the model.
func build(path string, root *Value) (*Template, error) {
	if root.Kind != Map {
		return nil, notTemplate(path, fmt.Sprintf("the top level is a %s, not a mapping", root.Kind))
	}
	t := &Template{
		Path:       path,
		Parameters: map[string]*Parameter{},
		Conditions: map[string]*Value{},
		Mappings:   map[string]*Value{},
		Outputs:    root.Get("Outputs"),
		Metadata:   root.Get("Metadata"),
		Globals:    root.Get("Globals"),
		index:      map[string]*Resource{},
	}
	t.FormatVersion, _ = root.Get("AWSTemplateFormatVersion").Str()
	t.Description, _ = root.Get("Description").Str()
	switch tr := root.Get("Transform"); tr.kind() {
	case String:
		t.Transform = []string{tr.text}
	case List:
		for _, it := range tr.items {
			if s, ok := it.Str(); ok {
				t.Transform = append(t.Transform, s)
			}
		}
	}

	res := root.Get("Resources")
	if res == nil {
		return nil, notTemplate(path, "no Resources section")
	}
	if res.Kind != Map {
		return nil, notTemplate(path, fmt.Sprintf("Resources is a %s, not a mapping", res.Kind))
	}
	typed := false
	for _, id := range res.keys {
		if _, ok := res.fields[id].Get("Type").Str(); ok {
			typed = true
			break
		}
	}
	for _, id := range res.keys {
		rv := res.fields[id]
		if strings.HasPrefix(id, "Fn::ForEach::") {
			t.Unexpanded = append(t.Unexpanded, Unexpanded{Key: id, Line: rv.KeyLine, Reason: "Fn::ForEach is expanded by the AWS::LanguageExtensions transform"})
			continue
		}
		if rv.Kind != Map {
			return nil, t.resourceError(path, rv, typed, fmt.Sprintf("resource %s is a %s, not a mapping", id, rv.Kind))
		}
		if pre := preprocessed(rv.Get("Type")); pre != "" {
			t.Unexpanded = append(t.Unexpanded, Unexpanded{Key: id, Line: rv.KeyLine, Reason: "Type is " + pre + ", which a pre-processor expands"})
			continue
		}
		typ, ok := rv.Get("Type").Str()
		if !ok || typ == "" {
			return nil, t.resourceError(path, rv, typed, fmt.Sprintf("resource %s has no Type", id))
		}
		r := &Resource{
			LogicalID:  id,
			Type:       typ,
			Line:       rv.KeyLine,
			Properties: rv.Get("Properties"),
			Metadata:   rv.Get("Metadata"),
		}
		r.Condition, _ = rv.Get("Condition").Str()
		r.DeletionPolicy, _ = rv.Get("DeletionPolicy").Str()
		r.UpdateReplacePolicy, _ = rv.Get("UpdateReplacePolicy").Str()
		switch d := rv.Get("DependsOn"); d.kind() {
		case String:
			r.DependsOn = []string{d.text}
		case List:
			for _, it := range d.items {
				if s, ok := it.Str(); ok {
					r.DependsOn = append(r.DependsOn, s)
				}
			}
		}
		t.Resources = append(t.Resources, r)
		t.index[id] = r
	}
	if len(t.Resources) == 0 && len(t.Unexpanded) == 0 {
		return nil, notTemplate(path, "Resources declares no resources")
	}

	params := root.Get("Parameters")
	for _, name := range params.Keys() {
		pv := params.fields[name]
		p := &Parameter{Name: name, Line: pv.KeyLine, Default: pv.Get("Default"), AllowedValues: pv.Get("AllowedValues").Items()}
		p.Type, _ = pv.Get("Type").Str()
		p.Description, _ = pv.Get("Description").Str()
		p.NoEcho, _ = pv.Get("NoEcho").Bool()
		t.Parameters[name] = p
	}
	conds := root.Get("Conditions")
	for _, name := range conds.Keys() {
		t.Conditions[name] = conds.fields[name]
	}
	maps := root.Get("Mappings")
	for _, name := range maps.Keys() {
		t.Mappings[name] = maps.fields[name]
	}
	return t, nil
}

// preprocessed names the pre-processor directive in a resource Type such as !Rain::Module (YAML) or
// {"Rain::Module": …} (JSON), or returns "".
func preprocessed(typ *Value) string {
	switch typ.kind() {
	case Intrinsic:
		return typ.fn
	case Map:
		if len(typ.keys) == 1 {
			return typ.keys[0]
		}
	}
	return ""
}

// resourceError decides how bad a malformed Resources entry is. A file that says it is a template is a broken
// template; a file with a Resources key but no typed resource at all is some other YAML (a config, a module
// spec) and is not a template.
func (t *Template) resourceError(path string, rv *Value, typed bool, reason string) error {
	if t.FormatVersion != "" || len(t.Transform) > 0 || typed {
		return &ParseError{Path: path, Line: rv.Pos(), Reason: reason}
	}
	return notTemplate(path, reason)
}
