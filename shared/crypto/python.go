//go:build cgo

package crypto

import (
	"bytes"
	"context"
	"strings"
	"sync"

	"github.com/attestdev/attest/shared/finding"
	ts "github.com/tree-sitter/go-tree-sitter"
	tspy "github.com/tree-sitter/tree-sitter-python/bindings/go"
)

// pyAPIKind is what a known Python API does.
type pyAPIKind uint8

const (
	pyHashCtor pyAPIKind = iota + 1 // hashlib.md5(data, usedforsecurity=…)
	pyHashNew                       // hashlib.new(name, data, usedforsecurity=…)
	pyRSAGen                        // an RSA key generator with a size argument
	pyClass                         // a cipher, mode, key or TLS API: see pyClassAPIs
)

// pyAPI is a known API, by its fully qualified name.
type pyAPI struct {
	kind    pyAPIKind
	display string   // how messages name it
	hash    weakHash // pyHashCtor
	sizeKw  string   // pyRSAGen: the size's keyword
	sizeAt  int      // pyRSAGen: the size's position
	// fixArgs is the argument list of the suggested call for pyRSAGen.
	fixArgs string
}

var pyAPIs = map[string]pyAPI{
	"hashlib.md5":  {kind: pyHashCtor, display: "hashlib.md5", hash: hashMD5},
	"hashlib.sha1": {kind: pyHashCtor, display: "hashlib.sha1", hash: hashSHA1},
	"hashlib.new":  {kind: pyHashNew, display: "hashlib.new"},
	// cryptography: generate_private_key(public_exponent, key_size, backend=None)
	"cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key": {kind: pyRSAGen,
		display: "rsa.generate_private_key (cryptography)", sizeKw: "key_size", sizeAt: 1,
		fixArgs: "(public_exponent=65537, key_size=" + itoa(interimRSABits) + ")"},
	// PyCryptodome, and PyCryptodomex under its own package name: generate(bits, randfunc=None, e=65537)
	"Crypto.PublicKey.RSA.generate": {kind: pyRSAGen, display: "RSA.generate (PyCryptodome)", sizeKw: "bits",
		sizeAt: 0, fixArgs: "(" + itoa(interimRSABits) + ")"},
	"Cryptodome.PublicKey.RSA.generate": {kind: pyRSAGen, display: "RSA.generate (PyCryptodomex)", sizeKw: "bits",
		sizeAt: 0, fixArgs: "(" + itoa(interimRSABits) + ")"},
}

// pyKnownModules are the top-level modules of the known APIs.
var pyKnownModules = sync.OnceValue(func() [][]byte {
	seen := map[string]bool{}
	var out [][]byte
	quals := make([]string, 0, len(pyAPIs)+len(pyClassAPIs)+len(pyClassConsts)+len(pyInventory))
	for q := range pyAPIs {
		quals = append(quals, q)
	}
	for q := range pyInventory {
		quals = append(quals, q)
	}
	for q := range pyClassAPIs {
		quals = append(quals, q)
	}
	for q := range pyClassConsts {
		quals = append(quals, q)
	}
	for _, q := range quals {
		top, _, _ := strings.Cut(q, ".")
		if !seen[top] {
			seen[top] = true
			out = append(out, []byte(top))
		}
	}
	return out
})

// pyMentionsKnownModule reports whether src names a module of a known API anywhere, a cheap test that saves
// walking the tree of the many files that cannot use one.
func pyMentionsKnownModule(src []byte) bool {
	for _, m := range pyKnownModules() {
		if bytes.Contains(src, m) {
			return true
		}
	}
	return false
}

// pyHashNames maps the names hashlib.new accepts (OpenSSL's, any case) to the weak hashes.
var pyHashNames = map[string]weakHash{
	"md5":      hashMD5,
	"sha1":     hashSHA1,
	"sha-1":    hashSHA1,
	"md4":      hashMD4,
	"md5-sha1": hashMD5SHA1,
	"md5_sha1": hashMD5SHA1,
}

// pyGrammar holds the node kind and field IDs of the Python grammar, so the walk compares numbers instead of
// copying kind names out of C for every node.
type pyGrammar struct {
	lang *ts.Language

	module, importStmt, importFrom, futureImport, aliasedImport, dottedName, relativeImport, wildcard,
	identifier, attribute, call, argumentList, keywordArgument, listSplat, dictSplat, comment,
	str, concatString, interpolation, integer, binaryOp, unaryOp, parenExpr, falseLit,
	functionDef, lambda, classDef, defaultParam, typedParam, typedDefaultParam, listSplatPattern, dictSplatPattern,
	assignment, augAssignment, namedExpr, forStmt, asPattern, globalStmt, nonlocalStmt,
	patternList, tuplePattern, listPattern, tuple, list, asPatternTarget, expressionList uint16

	fName, fAlias, fModuleName, fFunction, fArguments, fObject, fAttribute, fLeft, fRight, fValue,
	fParameters, fOperator, fArgument uint16
}

var pyGrammarOnce = sync.OnceValue(func() *pyGrammar {
	useLibcAllocator()
	l := ts.NewLanguage(tspy.Language())
	k := func(name string) uint16 { return l.IdForNodeKind(name, true) }
	f := l.FieldIdForName
	return &pyGrammar{
		lang:   l,
		module: k("module"), importStmt: k("import_statement"), importFrom: k("import_from_statement"),
		futureImport: k("future_import_statement"), aliasedImport: k("aliased_import"), dottedName: k("dotted_name"),
		relativeImport: k("relative_import"), wildcard: k("wildcard_import"), identifier: k("identifier"),
		attribute: k("attribute"), call: k("call"), argumentList: k("argument_list"),
		keywordArgument: k("keyword_argument"), listSplat: k("list_splat"), dictSplat: k("dictionary_splat"),
		comment: k("comment"), str: k("string"), concatString: k("concatenated_string"),
		interpolation: k("interpolation"), integer: k("integer"), binaryOp: k("binary_operator"),
		unaryOp: k("unary_operator"), parenExpr: k("parenthesized_expression"), falseLit: k("false"),
		functionDef: k("function_definition"), lambda: k("lambda"), classDef: k("class_definition"),
		defaultParam: k("default_parameter"), typedParam: k("typed_parameter"),
		typedDefaultParam: k("typed_default_parameter"), listSplatPattern: k("list_splat_pattern"),
		dictSplatPattern: k("dictionary_splat_pattern"), assignment: k("assignment"),
		augAssignment: k("augmented_assignment"), namedExpr: k("named_expression"), forStmt: k("for_statement"),
		asPattern: k("as_pattern"), globalStmt: k("global_statement"), nonlocalStmt: k("nonlocal_statement"),
		patternList: k("pattern_list"), tuplePattern: k("tuple_pattern"), listPattern: k("list_pattern"),
		tuple: k("tuple"), list: k("list"), asPatternTarget: k("as_pattern_target"),
		expressionList: k("expression_list"),

		fName: f("name"), fAlias: f("alias"), fModuleName: f("module_name"), fFunction: f("function"),
		fArguments: f("arguments"), fObject: f("object"), fAttribute: f("attribute"), fLeft: f("left"),
		fRight: f("right"), fValue: f("value"), fParameters: f("parameters"), fOperator: f("operator"),
		fArgument: f("argument"),
	}
})

// parseChunk bounds what the parser copies per read: the binding copies each chunk into C memory, and a
// chunk that ran to the end of the file would be copied again on every backward jump of the lexer.
const parseChunk = 64 << 10

// Analyze reports the weak, broken and quantum-vulnerable cryptography of one Python file, and inventories all
// of its cryptography.
func (PythonAnalyzer) Analyze(ctx context.Context, path string, src []byte) (Result, error) {
	g := pyGrammarOnce()
	tree, err := parseTree(ctx, g.lang, "python", src)
	if err != nil {
		return Result{}, err
	}
	defer tree.Close()
	root := tree.RootNode()
	f := &pyFile{g: g, tsSource: tsSource{path: path, src: src, lines: newLineIndex(src)}, work: maxResolveWork, consumed: map[uintptr]bool{}, nonSecCalls: map[uintptr]string{}, invConsumed: map[uintptr]bool{}}
	f.scratch = root.Walk()
	defer f.scratch.Close()
	if root.HasError() {
		return Result{}, f.syntaxError(root)
	}
	if !pyMentionsKnownModule(src) {
		return Result{}, nil // every known API is reached through an import that names its module
	}
	f.module = &pyScope{}
	f.bindAll(root)
	for _, c := range f.calls {
		f.checkCall(c.node, c.scope)
	}
	for _, a := range f.attrAssigns {
		f.checkAttrAssign(a.node, a.scope)
	}
	return newResult(path, dedupe(f.findings), &f.inv), nil
}

type pyFile struct {
	g *pyGrammar
	tsSource
	scratch *ts.TreeCursor
	module  *pyScope
	calls   []pyCall
	// attrAssigns are the assignments to attributes (ctx.minimum_version = …), checked like calls.
	attrAssigns []pyCall
	// consumed are calls reported as part of an enclosing call (modes.ECB() inside Cipher(…)).
	consumed map[uintptr]bool
	// nonSecCalls holds, for the calls inside code named like a checksum, an ETag or a cache key, that name.
	nonSecCalls map[uintptr]string
	work        int // resolution steps left
	findings    []finding.Finding
	inv         inventory // every use of cryptography recognised, flagged or not
	// invConsumed are calls inventoried as part of an enclosing call (hashes.SHA256() inside HMAC(…)).
	invConsumed map[uintptr]bool
}

type pyCall struct {
	node  ts.Node
	scope *pyScope
}

// pyScope is a module, function, lambda or class body: the names bound in it.
type pyScope struct {
	parent *pyScope
	class  bool // names bound in a class body are not visible in the functions inside it
	names  map[string][]pyBinding
	// outer holds names declared global or nonlocal here: they are bound in that other scope.
	outer     map[string]*pyScope
	wildcards []string // modules imported with *
}

type pyBindKind uint8

const (
	bindImport pyBindKind = iota + 1 // the name is a module or a name imported from one
	bindValue                        // the name is assigned an expression
	bindParam                        // the name is a parameter
	bindOther                        // bound some other way (def, for, with … as, augmented assignment)
)

type pyBinding struct {
	kind  pyBindKind
	qual  string   // bindImport: the qualified name
	value ts.Node  // bindValue: the expression
	scope *pyScope // bindValue: where the expression is evaluated
}

func (s *pyScope) bind(name string, b pyBinding) {
	if t, ok := s.outer[name]; ok {
		s, b = t, pyBinding{kind: bindOther} // assigned from another scope: no longer a single known value
	}
	if s.names == nil {
		s.names = map[string][]pyBinding{}
	}
	s.names[name] = append(s.names[name], b)
}

// lookup finds the bindings a name refers to from scope s, following Python's rules: the innermost function
// scope that binds it, skipping class bodies other than the one the name is used in, then the module.
func (s *pyScope) lookup(name string) ([]pyBinding, *pyScope) {
	for cur := s; cur != nil; cur = cur.parent {
		if cur.class && cur != s {
			continue
		}
		if t, ok := cur.outer[name]; ok {
			cur = t
		}
		if bs, ok := cur.names[name]; ok {
			return bs, cur
		}
		if cur.parent == nil {
			return nil, cur
		}
	}
	return nil, nil
}

// child is a child node and its field.
type child struct {
	node  ts.Node
	field uint16
}

// children lists a node's children with their fields.
func (f *pyFile) children(n *ts.Node) []child {
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

// bindAll walks the tree once, without recursion (deeply nested input must not exhaust the stack): it
// builds the scopes and their bindings and collects every call with the scope it is in. Calls are checked
// afterwards, because Python resolves names when code runs, after the whole module has been bound.
func (f *pyFile) bindAll(root *ts.Node) {
	type frame struct {
		depth int
		scope *pyScope
	}
	frames := []frame{{-1, f.module}}
	// names are the enclosing checksum, ETag or cache-key names, innermost last.
	type named struct {
		depth int
		why   string
	}
	var names []named
	c := root.Walk()
	defer c.Close()
	depth := 0
	for {
		n := c.Node()
		for len(frames) > 1 && frames[len(frames)-1].depth >= depth {
			frames = frames[:len(frames)-1]
		}
		for len(names) > 0 && names[len(names)-1].depth >= depth {
			names = names[:len(names)-1]
		}
		if why := f.nonSecurityName(n); why != "" {
			names = append(names, named{depth, why})
		}
		if n.KindId() == f.g.call && len(names) > 0 {
			f.nonSecCalls[n.Id()] = names[len(names)-1].why
		}
		descend, opened := f.bind(n, frames[len(frames)-1].scope)
		if opened != nil {
			frames = append(frames, frame{depth, opened})
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

// bind records what node n binds in scope s. It returns whether to walk n's children and the scope n opens.
func (f *pyFile) bind(n *ts.Node, s *pyScope) (bool, *pyScope) {
	g := f.g
	switch n.KindId() {
	case g.importStmt:
		for _, ch := range f.children(n) {
			if ch.field != g.fName {
				continue
			}
			switch ch.node.KindId() {
			case g.dottedName: // import a.b.c binds a
				full := f.text(&ch.node)
				first, _, _ := strings.Cut(full, ".")
				s.bind(strings.TrimSpace(first), pyBinding{kind: bindImport, qual: strings.TrimSpace(first)})
			case g.aliasedImport: // import a.b as x binds x to a.b
				name, alias := ch.node.ChildByFieldId(g.fName), ch.node.ChildByFieldId(g.fAlias)
				if name != nil && alias != nil {
					s.bind(f.text(alias), pyBinding{kind: bindImport, qual: f.dotted(name)})
				}
			}
		}
		return false, nil
	case g.importFrom:
		module := ""
		if m := n.ChildByFieldId(g.fModuleName); m != nil {
			module = f.dotted(m)
			if m.KindId() == g.relativeImport {
				module = "." + module // a package of this project, never a known API
			}
		}
		for _, ch := range f.children(n) {
			switch {
			case ch.node.KindId() == g.wildcard:
				s.wildcards = append(s.wildcards, module)
			case ch.field != g.fName:
			case ch.node.KindId() == g.dottedName:
				name := f.dotted(&ch.node)
				s.bind(name, pyBinding{kind: bindImport, qual: module + "." + name})
			case ch.node.KindId() == g.aliasedImport:
				name, alias := ch.node.ChildByFieldId(g.fName), ch.node.ChildByFieldId(g.fAlias)
				if name != nil && alias != nil {
					s.bind(f.text(alias), pyBinding{kind: bindImport, qual: module + "." + f.dotted(name)})
				}
			}
		}
		return false, nil
	case g.futureImport:
		return false, nil
	case g.functionDef, g.lambda:
		if name := n.ChildByFieldId(g.fName); name != nil {
			s.bind(f.text(name), pyBinding{kind: bindOther})
		}
		inner := &pyScope{parent: s}
		if params := n.ChildByFieldId(g.fParameters); params != nil {
			for _, ch := range f.children(params) {
				if name := f.paramName(ch.node); name != "" {
					inner.bind(name, pyBinding{kind: bindParam})
				}
			}
		}
		return true, inner
	case g.classDef:
		if name := n.ChildByFieldId(g.fName); name != nil {
			s.bind(f.text(name), pyBinding{kind: bindOther})
		}
		return true, &pyScope{parent: s, class: true}
	case g.assignment:
		left, right := n.ChildByFieldId(g.fLeft), n.ChildByFieldId(g.fRight)
		if left != nil && left.KindId() == g.identifier && right != nil {
			s.bind(f.text(left), pyBinding{kind: bindValue, value: *right, scope: s})
		} else if left != nil {
			f.bindTargets(left, s)
			if left.KindId() == g.attribute && right != nil {
				f.attrAssigns = append(f.attrAssigns, pyCall{node: *n, scope: s})
			}
		}
	case g.namedExpr:
		name, value := n.ChildByFieldId(g.fName), n.ChildByFieldId(g.fValue)
		if name != nil && value != nil {
			s.bind(f.text(name), pyBinding{kind: bindValue, value: *value, scope: s})
		}
	case g.augAssignment, g.forStmt:
		if left := n.ChildByFieldId(g.fLeft); left != nil {
			f.bindTargets(left, s)
		}
	case g.asPattern:
		if alias := n.ChildByFieldId(g.fAlias); alias != nil {
			f.bindTargets(alias, s)
		}
	case g.globalStmt, g.nonlocalStmt:
		target := f.module
		if n.KindId() == g.nonlocalStmt {
			target = s.parent
			for target != nil && target.class {
				target = target.parent
			}
		}
		if target == nil || target == s {
			return false, nil
		}
		for _, ch := range f.children(n) {
			if ch.node.KindId() == g.identifier {
				if s.outer == nil {
					s.outer = map[string]*pyScope{}
				}
				s.outer[f.text(&ch.node)] = target
			}
		}
		return false, nil
	case g.call:
		f.calls = append(f.calls, pyCall{node: *n, scope: s})
	}
	return true, nil
}

// dotted returns a dotted name without the whitespace or comments the grammar allows inside it.
func (f *pyFile) dotted(n *ts.Node) string {
	var parts []string
	for _, ch := range f.children(n) {
		if ch.node.KindId() == f.g.identifier {
			parts = append(parts, f.text(&ch.node))
		}
	}
	if len(parts) == 0 {
		return strings.TrimSpace(f.text(n))
	}
	return strings.Join(parts, ".")
}

// paramName returns the name a parameter binds, or "" for separators.
func (f *pyFile) paramName(n ts.Node) string {
	g := f.g
	for range 4 { // typed_parameter wraps a splat pattern, which wraps the identifier
		switch n.KindId() {
		case g.identifier:
			return f.text(&n)
		case g.defaultParam, g.typedDefaultParam:
			name := n.ChildByFieldId(g.fName)
			if name == nil {
				return ""
			}
			n = *name
		case g.typedParam, g.listSplatPattern, g.dictSplatPattern:
			if n.NamedChildCount() == 0 {
				return ""
			}
			n = *n.NamedChild(0)
		default:
			return ""
		}
	}
	return ""
}

// bindTargets binds every name in an assignment target as bound some other way.
func (f *pyFile) bindTargets(target *ts.Node, s *pyScope) {
	g := f.g
	stack := []ts.Node{*target}
	for visited := 0; len(stack) > 0 && visited < 10_000; visited++ {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch n.KindId() {
		case g.identifier:
			s.bind(f.text(&n), pyBinding{kind: bindOther})
		case g.patternList, g.tuplePattern, g.listPattern, g.tuple, g.list, g.parenExpr, g.listSplatPattern,
			g.listSplat, g.asPatternTarget, g.expressionList:
			for _, ch := range f.children(&n) {
				if ch.node.IsNamed() {
					stack = append(stack, ch.node)
				}
			}
		}
	}
}
