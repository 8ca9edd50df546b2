//go:build cgo

package crypto

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	ts "github.com/tree-sitter/go-tree-sitter"
)

// Qualified names of the classes whose uses are reported.
const (
	jMessageDigest     = "java.security.MessageDigest"
	jSignature         = "java.security.Signature"
	jKeyPairGenerator  = "java.security.KeyPairGenerator"
	jKeyFactory        = "java.security.KeyFactory"
	jCipher            = "javax.crypto.Cipher"
	jKeyGenerator      = "javax.crypto.KeyGenerator"
	jKeyAgreement      = "javax.crypto.KeyAgreement"
	jMac               = "javax.crypto.Mac"
	jSecretKeyFactory  = "javax.crypto.SecretKeyFactory"
	jSecretKeySpec     = "javax.crypto.spec.SecretKeySpec"
	jDESKeySpec        = "javax.crypto.spec.DESKeySpec"
	jDESedeKeySpec     = "javax.crypto.spec.DESedeKeySpec"
	jOkHTTPTLSVersion  = "okhttp3.TlsVersion"
	jSSLContext        = "javax.net.ssl.SSLContext"
	jECGenSpec         = "java.security.spec.ECGenParameterSpec"
	jRSAGenSpec        = "java.security.spec.RSAKeyGenParameterSpec"
	jX509TrustManager  = "javax.net.ssl.X509TrustManager"
	jX509ExtTrustMgr   = "javax.net.ssl.X509ExtendedTrustManager"
	jHostnameVerifier  = "javax.net.ssl.HostnameVerifier"
	jSystem            = "java.lang.System"
	jGuavaHashing      = "com.google.common.hash.Hashing"
	jCommonsDigest     = "org.apache.commons.codec.digest.DigestUtils"
	jSpringDigest      = "org.springframework.util.DigestUtils"
	jApacheSSLFactory  = "org.apache.http.conn.ssl.SSLConnectionSocketFactory"
	jApacheNoop4       = "org.apache.http.conn.ssl.NoopHostnameVerifier"
	jApacheNoop5       = "org.apache.hc.client5.http.conn.ssl.NoopHostnameVerifier"
	jApacheAllowAll    = "org.apache.http.conn.ssl.AllowAllHostnameVerifier"
	jApacheTrustAll4   = "org.apache.http.conn.ssl.TrustAllStrategy"
	jApacheTrustAll5   = "org.apache.hc.core5.ssl.TrustAllStrategy"
	jBouncyDigests     = "org.bouncycastle.crypto.digests."
	jBouncyEngines     = "org.bouncycastle.crypto.engines."
	javaGetInstance    = "getInstance"
	javaMaxProtocolArg = 64
)

// javaDigestMethods are the static weak-hash helpers of Apache Commons Codec, Spring and Guava.
var javaDigestMethods = map[string]weakHash{
	jCommonsDigest + ".md2": hashMD2, jCommonsDigest + ".md2Hex": hashMD2, jCommonsDigest + ".getMd2Digest": hashMD2,
	jCommonsDigest + ".md5": hashMD5, jCommonsDigest + ".md5Hex": hashMD5, jCommonsDigest + ".getMd5Digest": hashMD5,
	jCommonsDigest + ".sha": hashSHA1, jCommonsDigest + ".shaHex": hashSHA1, jCommonsDigest + ".sha1": hashSHA1,
	jCommonsDigest + ".sha1Hex": hashSHA1, jCommonsDigest + ".getSha1Digest": hashSHA1,
	jCommonsDigest + ".getShaDigest": hashSHA1,
	jSpringDigest + ".md5Digest":     hashMD5, jSpringDigest + ".md5DigestAsHex": hashMD5,
	jSpringDigest + ".appendMd5DigestAsHex": hashMD5,
	jGuavaHashing + ".md5":                  hashMD5, jGuavaHashing + ".sha1": hashSHA1,
}

// hashMD2 is MD2, which only Java still names among the common platforms.
var hashMD2 = weakHash{"MD2", "MD2 preimages and collisions are practical, and NIST SP 800-131A Rev. 2 approves MD2 " +
	"for no cryptographic use"}

// javaDigestNames maps MessageDigest algorithm names (upper case, without dashes) to the weak hashes.
var javaDigestNames = map[string]weakHash{"MD5": hashMD5, "MD2": hashMD2, "MD4": hashMD4, "SHA1": hashSHA1, "SHA": hashSHA1}

// javaWeakCiphers maps cipher names (upper case) to the names findings use.
var javaWeakCiphers = map[string]string{
	"DES": "DES", "DESEDE": "3DES", "DESEDEWRAP": "3DES", "TRIPLEDES": "3DES", "3DES": "3DES", "RC4": "RC4",
	"ARCFOUR": "RC4", "ARC4": "RC4", "RC2": "RC2", "BLOWFISH": "Blowfish", "IDEA": "IDEA", "CAST5": "CAST5",
	"CAST128": "CAST5", "SEED": "SEED",
}

// javaBouncyClasses are Bouncy Castle's lightweight digests and engines of broken algorithms.
var javaBouncyClasses = map[string]string{
	"MD5Digest": "MD5", "MD4Digest": "MD4", "MD2Digest": "MD2", "SHA1Digest": "SHA-1",
	"DESEngine": "DES", "DESedeEngine": "3DES", "RC4Engine": "RC4", "RC2Engine": "RC2",
	"BlowfishEngine": "Blowfish", "IDEAEngine": "IDEA", "CAST5Engine": "CAST5", "SEEDEngine": "SEED",
}

// javaCurveBits is the size of the named curves a Java provider accepts.
var javaCurveBits = map[string]int64{
	"secp112r1": 112, "secp112r2": 112, "secp128r1": 128, "secp128r2": 128, "secp160k1": 160, "secp160r1": 160,
	"secp160r2": 160, "secp192k1": 192, "secp192r1": 192, "prime192v1": 192, "p-192": 192, "nist p-192": 192,
	"sect163k1": 163, "sect163r1": 163, "sect163r2": 163, "sect193r1": 193, "sect193r2": 193,
	"brainpoolp160r1": 160, "brainpoolp192r1": 192, "secp224k1": 224, "secp224r1": 224, "p-224": 224,
	"brainpoolp224r1": 224, "sect233k1": 233, "sect233r1": 233, "secp256r1": 256, "prime256v1": 256, "p-256": 256,
	"nist p-256": 256, "secp256k1": 256, "brainpoolp256r1": 256, "sect283k1": 283, "sect283r1": 283,
	"brainpoolp320r1": 320, "secp384r1": 384, "p-384": 384, "nist p-384": 384, "brainpoolp384r1": 384,
	"sect409k1": 409, "sect409r1": 409, "brainpoolp512r1": 512, "secp521r1": 521, "p-521": 521,
	"nist p-521": 521, "sect571k1": 571, "sect571r1": 571,
}

// javaWeakProtocols are the protocol names of SSLContext and setEnabledProtocols that allow SSL or TLS < 1.2.
var javaWeakProtocols = map[string]string{
	"SSL": "SSL", "SSLV2": "SSLv2", "SSLV2HELLO": "SSLv2Hello", "SSLV3": "SSLv3", "TLSV1": "TLSv1",
	"TLSV1.0": "TLSv1", "TLSV1.1": "TLSv1.1",
}

// javaGen is a KeyPairGenerator or KeyGenerator assigned to a variable, waiting for its initialize/init.
type javaGen struct {
	key         javaKey // KeyPairGenerator: the key, with family and algorithm
	symmetric   string  // KeyGenerator: the algorithm, when one whose key size matters (AES)
	initialized bool
}

// check reports the uses of the collected calls, types and lambdas.
func (f *javaFile) check() {
	gens := map[string]*javaGen{}
	var order []string
	for _, c := range f.calls {
		if key, gen := f.checkCall(c); gen != nil {
			if key == "" {
				key = fmt.Sprintf("@%d", c.node.StartByte()) // not held in a variable: never initialized here
			}
			if _, seen := gens[key]; !seen {
				order = append(order, key)
			}
			gens[key] = gen
		}
	}
	for _, c := range f.calls {
		f.checkInit(c, gens)
	}
	for _, k := range order {
		g := gens[k]
		if g.initialized || g.key.family == "" {
			continue
		}
		switch g.key.family {
		case "RSA", "DSA", "DH":
			g.key.unknown = "the generator is never initialized here, so the provider's default applies " +
				"(2048 bits up to JDK 18, 3072 bits from JDK 19)"
		case "EC":
			g.key.unknown = "the generator is never initialized here, so the provider's default curve applies " +
				"(secp256r1 up to JDK 18, secp384r1 from JDK 19)"
		}
		f.findings = append(f.findings, g.key.finding(f.path))
	}
	for _, t := range f.types {
		f.checkType(&t)
	}
	for _, l := range f.lambdas {
		f.checkLambda(&l)
	}
}

// args returns a call's arguments.
func (f *javaFile) args(n *ts.Node) []ts.Node {
	al := n.ChildByFieldId(f.g.fArguments)
	if al == nil {
		return nil
	}
	return f.namedChildren(al)
}

// strArg evaluates a call's string argument.
func (f *javaFile) strArg(args []ts.Node, i int) (string, *ts.Node, bool) {
	if i >= len(args) {
		return "", nil, false
	}
	v := f.eval(&args[i], 0)
	if !v.ok || !v.isStr {
		return "", &args[i], false
	}
	return v.s, &args[i], true
}

// checkCall reports one method invocation or object creation. A KeyPairGenerator or KeyGenerator is returned
// with the variable that holds it instead, so that its initialize/init call can decide its key size.
func (f *javaFile) checkCall(c javaCall) (string, *javaGen) {
	g := f.g
	n := &c.node
	args := f.args(n)
	for i := range args {
		f.checkInsecureConstant(&args[i])
	}
	f.inventoryPQArgs(args)
	if n.KindId() == g.objectCreation {
		f.inventoryCreation(n, args)
		f.checkCreation(n, args)
		return "", nil
	}
	nameNode := n.ChildByFieldId(g.fName)
	if nameNode == nil {
		return "", nil
	}
	name := f.text(nameNode)
	obj := n.ChildByFieldId(g.fObject)
	if obj == nil {
		for _, q := range f.staticMember(name) {
			if h, ok := javaDigestMethods[q]; ok {
				f.hashFinding(c, h, q[strings.LastIndexByte(q[:strings.LastIndexByte(q, '.')], '.')+1:]+"()", javaDigestFix(q), n)
				return "", nil
			}
		}
		return "", nil
	}
	switch name {
	case "setEnabledProtocols", "setProtocols":
		f.checkProtocols(name, args)
		return "", nil
	case "tlsVersions": // OkHttp's ConnectionSpec.Builder
		for i := range args {
			if p := f.okHTTPVersion(&args[i]); p != "" {
				f.findings = append(f.findings, javaWeakTLSFinding(f.path, p, "ConnectionSpec.Builder.tlsVersions", f.pos(&args[i])))
				break
			}
		}
		return "", nil
	case "setProperty":
		if f.isType(obj, jSystem) || f.text(obj) == "System" {
			f.checkProtocolProperty(args)
		}
		return "", nil
	}
	for _, q := range f.qualifyType(obj) {
		if h, ok := javaDigestMethods[q+"."+name]; ok {
			f.hashFinding(c, h, q[strings.LastIndexByte(q, '.')+1:]+"."+name+"()", javaDigestFix(q+"."+name), n)
			return "", nil
		}
		if name != javaGetInstance {
			continue
		}
		alg, at, ok := f.strArg(args, 0)
		if !ok {
			return "", nil
		}
		simple := q[strings.LastIndexByte(q, '.')+1:]
		api := simple + ".getInstance(\"" + alg + "\")"
		if len(api) > 80 {
			api = simple + ".getInstance"
		}
		pos := f.pos(at)
		f.inventoryFactory(q, alg, api, pos)
		switch q {
		case jMessageDigest:
			if h, ok := javaDigestNames[strings.ReplaceAll(strings.ToUpper(alg), "-", "")]; ok {
				f.hashFinding(c, h, api, `MessageDigest.getInstance("SHA-256")`, at)
			}
		case jCipher, jSecretKeyFactory:
			f.checkCipher(alg, api, pos)
		case jSignature:
			f.checkSignature(alg, api, pos)
		case jMac:
			switch strings.ToUpper(alg) {
			case "HMACMD5":
				f.findings = append(f.findings, javaHMACFinding(f.path, hashMD5, api, pos))
			case "HMACSHA1":
				f.findings = append(f.findings, javaHMACFinding(f.path, hashSHA1, api, pos))
			}
		case jKeyAgreement:
			if k, ok := javaKeyFamily(alg); ok {
				if k.family == "DH" || k.family == "XDH" || k.family == "EC" {
					if k.family == "EC" {
						k.family, k.alg = "ECDH", "ECDH"
					}
					k.api, k.what, k.at = api, "key agreement", pos
					f.findings = append(f.findings, k.finding(f.path))
				}
			}
		case jKeyFactory:
			if k, ok := javaKeyFamily(alg); ok {
				k.api, k.what, k.at = api, "key loading", pos
				f.findings = append(f.findings, k.finding(f.path))
			}
		case jSSLContext:
			if p, ok := javaWeakProtocols[strings.ToUpper(alg)]; ok {
				f.findings = append(f.findings, javaWeakTLSFinding(f.path, p, api, pos))
			}
		case jKeyPairGenerator:
			k, ok := javaKeyFamily(alg)
			if !ok {
				return "", nil
			}
			k.api, k.what, k.at = api, "key generation", pos
			return f.holder(n), &javaGen{key: k}
		case jKeyGenerator:
			up := strings.ToUpper(alg)
			if weak, ok := javaWeakCiphers[up]; ok {
				f.findings = append(f.findings, javaCipherFinding(f.path, weak, "", api, pos))
				return "", nil
			}
			if strings.HasPrefix(up, "AES") {
				return f.holder(n), &javaGen{symmetric: "AES"}
			}
		}
		// Another candidate of an on-demand import may be the known class.
	}
	return "", nil
}

// hashFinding reports a weak hash, as a note where the code around it says it is a checksum, an ETag or a
// cache key.
func (f *javaFile) hashFinding(c javaCall, h weakHash, api, fix string, at *ts.Node) {
	f.findings = append(f.findings, javaHashFinding(f.path, h, api, fix, f.nonSecurity(c), f.pos(at)))
}

// javaDigestFix is the SHA-256 counterpart of a library's weak-hash helper.
func javaDigestFix(method string) string {
	switch {
	case strings.HasPrefix(method, jGuavaHashing+"."):
		return "Hashing.sha256()"
	case strings.HasPrefix(method, jCommonsDigest+".") && strings.HasSuffix(method, "Hex"):
		return "DigestUtils.sha256Hex(data)"
	case strings.HasPrefix(method, jCommonsDigest+".get"):
		return "DigestUtils.getSha256Digest()"
	case strings.HasPrefix(method, jCommonsDigest+"."):
		return "DigestUtils.sha256(data)"
	}
	return `MessageDigest.getInstance("SHA-256").digest(data)`
}

// nonSecurity returns the evidence that a hash is computed for a non-security purpose: the name of the
// method it is in or of the variable it is stored in says checksum, ETag, cache key or Content-MD5.
func (f *javaFile) nonSecurity(c javaCall) string {
	if javaNonSecurityName(c.method) {
		return "by the method name " + c.method + "()"
	}
	n := c.node
	for range 4 {
		p := n.Parent()
		if p == nil {
			break
		}
		switch p.KindId() {
		case f.g.varDeclarator:
			if name := p.ChildByFieldId(f.g.fName); name != nil && javaNonSecurityName(f.text(name)) {
				return "by the variable name " + f.text(name)
			}
			return ""
		case f.g.assignment:
			if left := p.ChildByFieldId(f.g.fLeft); left != nil {
				if name, _ := f.assignedName(left); javaNonSecurityName(name) {
					return "by the variable name " + name
				}
			}
			return ""
		}
		n = *p
	}
	return ""
}

// javaNonSecurityName reports whether an identifier's words say checksum, ETag, cache key or Content-MD5.
func javaNonSecurityName(name string) bool {
	words := splitWords(name)
	for i, w := range words {
		next := ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		switch {
		case w == "checksum" || w == "etag" || w == "crc":
			return true
		case w == "e" && next == "tag", w == "cache" && next == "key", w == "check" && next == "sum",
			w == "content" && next == "md5":
			return true
		}
	}
	return false
}

// splitWords splits camelCase, PascalCase and snake_case identifiers into lower-case words.
func splitWords(s string) []string {
	var out []string
	var cur []rune
	runes := []rune(s)
	for i, r := range runes {
		switch {
		case r == '_' || r == '-' || r == '$':
			if len(cur) > 0 {
				out = append(out, string(cur))
				cur = cur[:0]
			}
			continue
		case unicode.IsUpper(r) && len(cur) > 0:
			prevLower := i > 0 && (unicode.IsLower(runes[i-1]) || unicode.IsDigit(runes[i-1]))
			nextLower := i+1 < len(runes) && unicode.IsLower(runes[i+1])
			if prevLower || (nextLower && unicode.IsUpper(runes[i-1])) {
				out = append(out, string(cur))
				cur = cur[:0]
			}
		}
		cur = append(cur, unicode.ToLower(r))
	}
	if len(cur) > 0 {
		out = append(out, string(cur))
	}
	return out
}

// javaKeyFamily maps a public-key algorithm name to its family.
func javaKeyFamily(alg string) (javaKey, bool) {
	switch strings.ToUpper(alg) {
	case "RSA", "RSASSA-PSS":
		return javaKey{family: "RSA", alg: "RSA"}, true
	case "DSA":
		return javaKey{family: "DSA", alg: "DSA"}, true
	case "DH", "DIFFIEHELLMAN":
		return javaKey{family: "DH", alg: "DH"}, true
	case "EC", "ECDSA", "ECDH", "ECMQV":
		return javaKey{family: "EC", alg: "EC"}, true
	case "ED25519", "ED448", "EDDSA":
		a := alg
		if strings.EqualFold(a, "EdDSA") {
			a = "EdDSA"
		}
		return javaKey{family: "EdDSA", alg: a}, true
	case "X25519", "X448", "XDH":
		return javaKey{family: "XDH", alg: strings.ToUpper(alg)}, true
	}
	return javaKey{}, false
}

// holder returns a key for the variable a call's result is stored in, or "".
func (f *javaFile) holder(n *ts.Node) string {
	p := n.Parent()
	for p != nil && (p.KindId() == f.g.parenExpr || p.KindId() == f.g.castExpr) {
		p = p.Parent()
	}
	if p == nil {
		return ""
	}
	switch p.KindId() {
	case f.g.varDeclarator:
		if name := p.ChildByFieldId(f.g.fName); name != nil {
			return f.declKey(f.text(name), name.StartByte(), false)
		}
	case f.g.assignment:
		if left := p.ChildByFieldId(f.g.fLeft); left != nil {
			if name, viaThis := f.assignedName(left); name != "" {
				return f.declKey(name, left.StartByte(), viaThis)
			}
		}
	}
	return ""
}

// declKey names the variable a name refers to at byte use: its declaration, so that a generator and its
// initialize call meet even when they are in different methods of one class.
func (f *javaFile) declKey(name string, use uint, fieldOnly bool) string {
	if !fieldOnly {
		var best *javaDecl
		ds := f.locals(name, use)
		for i := range ds {
			d := &ds[i]
			if d.field || use < d.scopeStart || use >= d.scopeEnd || d.at > use {
				continue
			}
			if best == nil || d.scopeStart > best.scopeStart || (d.scopeStart == best.scopeStart && d.at > best.at) {
				best = d
			}
		}
		if best != nil {
			return fmt.Sprintf("%s@%d", name, best.at)
		}
	}
	return name + "@field"
}

// checkInit reports generator.initialize(size) and keyGenerator.init(size).
func (f *javaFile) checkInit(c javaCall, gens map[string]*javaGen) {
	g := f.g
	n := &c.node
	if n.KindId() != g.methodInvocation {
		return
	}
	nameNode, obj := n.ChildByFieldId(g.fName), n.ChildByFieldId(g.fObject)
	if nameNode == nil || obj == nil {
		return
	}
	name := f.text(nameNode)
	if name != "initialize" && name != "init" {
		return
	}
	recv, viaThis := f.assignedName(obj)
	if recv == "" {
		return
	}
	gen := gens[f.declKey(recv, obj.StartByte(), viaThis)]
	if gen == nil {
		return
	}
	args := f.args(n)
	if len(args) == 0 {
		return
	}
	arg := &args[0]
	pos := f.pos(arg)
	if gen.symmetric != "" {
		if name != "init" {
			return
		}
		gen.initialized = true
		v := f.eval(arg, 0)
		if v.ok && !v.isStr && v.i > 0 && v.i < 128 {
			f.findings = append(f.findings, javaSymmetricKeyFinding(f.path, gen.symmetric,
				"KeyGenerator.init("+strconv.FormatInt(v.i, 10)+")", v.i, pos))
		}
		return
	}
	if name != "initialize" || gen.key.family == "" {
		return
	}
	gen.initialized = true
	k := gen.key
	k.at = pos
	k.api = "KeyPairGenerator.initialize(" + f.code(arg, "…") + ")"
	spec := f.specNode(arg)
	switch {
	case spec != nil && f.isCreationOf(spec, jECGenSpec):
		curve, _, ok := f.strArg(f.args(spec), 0)
		if !ok {
			k.unknown = "the curve is not a constant in this file"
			break
		}
		k.curve = curve
		k.bits = javaCurveBits[strings.ToLower(curve)]
		k.size = strconv.FormatInt(k.bits, 10)
		if k.bits > 0 && k.bits < 224 {
			return // reported where the ECGenParameterSpec is created
		}
		if k.bits == 0 {
			k.unknown = "the curve " + curve + " is not one the analyzer knows"
		}
	case spec != nil && f.isCreationOf(spec, jRSAGenSpec):
		f.setSize(&k, f.args(spec))
	case spec != nil:
		k.unknown = "it comes from a parameter spec the analyzer does not read"
	default:
		f.setSize(&k, args)
	}
	if k.bits == 0 && k.unknown == "" {
		k.unknown = "it is not a constant in this file"
	}
	f.findings = append(f.findings, k.finding(f.path))
}

// setSize reads a key size from the first argument.
func (f *javaFile) setSize(k *javaKey, args []ts.Node) {
	if len(args) == 0 {
		return
	}
	v := f.eval(&args[0], 0)
	if !v.ok || v.isStr || v.isArr {
		k.unknown = v.why
		if k.unknown == "" {
			k.unknown = "it is not a number"
		}
		return
	}
	if v.i <= 0 {
		k.unknown = "it is not a positive number"
		return
	}
	k.bits, k.size, k.from = v.i, strconv.FormatInt(v.i, 10), v.from
}

// specNode returns the object creation an argument is or holds, following a variable to its sole initializer.
func (f *javaFile) specNode(n *ts.Node) *ts.Node {
	for range maxJavaDepth {
		switch n.KindId() {
		case f.g.objectCreation:
			return n
		case f.g.ident:
			var found *ts.Node
			use, name := n.StartByte(), f.text(n)
			for _, d := range append(f.locals(name, use), f.decls[javaName{name, fieldOwner}]...) {
				if d.value != nil && (d.field || (use >= d.scopeStart && use < d.scopeEnd && d.at <= use)) {
					if found != nil {
						return nil
					}
					found = d.value
				}
			}
			if found == nil || len(f.allAssigns[name]) > 0 {
				return nil
			}
			n = found
		default:
			return nil
		}
	}
	return nil
}

func (f *javaFile) isCreationOf(n *ts.Node, q string) bool {
	return n.KindId() == f.g.objectCreation && f.isType(n.ChildByFieldId(f.g.fType), q)
}

// checkCipher reports a Cipher or SecretKeyFactory transformation: a weak cipher, ECB (explicit, or AES's
// default), a password-based scheme over a weak hash or cipher, or RSA.
func (f *javaFile) checkCipher(transformation, api string, pos position) {
	parts := strings.Split(transformation, "/")
	alg := strings.ToUpper(strings.TrimSpace(parts[0]))
	mode := ""
	if len(parts) > 1 {
		mode = strings.ToUpper(strings.TrimSpace(parts[1]))
	}
	if rest, ok := strings.CutPrefix(alg, "PBEWITH"); ok {
		hash, cipher, _ := strings.Cut(rest, "AND")
		if h, ok := javaDigestNames[strings.ReplaceAll(hash, "-", "")]; ok {
			f.findings = append(f.findings, javaHashFinding(f.path, h, api,
				`SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256") with AES-256-GCM`, "", pos))
		}
		cipher, _, _ = strings.Cut(cipher, "_")
		if w, ok := javaWeakCiphers[cipher]; ok {
			f.findings = append(f.findings, javaCipherFinding(f.path, w, mode, api, pos))
		}
		return
	}
	base, _, _ := strings.Cut(alg, "_") // AES_256, RC2_40
	if w, ok := javaWeakCiphers[base]; ok {
		f.findings = append(f.findings, javaCipherFinding(f.path, w, mode, api, pos))
		return
	}
	if !strings.HasPrefix(api, "Cipher.") {
		return
	}
	switch {
	case base == "AES" && mode == "":
		f.findings = append(f.findings, javaECBFinding(f.path, "AES", api,
			", which the SunJCE provider expands to AES/ECB/PKCS5Padding", pos))
	case base == "AES" && mode == "ECB":
		f.findings = append(f.findings, javaECBFinding(f.path, "AES", api, "", pos))
	case base == "RSA":
		k := javaKey{family: "RSA", alg: "RSA", api: api, what: "encryption", at: pos}
		f.findings = append(f.findings, k.finding(f.path))
	}
}

// checkSignature reports a signature algorithm: a weak hash first (the worst class), else the quantum-vulnerable
// public-key family.
func (f *javaFile) checkSignature(alg, api string, pos position) {
	up := strings.ToUpper(alg)
	if up == "DSA" || up == "SHA1WITHDSA" {
		f.findings = append(f.findings, javaSignatureHashFinding(f.path, hashSHA1, alg, "DSA", api, pos))
		return
	}
	hash, pk, found := strings.Cut(up, "WITH")
	if !found {
		if k, ok := javaKeyFamily(alg); ok {
			if k.family == "EC" {
				k.alg = "ECDSA"
			}
			k.api, k.what, k.at = api, "signing", pos
			f.findings = append(f.findings, k.finding(f.path))
		}
		return
	}
	family := ""
	switch {
	case strings.Contains(pk, "ECDSA") || strings.Contains(pk, "ECNR") || strings.Contains(pk, "ECDDSA"):
		family = "ECDSA"
	case strings.Contains(pk, "RSA"):
		family = "RSA"
	case strings.Contains(pk, "DSA"):
		family = "DSA"
	default:
		return
	}
	if h, ok := javaDigestNames[strings.ReplaceAll(hash, "-", "")]; ok {
		f.findings = append(f.findings, javaSignatureHashFinding(f.path, h, alg, family, api, pos))
		return
	}
	k := javaKey{family: family, alg: family, api: api, what: "signing", at: pos}
	if family == "ECDSA" {
		k.family = "EC"
	}
	f.findings = append(f.findings, k.finding(f.path))
}

// checkCreation reports new ECGenParameterSpec("secp192r1"), new SecretKeySpec(key, "DES"), Bouncy Castle's
// weak digests and engines, no-op hostname verifiers, and anonymous trust managers that trust everything.
func (f *javaFile) checkCreation(n *ts.Node, args []ts.Node) {
	typ := n.ChildByFieldId(f.g.fType)
	quals := f.qualifyType(typ)
	for _, q := range quals {
		simple := q[strings.LastIndexByte(q, '.')+1:]
		switch {
		case q == jECGenSpec:
			curve, at, ok := f.strArg(args, 0)
			if bits := javaCurveBits[strings.ToLower(curve)]; ok && bits > 0 && bits < 224 {
				k := javaKey{family: "EC", alg: "EC", api: "new ECGenParameterSpec(\"" + curve + "\")", curve: curve,
					bits: bits, size: strconv.FormatInt(bits, 10), what: "key generation", at: f.pos(at)}
				f.findings = append(f.findings, k.finding(f.path))
			}
		case q == jSecretKeySpec:
			alg, at, ok := f.strArg(args, len(args)-1)
			if base, _, _ := strings.Cut(strings.ToUpper(alg), "/"); ok {
				if w, weak := javaWeakCiphers[base]; weak {
					f.findings = append(f.findings, javaCipherFinding(f.path, w, "",
						"new SecretKeySpec(key, \""+alg+"\")", f.pos(at)))
				}
			}
		case q == jDESKeySpec || q == jDESedeKeySpec:
			alg := map[string]string{jDESKeySpec: "DES", jDESedeKeySpec: "3DES"}[q]
			f.findings = append(f.findings, javaCipherFinding(f.path, alg, "", "new "+simple+"(key)", f.pos(n)))
		case strings.HasPrefix(q, jBouncyDigests) || strings.HasPrefix(q, jBouncyEngines):
			alg, ok := javaBouncyClasses[simple]
			if !ok {
				continue
			}
			api := "new " + simple + "() (Bouncy Castle)"
			if strings.HasSuffix(simple, "Digest") {
				h := map[string]weakHash{"MD5": hashMD5, "MD4": hashMD4, "MD2": hashMD2, "SHA-1": hashSHA1}[alg]
				f.findings = append(f.findings, javaHashFinding(f.path, h, api, "new SHA256Digest()", "", f.pos(n)))
			} else {
				f.findings = append(f.findings, javaCipherFinding(f.path, alg, "", api, f.pos(n)))
			}
		case q == jApacheNoop4 || q == jApacheNoop5 || q == jApacheAllowAll:
			f.findings = append(f.findings, javaNoVerifyFinding(f.path, "new "+simple+"()",
				"it accepts any host name", "Use the default hostname verifier (DefaultHostnameVerifier).", f.pos(n)))
		case q == jApacheTrustAll4 || q == jApacheTrustAll5:
			f.findings = append(f.findings, javaNoVerifyFinding(f.path, "new "+simple+"()",
				"it trusts every certificate chain", "Load the private CA into the trust material instead.", f.pos(n)))
		case q == jX509TrustManager || q == jX509ExtTrustMgr || q == jHostnameVerifier:
			for _, ch := range f.namedChildren(n) {
				if ch.KindId() == f.g.classBody {
					f.checkBody(&ch, q)
				}
			}
		}
	}
}

// checkInsecureConstant reports NoopHostnameVerifier.INSTANCE, ALLOW_ALL_HOSTNAME_VERIFIER and
// TrustAllStrategy.INSTANCE passed to any call.
func (f *javaFile) checkInsecureConstant(n *ts.Node) {
	if n.KindId() != f.g.fieldAccess {
		return
	}
	obj, field := n.ChildByFieldId(f.g.fObject), n.ChildByFieldId(f.g.fField)
	if obj == nil || field == nil {
		return
	}
	name := f.text(field)
	for _, q := range f.qualifyType(obj) {
		simple := q[strings.LastIndexByte(q, '.')+1:]
		switch {
		case name == "INSTANCE" && (q == jApacheNoop4 || q == jApacheNoop5):
			f.findings = append(f.findings, javaNoVerifyFinding(f.path, simple+".INSTANCE",
				"it accepts any host name", "Use the default hostname verifier (DefaultHostnameVerifier).", f.pos(n)))
		case name == "ALLOW_ALL_HOSTNAME_VERIFIER" && q == jApacheSSLFactory:
			f.findings = append(f.findings, javaNoVerifyFinding(f.path, simple+"."+name,
				"it accepts any host name", "Use SSLConnectionSocketFactory.getDefaultHostnameVerifier().", f.pos(n)))
		case name == "INSTANCE" && (q == jApacheTrustAll4 || q == jApacheTrustAll5):
			f.findings = append(f.findings, javaNoVerifyFinding(f.path, simple+".INSTANCE",
				"it trusts every certificate chain", "Load the private CA into the trust material instead.", f.pos(n)))
		}
	}
}

// checkProtocols reports SSL 3.0, TLS 1.0 or 1.1 among the protocols enabled on a socket, engine or
// SSLParameters; the receiver's type is not known, so the file must use javax.net.ssl.
func (f *javaFile) checkProtocols(method string, args []ts.Node) {
	if len(args) != 1 || !f.usesPackage("javax.net.ssl") {
		return
	}
	v := f.eval(&args[0], 0)
	if !v.ok || !v.isArr {
		return
	}
	inline := args[0].KindId() == f.g.arrayCreation || args[0].KindId() == f.g.arrayInit
	for i, p := range v.elems {
		if i >= javaMaxProtocolArg {
			return
		}
		if weak, ok := javaWeakProtocols[strings.ToUpper(p)]; ok && weak != "SSL" {
			at := f.pos(&args[0])
			if inline {
				at = f.pos(&v.nodes[i])
			}
			f.findings = append(f.findings, javaWeakTLSFinding(f.path, weak, method+"(…\""+p+"\"…)", at))
			return // one finding per call: the fix is the same
		}
	}
}

// okHTTPVersion returns the protocol an okhttp3.TlsVersion constant names when it is SSL 3.0, TLS 1.0 or 1.1.
func (f *javaFile) okHTTPVersion(n *ts.Node) string {
	if n.KindId() != f.g.fieldAccess {
		return ""
	}
	obj, field := n.ChildByFieldId(f.g.fObject), n.ChildByFieldId(f.g.fField)
	if obj == nil || field == nil || !f.isType(obj, jOkHTTPTLSVersion) {
		return ""
	}
	return map[string]string{"SSL_3_0": "SSLv3", "TLS_1_0": "TLSv1", "TLS_1_1": "TLSv1.1"}[f.text(field)]
}

// checkProtocolProperty reports System.setProperty("https.protocols" | "jdk.tls.client.protocols" …, "TLSv1,…").
func (f *javaFile) checkProtocolProperty(args []ts.Node) {
	key, _, ok := f.strArg(args, 0)
	if !ok || (key != "https.protocols" && key != "jdk.tls.client.protocols" && key != "jdk.tls.server.protocols") {
		return
	}
	value, at, ok := f.strArg(args, 1)
	if !ok {
		return
	}
	for _, p := range strings.Split(value, ",") {
		if weak, ok := javaWeakProtocols[strings.ToUpper(strings.TrimSpace(p))]; ok && weak != "SSL" {
			f.findings = append(f.findings, javaWeakTLSFinding(f.path, weak,
				"System.setProperty(\""+key+"\", …)", f.pos(at)))
			return
		}
	}
}

// usesPackage reports whether the file imports anything from a package.
func (f *javaFile) usesPackage(pkg string) bool {
	for _, q := range f.imports {
		if strings.HasPrefix(q, pkg+".") {
			return true
		}
	}
	for _, p := range f.onDemand {
		if p == pkg {
			return true
		}
	}
	return false
}

// checkType reports a class that implements X509TrustManager or HostnameVerifier and trusts everything.
func (f *javaFile) checkType(n *ts.Node) {
	g := f.g
	var supers []ts.Node
	if sc := n.ChildByFieldId(g.fSuperclass); sc != nil {
		supers = append(supers, f.namedChildren(sc)...)
	}
	if si := n.ChildByFieldId(g.fInterfaces); si != nil {
		for _, tl := range f.namedChildren(si) {
			if tl.KindId() == g.typeList {
				supers = append(supers, f.namedChildren(&tl)...)
			}
		}
	}
	body := n.ChildByFieldId(g.fBody)
	if body == nil {
		return
	}
	for i := range supers {
		for _, q := range f.qualifyType(&supers[i]) {
			if q == jX509TrustManager || q == jX509ExtTrustMgr || q == jHostnameVerifier {
				f.checkBody(body, q)
				return
			}
		}
	}
}

// checkBody reports checkServerTrusted methods that do nothing and verify methods that return true.
func (f *javaFile) checkBody(body *ts.Node, iface string) {
	g := f.g
	for _, m := range f.namedChildren(body) {
		if m.KindId() != g.methodDecl {
			continue
		}
		name, block := m.ChildByFieldId(g.fName), m.ChildByFieldId(g.fBody)
		if name == nil || block == nil {
			continue
		}
		stmts := f.namedChildren(block)
		switch {
		case iface != jHostnameVerifier && f.text(name) == "checkServerTrusted":
			if len(stmts) == 0 || (len(stmts) == 1 && stmts[0].KindId() == g.returnStmt && len(f.namedChildren(&stmts[0])) == 0) {
				f.findings = append(f.findings, javaNoVerifyFinding(f.path, "X509TrustManager.checkServerTrusted",
					"it returns without checking the chain, so every certificate is trusted",
					"Use the platform trust manager (TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm())) "+
						"initialised with a KeyStore that holds your private CA.", f.pos(name)))
			}
		case iface == jHostnameVerifier && f.text(name) == "verify":
			if len(stmts) == 1 && f.returnsTrue(&stmts[0]) {
				f.findings = append(f.findings, javaNoVerifyFinding(f.path, "HostnameVerifier.verify",
					"it returns true for every host name",
					"Remove the custom verifier and keep HttpsURLConnection's default.", f.pos(name)))
			}
		}
	}
}

// returnsTrue reports whether a statement is `return true;`.
func (f *javaFile) returnsTrue(stmt *ts.Node) bool {
	if stmt.KindId() != f.g.returnStmt {
		return false
	}
	kids := f.namedChildren(stmt)
	return len(kids) == 1 && kids[0].KindId() == f.g.trueLit
}

// javaVerifierSetters are methods whose argument decides which host names or certificates are accepted.
var javaVerifierSetters = map[string]string{
	"setHostnameVerifier": "host", "setDefaultHostnameVerifier": "host", "hostnameVerifier": "host",
	"setSSLHostnameVerifier": "host", "loadTrustMaterial": "chain",
}

// checkLambda reports (host, session) -> true given as a hostname verifier, and (chain, authType) -> true
// given as trust material.
func (f *javaFile) checkLambda(n *ts.Node) {
	g := f.g
	body := n.ChildByFieldId(g.fBody)
	if body == nil {
		return
	}
	switch body.KindId() {
	case g.trueLit:
	case g.block:
		stmts := f.namedChildren(body)
		if len(stmts) != 1 || !f.returnsTrue(&stmts[0]) {
			return
		}
	default:
		return
	}
	kind := ""
	p := n.Parent()
	switch {
	case p == nil:
		return
	case p.KindId() == g.argumentList:
		if call := p.Parent(); call != nil && call.KindId() == g.methodInvocation {
			if name := call.ChildByFieldId(g.fName); name != nil {
				kind = javaVerifierSetters[f.text(name)]
			}
		}
	case p.KindId() == g.varDeclarator:
		if decl := p.Parent(); decl != nil && f.isType(decl.ChildByFieldId(g.fType), jHostnameVerifier) {
			kind = "host"
		}
	}
	switch kind {
	case "host":
		f.findings = append(f.findings, javaNoVerifyFinding(f.path, "a HostnameVerifier lambda",
			"it returns true for every host name", "Remove the custom verifier and keep the default.", f.pos(n)))
	case "chain":
		f.findings = append(f.findings, javaNoVerifyFinding(f.path, "a TrustStrategy lambda",
			"it trusts every certificate chain", "Load the private CA into the trust material instead.", f.pos(n)))
	}
}
