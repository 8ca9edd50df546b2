//go:build cgo

package crypto

import (
	"fmt"
	"strconv"
	"strings"

	ts "github.com/tree-sitter/go-tree-sitter"
)

// check reports what one candidate node does.
func (f *csFile) check(n ts.Node) {
	g := f.g
	switch n.KindId() {
	case g.invocation:
		f.checkInvocation(&n)
	case g.objectCreation:
		f.checkCreation(&n)
	case g.assignment:
		f.checkAssignment(&n)
	case g.memberAccess:
		f.checkMember(&n)
	}
}

// args returns a call's argument expressions, in order.
func (f *csFile) args(call *ts.Node) []ts.Node {
	list := call.ChildByFieldId(f.g.fArguments)
	if list == nil {
		return nil
	}
	var out []ts.Node
	for _, a := range f.namedChildren(list) {
		if a.KindId() != f.g.argument || a.NamedChildCount() == 0 {
			continue
		}
		out = append(out, *a.NamedChild(a.NamedChildCount() - 1)) // after a name: label
	}
	return out
}

func (f *csFile) checkInvocation(n *ts.Node) {
	g := f.g
	fn := n.ChildByFieldId(g.fFunction)
	if fn == nil || fn.KindId() != g.memberAccess {
		return
	}
	recv, nameNode := fn.ChildByFieldId(g.fExpression), fn.ChildByFieldId(g.fName)
	method := f.text(nameNode)
	at := f.pos(n)
	if nameNode != nil && nameNode.StartPosition().Row != n.StartPosition().Row {
		at = f.pos(nameNode) // a call chained over lines is reported where the method is named
	}
	args := f.args(n)
	if strings.HasSuffix(method, "Ecb") && (method == "EncryptEcb" || method == "DecryptEcb" ||
		method == "TryEncryptEcb" || method == "TryDecryptEcb") {
		if !f.namespaces[csCryptoNS] && !f.cryptoAliased() {
			return
		}
		t, q := f.typeOf(recv, 0)
		if t.kind != 0 && t.kind != csSafeCipher && t.kind != csCipher {
			return
		}
		alg := t.alg
		if q == "" {
			alg = "block cipher"
		}
		f.findings = append(f.findings, csECBFinding(f.path, alg, f.code(fn, method)+"(…)",
			"; replace "+method+" with a new AesGcm(key, 16).Encrypt/Decrypt", at))
		return
	}
	q := f.resolveType(f.dotted(recv))
	if q == "" {
		return
	}
	t := csTypes[q]
	api := shortName(q) + "." + method
	f.inventoryInvocation(t, q, method, args, at)
	switch t.kind {
	case csHash:
		if method == "Create" || strings.HasPrefix(method, "HashData") || strings.HasPrefix(method, "TryHashData") {
			fix := "SHA256." + method + "(…)"
			if method == "Create" {
				fix = "SHA256.Create()"
			}
			f.hash(n, t, api+"()", fix, at)
		}
	case csHMAC:
		if strings.HasPrefix(method, "HashData") || strings.HasPrefix(method, "TryHashData") {
			f.hmac(n, t, api+"()", "HMACSHA256."+method+"(…)", at)
		}
	case csCipher:
		if method == "Create" {
			f.findings = append(f.findings, csCipherFinding(f.path, t.alg, api+"()", at))
		}
	case csRSA, csDSA, csECDsa, csECDH:
		if method == "Create" {
			f.keyGen(t, api, args, t.createBits, "", at)
		}
	case csFactory, csSafeCipher:
		if (method == "Create" || method == "CreateFromName") && len(args) > 0 {
			f.byName(n, q, method, args[0], at)
		}
	}
}

// cryptoAliased reports whether an alias names the cryptography namespace or one of its types.
func (f *csFile) cryptoAliased() bool {
	for _, a := range f.aliases {
		if strings.HasPrefix(a, csCryptoNS) {
			return true
		}
	}
	return false
}

func (f *csFile) checkCreation(n *ts.Node) {
	typ := n.ChildByFieldId(f.g.fType)
	q := f.resolveType(f.dotted(typ))
	if q == "" {
		return
	}
	t := csTypes[q]
	api := "new " + shortName(q)
	at := f.pos(n)
	f.inventoryCreation(t, q, f.args(n), at)
	switch t.kind {
	case csHash:
		f.hash(n, t, api+"()", "SHA256.Create()", at)
	case csHMAC:
		f.hmac(n, t, api+"(key)", "new HMACSHA256(key)", at)
	case csCipher:
		f.findings = append(f.findings, csCipherFinding(f.path, t.alg, api+"()", at))
	case csRSA, csDSA, csECDsa, csECDH:
		f.keyGen(t, api, f.args(n), t.ctorBits, t.defaultWhy, at)
	case csPBKDF2:
		// Without a HashAlgorithmName argument (the fourth), PBKDF2 runs over HMAC-SHA1, often with the
		// 1000-iteration default; an explicit HashAlgorithmName.SHA1 is reported where it is named.
		if len(f.args(n)) < 4 {
			f.findings = append(f.findings, csHMACNote(f.path, t.hash, api+"(…) with its default HMAC-SHA1",
				"new Rfc2898DeriveBytes(password, salt, 600000, HashAlgorithmName.SHA256), or Rfc2898DeriveBytes.Pbkdf2", at))
		}
	case csSslStream: // new SslStream(inner, leaveOpen, userCertificateValidationCallback, …)
		if args := f.args(n); len(args) >= 3 {
			if how := f.acceptsAny(&args[2], 0); how != "" {
				f.findings = append(f.findings, csNoVerifyFinding(f.path, "new SslStream(…, callback)", how, at))
			}
		}
	}
}

// hash reports a weak hash, as a note where the code around it shows a checksum, ETag or cache key.
func (f *csFile) hash(n *ts.Node, t csType, api, fix string, at position) {
	u := hashUse{hash: t.hash, api: api, fix: fix, at: at}
	if why := f.nonSecurity(n); why != "" {
		u.nonSecurity = why
	}
	f.findings = append(f.findings, u.finding(f.path))
}

// hmac reports an HMAC over a weak hash: HMAC-MD5 is an error (NIST approves MD5 for nothing), HMAC-SHA1 a note.
func (f *csFile) hmac(n *ts.Node, t csType, api, fix string, at position) {
	if t.hash == hashSHA1 {
		f.findings = append(f.findings, csHMACNote(f.path, t.hash, api, fix, at))
		return
	}
	fs := hashUse{hash: t.hash, api: api, fix: fix, at: at}.finding(f.path)
	fs.Props["algorithm"] = t.alg
	fs.Message = "HMAC-" + fs.Message
	f.findings = append(f.findings, fs)
}

// byName reports HashAlgorithm.Create("MD5") and the other factories that take an algorithm's name.
func (f *csFile) byName(n *ts.Node, factory, method string, arg ts.Node, at position) {
	v := f.eval(&arg, 0)
	if !v.ok || !v.isStr {
		return
	}
	short, ok := csNamedAlgs[strings.ToLower(strings.TrimSpace(v.s))]
	if !ok {
		return
	}
	t := csTypes[csCryptoNS+"."+short]
	api := fmt.Sprintf("%s.%s(%q)", shortName(factory), method, v.s)
	switch t.kind {
	case csHash:
		f.hash(n, t, api, "SHA256.Create()", at)
	case csHMAC:
		f.hmac(n, t, api, "new HMACSHA256(key)", at)
	case csCipher:
		f.findings = append(f.findings, csCipherFinding(f.path, t.alg, api, at))
	}
}

// keyGen reports an RSA, DSA or EC key: its size from the first argument (an integer, or an ECCurve for EC),
// or the default of the constructor or factory.
func (f *csFile) keyGen(t csType, api string, args []ts.Node, defBits int, defWhy string, at position) {
	fix := api + "(3072)"
	var size keySize
	curve := ""
	switch {
	case len(args) == 0 && defBits > 0:
		size = keySize{known: true, bits: int64(defBits), text: strconv.Itoa(defBits)}
		if defWhy == "" {
			defWhy = fmt.Sprintf("the default key size of %s() is %d bits", api, defBits)
		}
		api += "()"
	case len(args) == 0:
		size = unknownSize("the call sets no size, so the default applies")
		api += "()"
	default:
		defWhy = ""
		api += "(" + f.code(&args[0], "…") + ")"
		v := f.eval(&args[0], 0)
		switch {
		case v.ok && !v.isStr:
			size = keySize{known: true, bits: v.i, text: strconv.FormatInt(v.i, 10), from: v.from}
		case t.kind == csECDsa || t.kind == csECDH:
			curve, size = f.curve(&args[0])
		default:
			size = f.unknownSize(&args[0])
		}
	}
	if t.kind == csRSA {
		fs := rsaKeyGen{api: api, size: size, fix: fix, pq: csPQ, at: at}.finding(f.path)
		if defWhy != "" {
			fs.Message += " Here " + defWhy + "."
		}
		f.findings = append(f.findings, fs)
		return
	}
	bits := 0
	if size.known && size.bits > 0 && size.bits < 1<<20 {
		bits = int(size.bits)
	}
	f.findings = append(f.findings, csKeyFinding{family: t.kind, alg: t.alg, api: api, bits: bits, curve: curve,
		why: defWhy, at: at}.finding(f.path))
}

// curve reads an ECCurve argument: ECCurve.NamedCurves.nistP256, ECCurve.CreateFromFriendlyName("secp160r1").
func (f *csFile) curve(arg *ts.Node) (string, keySize) {
	g := f.g
	name := ""
	if arg.KindId() == g.memberAccess {
		if q, rest := f.resolveMember(f.dotted(arg)); q != "" && csTypes[q].kind == csCurve && len(rest) == 2 && rest[0] == "NamedCurves" {
			name = rest[1]
		}
	} else if arg.KindId() == g.invocation {
		fn := arg.ChildByFieldId(g.fFunction)
		if fn != nil && fn.KindId() == g.memberAccess {
			if q, rest := f.resolveMember(f.dotted(fn)); q != "" && csTypes[q].kind == csCurve && len(rest) == 1 &&
				(rest[0] == "CreateFromFriendlyName" || rest[0] == "CreateFromValue" || rest[0] == "CreateFromOid") {
				if args := f.args(arg); len(args) > 0 {
					if v := f.eval(&args[0], 0); v.ok && v.isStr {
						name = v.s
					}
				}
			}
		}
	} else if arg.KindId() == g.identifier {
		if vs := f.vars[f.text(arg)]; len(vs) == 1 && vs[0].value != nil && f.spend() {
			return f.curve(vs[0].value)
		}
	}
	if bits, ok := csCurveBits[strings.ToLower(name)]; ok {
		return name, keySize{known: true, bits: int64(bits), text: strconv.Itoa(bits)}
	}
	return name, unknownSize("the curve is not a constant")
}

// unknownSize says why a size argument cannot be read.
func (f *csFile) unknownSize(arg *ts.Node) keySize {
	if arg.KindId() != f.g.identifier {
		return unknownSize(fmt.Sprintf("the argument %s is not a constant key size", f.code(arg, "expression")))
	}
	name := f.text(arg)
	if f.params[name] {
		return unknownSize(fmt.Sprintf("the size is the parameter %s, so each caller decides", name))
	}
	if len(f.vars[name]) == 0 {
		return unknownSize(fmt.Sprintf("the size is %s, which this file does not define", name))
	}
	return unknownSize(fmt.Sprintf("the size is the variable %s, which is not set from a single constant", name))
}

// checkAssignment reports KeySize = n on a known key or cipher, and certificate validation callbacks that
// accept any certificate.
func (f *csFile) checkAssignment(n *ts.Node) {
	g := f.g
	left, right, op := n.ChildByFieldId(g.fLeft), n.ChildByFieldId(g.fRight), n.ChildByFieldId(g.fOperator)
	if left == nil || right == nil || op == nil {
		return
	}
	prop, recv := "", (*ts.Node)(nil)
	switch left.KindId() {
	case g.identifier:
		prop = f.text(left)
		if p := f.parentOf(n); p != nil && p.KindId() == g.initializer {
			if pp := f.parentOf(p); pp != nil && pp.KindId() == g.objectCreation {
				recv = pp.ChildByFieldId(g.fType)
			}
		}
	case g.memberAccess:
		prop, recv = f.text(left.ChildByFieldId(g.fName)), left.ChildByFieldId(g.fExpression)
	default:
		return
	}
	switch {
	case prop == "KeySize" && f.text(op) == "=" && recv != nil:
		f.keySizeAssign(n, recv, right)
	case csVerifyCallbacks[prop] && (f.text(op) == "=" || f.text(op) == "+="):
		if how := f.acceptsAny(right, 0); how != "" {
			f.findings = append(f.findings, csNoVerifyFinding(f.path, prop, how, f.pos(n)))
		}
	}
}

func (f *csFile) keySizeAssign(n, recv, value *ts.Node) {
	t, q := f.typeOf(recv, 0)
	if q == "" {
		return
	}
	v := f.eval(value, 0)
	if !v.ok || v.isStr {
		return
	}
	api := shortName(q) + ".KeySize = " + f.code(value, "…")
	at := f.pos(n)
	switch t.kind {
	case csRSA:
		if v.i < minRSABits {
			f.findings = append(f.findings, rsaKeyGen{api: api, fix: "KeySize = 3072", pq: csPQ, at: at,
				size: keySize{known: true, bits: v.i, text: strconv.FormatInt(v.i, 10), from: v.from}}.finding(f.path))
		}
	case csDSA:
		if v.i < 2048 {
			f.findings = append(f.findings, csKeyFinding{family: csDSA, alg: t.alg, api: api, bits: int(v.i), at: at}.finding(f.path))
		}
	case csECDsa, csECDH:
		if v.i < 224 {
			f.findings = append(f.findings, csKeyFinding{family: t.kind, alg: t.alg, api: api, bits: int(v.i), at: at}.finding(f.path))
		}
	case csSafeCipher:
		if v.i < 128 {
			f.findings = append(f.findings, csSymmetricKeyFinding(f.path, t.alg, api, int(v.i), at))
		}
	}
}

// acceptsAny returns how a validation callback accepts every certificate, or "" when it may not.
func (f *csFile) acceptsAny(n *ts.Node, depth int) string {
	g := f.g
	if n == nil || depth > 4 || !f.spend() {
		return ""
	}
	switch n.KindId() {
	case g.lambda, g.anonymousMethod:
		body := n.ChildByFieldId(g.fBody)
		if body == nil && n.KindId() == g.anonymousMethod {
			for i := uint(0); i < n.NamedChildCount(); i++ {
				if ch := n.NamedChild(i); ch.KindId() == g.block {
					body = ch
				}
			}
		}
		if f.alwaysTrue(body) {
			return "a callback that returns true"
		}
	case g.parenExpr, g.castExpr:
		if n.NamedChildCount() > 0 {
			return f.acceptsAny(n.NamedChild(n.NamedChildCount()-1), depth+1)
		}
	case g.objectCreation: // new RemoteCertificateValidationCallback((…) => true)
		if args := f.args(n); len(args) == 1 {
			return f.acceptsAny(&args[0], depth+1)
		}
	case g.memberAccess:
		if q, rest := f.resolveMember(f.dotted(n)); csTypes[q].kind == csHandler && len(rest) == 1 &&
			rest[0] == "DangerousAcceptAnyServerCertificateValidator" {
			return "HttpClientHandler.DangerousAcceptAnyServerCertificateValidator"
		}
	case g.identifier: // a method group: a method of this file that returns true
		bodies := f.methods[f.text(n)]
		if len(bodies) == 1 && len(f.vars[f.text(n)]) == 0 && f.alwaysTrue(&bodies[0]) {
			return "the method " + f.text(n) + ", which returns true"
		}
	}
	return ""
}

// alwaysTrue reports whether a body is the literal true, or a block whose every return returns true.
func (f *csFile) alwaysTrue(body *ts.Node) bool {
	g := f.g
	if body == nil {
		return false
	}
	switch body.KindId() {
	case g.booleanLiteral:
		return f.text(body) == "true"
	case g.arrowClause:
		return body.NamedChildCount() == 1 && f.alwaysTrue(body.NamedChild(0))
	case g.parenExpr:
		return body.NamedChildCount() == 1 && f.alwaysTrue(body.NamedChild(0))
	case g.block:
		returns := 0
		c := body.Walk()
		defer c.Close()
		if !c.GotoFirstChild() {
			return false
		}
		for steps := 0; steps < 10_000; steps++ {
			n := c.Node()
			descend := true
			switch n.KindId() {
			case g.lambda, g.anonymousMethod, g.localFunction:
				descend = false // their returns are their own
			case g.returnStmt:
				descend = false
				if n.NamedChildCount() != 1 || !f.alwaysTrue(n.NamedChild(0)) {
					return false
				}
				returns++
			}
			if descend && c.GotoFirstChild() {
				continue
			}
			for !c.GotoNextSibling() {
				if !c.GotoParent() || c.Node().Id() == body.Id() {
					return returns > 0
				}
			}
		}
	}
	return false
}

// checkMember reports enum values and static properties that select something weak: CipherMode.ECB,
// SslProtocols.Tls, SecurityProtocolType.Tls11, HashAlgorithmName.SHA1, when the code uses them as a value.
func (f *csFile) checkMember(n *ts.Node) {
	g := f.g
	if p := f.parentOf(n); p != nil && (p.KindId() == g.memberAccess || p.KindId() == g.invocation) {
		return // part of a longer name, or a method being called
	}
	q, rest := f.resolveMember(f.dotted(n))
	if q == "" || len(rest) != 1 {
		return
	}
	t, member := csTypes[q], rest[0]
	switch t.kind {
	case csCipherMode:
		if member == "ECB" && f.isValue(n) {
			f.findings = append(f.findings, csECBFinding(f.path, f.modeAlg(n), "CipherMode.ECB",
				"; in place of Mode = CipherMode.ECB", f.pos(n)))
		}
	case csSslProtocols, csSecurityProtocol:
		if f.isValue(n) {
			f.inventoryProtocol(member, shortName(q)+"."+member, f.pos(n))
		}
		if proto, ok := csWeakTLS[member]; ok && f.isValue(n) {
			f.findings = append(f.findings, csWeakTLSFinding(f.path, proto, shortName(q)+"."+member, f.pos(n)))
		}
	case csHashName:
		var h csType
		switch member {
		case "MD5":
			h = csTypes[csCryptoNS+".MD5"]
		case "SHA1":
			h = csTypes[csCryptoNS+".SHA1"]
		default:
			return
		}
		call := f.argumentOf(n)
		if call == nil {
			return
		}
		api := "HashAlgorithmName." + member
		if callee := f.text(call); h.hash == hashSHA1 && (strings.Contains(callee, "Rfc2898DeriveBytes") ||
			strings.Contains(callee, "Pbkdf2") || strings.Contains(callee, "CreateHMAC")) {
			f.findings = append(f.findings, csHMACNote(f.path, h.hash, api, "HashAlgorithmName.SHA256", f.pos(n)))
			return
		}
		f.hash(n, h, api, "HashAlgorithmName.SHA256", f.pos(n))
	}
}

// argumentOf returns the callee (function or created type) of the call n is an argument of, or nil.
func (f *csFile) argumentOf(n *ts.Node) *ts.Node {
	g := f.g
	p := f.parentOf(n)
	if p == nil || p.KindId() != g.argument {
		return nil
	}
	list := f.parentOf(p)
	if list == nil || list.KindId() != g.argumentList {
		return nil
	}
	call := f.parentOf(list)
	switch {
	case call == nil:
		return nil
	case call.KindId() == g.invocation:
		return call.ChildByFieldId(g.fFunction)
	case call.KindId() == g.objectCreation:
		return call.ChildByFieldId(g.fType)
	}
	return nil
}

// isValue reports whether an enum value is used as a setting (assigned, passed, returned, combined with |),
// rather than compared with, tested by HasFlag or removed with &= ~.
func (f *csFile) isValue(n *ts.Node) bool {
	g := f.g
	cur := *n
	for depth := 0; depth < maxPyDepth; depth++ {
		p := f.parentOf(&cur)
		if p == nil {
			return false
		}
		switch p.KindId() {
		case g.parenExpr, g.castExpr, g.conditionalExpr:
		case g.binaryExpr:
			if op := p.ChildByFieldId(g.fOperator); op == nil || f.text(op) != "|" {
				return false
			}
		case g.assignment:
			op := p.ChildByFieldId(g.fOperator)
			right := p.ChildByFieldId(g.fRight)
			return op != nil && (f.text(op) == "=" || f.text(op) == "|=") && right != nil && right.Id() == cur.Id()
		case g.argument:
			if callee := f.argumentOf(&cur); callee != nil && strings.HasSuffix(f.text(callee), "HasFlag") {
				return false
			}
			return true
		case g.variableDeclarator, g.returnStmt, g.arrowClause, g.initializer:
			return true
		default:
			return false
		}
		cur = *p
	}
	return false
}

// modeAlg names the cipher whose Mode is set to ECB, when the code shows it.
func (f *csFile) modeAlg(n *ts.Node) string {
	g := f.g
	p := f.parentOf(n)
	if p != nil && p.KindId() == g.assignment {
		if left := p.ChildByFieldId(g.fLeft); left != nil && left.KindId() == g.memberAccess {
			if t, q := f.typeOf(left.ChildByFieldId(g.fExpression), 0); q != "" && t.alg != "" {
				return t.alg
			}
		}
	}
	return "block cipher"
}

// nonSecurity returns the evidence that a hash serves a checksum, ETag or cache key: a word in the name of the
// variable, property or method it is computed for.
func (f *csFile) nonSecurity(n *ts.Node) string {
	g := f.g
	cur := n
	for depth := 0; depth < maxPyDepth && cur != nil; depth++ {
		var name *ts.Node
		switch cur.KindId() {
		case g.variableDeclarator, g.methodDecl, g.localFunction, g.propertyDecl:
			name = cur.ChildByFieldId(g.fName)
		case g.assignment:
			name = cur.ChildByFieldId(g.fLeft)
		}
		if name != nil {
			word := strings.ToLower(strings.ReplaceAll(f.text(name), "_", ""))
			for _, w := range csNonSecurityWords {
				if strings.Contains(word, w) {
					return "non-security by the name " + f.code(name, w)
				}
			}
		}
		if k := cur.KindId(); k == g.methodDecl || k == g.localFunction || k == g.propertyDecl {
			return ""
		}
		cur = f.parentOf(cur)
	}
	return ""
}

// csValue is a constant: an integer or a string, and the name it was read from.
type csValue struct {
	ok    bool
	isStr bool
	i     int64
	s     string
	from  string
}

// csMaxConst bounds constant integers: no key size needs more, and overflow must not wrap into a small size.
const csMaxConst = 1 << 40

// eval evaluates a constant expression: literals, names declared or assigned with one constant value
// (const, readonly and local), and arithmetic and concatenation over them.
func (f *csFile) eval(n *ts.Node, depth int) csValue {
	g := f.g
	if n == nil || depth > maxPyDepth || !f.spend() {
		return csValue{}
	}
	switch n.KindId() {
	case g.integerLiteral:
		text := strings.ToLower(strings.ReplaceAll(f.text(n), "_", ""))
		text = strings.TrimRight(text, "ul")
		v, err := strconv.ParseInt(text, 0, 64)
		if err != nil || v > csMaxConst {
			return csValue{}
		}
		return csValue{ok: true, i: v}
	case g.stringLiteral:
		var b strings.Builder
		for _, ch := range f.namedChildren(n) {
			if ch.KindId() != g.stringContent {
				return csValue{} // an escape or a u8 suffix: no algorithm name needs one
			}
			b.WriteString(f.text(&ch))
		}
		return csValue{ok: true, isStr: true, s: b.String()}
	case g.verbatimString:
		t := f.text(n)
		if len(t) < 3 || !strings.HasPrefix(t, `@"`) || !strings.HasSuffix(t, `"`) {
			return csValue{}
		}
		return csValue{ok: true, isStr: true, s: strings.ReplaceAll(t[2:len(t)-1], `""`, `"`)}
	case g.parenExpr:
		if n.NamedChildCount() == 1 {
			v := f.eval(n.NamedChild(0), depth+1)
			v.from = ""
			return v
		}
	case g.castExpr:
		v := f.eval(n.ChildByFieldId(g.fValue), depth+1)
		v.from = ""
		return v
	case g.prefixUnary:
		if n.NamedChildCount() == 1 && strings.HasPrefix(f.text(n), "-") {
			v := f.eval(n.NamedChild(0), depth+1)
			if v.ok && !v.isStr {
				return csValue{ok: true, i: -v.i}
			}
		}
	case g.binaryExpr:
		return f.evalBinary(n, depth)
	case g.identifier:
		return f.evalName(f.text(n), depth)
	case g.memberAccess: // Settings.KeyBits, this.keyBits: a name of this file
		obj := n.ChildByFieldId(g.fExpression)
		if obj != nil && (obj.KindId() == g.thisExpr || f.localTypes[f.text(obj)]) {
			return f.evalName(f.text(n.ChildByFieldId(g.fName)), depth)
		}
	}
	return csValue{}
}

// evalName returns the value of a name when every declaration of and assignment to it gives the same constant.
func (f *csFile) evalName(name string, depth int) csValue {
	if m, ok := f.valueMemo[name]; ok {
		if m == nil {
			return csValue{} // a cycle: A = B, B = A
		}
		return *m
	}
	f.valueMemo[name] = nil
	out := f.evalDecls(name, depth)
	f.valueMemo[name] = &out
	return out
}

func (f *csFile) evalDecls(name string, depth int) csValue {
	vs := f.vars[name]
	if len(vs) == 0 {
		return csValue{}
	}
	var out csValue
	for i, v := range vs {
		if v.value == nil {
			return csValue{}
		}
		x := f.eval(v.value, depth+1)
		if !x.ok || (i > 0 && (x.isStr != out.isStr || x.i != out.i || x.s != out.s)) {
			return csValue{}
		}
		out = x
	}
	out.from = name
	return out
}

func (f *csFile) evalBinary(n *ts.Node, depth int) csValue {
	g := f.g
	op := n.ChildByFieldId(g.fOperator)
	l := f.eval(n.ChildByFieldId(g.fLeft), depth+1)
	if op == nil || !l.ok {
		return csValue{}
	}
	r := f.eval(n.ChildByFieldId(g.fRight), depth+1)
	if !r.ok || l.isStr != r.isStr {
		return csValue{}
	}
	opText := f.text(op)
	if l.isStr {
		if opText != "+" || len(l.s)+len(r.s) > 1024 {
			return csValue{}
		}
		return csValue{ok: true, isStr: true, s: l.s + r.s}
	}
	a, b := l.i, r.i
	var v int64
	switch opText {
	case "+":
		v = a + b
	case "-":
		v = a - b
	case "*":
		if a != 0 && (b > csMaxConst/abs64(a) || b < -csMaxConst/abs64(a)) {
			return csValue{}
		}
		v = a * b
	case "/":
		if b == 0 {
			return csValue{}
		}
		v = a / b
	case "<<":
		if b < 0 || b > 40 {
			return csValue{}
		}
		v = a << b
	default:
		return csValue{}
	}
	if v > csMaxConst || v < -csMaxConst {
		return csValue{}
	}
	return csValue{ok: true, i: v}
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}
