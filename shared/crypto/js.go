//go:build cgo

package crypto

import (
	"cmp"
	"context"
	"math/big"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unsafe"

	"github.com/attestdev/attest/shared/finding"
	ts "github.com/tree-sitter/go-tree-sitter"
	tsjs "github.com/tree-sitter/tree-sitter-javascript/bindings/go"
	tsts "github.com/tree-sitter/tree-sitter-typescript/bindings/go"
)

// jsGrammar holds a grammar (JavaScript, TypeScript or TSX) with its node kind names indexed by kind ID and
// the field IDs the analysis reads, so the walk neither copies kind names out of C nor looks fields up by name.
type jsGrammar struct {
	lang  *ts.Language
	kinds []string

	fName, fValue, fFunction, fArguments, fObject, fProperty, fIndex, fConstructor, fLeft, fRight, fKey,
	fSource, fAlias, fParameters, fParameter, fPattern, fOperator, fArgument, fBody uint16
}

func newJSGrammar(ptr unsafe.Pointer) *jsGrammar {
	useLibcAllocator()
	l := ts.NewLanguage(ptr)
	kinds := make([]string, l.NodeKindCount())
	for id := range kinds {
		kinds[id] = l.NodeKindForId(uint16(id))
	}
	f := l.FieldIdForName
	return &jsGrammar{lang: l, kinds: kinds,
		fName: f("name"), fValue: f("value"), fFunction: f("function"), fArguments: f("arguments"),
		fObject: f("object"), fProperty: f("property"), fIndex: f("index"), fConstructor: f("constructor"),
		fLeft: f("left"), fRight: f("right"), fKey: f("key"), fSource: f("source"), fAlias: f("alias"),
		fParameters: f("parameters"), fParameter: f("parameter"), fPattern: f("pattern"),
		fOperator: f("operator"), fArgument: f("argument"), fBody: f("body")}
}

var (
	jsGrammarJS  = sync.OnceValue(func() *jsGrammar { return newJSGrammar(tsjs.Language()) })
	jsGrammarTS  = sync.OnceValue(func() *jsGrammar { return newJSGrammar(tsts.LanguageTypescript()) })
	jsGrammarTSX = sync.OnceValue(func() *jsGrammar { return newJSGrammar(tsts.LanguageTSX()) })
)

// jsGrammarFor picks the grammar by extension: TypeScript's type assertions (<T>x) and JSX cannot share one.
func jsGrammarFor(p string) *jsGrammar {
	switch strings.ToLower(path.Ext(p)) {
	case ".ts", ".mts", ".cts":
		return jsGrammarTS()
	case ".tsx":
		return jsGrammarTSX()
	}
	return jsGrammarJS()
}

// jsMaxWork bounds the name resolution and constant evaluation of one check.
const jsMaxWork = 20_000

// jsMaxDepth bounds how far one expression is followed.
const jsMaxDepth = 32

// Analyze reports weak and quantum-vulnerable cryptography and weak TLS settings in one JavaScript or
// TypeScript file, and inventories all of its cryptography.
func (JavaScriptAnalyzer) Analyze(ctx context.Context, path string, src []byte) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	g := jsGrammarFor(path)
	tree, err := parseTree(ctx, g.lang, "javascript", src)
	if err != nil {
		return Result{}, err
	}
	defer tree.Close()
	root := tree.RootNode()
	f := &jsFile{g: g, tsSource: tsSource{path: path, src: src, lines: newLineIndex(src)}, work: jsMaxWork,
		names: map[string][]jsBinding{}, fields: map[jsField][]*ts.Node{}, classes: map[string][]uint{}}
	if root.HasError() {
		return Result{}, f.syntaxError(root)
	}
	f.walk(root)
	f.markAssigned()
	// Each check has its own budget: a file's many calls each cost little, and one pathological expression
	// cannot starve the rest.
	for _, n := range f.calls {
		f.work = jsMaxWork
		f.checkCall(n)
	}
	for _, n := range f.assigns {
		f.work = jsMaxWork
		f.checkAssign(n)
	}
	for _, n := range f.pairs {
		f.work = jsMaxWork
		f.checkPair(n)
	}
	// Checks run by kind (calls, then assignments, then properties): report in source order.
	slices.SortStableFunc(f.findings, func(a, b finding.Finding) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	return newResult(path, dedupe(f.findings), &f.inv), nil
}

type jsFile struct {
	g *jsGrammar
	tsSource
	names map[string][]jsBinding
	// fields holds the initialisers of class fields (nil for an assignment through this), and classes the
	// class bodies by class name, so that this.alg and Cls.ALG read like constants when set once.
	fields  map[jsField][]*ts.Node
	classes map[string][]uint
	// calls, assigns and pairs are the nodes checked once every name is bound: calls and new expressions,
	// assignments, and object properties.
	calls, assigns, pairs []ts.Node
	work                  int
	findings              []finding.Finding
	inv                   inventory // every use of cryptography recognised, flagged or not
}

// jsField names a field of one class: the class body's start offset plus one, and the field name.
type jsField struct {
	class uint
	name  string
}

type jsBindKind uint8

const (
	jsImport jsBindKind = iota + 1 // a module or a name imported from one: qual
	jsValue                        // initialised with an expression: value
	jsMember                       // destructured: property prop of value
	jsOther                        // a parameter, a function, a reassignment: nothing known
)

// jsBinding is one declaration of a name, with the byte range of the scope it is visible in.
type jsBinding struct {
	kind       jsBindKind
	qual       string
	value      ts.Node
	prop       string
	start, end uint
}

func (f *jsFile) kind(n *ts.Node) string {
	if n == nil {
		return ""
	}
	id := int(n.KindId())
	if id >= len(f.g.kinds) {
		return ""
	}
	return f.g.kinds[id]
}

func (f *jsFile) spend() bool {
	if f.work <= 0 {
		return false
	}
	f.work--
	return true
}

// namedChildren lists a node's named children other than comments.
func (f *jsFile) namedChildren(n *ts.Node) []ts.Node {
	if n == nil {
		return nil
	}
	c := n.Walk()
	defer c.Close()
	var out []ts.Node
	if !c.GotoFirstChild() {
		return nil
	}
	for {
		ch := c.Node()
		if ch.IsNamed() && f.kind(ch) != "comment" {
			out = append(out, *ch)
		}
		if !c.GotoNextSibling() {
			return out
		}
	}
}

type jsScope struct {
	depth      int
	start, end uint
	fn         bool // a function or the program: where var declarations live
	class      uint // the enclosing class body's start offset plus one; 0 outside classes
}

// walk visits the tree once, without recursion (deeply nested input must not exhaust the stack): it binds
// declarations to the scopes they are visible in and collects the nodes to check.
func (f *jsFile) walk(root *ts.Node) {
	scopes := []jsScope{{depth: -1, start: 0, end: uint(len(f.src)), fn: true}}
	c := root.Walk()
	defer c.Close()
	depth := 0
	for {
		n := c.Node()
		for len(scopes) > 1 && scopes[len(scopes)-1].depth >= depth {
			scopes = scopes[:len(scopes)-1]
		}
		top := scopes[len(scopes)-1]
		descend := true
		switch k := f.kind(n); k {
		case "comment":
			descend = false
		case "statement_block", "for_statement", "switch_body", "catch_clause":
			scopes = append(scopes, jsScope{depth: depth, start: n.StartByte(), end: n.EndByte(), class: top.class})
		case "class_body":
			scopes = append(scopes, jsScope{depth: depth, start: n.StartByte(), end: n.EndByte(), class: n.StartByte() + 1})
		case "field_definition", "public_field_definition":
			name := n.ChildByFieldId(f.g.fName)
			if name == nil {
				name = n.ChildByFieldId(f.g.fProperty)
			}
			if name != nil && top.class != 0 {
				k := jsField{top.class, f.text(name)}
				f.fields[k] = append(f.fields[k], n.ChildByFieldId(f.g.fValue))
			}
		case "for_in_statement":
			s := jsScope{depth: depth, start: n.StartByte(), end: n.EndByte(), class: top.class}
			scopes = append(scopes, s)
			f.bindPattern(n.ChildByFieldId(f.g.fLeft), s)
		case "function_declaration", "generator_function_declaration", "function_expression", "function",
			"generator_function", "arrow_function", "method_definition":
			if name := n.ChildByFieldId(f.g.fName); name != nil && strings.HasSuffix(k, "_declaration") {
				f.bind(f.text(name), jsBinding{kind: jsOther}, top)
			}
			s := jsScope{depth: depth, start: n.StartByte(), end: n.EndByte(), fn: true, class: top.class}
			scopes = append(scopes, s)
			if p := n.ChildByFieldId(f.g.fParameters); p != nil {
				f.bindPattern(p, s)
			}
			if p := n.ChildByFieldId(f.g.fParameter); p != nil {
				f.bindPattern(p, s)
			}
		case "enum_declaration": // TypeScript: enum members read like static fields
			name, body := n.ChildByFieldId(f.g.fName), n.ChildByFieldId(f.g.fBody)
			if name != nil && body != nil {
				f.bind(f.text(name), jsBinding{kind: jsOther}, top)
				key := body.StartByte() + 1
				f.classes[f.text(name)] = append(f.classes[f.text(name)], key)
				for _, m := range f.namedChildren(body) {
					if f.kind(&m) == "enum_assignment" {
						if mn := m.ChildByFieldId(f.g.fName); mn != nil {
							k := jsField{key, f.keyName(mn)}
							f.fields[k] = append(f.fields[k], m.ChildByFieldId(f.g.fValue))
						}
					}
				}
			}
			descend = false
		case "class_declaration", "abstract_class_declaration":
			if name := n.ChildByFieldId(f.g.fName); name != nil {
				f.bind(f.text(name), jsBinding{kind: jsOther}, top)
				if body := n.ChildByFieldId(f.g.fBody); body != nil {
					f.classes[f.text(name)] = append(f.classes[f.text(name)], body.StartByte()+1)
				}
			}
		case "import_statement":
			f.bindImport(n, scopes[0])
			descend = false
		case "variable_declarator":
			s := top
			if p := n.Parent(); p != nil && f.kind(p) == "variable_declaration" {
				for i := len(scopes) - 1; i >= 0; i-- {
					if scopes[i].fn {
						s = scopes[i]
						break
					}
				}
			}
			f.bindDeclarator(n, s)
		case "call_expression", "new_expression":
			f.calls = append(f.calls, *n)
		case "assignment_expression", "augmented_assignment_expression":
			f.assigns = append(f.assigns, *n)
			if l := n.ChildByFieldId(f.g.fLeft); l != nil && f.kind(l) == "member_expression" && top.class != 0 {
				if o := l.ChildByFieldId(f.g.fObject); o != nil && f.kind(o) == "this" {
					k := jsField{top.class, f.text(l.ChildByFieldId(f.g.fProperty))}
					f.fields[k] = append(f.fields[k], nil) // assigned in a method: not a constant
				}
			}
		case "pair", "shorthand_property_identifier":
			f.pairs = append(f.pairs, *n)
		}
		if descend && c.GotoFirstChild() {
			depth++
			continue
		}
		for !c.GotoNextSibling() {
			if !c.GotoParent() {
				return
			}
			depth--
		}
	}
}

func (f *jsFile) bind(name string, b jsBinding, s jsScope) {
	b.start, b.end = s.start, s.end
	f.addBinding(name, b)
}

// jsMaxBindings bounds the declarations and assignments kept per name. A name bound more often is unknown
// throughout the file: it cannot be a constant, and keeping every binding would make each lookup linear in
// the file.
const jsMaxBindings = 64

func (f *jsFile) addBinding(name string, b jsBinding) {
	if name == "" {
		return
	}
	bs := f.names[name]
	switch {
	case len(bs) == 1 && bs[0].kind == jsOther && bs[0].start == 0 && bs[0].end == ^uint(0):
		return // saturated
	case len(bs) >= jsMaxBindings:
		f.names[name] = []jsBinding{{kind: jsOther, start: 0, end: ^uint(0)}}
		return
	}
	f.names[name] = append(bs, b)
}

// bindPattern binds every name in a parameter list or pattern as unknown, skipping default values and types.
func (f *jsFile) bindPattern(n *ts.Node, s jsScope) {
	if n == nil {
		return
	}
	stack := []ts.Node{*n}
	for visited := 0; len(stack) > 0 && visited < 10_000; visited++ {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch f.kind(&n) {
		case "identifier", "shorthand_property_identifier_pattern":
			f.bind(f.text(&n), jsBinding{kind: jsOther}, s)
		case "assignment_pattern", "object_assignment_pattern":
			if l := n.ChildByFieldId(f.g.fLeft); l != nil {
				stack = append(stack, *l)
			}
		case "pair_pattern":
			if v := n.ChildByFieldId(f.g.fValue); v != nil {
				stack = append(stack, *v)
			}
		case "required_parameter", "optional_parameter":
			if p := n.ChildByFieldId(f.g.fPattern); p != nil {
				stack = append(stack, *p)
			}
		case "formal_parameters", "object_pattern", "array_pattern", "rest_pattern":
			stack = append(stack, f.namedChildren(&n)...)
		}
	}
}

func (f *jsFile) bindDeclarator(n *ts.Node, s jsScope) {
	name, value := n.ChildByFieldId(f.g.fName), n.ChildByFieldId(f.g.fValue)
	if name == nil {
		return
	}
	switch f.kind(name) {
	case "identifier":
		if value == nil {
			f.bind(f.text(name), jsBinding{kind: jsOther}, s)
			return
		}
		f.bind(f.text(name), jsBinding{kind: jsValue, value: *value}, s)
	case "object_pattern":
		if value == nil {
			f.bindPattern(name, s)
			return
		}
		for _, ch := range f.namedChildren(name) {
			var prop string
			var target *ts.Node
			switch f.kind(&ch) {
			case "shorthand_property_identifier_pattern":
				prop, target = f.text(&ch), &ch
			case "object_assignment_pattern":
				target = ch.ChildByFieldId(f.g.fLeft)
				prop = f.text(target)
			case "pair_pattern":
				prop = f.keyName(ch.ChildByFieldId(f.g.fKey))
				target = ch.ChildByFieldId(f.g.fValue)
				if target != nil && f.kind(target) == "assignment_pattern" {
					target = target.ChildByFieldId(f.g.fLeft)
				}
			default:
				f.bindPattern(&ch, s)
				continue
			}
			if target == nil {
				continue
			}
			if prop == "" || f.kind(target) != "identifier" && f.kind(target) != "shorthand_property_identifier_pattern" {
				f.bindPattern(target, s)
				continue
			}
			f.bind(f.text(target), jsBinding{kind: jsMember, value: *value, prop: prop}, s)
		}
	default:
		f.bindPattern(name, s)
	}
}

// bindImport binds the names of an import declaration, ES or TypeScript's import x = require('m').
func (f *jsFile) bindImport(n *ts.Node, s jsScope) {
	f.work = jsMaxWork
	module := ""
	if src := n.ChildByFieldId(f.g.fSource); src != nil {
		if v := f.eval(src, 0); v.kind == jsStr {
			module = jsModule(v.s)
		}
	}
	imp := func(name *ts.Node, qual string) {
		if module == "" {
			f.bind(f.text(name), jsBinding{kind: jsOther}, s)
			return
		}
		f.bind(f.text(name), jsBinding{kind: jsImport, qual: qual}, s)
	}
	for _, cl := range f.namedChildren(n) {
		switch f.kind(&cl) {
		case "import_require_clause":
			mod := ""
			if src := cl.ChildByFieldId(f.g.fSource); src != nil {
				if v := f.eval(src, 0); v.kind == jsStr {
					mod = jsModule(v.s)
				}
			}
			for _, ch := range f.namedChildren(&cl) {
				if f.kind(&ch) == "identifier" {
					if mod == "" {
						f.bind(f.text(&ch), jsBinding{kind: jsOther}, s)
					} else {
						f.bind(f.text(&ch), jsBinding{kind: jsImport, qual: mod}, s)
					}
					break
				}
			}
		case "import_clause":
			for _, ch := range f.namedChildren(&cl) {
				switch f.kind(&ch) {
				case "identifier":
					imp(&ch, module)
				case "namespace_import":
					for _, id := range f.namedChildren(&ch) {
						if f.kind(&id) == "identifier" {
							imp(&id, module)
						}
					}
				case "named_imports":
					for _, spec := range f.namedChildren(&ch) {
						if f.kind(&spec) != "import_specifier" {
							continue
						}
						name, alias := spec.ChildByFieldId(f.g.fName), spec.ChildByFieldId(f.g.fAlias)
						if name == nil {
							continue
						}
						imported := f.keyName(name)
						local := name
						if alias != nil {
							local = alias
						}
						if imported == "default" {
							imp(local, module)
						} else {
							imp(local, jsNormalize(module+"."+imported))
						}
					}
				}
			}
		}
	}
}

// markAssigned makes a name assigned anywhere (x = …, x += …) unknown in the scope the assignment sees, since
// which value applies then depends on the flow.
func (f *jsFile) markAssigned() {
	for _, a := range f.assigns {
		left := a.ChildByFieldId(f.g.fLeft)
		if left == nil || f.kind(left) != "identifier" {
			continue
		}
		name := f.text(left)
		if bs := f.visible(name, left.StartByte()); len(bs) > 0 {
			f.addBinding(name, jsBinding{kind: jsOther, start: bs[0].start, end: bs[0].end})
		} else {
			f.addBinding(name, jsBinding{kind: jsOther, start: 0, end: uint(len(f.src))})
		}
	}
}

// visible returns the bindings of name in the innermost scope that declares it and contains offset at.
func (f *jsFile) visible(name string, at uint) []jsBinding {
	bs := f.names[name]
	best := -1
	var size uint
	for i, b := range bs {
		if b.start <= at && at <= b.end && (best < 0 || b.end-b.start < size) {
			best, size = i, b.end-b.start
		}
	}
	if best < 0 {
		return nil
	}
	var out []jsBinding
	for _, b := range bs {
		if b.start == bs[best].start && b.end == bs[best].end {
			out = append(out, b)
		}
	}
	return out
}

// jsModule maps a module specifier to the qualified name of the module's exports.
func jsModule(spec string) string {
	switch s := strings.TrimPrefix(spec, "node:"); s {
	case "crypto", "tls", "https", "http2", "util":
		return s
	case "crypto-js":
		return "CryptoJS"
	}
	if sub, ok := strings.CutPrefix(spec, "@noble/post-quantum/"); ok {
		switch strings.TrimSuffix(sub, ".js") {
		case "ml-kem", "ml-dsa", "slh-dsa":
			return jsNoblePQ
		}
	}
	if sub, ok := strings.CutPrefix(spec, "crypto-js/"); ok {
		return cryptoJSModules[sub]
	}
	return ""
}

// cryptoJSModules maps crypto-js's per-algorithm modules to what their default export is.
var cryptoJSModules = map[string]string{
	"md5": "CryptoJS.MD5", "sha1": "CryptoJS.SHA1", "hmac-md5": "CryptoJS.HmacMD5",
	"hmac-sha1": "CryptoJS.HmacSHA1", "tripledes": "CryptoJS.TripleDES", "rc4": "CryptoJS.RC4",
	"aes": "CryptoJS.AES", "mode-ecb": "CryptoJS.mode.ECB",
}

// jsNormalize maps the several spellings of one object to one: the global WebCrypto object is reachable as
// crypto, globalThis.crypto, window.crypto, and from Node's module as webcrypto.
func jsNormalize(q string) string {
	switch q {
	case "global.crypto", "crypto.webcrypto", "global.crypto.webcrypto":
		return "webcrypto"
	case "crypto.subtle":
		return "webcrypto.subtle"
	case "crypto.default", "tls.default", "https.default", "http2.default":
		return strings.TrimSuffix(q, ".default")
	case "global.CryptoJS", "CryptoJS.default":
		return "CryptoJS"
	case "global.process":
		return "process"
	case "global.require":
		return "require"
	}
	return q
}

// jsUnwrap strips what does not change an expression's value: parentheses, TypeScript assertions, await,
// and the (0, f) of transpiled calls.
func (f *jsFile) unwrap(n *ts.Node) *ts.Node {
	for i := 0; n != nil && i < jsMaxDepth; i++ {
		switch f.kind(n) {
		case "parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression",
			"await_expression", "type_assertion":
			ch := f.namedChildren(n)
			if len(ch) == 0 {
				return n
			}
			next := ch[0]
			if f.kind(n) == "type_assertion" {
				next = ch[len(ch)-1]
			}
			n = &next
		case "sequence_expression":
			ch := f.namedChildren(n)
			if len(ch) == 0 {
				return n
			}
			n = &ch[len(ch)-1]
		default:
			return n
		}
	}
	return n
}

// qualify returns the qualified name an expression refers to ("crypto.createHash" for h.createHash after
// const h = require('node:crypto')), or "" when it refers to nothing known. A name bound to anything other
// than an import, or bound to different things, qualifies to "": that is how look-alikes stay unmatched.
func (f *jsFile) qualify(n *ts.Node, depth int) string {
	n = f.unwrap(n)
	if n == nil || depth > jsMaxDepth || !f.spend() {
		return ""
	}
	switch f.kind(n) {
	case "identifier":
		return f.qualifyName(f.text(n), n.StartByte(), depth)
	case "member_expression":
		obj, prop := n.ChildByFieldId(f.g.fObject), n.ChildByFieldId(f.g.fProperty)
		if prop == nil {
			return ""
		}
		if q := f.qualify(obj, depth+1); q != "" {
			return jsNormalize(q + "." + f.text(prop))
		}
	case "subscript_expression":
		if v := f.eval(n.ChildByFieldId(f.g.fIndex), depth+1); v.kind == jsStr {
			if q := f.qualify(n.ChildByFieldId(f.g.fObject), depth+1); q != "" {
				return jsNormalize(q + "." + v.s)
			}
		}
	case "call_expression":
		fn := n.ChildByFieldId(f.g.fFunction)
		if fn == nil {
			return ""
		}
		args := f.namedChildren(n.ChildByFieldId(f.g.fArguments))
		if len(args) == 0 {
			return ""
		}
		if f.kind(fn) == "import" {
			if v := f.eval(&args[0], depth+1); v.kind == jsStr {
				return jsModule(v.s)
			}
			return ""
		}
		switch f.qualify(fn, depth+1) {
		case "require":
			if v := f.eval(&args[0], depth+1); v.kind == jsStr {
				return jsModule(v.s)
			}
		case "util.promisify": // the promisified function does what the original does
			return f.qualify(&args[0], depth+1)
		}
	case "binary_expression":
		// a ?? b and a || b pick one of two spellings of the same object (globalThis.crypto ?? webcrypto)
		if op := f.text(n.ChildByFieldId(f.g.fOperator)); op == "??" || op == "||" {
			l := f.qualify(n.ChildByFieldId(f.g.fLeft), depth+1)
			if l != "" && l == f.qualify(n.ChildByFieldId(f.g.fRight), depth+1) {
				return l
			}
		}
	}
	return ""
}

// jsGlobals are the names a file may use without declaring them, and what they are.
var jsGlobals = map[string]string{
	"crypto": "webcrypto", "globalThis": "global", "window": "global", "self": "global", "global": "global",
	"require": "require", "process": "process", "CryptoJS": "CryptoJS",
}

func (f *jsFile) qualifyName(name string, at uint, depth int) string {
	bs := f.visible(name, at)
	if bs == nil {
		return jsGlobals[name]
	}
	q := ""
	for _, b := range bs {
		var bq string
		switch b.kind {
		case jsImport:
			bq = b.qual
		case jsValue:
			bq = f.qualify(&b.value, depth+1)
		case jsMember:
			if base := f.qualify(&b.value, depth+1); base != "" {
				bq = jsNormalize(base + "." + b.prop)
			}
		}
		if bq == "" || (q != "" && bq != q) {
			return ""
		}
		q = bq
	}
	return q
}

type jsValKind uint8

const (
	jsUnknown jsValKind = iota
	jsStr
	jsNum
	jsBool
	jsObj
)

// jsVal is a constant: a string, an integer, a boolean or an object literal, and the name it was read from.
type jsVal struct {
	kind jsValKind
	s    string
	num  *big.Int
	b    bool
	obj  ts.Node
	from string
}

// eval evaluates a constant expression: literals, names declared once with a constant (or always the same
// one), properties of object literals, and arithmetic and concatenation over them.
func (f *jsFile) eval(n *ts.Node, depth int) jsVal {
	n = f.unwrap(n)
	if n == nil || depth > jsMaxDepth || !f.spend() {
		return jsVal{}
	}
	switch f.kind(n) {
	case "string":
		return f.evalString(n)
	case "template_string":
		for _, ch := range f.namedChildren(n) {
			if f.kind(&ch) != "string_fragment" {
				return jsVal{} // a substitution or an escape: not a constant this analysis reads
			}
		}
		t := f.text(n)
		if len(t) < 2 {
			return jsVal{}
		}
		return jsVal{kind: jsStr, s: t[1 : len(t)-1]}
	case "number":
		return f.evalNumber(n)
	case "true", "false":
		return jsVal{kind: jsBool, b: f.kind(n) == "true"}
	case "object":
		return jsVal{kind: jsObj, obj: *n}
	case "identifier", "shorthand_property_identifier":
		name := f.text(n)
		bs := f.visible(name, n.StartByte())
		if len(bs) == 0 {
			return jsVal{}
		}
		var out jsVal
		for i, b := range bs {
			var v jsVal
			switch b.kind {
			case jsValue:
				v = f.eval(&b.value, depth+1)
			case jsMember:
				if base := f.eval(&b.value, depth+1); base.kind == jsObj {
					if val, _, ok := f.prop(base.obj, b.prop, depth+1); ok {
						v = f.eval(val, depth+1)
					}
				}
			}
			if v.kind == jsUnknown || (i > 0 && !sameJSVal(v, out)) {
				return jsVal{}
			}
			out = v
		}
		out.from = name
		return out
	case "member_expression", "subscript_expression":
		var key string
		if p := n.ChildByFieldId(f.g.fProperty); p != nil {
			key = f.text(p)
		} else if v := f.eval(n.ChildByFieldId(f.g.fIndex), depth+1); v.kind == jsStr {
			key = v.s
		} else {
			return jsVal{}
		}
		obj := n.ChildByFieldId(f.g.fObject)
		if v, ok := f.evalField(n, obj, key, depth); ok {
			return v
		}
		base := f.eval(obj, depth+1)
		if base.kind != jsObj {
			return jsVal{}
		}
		val, _, ok := f.prop(base.obj, key, depth+1)
		if !ok {
			return jsVal{}
		}
		v := f.eval(val, depth+1)
		v.from = f.code(n, "")
		return v
	case "unary_expression":
		op, arg := n.ChildByFieldId(f.g.fOperator), n.ChildByFieldId(f.g.fArgument)
		v := f.eval(arg, depth+1)
		switch f.text(op) {
		case "-":
			if v.kind == jsNum {
				return jsVal{kind: jsNum, num: new(big.Int).Neg(v.num)}
			}
		case "!": // minifiers write false as !1
			switch v.kind {
			case jsNum:
				return jsVal{kind: jsBool, b: v.num.Sign() == 0}
			case jsBool:
				return jsVal{kind: jsBool, b: !v.b}
			}
		}
	case "binary_expression":
		return f.evalBinary(n, depth)
	}
	return jsVal{}
}

// evalField reads this.name inside a class, or Cls.name, as a constant when the class initialises the field
// once and never assigns it through this.
func (f *jsFile) evalField(n, obj *ts.Node, name string, depth int) (jsVal, bool) {
	var class uint
	switch f.kind(obj) {
	case "this":
		p := n
		for i := 0; i < 256 && p != nil && class == 0; i++ {
			if p = p.Parent(); p != nil && f.kind(p) == "class_body" {
				class = p.StartByte() + 1
			}
		}
	case "identifier":
		if cs := f.classes[f.text(obj)]; len(cs) == 1 {
			class = cs[0]
		}
	}
	if class == 0 {
		return jsVal{}, false
	}
	vals := f.fields[jsField{class, name}]
	if len(vals) != 1 || vals[0] == nil {
		return jsVal{}, true
	}
	v := f.eval(vals[0], depth+1)
	v.from = f.code(n, "")
	return v, true
}

func sameJSVal(a, b jsVal) bool {
	if a.kind != b.kind {
		return false
	}
	switch a.kind {
	case jsStr:
		return a.s == b.s
	case jsNum:
		return a.num.Cmp(b.num) == 0
	case jsBool:
		return a.b == b.b
	case jsObj:
		return a.obj.Id() == b.obj.Id()
	}
	return false
}

// evalString reads a string literal; one with escapes other than quotes is not read (no crypto name needs them).
func (f *jsFile) evalString(n *ts.Node) jsVal {
	t := f.text(n)
	if len(t) < 2 {
		return jsVal{}
	}
	inner := t[1 : len(t)-1]
	if strings.ContainsRune(inner, '\\') {
		inner = strings.NewReplacer(`\'`, `'`, `\"`, `"`).Replace(inner)
		if strings.ContainsRune(inner, '\\') {
			return jsVal{}
		}
	}
	return jsVal{kind: jsStr, s: inner}
}

func (f *jsFile) evalNumber(n *ts.Node) jsVal {
	t := strings.ToLower(strings.ReplaceAll(f.text(n), "_", ""))
	t = strings.TrimSuffix(t, "n") // BigInt
	if len(t) == 0 || len(t) > 64 {
		return jsVal{}
	}
	if len(t) > 1 && t[0] == '0' && strings.ContainsRune("xob", rune(t[1])) {
		v, ok := new(big.Int).SetString(t, 0)
		if !ok {
			return jsVal{}
		}
		return jsVal{kind: jsNum, num: v}
	}
	x, err := strconv.ParseFloat(t, 64)
	if err != nil || x != float64(int64(x)) || x > 1e18 || x < -1e18 {
		return jsVal{}
	}
	return jsVal{kind: jsNum, num: big.NewInt(int64(x))}
}

func (f *jsFile) evalBinary(n *ts.Node, depth int) jsVal {
	op := f.text(n.ChildByFieldId(f.g.fOperator))
	l := f.eval(n.ChildByFieldId(f.g.fLeft), depth+1)
	if l.kind != jsStr && l.kind != jsNum {
		return jsVal{}
	}
	r := f.eval(n.ChildByFieldId(f.g.fRight), depth+1)
	if r.kind != l.kind {
		return jsVal{}
	}
	if l.kind == jsStr {
		if op == "+" {
			return jsVal{kind: jsStr, s: l.s + r.s}
		}
		return jsVal{}
	}
	out := new(big.Int)
	switch op {
	case "+":
		out.Add(l.num, r.num)
	case "-":
		out.Sub(l.num, r.num)
	case "*":
		out.Mul(l.num, r.num)
	case "<<":
		if !r.num.IsInt64() || r.num.Int64() < 0 || r.num.Int64() > 62 {
			return jsVal{}
		}
		out.Lsh(l.num, uint(r.num.Int64()))
	case "**":
		if !r.num.IsInt64() || r.num.Int64() < 0 || int64(l.num.BitLen())*r.num.Int64() > maxConstBits {
			return jsVal{}
		}
		out.Exp(l.num, r.num, nil)
	default:
		return jsVal{}
	}
	if out.BitLen() > maxConstBits {
		return jsVal{}
	}
	return jsVal{kind: jsNum, num: out}
}

// keyName returns a property key as a string: an identifier, a string or number literal, or a computed
// key that is a constant string.
func (f *jsFile) keyName(n *ts.Node) string {
	switch f.kind(n) {
	case "property_identifier", "identifier", "number", "private_property_identifier",
		"shorthand_property_identifier", "shorthand_property_identifier_pattern":
		return f.text(n)
	case "string":
		if v := f.evalString(n); v.kind == jsStr {
			return v.s
		}
	case "computed_property_name":
		if ch := f.namedChildren(n); len(ch) == 1 {
			if v := f.eval(&ch[0], 0); v.kind == jsStr {
				return v.s
			}
		}
	}
	return ""
}

// prop returns the value of property key of an object literal, and the node that sets it (the pair, or a
// shorthand property), following spreads of other constant objects; the last one that sets it wins.
func (f *jsFile) prop(obj ts.Node, key string, depth int) (val, at *ts.Node, ok bool) {
	if depth > jsMaxDepth || !f.spend() {
		return nil, nil, false
	}
	for _, ch := range f.namedChildren(&obj) {
		switch f.kind(&ch) {
		case "pair":
			if f.keyName(ch.ChildByFieldId(f.g.fKey)) == key {
				val, at, ok = ch.ChildByFieldId(f.g.fValue), &ch, true
			}
		case "shorthand_property_identifier":
			if f.text(&ch) == key {
				val, at, ok = &ch, &ch, true
			}
		case "method_definition":
			if f.keyName(ch.ChildByFieldId(f.g.fName)) == key {
				val, at, ok = nil, &ch, true
			}
		case "spread_element":
			if inner := f.namedChildren(&ch); len(inner) == 1 {
				if v := f.eval(&inner[0], depth+1); v.kind == jsObj {
					if v2, a2, ok2 := f.prop(v.obj, key, depth+1); ok2 {
						val, at, ok = v2, a2, true
					}
				} else {
					val, at, ok = nil, &ch, true // an unknown spread may set it
				}
			}
		}
	}
	return val, at, ok
}
