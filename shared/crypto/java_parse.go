//go:build cgo

package crypto

import (
	"bytes"
	"cmp"
	"context"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/attestdev/attest/shared/finding"
	ts "github.com/tree-sitter/go-tree-sitter"
	tsjava "github.com/tree-sitter/tree-sitter-java/bindings/go"
)

// javaGrammar holds the node kind and field IDs of the Java grammar, so the walk compares numbers instead of
// copying kind names out of C for every node.
type javaGrammar struct {
	lang *ts.Language

	importDecl, scopedIdent, ident, typeIdent, scopedTypeIdent, genericType, asterisk,
	classDecl, interfaceDecl, enumDecl, recordDecl, classBody, superInterfaces, superclass, typeList,
	fieldDecl, constantDecl, localVarDecl, varDeclarator, formalParam, spreadParam, catchParam, resource,
	enhancedFor, lambda, inferredParams, formalParams, methodDecl, constructorDecl,
	methodInvocation, objectCreation, argumentList, assignment, updateExpr, fieldAccess,
	stringLit, stringFragment, escapeSeq, multilineFragment, decimalInt, hexInt, octalInt, binaryInt,
	binaryExpr, parenExpr, castExpr, arrayInit, arrayCreation, block, returnStmt, trueLit,
	lineComment, blockComment, exprStmt, modifiers, unaryExpr, staticInit uint16

	fName, fValue, fObject, fArguments, fType, fLeft, fRight, fOperator, fBody, fField, fParameters,
	fInterfaces, fSuperclass, fDeclarator, fOperand uint16
}

var javaGrammarOnce = sync.OnceValue(func() *javaGrammar {
	useLibcAllocator()
	l := ts.NewLanguage(tsjava.Language())
	k := func(name string) uint16 { return l.IdForNodeKind(name, true) }
	f := l.FieldIdForName
	return &javaGrammar{
		lang:       l,
		importDecl: k("import_declaration"), scopedIdent: k("scoped_identifier"), ident: k("identifier"),
		typeIdent: k("type_identifier"), scopedTypeIdent: k("scoped_type_identifier"), genericType: k("generic_type"),
		asterisk: k("asterisk"), classDecl: k("class_declaration"), interfaceDecl: k("interface_declaration"),
		enumDecl: k("enum_declaration"), recordDecl: k("record_declaration"), classBody: k("class_body"),
		superInterfaces: k("super_interfaces"), superclass: k("superclass"), typeList: k("type_list"),
		fieldDecl: k("field_declaration"), constantDecl: k("constant_declaration"),
		localVarDecl: k("local_variable_declaration"), varDeclarator: k("variable_declarator"),
		formalParam: k("formal_parameter"), spreadParam: k("spread_parameter"),
		catchParam: k("catch_formal_parameter"), resource: k("resource"), enhancedFor: k("enhanced_for_statement"),
		lambda: k("lambda_expression"), inferredParams: k("inferred_parameters"), formalParams: k("formal_parameters"),
		methodDecl: k("method_declaration"), constructorDecl: k("constructor_declaration"),
		methodInvocation: k("method_invocation"), objectCreation: k("object_creation_expression"),
		argumentList: k("argument_list"), assignment: k("assignment_expression"), updateExpr: k("update_expression"),
		fieldAccess: k("field_access"), stringLit: k("string_literal"), stringFragment: k("string_fragment"),
		escapeSeq: k("escape_sequence"), multilineFragment: k("multiline_string_fragment"),
		decimalInt: k("decimal_integer_literal"), hexInt: k("hex_integer_literal"), octalInt: k("octal_integer_literal"),
		binaryInt: k("binary_integer_literal"), binaryExpr: k("binary_expression"),
		parenExpr: k("parenthesized_expression"), castExpr: k("cast_expression"), arrayInit: k("array_initializer"),
		arrayCreation: k("array_creation_expression"), block: k("block"), returnStmt: k("return_statement"),
		trueLit: k("true"), lineComment: k("line_comment"), blockComment: k("block_comment"),
		exprStmt: k("expression_statement"), staticInit: k("static_initializer"), modifiers: k("modifiers"), unaryExpr: k("unary_expression"),

		fName: f("name"), fValue: f("value"), fObject: f("object"), fArguments: f("arguments"), fType: f("type"),
		fLeft: f("left"), fRight: f("right"), fOperator: f("operator"), fBody: f("body"), fField: f("field"),
		fParameters: f("parameters"), fInterfaces: f("interfaces"), fSuperclass: f("superclass"),
		fDeclarator: f("declarator"), fOperand: f("operand"),
	}
})

// javaTriggers are words one of which every file with a reported API contains: a file without any is not
// walked at all.
var javaTriggers = [][]byte{
	[]byte("getInstance"), []byte("DigestUtils"), []byte("Hashing"), []byte("TrustManager"),
	[]byte("HostnameVerifier"), []byte("ParameterSpec"), []byte("KeySpec"), []byte("Protocols"),
	[]byte("Digest"), []byte("Engine"), []byte("TrustAllStrategy"), []byte("setProperty"), []byte("TlsVersion"),
	[]byte("loadTrustMaterial"), []byte("KeyEncapsulation"), []byte("MLKEM"), []byte("MLDSA"), []byte("SLHDSA"),
}

func javaMayUseCrypto(src []byte) bool {
	for _, w := range javaTriggers {
		if bytes.Contains(src, w) {
			return true
		}
	}
	return false
}

// Analyze reports weak, broken and quantum-vulnerable cryptography in one Java file, and inventories all of its
// cryptography.
func (JavaAnalyzer) Analyze(ctx context.Context, path string, src []byte) (Result, error) {
	g := javaGrammarOnce()
	tree, err := parseTree(ctx, g.lang, "java", src)
	if err != nil {
		return Result{}, err
	}
	defer tree.Close()
	root := tree.RootNode()
	f := &javaFile{g: g, tsSource: tsSource{path: path, src: src, lines: newLineIndex(src)}, work: maxResolveWork,
		imports: map[string]string{}, staticImports: map[string]string{}, ownTypes: map[string]bool{},
		decls: map[javaName][]javaDecl{}, assigns: map[javaName][]javaAssign{}, allAssigns: map[string][]javaAssign{},
		varNames: map[string]bool{}, fieldCache: map[string]javaValue{}}
	f.scratch = root.Walk()
	defer f.scratch.Close()
	if root.HasError() {
		return Result{}, f.syntaxError(root)
	}
	if !javaMayUseCrypto(src) {
		return Result{}, nil
	}
	f.collect(root)
	f.check()
	slices.SortStableFunc(f.findings, func(a, b finding.Finding) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column))
	})
	return newResult(path, dedupe(f.findings), &f.inv), nil
}

// javaFile is one Java file being analysed: what the walk collected and what the checks found.
type javaFile struct {
	g *javaGrammar
	tsSource
	scratch *ts.TreeCursor
	work    int

	imports       map[string]string // simple name → qualified name, from single-type imports
	onDemand      []string          // packages and types imported with .*
	staticImports map[string]string // member name → qualified member, from single static imports
	staticDemand  []string          // types whose static members are imported with .*
	ownTypes      map[string]bool   // types the file declares: they shadow imported ones

	// Variables and assignments are indexed by the outermost method, constructor or initializer they are in
	// (fields by fieldOwner), so that resolving a name reads one member's locals, not the whole file's.
	owners     []javaRange
	decls      map[javaName][]javaDecl
	assigns    map[javaName][]javaAssign
	allAssigns map[string][]javaAssign
	varNames   map[string]bool
	fieldCache map[string]javaValue

	calls    []javaCall // method invocations and object creations
	types    []ts.Node  // class, enum and record declarations, and anonymous class bodies' creations
	lambdas  []ts.Node
	findings []finding.Finding
	inv      inventory // every use of cryptography recognised, flagged or not
}

// javaRange is the bytes of a member that can hold local variables.
type javaRange struct{ start, end uint }

// javaName is a variable name within one member (owner indexes javaFile.owners; noOwner is outside any member,
// fieldOwner holds the fields).
type javaName struct {
	name  string
	owner int
}

const (
	noOwner    = -1
	fieldOwner = -2
)

// ownerOf returns the member that holds byte b, or noOwner.
func (f *javaFile) ownerOf(b uint) int {
	i := sort.Search(len(f.owners), func(i int) bool { return f.owners[i].end > b })
	if i < len(f.owners) && f.owners[i].start <= b {
		return i
	}
	return noOwner
}

// javaDecl is a variable: a field, a local or a parameter.
type javaDecl struct {
	field      bool
	param      bool
	value      *ts.Node // the initializer, if any
	scopeStart uint     // the bytes where the name is visible
	scopeEnd   uint
	at         uint // where it is declared
	dims       bool // declared with array brackets on the name
}

// javaAssign is an assignment to a name (x = …, this.x = …), or a change that makes it unknown (x++, x += …).
type javaAssign struct {
	value   *ts.Node // nil for a compound assignment or an update
	at      uint
	viaThis bool
}

// javaCall is a method invocation or an object creation, with the method it is in.
type javaCall struct {
	node   ts.Node
	method string // the enclosing method's name, for context such as checksum()
}

// children lists a node's children with their fields.
func (f *javaFile) children(n *ts.Node) []child {
	c := f.scratch
	c.Reset(*n)
	var out []child
	if !c.GotoFirstChild() {
		return nil
	}
	for {
		out = append(out, child{*c.Node(), c.FieldId()})
		if !c.GotoNextSibling() {
			return out
		}
	}
}

// namedChildren lists a node's named children that are not comments.
func (f *javaFile) namedChildren(n *ts.Node) []ts.Node {
	var out []ts.Node
	for _, ch := range f.children(n) {
		k := ch.node.KindId()
		if ch.node.IsNamed() && k != f.g.lineComment && k != f.g.blockComment {
			out = append(out, ch.node)
		}
	}
	return out
}

// collect walks the tree once, without recursion (deeply nested input must not exhaust the stack), and
// records imports, declared types, variables, assignments, calls and lambdas. The checks run afterwards,
// because a field may be declared after the method that uses it.
func (f *javaFile) collect(root *ts.Node) {
	g := f.g
	type frame struct {
		depth  int
		method string
		member bool
	}
	frames := []frame{{-1, "", false}}
	inMember := func() bool {
		for _, fr := range frames {
			if fr.member {
				return true
			}
		}
		return false
	}
	c := root.Walk()
	defer c.Close()
	depth := 0
	for {
		n := c.Node()
		for len(frames) > 1 && frames[len(frames)-1].depth >= depth {
			frames = frames[:len(frames)-1]
		}
		method := frames[len(frames)-1].method
		descend := true
		switch n.KindId() {
		case g.importDecl:
			f.addImport(n)
			descend = false
		case g.lineComment, g.blockComment, g.stringLit:
			descend = false
		case g.classDecl, g.interfaceDecl, g.enumDecl, g.recordDecl:
			if name := n.ChildByFieldId(g.fName); name != nil {
				f.ownTypes[f.text(name)] = true
			}
			if n.KindId() == g.classDecl || n.KindId() == g.enumDecl || n.KindId() == g.recordDecl {
				f.types = append(f.types, *n)
			}
		case g.methodDecl, g.constructorDecl:
			name := ""
			if nm := n.ChildByFieldId(g.fName); nm != nil {
				name = f.text(nm)
			}
			if !inMember() {
				f.owners = append(f.owners, javaRange{n.StartByte(), n.EndByte()})
			}
			frames = append(frames, frame{depth, name, true})
			f.addParams(n.ChildByFieldId(g.fParameters), n)
		case g.staticInit:
			if !inMember() {
				f.owners = append(f.owners, javaRange{n.StartByte(), n.EndByte()})
			}
			frames = append(frames, frame{depth, method, true})
		case g.lambda:
			f.lambdas = append(f.lambdas, *n)
			f.addParams(n.ChildByFieldId(g.fParameters), n)
		case g.fieldDecl, g.constantDecl, g.localVarDecl:
			f.addVars(n)
		case g.resource:
			if name, value := n.ChildByFieldId(g.fName), n.ChildByFieldId(g.fValue); name != nil {
				if p := n.Parent(); p != nil {
					if pp := p.Parent(); pp != nil {
						f.addDecl(f.text(name), javaDecl{value: value, scopeStart: pp.StartByte(), scopeEnd: pp.EndByte(), at: n.StartByte()})
					}
				}
			}
		case g.enhancedFor:
			if name := n.ChildByFieldId(g.fName); name != nil {
				f.addDecl(f.text(name), javaDecl{param: true, scopeStart: n.StartByte(), scopeEnd: n.EndByte(), at: n.StartByte()})
			}
		case g.catchParam:
			if name := n.ChildByFieldId(g.fName); name != nil {
				if p := n.Parent(); p != nil {
					f.addDecl(f.text(name), javaDecl{param: true, scopeStart: p.StartByte(), scopeEnd: p.EndByte(), at: n.StartByte()})
				}
			}
		case g.assignment:
			f.addAssign(n)
		case g.updateExpr:
			for _, ch := range f.namedChildren(n) {
				f.addChange(&ch)
			}
		case g.methodInvocation, g.objectCreation:
			f.calls = append(f.calls, javaCall{node: *n, method: method})
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

// addImport records one import declaration.
func (f *javaFile) addImport(n *ts.Node) {
	static, wildcard := false, false
	name := ""
	for _, ch := range f.children(n) {
		switch {
		case ch.node.KindId() == f.g.asterisk:
			wildcard = true
		case ch.node.KindId() == f.g.scopedIdent || ch.node.KindId() == f.g.ident:
			name = f.dotted(&ch.node)
		case !ch.node.IsNamed() && f.text(&ch.node) == "static":
			static = true
		}
	}
	if name == "" {
		return
	}
	simple := name[strings.LastIndexByte(name, '.')+1:]
	switch {
	case static && wildcard:
		f.staticDemand = append(f.staticDemand, name)
	case static:
		f.staticImports[simple] = name
	case wildcard:
		f.onDemand = append(f.onDemand, name)
	default:
		f.imports[simple] = name
	}
}

// dotted returns a qualified name without the whitespace or comments the grammar allows inside it.
func (f *javaFile) dotted(n *ts.Node) string {
	var parts []string
	for range 64 {
		switch n.KindId() {
		case f.g.ident, f.g.typeIdent:
			parts = append(parts, f.text(n))
			return joinReversed(parts)
		case f.g.scopedIdent, f.g.scopedTypeIdent, f.g.fieldAccess:
			var last, scope *ts.Node
			for _, ch := range f.namedChildren(n) {
				if scope == nil {
					scope = &ch
				} else {
					last = &ch
				}
			}
			if last == nil || scope == nil {
				return ""
			}
			parts = append(parts, f.text(last))
			n = scope
		default:
			return ""
		}
	}
	return ""
}

func joinReversed(parts []string) string {
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		b.WriteString(parts[i])
		if i > 0 {
			b.WriteByte('.')
		}
	}
	return b.String()
}

func (f *javaFile) addDecl(name string, d javaDecl) {
	if name == "" {
		return
	}
	k := javaName{name, fieldOwner}
	if !d.field {
		k.owner = f.ownerOf(d.at)
	}
	f.decls[k] = append(f.decls[k], d)
	f.varNames[name] = true
}

// locals returns the locals and parameters of that name in the member that holds byte at.
func (f *javaFile) locals(name string, at uint) []javaDecl {
	return f.decls[javaName{name, f.ownerOf(at)}]
}

// addParams records a method's or lambda's parameters, visible in the whole of owner.
func (f *javaFile) addParams(params *ts.Node, owner *ts.Node) {
	if params == nil {
		return
	}
	d := javaDecl{param: true, scopeStart: owner.StartByte(), scopeEnd: owner.EndByte(), at: owner.StartByte()}
	if params.KindId() == f.g.ident { // x -> …
		f.addDecl(f.text(params), d)
		return
	}
	for _, ch := range f.namedChildren(params) {
		switch ch.KindId() {
		case f.g.ident:
			f.addDecl(f.text(&ch), d)
		case f.g.formalParam:
			if name := ch.ChildByFieldId(f.g.fName); name != nil {
				f.addDecl(f.text(name), d)
			}
		case f.g.spreadParam:
			for _, s := range f.namedChildren(&ch) {
				if s.KindId() == f.g.varDeclarator {
					if name := s.ChildByFieldId(f.g.fName); name != nil {
						f.addDecl(f.text(name), d)
					}
				}
			}
		}
	}
}

// addVars records the variables of a field, constant or local variable declaration. A field is visible in
// the whole file (the checks do not tell classes apart, and a name declared twice with different values
// resolves to nothing); a local from its declaration to the end of the block around it.
func (f *javaFile) addVars(n *ts.Node) {
	field := n.KindId() != f.g.localVarDecl
	var scopeStart, scopeEnd uint
	if !field {
		p := n.Parent()
		if p == nil {
			return
		}
		scopeStart, scopeEnd = n.StartByte(), p.EndByte()
	}
	for _, ch := range f.children(n) {
		if ch.field != f.g.fDeclarator || ch.node.KindId() != f.g.varDeclarator {
			continue
		}
		d := ch.node
		name := d.ChildByFieldId(f.g.fName)
		if name == nil {
			continue
		}
		decl := javaDecl{field: field, value: d.ChildByFieldId(f.g.fValue), scopeStart: scopeStart,
			scopeEnd: scopeEnd, at: d.StartByte()}
		f.addDecl(f.text(name), decl)
	}
}

// addAssign records an assignment to a simple name or to this.name.
func (f *javaFile) addAssign(n *ts.Node) {
	left, right, op := n.ChildByFieldId(f.g.fLeft), n.ChildByFieldId(f.g.fRight), n.ChildByFieldId(f.g.fOperator)
	if left == nil {
		return
	}
	name, viaThis := f.assignedName(left)
	if name == "" {
		return
	}
	a := javaAssign{at: n.StartByte(), viaThis: viaThis}
	if op != nil && f.text(op) == "=" {
		a.value = right
	}
	f.addAssignment(name, a)
}

// addChange records x++ and the like, which leave x without a single known value.
func (f *javaFile) addChange(target *ts.Node) {
	if name, viaThis := f.assignedName(target); name != "" {
		f.addAssignment(name, javaAssign{at: target.StartByte(), viaThis: viaThis})
	}
}

func (f *javaFile) addAssignment(name string, a javaAssign) {
	k := javaName{name, f.ownerOf(a.at)}
	f.assigns[k] = append(f.assigns[k], a)
	f.allAssigns[name] = append(f.allAssigns[name], a)
}

func (f *javaFile) assignedName(left *ts.Node) (string, bool) {
	switch left.KindId() {
	case f.g.ident:
		return f.text(left), false
	case f.g.fieldAccess:
		obj, field := left.ChildByFieldId(f.g.fObject), left.ChildByFieldId(f.g.fField)
		if obj != nil && field != nil && f.text(obj) == "this" {
			return f.text(field), true
		}
	}
	return "", false
}

// javaValue is a constant: a string, an integer or an array of strings, and the name it was read from.
type javaValue struct {
	ok    bool
	isStr bool
	s     string
	i     int64
	from  string   // the variable that holds the value, when the expression names one
	why   string   // when not ok: why the value is not known, as a clause
	elems []string // a String[] constant
	nodes []ts.Node
	isArr bool
}

// maxJavaDepth bounds how far names are followed.
const maxJavaDepth = 32

func (f *javaFile) spend() bool {
	if f.work <= 0 {
		return false
	}
	f.work--
	return true
}

// eval evaluates a constant expression at byte offset use: literals, names of variables with one known value,
// string concatenation and integer arithmetic.
func (f *javaFile) eval(n *ts.Node, depth int) javaValue {
	if n == nil || depth > maxJavaDepth || !f.spend() {
		return javaValue{why: "it is not a constant"}
	}
	g := f.g
	switch n.KindId() {
	case g.stringLit:
		s, ok := f.stringValue(n)
		if !ok {
			return javaValue{why: "it is not a constant"}
		}
		return javaValue{ok: true, isStr: true, s: s}
	case g.decimalInt, g.hexInt, g.octalInt, g.binaryInt:
		text := strings.ToLower(strings.ReplaceAll(f.text(n), "_", ""))
		text = strings.TrimSuffix(text, "l")
		base := 10
		switch {
		case strings.HasPrefix(text, "0x"):
			text, base = text[2:], 16
		case strings.HasPrefix(text, "0b"):
			text, base = text[2:], 2
		case len(text) > 1 && text[0] == '0':
			text, base = text[1:], 8
		}
		v, err := strconv.ParseInt(text, base, 64)
		if err != nil {
			return javaValue{why: "it is out of range"}
		}
		return javaValue{ok: true, i: v}
	case g.parenExpr, g.castExpr:
		var inner *ts.Node
		if n.KindId() == g.castExpr {
			inner = n.ChildByFieldId(g.fValue)
		} else if kids := f.namedChildren(n); len(kids) == 1 {
			inner = &kids[0]
		}
		v := f.eval(inner, depth+1)
		v.from = ""
		return v
	case g.unaryExpr:
		op, arg := n.ChildByFieldId(g.fOperator), n.ChildByFieldId(g.fOperand)
		v := f.eval(arg, depth+1)
		if !v.ok || v.isStr || op == nil {
			return javaValue{why: "it is not a constant"}
		}
		switch f.text(op) {
		case "-":
			return javaValue{ok: true, i: -v.i}
		case "+":
			return javaValue{ok: true, i: v.i}
		}
	case g.binaryExpr:
		return f.evalBinary(n, depth)
	case g.arrayInit, g.arrayCreation:
		init := n
		if n.KindId() == g.arrayCreation {
			if init = n.ChildByFieldId(g.fValue); init == nil {
				return javaValue{why: "it is not a constant"}
			}
		}
		out := javaValue{ok: true, isArr: true}
		for _, e := range f.namedChildren(init) {
			v := f.eval(&e, depth+1)
			if !v.ok || !v.isStr {
				continue // an element we cannot read: the others still count
			}
			out.elems = append(out.elems, v.s)
			out.nodes = append(out.nodes, e)
		}
		return out
	case g.ident:
		return f.resolve(f.text(n), n.StartByte(), false, depth)
	case g.fieldAccess:
		obj, field := n.ChildByFieldId(g.fObject), n.ChildByFieldId(g.fField)
		if obj == nil || field == nil {
			break
		}
		if o := f.text(obj); o == "this" || (obj.KindId() == g.ident && f.ownTypes[o]) {
			return f.resolve(f.text(field), n.StartByte(), true, depth)
		}
		if v, ok := f.libraryConstant(obj, f.text(field)); ok {
			return javaValue{ok: true, isStr: true, s: v, from: f.text(n)}
		}
	}
	return javaValue{why: "it is not a constant in this file"}
}

// javaLibraryConstants are the algorithm-name constants of common libraries, by qualified class.
var javaLibraryConstants = map[string]map[string]string{
	"org.apache.commons.codec.digest.MessageDigestAlgorithms": {"MD2": "MD2", "MD5": "MD5", "SHA_1": "SHA-1",
		"SHA_256": "SHA-256", "SHA_384": "SHA-384", "SHA_512": "SHA-512", "SHA3_256": "SHA3-256"},
}

func (f *javaFile) libraryConstant(obj *ts.Node, field string) (string, bool) {
	for _, q := range f.qualifyType(obj) {
		if m, ok := javaLibraryConstants[q]; ok {
			v, ok := m[field]
			return v, ok
		}
	}
	return "", false
}

func (f *javaFile) evalBinary(n *ts.Node, depth int) javaValue {
	g := f.g
	op := n.ChildByFieldId(g.fOperator)
	if op == nil {
		return javaValue{why: "it is not a constant"}
	}
	l := f.eval(n.ChildByFieldId(g.fLeft), depth+1)
	r := f.eval(n.ChildByFieldId(g.fRight), depth+1)
	if !l.ok || !r.ok || l.isArr || r.isArr {
		why := l.why
		if l.ok {
			why = r.why
		}
		return javaValue{why: why}
	}
	o := f.text(op)
	if l.isStr || r.isStr {
		if o != "+" {
			return javaValue{why: "it is not a constant"}
		}
		return javaValue{ok: true, isStr: true, s: l.str() + r.str()}
	}
	const limit = 1 << 40 // no key size comes near, and the arithmetic below cannot overflow with it
	if l.i > limit || l.i < -limit || r.i > limit || r.i < -limit {
		return javaValue{why: "it is out of range"}
	}
	switch o {
	case "+":
		return javaValue{ok: true, i: l.i + r.i}
	case "-":
		return javaValue{ok: true, i: l.i - r.i}
	case "*":
		return javaValue{ok: true, i: l.i * r.i}
	case "/":
		if r.i != 0 {
			return javaValue{ok: true, i: l.i / r.i}
		}
	case "<<":
		if r.i >= 0 && r.i < 20 {
			return javaValue{ok: true, i: l.i << r.i}
		}
	}
	return javaValue{why: "it is not a constant"}
}

func (v javaValue) str() string {
	if v.isStr {
		return v.s
	}
	return strconv.FormatInt(v.i, 10)
}

// stringValue reads a string literal, decoding the escapes an algorithm name could use.
func (f *javaFile) stringValue(n *ts.Node) (string, bool) {
	var b strings.Builder
	for _, ch := range f.children(n) {
		switch ch.node.KindId() {
		case f.g.stringFragment, f.g.multilineFragment:
			b.WriteString(f.text(&ch.node))
		case f.g.escapeSeq:
			s, err := strconv.Unquote(`"` + f.text(&ch.node) + `"`)
			if err != nil {
				return "", false
			}
			b.WriteString(s)
		default:
			if ch.node.IsNamed() {
				return "", false // a string template's interpolation
			}
		}
		if b.Len() > 256 {
			return "", false // no algorithm name is this long
		}
	}
	return b.String(), true
}

// resolve finds the one value a variable holds where it is used at byte use: the innermost local declared
// before use, else the file's fields of that name, with every assignment to it. A parameter, or a variable
// given different values, resolves to nothing.
func (f *javaFile) resolve(name string, use uint, fieldOnly bool, depth int) (out javaValue) {
	var local *javaDecl
	if !fieldOnly {
		ds := f.locals(name, use)
		for i := range ds {
			d := &ds[i]
			if d.field || use < d.scopeStart || use >= d.scopeEnd || d.at > use {
				continue
			}
			if local == nil || d.scopeStart > local.scopeStart || (d.scopeStart == local.scopeStart && d.at > local.at) {
				local = d
			}
		}
	}
	var values []*ts.Node
	if local != nil {
		if local.param {
			return javaValue{why: "it is the parameter " + name + ", so each caller decides"}
		}
		values = append(values, local.value)
		for _, a := range f.assigns[javaName{name, f.ownerOf(use)}] {
			if !a.viaThis && a.at >= local.scopeStart && a.at < local.scopeEnd {
				if a.value == nil {
					return javaValue{why: name + " changes at run time"}
				}
				values = append(values, a.value)
			}
		}
	} else {
		if v, ok := f.fieldCache[name]; ok {
			return v
		}
		fields := f.decls[javaName{name, fieldOwner}]
		if len(fields) == 0 {
			return javaValue{why: name + " is not a constant in this file"}
		}
		for _, d := range fields {
			values = append(values, d.value)
		}
		defer func() { f.fieldCache[name] = out }()
		for _, a := range f.allAssigns[name] {
			if !a.viaThis && f.shadowed(name, a.at) {
				continue
			}
			if a.value == nil {
				return javaValue{why: name + " changes at run time"}
			}
			values = append(values, a.value)
		}
	}
	n := 0
	for _, v := range values {
		if v == nil {
			continue // a declaration without initializer: the assignments decide
		}
		got := f.eval(v, depth+1)
		if !got.ok {
			got.from = name
			return got
		}
		if n > 0 && !sameJavaValue(got, out) {
			return javaValue{why: name + " is given different values"}
		}
		out = got
		n++
	}
	if n == 0 {
		return javaValue{why: name + " is never given a value in this file"}
	}
	out.from = name
	return out
}

// shadowed reports whether a local or parameter of that name is visible at byte at.
func (f *javaFile) shadowed(name string, at uint) bool {
	for _, d := range f.locals(name, at) {
		if !d.field && at >= d.scopeStart && at < d.scopeEnd {
			return true
		}
	}
	return false
}

func sameJavaValue(a, b javaValue) bool {
	if a.isStr != b.isStr || a.isArr != b.isArr {
		return false
	}
	switch {
	case a.isArr:
		return strings.Join(a.elems, "\x00") == strings.Join(b.elems, "\x00")
	case a.isStr:
		return a.s == b.s
	}
	return a.i == b.i
}

// qualifyType returns the qualified names a type expression may refer to: java.security.MessageDigest for
// MessageDigest after `import java.security.MessageDigest;` or `import java.security.*;`. A type the file
// declares, or a name bound as a variable, refers to none of the known classes.
func (f *javaFile) qualifyType(n *ts.Node) []string {
	if n == nil {
		return nil
	}
	switch n.KindId() {
	case f.g.ident, f.g.typeIdent:
		name := f.text(n)
		if f.ownTypes[name] {
			return nil
		}
		if f.varNames[name] && n.KindId() == f.g.ident {
			return nil // a variable named like a class: the variable wins
		}
		if q, ok := f.imports[name]; ok {
			return []string{q}
		}
		out := make([]string, 0, len(f.onDemand))
		for _, p := range f.onDemand {
			out = append(out, p+"."+name)
		}
		return out
	case f.g.scopedIdent, f.g.scopedTypeIdent, f.g.fieldAccess:
		if q := f.dotted(n); q != "" {
			return []string{q}
		}
	case f.g.genericType:
		for _, ch := range f.namedChildren(n) {
			return f.qualifyType(&ch)
		}
	}
	return nil
}

// isType reports whether a type expression names the class q.
func (f *javaFile) isType(n *ts.Node, q string) bool {
	for _, got := range f.qualifyType(n) {
		if got == q {
			return true
		}
	}
	return false
}

// staticMember returns the qualified static methods an unqualified call name may refer to.
func (f *javaFile) staticMember(name string) []string {
	if q, ok := f.staticImports[name]; ok {
		return []string{q}
	}
	out := make([]string, 0, len(f.staticDemand))
	for _, t := range f.staticDemand {
		out = append(out, t+"."+name)
	}
	return out
}
