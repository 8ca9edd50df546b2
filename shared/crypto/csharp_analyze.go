//go:build cgo

package crypto

import (
	"bytes"
	"context"
	"strings"
	"sync"

	"github.com/attestdev/attest/shared/finding"
	ts "github.com/tree-sitter/go-tree-sitter"
	tscs "github.com/tree-sitter/tree-sitter-c-sharp/bindings/go"
)

// csGrammar holds the node kind and field IDs of the C# grammar, so the walk compares numbers.
type csGrammar struct {
	lang *ts.Language

	usingDirective, qualifiedName, aliasQualifiedName, identifier, memberAccess, invocation, objectCreation,
	assignment, argument, argumentList, lambda, anonymousMethod, block, returnStmt, booleanLiteral,
	integerLiteral, stringLiteral, stringContent, verbatimString, binaryExpr, prefixUnary, parenExpr, castExpr,
	conditionalExpr, variableDeclarator, variableDeclaration, parameter, initializer, classDecl, structDecl,
	interfaceDecl, enumDecl, recordDecl, methodDecl, localFunction, propertyDecl, arrowClause, implicitType,
	thisExpr, expressionStmt uint16

	fName, fExpression, fFunction, fArguments, fType, fLeft, fRight, fOperator, fBody, fQualifier, fValue uint16
}

var csGrammarOnce = sync.OnceValue(func() *csGrammar {
	useLibcAllocator()
	l := ts.NewLanguage(tscs.Language())
	k := func(name string) uint16 { return l.IdForNodeKind(name, true) }
	f := l.FieldIdForName
	return &csGrammar{
		lang:           l,
		usingDirective: k("using_directive"), qualifiedName: k("qualified_name"),
		aliasQualifiedName: k("alias_qualified_name"), identifier: k("identifier"),
		memberAccess: k("member_access_expression"), invocation: k("invocation_expression"),
		objectCreation: k("object_creation_expression"), assignment: k("assignment_expression"),
		argument: k("argument"), argumentList: k("argument_list"), lambda: k("lambda_expression"),
		anonymousMethod: k("anonymous_method_expression"), block: k("block"), returnStmt: k("return_statement"),
		booleanLiteral: k("boolean_literal"), integerLiteral: k("integer_literal"),
		stringLiteral: k("string_literal"), stringContent: k("string_literal_content"),
		verbatimString: k("verbatim_string_literal"), binaryExpr: k("binary_expression"),
		prefixUnary: k("prefix_unary_expression"), parenExpr: k("parenthesized_expression"),
		castExpr: k("cast_expression"), conditionalExpr: k("conditional_expression"),
		variableDeclarator: k("variable_declarator"), variableDeclaration: k("variable_declaration"),
		parameter: k("parameter"), initializer: k("initializer_expression"), classDecl: k("class_declaration"),
		structDecl: k("struct_declaration"), interfaceDecl: k("interface_declaration"),
		enumDecl: k("enum_declaration"), recordDecl: k("record_declaration"), methodDecl: k("method_declaration"),
		localFunction: k("local_function_statement"), propertyDecl: k("property_declaration"),
		arrowClause: k("arrow_expression_clause"), implicitType: k("implicit_type"), thisExpr: k("this_expression"),
		expressionStmt: k("expression_statement"),

		fName: f("name"), fExpression: f("expression"), fFunction: f("function"), fArguments: f("arguments"),
		fType: f("type"), fLeft: f("left"), fRight: f("right"), fOperator: f("operator"), fBody: f("body"),
		fQualifier: f("qualifier"), fValue: f("value"),
	}
})

// csMarkers are texts one of which a file must contain to use any API the analyzer knows: the namespaces,
// and the callback properties.
var csMarkers = [][]byte{[]byte(csCryptoNS), []byte("System.Security.Authentication"), []byte("SecurityProtocolType"),
	[]byte("CertificateValidationCallback"), []byte("CertificateCustomValidationCallback")}

// Analyze reports weak hashes and ciphers, ECB, short and quantum-vulnerable keys and weak TLS in one C# file,
// and inventories all of its cryptography.
func (CSharpAnalyzer) Analyze(ctx context.Context, path string, src []byte) (Result, error) {
	g := csGrammarOnce()
	tree, err := parseTree(ctx, g.lang, "c#", src)
	if err != nil {
		return Result{}, err
	}
	defer tree.Close()
	root := tree.RootNode()
	f := &csFile{g: g, tsSource: tsSource{path: path, src: src, lines: newLineIndex(src)}, work: maxResolveWork,
		namespaces: map[string]bool{}, aliases: map[string]string{}, localTypes: map[string]bool{},
		vars: map[string][]csVar{}, methods: map[string][]ts.Node{}, params: map[string]bool{},
		isVarMemo: map[string]bool{}, typeMemo: map[string]*csTypeOf{}, valueMemo: map[string]*csValue{}}
	if root.HasError() {
		return Result{}, f.syntaxError(root)
	}
	mentions := false
	for _, m := range csMarkers {
		if bytes.Contains(src, m) {
			mentions = true
			break
		}
	}
	if !mentions {
		return Result{}, nil
	}
	f.scratch = root.Walk()
	defer f.scratch.Close()
	f.collect(root)
	for _, c := range f.candidates {
		f.cur = c
		f.check(c.node)
	}
	return newResult(path, dedupe(f.findings), &f.inv), nil
}

type csFile struct {
	g *csGrammar
	tsSource
	work int

	namespaces map[string]bool      // imported with using
	aliases    map[string]string    // using X = A.B;
	localTypes map[string]bool      // types this file declares
	vars       map[string][]csVar   // every declaration of and assignment to a name, file-wide
	methods    map[string][]ts.Node // method and local function bodies by name
	candidates []csCand
	findings   []finding.Finding
	inv        inventory // every use of cryptography recognised, flagged or not
	cur        csCand    // the candidate being checked

	scratch *ts.TreeCursor

	// Names are file-wide, so what a name resolves to is computed once: many uses of one name, or many
	// assignments to it, must not multiply the work.
	params    map[string]bool
	isVarMemo map[string]bool
	typeMemo  map[string]*csTypeOf // nil value: being computed (a cycle)
	valueMemo map[string]*csValue
}

// csCand is a node to check and its nearest ancestors (nearest first). Tree-sitter finds a node's parent by
// descending from the root, which costs time in the size of the tree; the walk records them instead.
type csCand struct {
	node ts.Node
	anc  []ts.Node
}

// csMaxAncestors bounds the ancestors kept per candidate: every question asked about a candidate's context
// is answered within a few levels.
const csMaxAncestors = 24

// parentOf returns the parent of the candidate being checked or of one of its recorded ancestors, or nil.
func (f *csFile) parentOf(n *ts.Node) *ts.Node {
	if n == nil {
		return nil
	}
	if n.Id() == f.cur.node.Id() {
		if len(f.cur.anc) > 0 {
			return &f.cur.anc[0]
		}
		return nil
	}
	for i := 0; i+1 < len(f.cur.anc); i++ {
		if f.cur.anc[i].Id() == n.Id() {
			return &f.cur.anc[i+1]
		}
	}
	return nil
}

// namedChildren lists a node's named children with one cursor walk (NamedChild(i) costs time in i).
func (f *csFile) namedChildren(n *ts.Node) []ts.Node {
	c := f.scratch
	c.Reset(*n)
	if !c.GotoFirstChild() {
		return nil
	}
	var out []ts.Node
	for {
		if ch := c.Node(); ch.IsNamed() {
			out = append(out, *ch)
		}
		if !c.GotoNextSibling() {
			return out
		}
	}
}

type csTypeOf struct {
	t    csType
	name string
}

// csVar is one declaration of, or assignment to, a name.
type csVar struct {
	value *ts.Node // the value assigned; nil when none is (a parameter, a compound assignment)
	typ   *ts.Node // the declared type; nil for var or an assignment
	param bool
	decl  bool // a declaration, not an assignment (which may be to a property of the same name as a type)
}

func (f *csFile) spend() bool {
	if f.work <= 0 {
		return false
	}
	f.work--
	return true
}

// collect walks the tree once, without recursion (deeply nested input must not exhaust the stack): it records
// usings, declared types, names and their values, method bodies, and the nodes to check.
func (f *csFile) collect(root *ts.Node) {
	g := f.g
	c := root.Walk()
	defer c.Close()
	var stack []ts.Node // the path from the root to n
	depth := 0
	parent := func() *ts.Node {
		if depth == 0 {
			return nil
		}
		return &stack[depth-1]
	}
	candidate := func(n ts.Node) {
		anc := make([]ts.Node, 0, min(depth, csMaxAncestors))
		for i := depth - 1; i >= 0 && len(anc) < csMaxAncestors; i-- {
			anc = append(anc, stack[i])
		}
		f.candidates = append(f.candidates, csCand{n, anc})
	}
	for {
		n := *c.Node()
		stack = append(stack[:depth], n)
		switch n.KindId() {
		case g.usingDirective:
			f.using(&n)
		case g.classDecl, g.structDecl, g.interfaceDecl, g.enumDecl, g.recordDecl:
			if name := n.ChildByFieldId(g.fName); name != nil {
				f.localTypes[f.text(name)] = true
			}
		case g.variableDeclarator:
			if name := n.ChildByFieldId(g.fName); name != nil {
				v := csVar{decl: true}
				for i := uint(0); i < n.NamedChildCount(); i++ {
					ch := n.NamedChild(i)
					if ch.Id() != name.Id() {
						v.value = ch // the initializer follows the name
					}
				}
				if p := parent(); p != nil && p.KindId() == g.variableDeclaration {
					if t := p.ChildByFieldId(g.fType); t != nil && t.KindId() != g.implicitType {
						v.typ = t
					}
				}
				f.vars[f.text(name)] = append(f.vars[f.text(name)], v)
			}
		case g.parameter:
			if name := n.ChildByFieldId(g.fName); name != nil {
				f.vars[f.text(name)] = append(f.vars[f.text(name)], csVar{typ: n.ChildByFieldId(g.fType), param: true, decl: true})
				f.params[f.text(name)] = true
			}
		case g.assignment:
			candidate(n)
			if left := n.ChildByFieldId(g.fLeft); left != nil && left.KindId() == g.identifier {
				v := csVar{}
				if op := n.ChildByFieldId(g.fOperator); op != nil && f.text(op) == "=" {
					v.value = n.ChildByFieldId(g.fRight)
				}
				if p := parent(); p == nil || p.KindId() != g.initializer { // { KeySize = 1 } sets a property
					f.vars[f.text(left)] = append(f.vars[f.text(left)], v)
				}
			}
		case g.methodDecl, g.localFunction:
			if name, body := n.ChildByFieldId(g.fName), n.ChildByFieldId(g.fBody); name != nil && body != nil {
				f.methods[f.text(name)] = append(f.methods[f.text(name)], *body)
			}
		case g.invocation, g.objectCreation, g.memberAccess:
			candidate(n)
		}
		if c.GotoFirstChild() {
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

// using records a using directive: using N; using global::N; using A = N.T; (using static is a type, not a
// namespace, and names members the analyzer does not follow).
func (f *csFile) using(n *ts.Node) {
	g := f.g
	alias := n.ChildByFieldId(g.fName)
	var target *ts.Node
	for i := uint(0); i < n.NamedChildCount(); i++ {
		ch := n.NamedChild(i)
		if alias != nil && ch.Id() == alias.Id() {
			continue
		}
		target = ch
	}
	if target == nil {
		return
	}
	name := f.dotted(target)
	if name == "" {
		return
	}
	if alias != nil {
		f.aliases[f.text(alias)] = name
		return
	}
	if strings.Contains(f.text(n), "static") {
		return
	}
	f.namespaces[name] = true
}

// dotted returns the name an identifier, qualified name or member access spells ("A.B.C"), without
// global:: and whitespace, or "" when it is some other expression.
func (f *csFile) dotted(n *ts.Node) string {
	g := f.g
	var parts []string
	for depth := 0; n != nil && depth < maxPyDepth; depth++ {
		switch n.KindId() {
		case g.identifier:
			parts = append(parts, f.text(n))
			n = nil
		case g.qualifiedName:
			parts = append(parts, f.text(n.ChildByFieldId(g.fName)))
			n = n.ChildByFieldId(g.fQualifier)
		case g.memberAccess:
			parts = append(parts, f.text(n.ChildByFieldId(g.fName)))
			n = n.ChildByFieldId(g.fExpression)
		case g.aliasQualifiedName: // global::System
			parts = append(parts, f.text(n.ChildByFieldId(g.fName)))
			n = nil
		default:
			return ""
		}
	}
	if n != nil {
		return ""
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	for _, p := range parts {
		if p == "" {
			return ""
		}
	}
	return strings.Join(parts, ".")
}

// resolveType returns the fully qualified name of a known type that a dotted name refers to, or "".
func (f *csFile) resolveType(name string) string {
	first, rest, hasRest := strings.Cut(name, ".")
	if target, ok := f.aliases[first]; ok {
		name = target
		if hasRest {
			name += "." + rest
		}
		if _, ok := csTypes[name]; ok {
			return name
		}
		return ""
	}
	if _, ok := csTypes[name]; ok {
		return name
	}
	if f.localTypes[first] || f.isVariable(first) {
		return "" // the file's own type, or a variable, that shares a framework type's name
	}
	for ns := range f.namespaces {
		if _, ok := csTypes[ns+"."+name]; ok {
			return ns + "." + name
		}
	}
	return ""
}

// isVariable reports whether the file declares a variable or parameter name, other than one whose type has the
// same name (SslProtocols SslProtocols), where C# reads the name as the type in a member access.
func (f *csFile) isVariable(name string) bool {
	if is, ok := f.isVarMemo[name]; ok {
		return is
	}
	is := false
	for _, v := range f.vars[name] {
		if v.decl && (v.typ == nil || f.text(v.typ) != name) {
			is = true
			break
		}
	}
	f.isVarMemo[name] = is
	return is
}

// resolveMember splits a dotted name into a known type and the members after it (CipherMode.ECB →
// System.Security.Cryptography.CipherMode, [ECB]).
func (f *csFile) resolveMember(name string) (string, []string) {
	parts := strings.Split(name, ".")
	for i := len(parts) - 1; i >= 1; i-- {
		if t := f.resolveType(strings.Join(parts[:i], ".")); t != "" {
			return t, parts[i:]
		}
	}
	return "", nil
}

// typeOf returns the known type of an expression: a type name, or a variable declared with one or created
// from one.
func (f *csFile) typeOf(n *ts.Node, depth int) (csType, string) {
	g := f.g
	if n == nil || depth > maxPyDepth || !f.spend() {
		return csType{}, ""
	}
	switch n.KindId() {
	case g.identifier:
		name := f.text(n)
		vs := f.vars[name]
		if len(vs) == 0 {
			break
		}
		if m, ok := f.typeMemo[name]; ok {
			if m == nil {
				return csType{}, "" // a cycle
			}
			return m.t, m.name
		}
		f.typeMemo[name] = nil
		var out csType
		var outName string
		for _, v := range vs {
			if f.work <= 0 {
				break
			}
			var t csType
			var name string
			switch {
			case v.typ != nil:
				t, name = f.typeOf(v.typ, depth+1)
			case v.value != nil:
				t, name = f.typeOf(v.value, depth+1)
			}
			if t.kind != 0 {
				out, outName = t, name
			}
		}
		f.typeMemo[name] = &csTypeOf{out, outName}
		return out, outName
	case g.objectCreation:
		return f.typeOf(n.ChildByFieldId(g.fType), depth+1)
	case g.invocation: // X.Create(…) creates an X
		fn := n.ChildByFieldId(g.fFunction)
		if fn != nil && fn.KindId() == g.memberAccess && f.text(fn.ChildByFieldId(g.fName)) == "Create" {
			return f.typeOf(fn.ChildByFieldId(g.fExpression), depth+1)
		}
		return csType{}, ""
	case g.castExpr:
		return f.typeOf(n.ChildByFieldId(g.fType), depth+1)
	}
	if q := f.resolveType(f.dotted(n)); q != "" {
		return csTypes[q], q
	}
	return csType{}, ""
}

func shortName(q string) string { return q[strings.LastIndexByte(q, '.')+1:] }
