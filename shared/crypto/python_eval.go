//go:build cgo

package crypto

import (
	"fmt"
	"math/big"
	"strings"

	ts "github.com/tree-sitter/go-tree-sitter"
)

// maxPyDepth bounds how far an expression is followed: attribute chains and names bound to names.
const maxPyDepth = 32

// spend takes one resolution step from the file's budget and reports whether there was one.
func (f *pyFile) spend() bool {
	if f.work <= 0 {
		return false
	}
	f.work--
	return true
}

// qualify returns the fully qualified names an expression may refer to: hashlib.md5 for `h.md5` after
// `import hashlib as h`. A name bound to something other than an import or an alias of one qualifies to
// nothing, which is how look-alike names stay unmatched.
func (f *pyFile) qualify(n *ts.Node, s *pyScope, depth int) []string {
	if n == nil || depth > maxPyDepth || !f.spend() {
		return nil
	}
	g := f.g
	switch n.KindId() {
	case g.identifier:
		name := f.text(n)
		bs, at := s.lookup(name)
		if bs == nil {
			if at == nil {
				return nil
			}
			var out []string
			for _, m := range at.wildcards {
				out = append(out, m+"."+name)
			}
			return out
		}
		var out []string
		for _, b := range bs {
			switch b.kind {
			case bindImport:
				out = append(out, b.qual)
			case bindValue:
				out = append(out, f.qualify(&b.value, b.scope, depth+1)...)
			}
		}
		return out
	case g.attribute:
		obj, attr := n.ChildByFieldId(g.fObject), n.ChildByFieldId(g.fAttribute)
		if attr == nil {
			return nil
		}
		var out []string
		for _, q := range f.qualify(obj, s, depth+1) {
			out = append(out, q+"."+f.text(attr))
		}
		return out
	case g.parenExpr:
		if n.NamedChildCount() == 1 {
			return f.qualify(n.NamedChild(0), s, depth+1)
		}
	case g.assignment: // the value of a = b = hashlib.md5
		return f.qualify(n.ChildByFieldId(g.fRight), s, depth+1)
	}
	return nil
}

// knownAPI returns the API of the first qualified name that is a known one.
func knownAPI(quals []string) (pyAPI, bool) {
	for _, q := range quals {
		if api, ok := pyAPIs[q]; ok {
			return api, true
		}
	}
	return pyAPI{}, false
}

// pyValue is a constant: an integer or a string, and the name it was read from.
type pyValue struct {
	ok    bool
	isStr bool
	i     *big.Int
	s     string
	from  string // the name that holds the value, when the expression is a name
}

// maxConstBits bounds integer arithmetic on constants: no key size needs more, and 2**10**9 must not hang.
const maxConstBits = 1 << 14

// eval evaluates a constant expression: literals, names bound once (or always) to the same constant, and
// arithmetic and string concatenation over them.
func (f *pyFile) eval(n *ts.Node, s *pyScope, depth int) pyValue {
	if n == nil || depth > maxPyDepth || !f.spend() {
		return pyValue{}
	}
	g := f.g
	switch n.KindId() {
	case g.integer:
		text := strings.ReplaceAll(strings.ToLower(f.text(n)), "_", "")
		if len(text) > 64 || strings.ContainsAny(text, "jl") {
			return pyValue{} // complex, a Python 2 long, or a number no key size needs
		}
		v, ok := new(big.Int).SetString(text, 0)
		if !ok {
			return pyValue{}
		}
		return pyValue{ok: true, i: v}
	case g.str:
		return f.evalString(n)
	case g.concatString:
		var b strings.Builder
		for _, ch := range f.children(n) {
			if !ch.node.IsNamed() {
				continue
			}
			v := f.eval(&ch.node, s, depth+1)
			if !v.ok || !v.isStr {
				return pyValue{}
			}
			b.WriteString(v.s)
		}
		return pyValue{ok: true, isStr: true, s: b.String()}
	case g.parenExpr:
		if n.NamedChildCount() == 1 {
			v := f.eval(n.NamedChild(0), s, depth+1)
			v.from = ""
			return v
		}
	case g.assignment:
		return f.eval(n.ChildByFieldId(g.fRight), s, depth+1)
	case g.unaryOp:
		op, arg := n.ChildByFieldId(g.fOperator), n.ChildByFieldId(g.fArgument)
		v := f.eval(arg, s, depth+1)
		if !v.ok || v.isStr || op == nil {
			return pyValue{}
		}
		switch f.text(op) {
		case "-":
			return pyValue{ok: true, i: new(big.Int).Neg(v.i)}
		case "+":
			return pyValue{ok: true, i: v.i}
		}
	case g.binaryOp:
		return f.evalBinary(n, s, depth)
	case g.identifier:
		name := f.text(n)
		bs, _ := s.lookup(name)
		if len(bs) == 0 {
			return pyValue{}
		}
		var out pyValue
		for i, b := range bs {
			if b.kind != bindValue {
				return pyValue{}
			}
			v := f.eval(&b.value, b.scope, depth+1)
			if !v.ok || (i > 0 && !sameValue(v, out)) {
				return pyValue{} // assigned different values: which one applies depends on the flow
			}
			out = v
		}
		out.from = name
		return out
	}
	return pyValue{}
}

func sameValue(a, b pyValue) bool {
	if a.isStr != b.isStr {
		return false
	}
	if a.isStr {
		return a.s == b.s
	}
	return a.i.Cmp(b.i) == 0
}

func (f *pyFile) evalBinary(n *ts.Node, s *pyScope, depth int) pyValue {
	g := f.g
	op := n.ChildByFieldId(g.fOperator)
	if op == nil {
		return pyValue{}
	}
	l := f.eval(n.ChildByFieldId(g.fLeft), s, depth+1)
	if !l.ok {
		return pyValue{}
	}
	r := f.eval(n.ChildByFieldId(g.fRight), s, depth+1)
	if !r.ok || l.isStr != r.isStr {
		return pyValue{}
	}
	opText := f.text(op)
	if l.isStr {
		if opText != "+" || len(l.s)+len(r.s) > 1024 {
			return pyValue{}
		}
		return pyValue{ok: true, isStr: true, s: l.s + r.s}
	}
	a, b := l.i, r.i
	v := new(big.Int)
	switch opText {
	case "+":
		v.Add(a, b)
	case "-":
		v.Sub(a, b)
	case "*":
		if a.BitLen()+b.BitLen() > maxConstBits {
			return pyValue{}
		}
		v.Mul(a, b)
	case "//", "%":
		if b.Sign() <= 0 || a.Sign() < 0 {
			return pyValue{} // Python floors where Go truncates; key sizes are never negative anyway
		}
		if opText == "//" {
			v.Quo(a, b)
		} else {
			v.Rem(a, b)
		}
	case "<<":
		if b.Sign() < 0 || !b.IsInt64() || int64(a.BitLen())+b.Int64() > maxConstBits {
			return pyValue{}
		}
		v.Lsh(a, uint(b.Int64()))
	case ">>":
		if b.Sign() < 0 || !b.IsInt64() || b.Int64() > maxConstBits {
			return pyValue{}
		}
		v.Rsh(a, uint(b.Int64()))
	case "**":
		if b.Sign() < 0 || !b.IsInt64() || int64(a.BitLen())*b.Int64() > maxConstBits {
			return pyValue{}
		}
		v.Exp(a, b, nil)
	default:
		return pyValue{}
	}
	return pyValue{ok: true, i: v}
}

// evalString returns a string literal's value. Byte strings, f-strings with replacement fields and escapes
// are not constants the analyzer reads: no algorithm name needs them.
func (f *pyFile) evalString(n *ts.Node) pyValue {
	g := f.g
	chs := f.children(n)
	if len(chs) < 2 {
		return pyValue{}
	}
	start, end := chs[0].node, chs[len(chs)-1].node
	prefix := strings.ToLower(strings.TrimRight(f.text(&start), `'"`))
	if strings.Contains(prefix, "b") {
		return pyValue{}
	}
	for _, ch := range chs {
		if ch.node.KindId() == g.interpolation {
			return pyValue{}
		}
	}
	from, to := start.EndByte(), end.StartByte()
	if from > to || to > uint(len(f.src)) {
		return pyValue{}
	}
	content := string(f.src[from:to])
	if !strings.Contains(prefix, "r") && strings.Contains(content, `\`) {
		return pyValue{}
	}
	return pyValue{ok: true, isStr: true, s: content}
}

// pyArgs is a call's arguments.
type pyArgs struct {
	list       *ts.Node
	positional []ts.Node
	keywords   []pyKeyword // in source order
	splat      bool        // *args: positions after it are unknown
	dictSplat  bool        // **kwargs: any keyword may be set
}

func (f *pyFile) args(call *ts.Node) pyArgs {
	g := f.g
	var a pyArgs
	list := call.ChildByFieldId(g.fArguments)
	if list == nil || list.KindId() != g.argumentList {
		return a
	}
	a.list = list
	for _, ch := range f.children(list) {
		n := ch.node
		if !n.IsNamed() {
			continue
		}
		switch n.KindId() {
		case g.comment:
		case g.keywordArgument:
			name, value := n.ChildByFieldId(g.fName), n.ChildByFieldId(g.fValue)
			if name != nil && value != nil {
				a.keywords = append(a.keywords, pyKeyword{f.text(name), *value})
			}
		case g.listSplat:
			a.splat = true
		case g.dictSplat:
			a.dictSplat = true
		default:
			if !a.splat {
				a.positional = append(a.positional, n)
			}
		}
	}
	return a
}

type pyKeyword struct {
	name  string
	value ts.Node
}

// keyword returns the value of the keyword argument name (the last one, as Python rejects repeats).
func (a pyArgs) keyword(name string) (ts.Node, bool) {
	for i := len(a.keywords) - 1; i >= 0; i-- {
		if a.keywords[i].name == name {
			return a.keywords[i].value, true
		}
	}
	return ts.Node{}, false
}

// arg returns the argument at position i or with keyword kw.
func (a pyArgs) arg(i int, kw string) (ts.Node, bool) {
	if n, ok := a.keyword(kw); ok {
		return n, true
	}
	if i >= 0 && i < len(a.positional) {
		return a.positional[i], true
	}
	return ts.Node{}, false
}

// checkCall reports a call of a known API, and known APIs passed as arguments (hmac.new(k, m, hashlib.md5)).
func (f *pyFile) checkCall(call ts.Node, s *pyScope) {
	fn := call.ChildByFieldId(f.g.fFunction)
	args := f.args(&call)
	fnQuals := f.qualify(fn, s, 0)
	if api, ok := knownAPI(fnQuals); ok {
		switch api.kind {
		case pyHashCtor:
			f.hashCall(call, fn, args, api)
		case pyHashNew:
			f.hashNew(call, fn, args, api, s)
		case pyRSAGen:
			f.rsaCall(call, fn, args, api, s)
		}
	} else if ca, ok := classAPIOf(fnQuals); ok {
		f.classCall(call, args, ca, s)
		if ca.kind == pcCipherCtx {
			f.cipherCtxInventory(call, args, s)
		}
	}
	if ia, ok := pyInventoryOf(fnQuals); ok {
		f.inventoryCall(call, args, ia, s)
	}
	values := args.positional
	for _, kw := range args.keywords {
		values = append(values, kw.value)
	}
	for _, v := range values {
		if k := v.KindId(); k != f.g.identifier && k != f.g.attribute {
			continue
		}
		quals := f.qualify(&v, s, 0)
		f.classArg(&v, quals)
		for _, q := range quals {
			if name, ok := pyTLSVersions[q]; ok {
				f.inv.name(name, q, f.pos(&v))
				break
			}
		}
		api, ok := knownAPI(quals)
		if !ok {
			continue
		}
		switch api.kind {
		case pyHashCtor:
			f.findings = append(f.findings, hashUse{
				hash: api.hash, api: api.display, fix: f.renamed(&v, "sha256"), at: f.pos(&v),
			}.finding(f.path))
		case pyRSAGen:
			f.findings = append(f.findings, rsaKeyGen{
				api:  api.display,
				size: unknownSize(api.display + " is passed as a function, so the size is set where it is called"),
				fix:  f.code(&v, "generate") + api.fixArgs,
				at:   f.pos(&v),
			}.finding(f.path))
		}
	}
}

// renamed returns the callee's text with its last name replaced: h.md5 → h.sha256, md5 → sha256.
func (f *pyFile) renamed(fn *ts.Node, name string) string {
	if fn != nil && fn.KindId() == f.g.attribute {
		if obj := fn.ChildByFieldId(f.g.fObject); obj != nil {
			return f.code(obj, "hashlib") + "." + name
		}
	}
	return name + " (from hashlib import " + name + ")"
}

// argText returns the call's arguments as code for a suggested fix, without the usedforsecurity flag.
func (f *pyFile) argText(args pyArgs) string {
	if args.list == nil || args.list.EndByte()-args.list.StartByte() > 4*maxCode {
		return "(data)"
	}
	var parts []string
	for i := range args.positional {
		parts = append(parts, f.text(&args.positional[i]))
	}
	for _, kw := range args.keywords {
		if kw.name != "usedforsecurity" {
			parts = append(parts, kw.name+"="+f.text(&kw.value))
		}
	}
	if args.splat || args.dictSplat {
		return "(" + f.code(args.list, "data") + ")"
	}
	return "(" + codeText(strings.Join(parts, ", "), "data") + ")"
}

// nonSecurity returns the evidence that a hash call is not for security: usedforsecurity=False, or the name
// of what it is assigned to or of the function it is in (etag, checksum, cache_key).
func (f *pyFile) nonSecurity(args pyArgs, call *ts.Node) string {
	if v, ok := args.keyword("usedforsecurity"); ok && v.KindId() == f.g.falseLit {
		return "usedforsecurity=False"
	}
	return f.nonSecurityContext(call)
}

func (f *pyFile) hashCall(call ts.Node, fn *ts.Node, args pyArgs, api pyAPI) {
	f.findings = append(f.findings, hashUse{
		hash:        api.hash,
		api:         api.display,
		fix:         f.renamed(fn, "sha256") + f.argText(args),
		nonSecurity: f.nonSecurity(args, &call),
		at:          f.pos(&call),
	}.finding(f.path))
}

func (f *pyFile) hashNew(call ts.Node, fn *ts.Node, args pyArgs, api pyAPI, s *pyScope) {
	arg, ok := args.arg(0, "name")
	if !ok {
		return
	}
	v := f.eval(&arg, s, 0)
	if !v.ok || !v.isStr {
		return // a name chosen at run time: nothing to say about which hash it is
	}
	h, ok := pyHashNames[strings.ToLower(strings.TrimSpace(v.s))]
	if !ok {
		f.inv.name(v.s, fmt.Sprintf("%s(%q)", api.display, v.s), f.pos(&call))
		return
	}
	fix := f.code(fn, "hashlib.new") + `("sha256", …)`
	if v.from != "" {
		fix = fmt.Sprintf(`set %s to "sha256"`, v.from)
	}
	f.findings = append(f.findings, hashUse{
		hash:        h,
		api:         fmt.Sprintf("%s(%q)", api.display, v.s),
		fix:         fix,
		nonSecurity: f.nonSecurity(args, &call),
		at:          f.pos(&call),
	}.finding(f.path))
}

func (f *pyFile) rsaCall(call ts.Node, fn *ts.Node, args pyArgs, api pyAPI, s *pyScope) {
	var size keySize
	arg, ok := args.arg(api.sizeAt, api.sizeKw)
	switch {
	case ok:
		size = f.keySize(arg, s)
	case args.splat || args.dictSplat:
		size = unknownSize("the size is passed in *args or **kwargs")
	default:
		size = unknownSize("the call has no size argument")
	}
	f.findings = append(f.findings, rsaKeyGen{
		api:  api.display,
		size: size,
		fix:  f.code(fn, "generate") + api.fixArgs,
		at:   f.pos(&call),
	}.finding(f.path))
}

// keySize reads a key-size argument, and says why when it cannot.
func (f *pyFile) keySize(arg ts.Node, s *pyScope) keySize {
	v := f.eval(&arg, s, 0)
	if v.ok && !v.isStr {
		return sizeFromBig(v.i, v.from)
	}
	if arg.KindId() != f.g.identifier {
		return unknownSize(fmt.Sprintf("the size %s is not a constant", f.code(&arg, "expression")))
	}
	name := f.text(&arg)
	bs, _ := s.lookup(name)
	for _, b := range bs {
		if b.kind == bindParam {
			return unknownSize(fmt.Sprintf("the size is the parameter %s, so each caller decides", name))
		}
	}
	if len(bs) == 0 {
		return unknownSize(fmt.Sprintf("the size is %s, which this file does not define", name))
	}
	return unknownSize(fmt.Sprintf("the size is the variable %s, which is not set from a single constant", name))
}
