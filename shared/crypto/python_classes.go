//go:build cgo

package crypto

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	ts "github.com/tree-sitter/go-tree-sitter"
)

// pyClassKind is what a cipher, mode, key or TLS API of Python does.
type pyClassKind uint8

const (
	pcCipher    pyClassKind = iota + 1 // a weak cipher of cryptography: algorithms.TripleDES(key)
	pcCipherCtx                        // cryptography's Cipher(algorithm, mode)
	pcMode                             // cryptography's modes.ECB()
	pcPCNew                            // a PyCryptodome cipher: DES.new(key, mode)
	pcHash                             // a weak hash object: hashes.MD5(), Crypto.Hash.MD5.new()
	pcDSAGen                           // a DSA key or parameter generator with a size
	pcDHGen                            // a Diffie-Hellman parameter generator with a size
	pcECGen                            // cryptography's ec.generate_private_key(curve)
	pcECCGen                           // PyCryptodome's ECC.generate(curve=…)
	pcQuantum                          // any other use of a classical public-key algorithm
	pcNoVerify                         // a call that turns certificate verification off
	pcHTTP                             // an HTTP client call that takes verify=
	pcPool                             // urllib3 pools and managers: cert_reqs=, ssl_minimum_version=
)

// pyClassAPI is a known cipher, mode, key or TLS API.
type pyClassAPI struct {
	kind    pyClassKind
	display string
	alg     string   // the algorithm, for ciphers and quantum uses
	weak    bool     // pcPCNew: the cipher itself is weak
	hash    weakHash // pcHash
	fix     string   // pcHash: the replacement
	// rule, what and replacement describe a pcQuantum use.
	rule, what, replacement string
	sizeAt                  int    // pcDSAGen, pcDHGen: the size's position
	sizeKw                  string // and keyword
}

const (
	pyCryptography = "cryptography.hazmat.primitives."
	pyAESGCMFix    = "AESGCM(key).encrypt(nonce, data, None) from cryptography.hazmat.primitives.ciphers.aead, " +
		"with a 32-byte key and a fresh 12-byte nonce"
	pyPCGCMFix = "AES.new(key, AES.MODE_GCM) with a 32-byte key"
)

// pyClassAPIs are the known cipher, mode, key and TLS APIs, by fully qualified name.
var pyClassAPIs = buildPyClassAPIs()

func buildPyClassAPIs() map[string]pyClassAPI {
	m := map[string]pyClassAPI{}
	for alg, names := range map[string][]string{"3DES": {"TripleDES"}, "RC4": {"ARC4"}, "Blowfish": {"Blowfish"},
		"IDEA": {"IDEA"}, "CAST5": {"CAST5"}, "SEED": {"SEED"}} {
		for _, n := range names {
			for _, pkg := range []string{pyCryptography + "ciphers.algorithms.", "cryptography.hazmat.decrepit.ciphers.algorithms."} {
				m[pkg+n] = pyClassAPI{kind: pcCipher, display: "algorithms." + n + " (cryptography)", alg: alg}
			}
		}
	}
	m[pyCryptography+"ciphers.Cipher"] = pyClassAPI{kind: pcCipherCtx, display: "Cipher (cryptography)"}
	m[pyCryptography+"ciphers.base.Cipher"] = m[pyCryptography+"ciphers.Cipher"]
	m[pyCryptography+"ciphers.modes.ECB"] = pyClassAPI{kind: pcMode, display: "modes.ECB (cryptography)"}
	m[pyCryptography+"hashes.MD5"] = pyClassAPI{kind: pcHash, display: "hashes.MD5 (cryptography)", hash: hashMD5, fix: "hashes.SHA256()"}
	m[pyCryptography+"hashes.SHA1"] = pyClassAPI{kind: pcHash, display: "hashes.SHA1 (cryptography)", hash: hashSHA1, fix: "hashes.SHA256()"}
	asym := pyCryptography + "asymmetric."
	m[asym+"dsa.generate_private_key"] = pyClassAPI{kind: pcDSAGen, display: "dsa.generate_private_key (cryptography)", sizeKw: "key_size"}
	m[asym+"dsa.generate_parameters"] = pyClassAPI{kind: pcDSAGen, display: "dsa.generate_parameters (cryptography)", sizeKw: "key_size"}
	m[asym+"dh.generate_parameters"] = pyClassAPI{kind: pcDHGen, display: "dh.generate_parameters (cryptography)", sizeAt: 1, sizeKw: "key_size"}
	m[asym+"ec.generate_private_key"] = pyClassAPI{kind: pcECGen, display: "ec.generate_private_key (cryptography)"}
	q := func(display, rule, alg, what, repl string) pyClassAPI {
		return pyClassAPI{kind: pcQuantum, display: display, rule: rule, alg: alg, what: what, replacement: repl}
	}
	m[asym+"ec.ECDSA"] = q("ec.ECDSA (cryptography)", RuleQuantumVulnerableECDSA, "ECDSA", "ECDSA signing", pqSignatures)
	m[asym+"ec.ECDH"] = q("ec.ECDH (cryptography)", RuleQuantumVulnerableECDH, "ECDH", "ECDH key agreement", pqKeyAgreement)
	for _, k := range []struct{ mod, class, rule, alg, repl string }{
		{"ed25519", "Ed25519PrivateKey", RuleQuantumVulnerableEdDSA, "Ed25519", pqSignatures},
		{"ed448", "Ed448PrivateKey", RuleQuantumVulnerableEdDSA, "Ed448", pqSignatures},
		{"x25519", "X25519PrivateKey", RuleQuantumVulnerableECDH, "X25519", pqKeyAgreement},
		{"x448", "X448PrivateKey", RuleQuantumVulnerableECDH, "X448", pqKeyAgreement},
	} {
		for _, fn := range []string{"generate", "from_private_bytes"} {
			m[asym+k.mod+"."+k.class+"."+fn] = q(k.class+"."+fn+" (cryptography)", k.rule, k.alg, k.alg+" key", k.repl)
		}
	}
	for _, top := range []string{"Crypto", "Cryptodome"} {
		for mod, alg := range map[string]string{"DES": "DES", "DES3": "3DES", "ARC2": "RC2", "ARC4": "RC4",
			"Blowfish": "Blowfish", "CAST": "CAST5"} {
			m[top+".Cipher."+mod+".new"] = pyClassAPI{kind: pcPCNew, display: mod + ".new (" + top + ")", alg: alg, weak: true}
		}
		m[top+".Cipher.AES.new"] = pyClassAPI{kind: pcPCNew, display: "AES.new (" + top + ")", alg: "AES"}
		for mod, h := range map[string]weakHash{"MD5": hashMD5, "SHA1": hashSHA1, "SHA": hashSHA1, "MD4": hashMD4} {
			m[top+".Hash."+mod+".new"] = pyClassAPI{kind: pcHash, display: mod + ".new (" + top + ")", hash: h,
				fix: "SHA256.new(…) from " + top + ".Hash"}
		}
		m[top+".PublicKey.DSA.generate"] = pyClassAPI{kind: pcDSAGen, display: "DSA.generate (" + top + ")", sizeKw: "bits"}
		m[top+".PublicKey.ECC.generate"] = pyClassAPI{kind: pcECCGen, display: "ECC.generate (" + top + ")"}
		m[top+".Signature.pkcs1_15.new"] = q("pkcs1_15.new ("+top+")", RuleQuantumVulnerableRSA, "RSA", "RSA PKCS#1 v1.5 signing", pqSignatures)
		m[top+".Signature.pss.new"] = q("pss.new ("+top+")", RuleQuantumVulnerableRSA, "RSA", "RSA-PSS signing", pqSignatures)
		m[top+".Signature.DSS.new"] = q("DSS.new ("+top+")", RuleQuantumVulnerableECDSA, "DSA/ECDSA", "DSA/ECDSA signing", pqSignatures)
		m[top+".Cipher.PKCS1_OAEP.new"] = q("PKCS1_OAEP.new ("+top+")", RuleQuantumVulnerableRSA, "RSA", "RSA-OAEP encryption", pqKeyAgreement)
		m[top+".Cipher.PKCS1_v1_5.new"] = q("PKCS1_v1_5.new ("+top+")", RuleQuantumVulnerableRSA, "RSA", "RSA PKCS#1 v1.5 encryption", pqKeyAgreement)
	}
	m["ssl._create_unverified_context"] = pyClassAPI{kind: pcNoVerify, display: "ssl._create_unverified_context"}
	for _, fn := range []string{"get", "post", "put", "patch", "delete", "head", "options", "request"} {
		m["requests."+fn] = pyClassAPI{kind: pcHTTP, display: "requests." + fn}
		m["requests.api."+fn] = pyClassAPI{kind: pcHTTP, display: "requests." + fn}
		m["httpx."+fn] = pyClassAPI{kind: pcHTTP, display: "httpx." + fn}
	}
	for _, c := range []string{"Client", "AsyncClient", "stream"} {
		m["httpx."+c] = pyClassAPI{kind: pcHTTP, display: "httpx." + c}
	}
	for _, c := range []string{"PoolManager", "ProxyManager", "HTTPSConnectionPool", "connection_from_url"} {
		m["urllib3."+c] = pyClassAPI{kind: pcPool, display: "urllib3." + c}
	}
	return m
}

// pyClassConsts are the protocol constants that allow a version below TLS 1.2, by fully qualified name.
var pyClassConsts = map[string]string{
	"ssl.PROTOCOL_SSLv2":     "SSL 2.0",
	"ssl.PROTOCOL_SSLv3":     "SSL 3.0",
	"ssl.PROTOCOL_TLSv1":     "TLS 1.0",
	"ssl.PROTOCOL_TLSv1_1":   "TLS 1.1",
	"ssl.TLSVersion.SSLv3":   "SSL 3.0",
	"ssl.TLSVersion.TLSv1":   "TLS 1.0",
	"ssl.TLSVersion.TLSv1_1": "TLS 1.1",
}

// classAPI returns the cipher, mode, key or TLS API a callee names.
func (f *pyFile) classAPI(fn *ts.Node, s *pyScope) (pyClassAPI, bool) {
	return classAPIOf(f.qualify(fn, s, 0))
}

// classAPIOf returns the cipher, mode, key or TLS API of the first qualified name that is one.
func classAPIOf(quals []string) (pyClassAPI, bool) {
	for _, q := range quals {
		if api, ok := pyClassAPIs[q]; ok {
			return api, true
		}
	}
	return pyClassAPI{}, false
}

func (f *pyFile) add(u classUse) { f.findings = append(f.findings, u.finding(f.path)) }

// classCall reports a call of a cipher, mode, key or TLS API.
func (f *pyFile) classCall(call ts.Node, args pyArgs, api pyClassAPI, s *pyScope) {
	at := f.pos(&call)
	switch api.kind {
	case pcCipher:
		f.add(weakCipherUse(api.alg, api.display, pyAESGCMFix, at))
	case pcCipherCtx:
		f.cipherCtx(args, s)
	case pcMode:
		if !f.consumed[call.Id()] {
			f.add(ecbUse("block cipher", api.display, pyAESGCMFix, at))
		}
	case pcPCNew:
		mode, hasMode := args.arg(1, "mode")
		ecb := hasMode && f.qualifiesTo(&mode, s, func(q string) bool { return strings.HasSuffix(q, ".MODE_ECB") })
		switch {
		case api.weak:
			f.add(weakCipherUse(api.alg, api.display, pyPCGCMFix, at))
		case ecb:
			f.add(ecbUse(api.alg, api.display, pyPCGCMFix, f.pos(&mode)))
		case !hasMode && !args.splat && !args.dictSplat && len(args.positional) == 1:
			u := ecbUse(api.alg, api.display, pyPCGCMFix, at)
			u.msg += " Without a mode, PyCrypto's AES.new uses ECB (PyCryptodome rejects the call)."
			f.add(u)
		}
	case pcHash:
		f.findings = append(f.findings, hashUse{hash: api.hash, api: api.display, fix: api.fix,
			nonSecurity: f.nonSecurityContext(&call), at: at}.finding(f.path))
	case pcDSAGen, pcDHGen:
		f.sizedKey(call, args, api, s)
	case pcECGen:
		curve, ok := args.arg(0, "curve")
		name := ""
		if ok {
			c := curve
			if c.KindId() == f.g.call {
				if fn := c.ChildByFieldId(f.g.fFunction); fn != nil {
					c = *fn
				}
			}
			for _, q := range f.qualify(&c, s, 0) {
				if strings.HasPrefix(q, pyCryptography+"asymmetric.ec.") {
					name = q[strings.LastIndexByte(q, '.')+1:]
				}
			}
		}
		f.ecKey(api.display, name, at)
	case pcECCGen:
		name := ""
		if v, ok := args.arg(-1, "curve"); ok {
			if e := f.eval(&v, s, 0); e.ok && e.isStr {
				name = e.s
			}
		}
		f.ecKey(api.display, name, at)
	case pcQuantum:
		f.add(quantumUse(api.rule, api.alg, api.what, api.display, api.replacement, at))
	case pcNoVerify:
		f.add(noVerifyUse(api.display, "Use ssl.create_default_context() (with cafile= for a private CA)", at))
	case pcHTTP:
		if v, ok := args.keyword("verify"); ok && v.KindId() == f.g.falseLit {
			f.add(noVerifyUse(api.display+"(verify=False)", "Remove verify=False; pass verify=\"/path/to/ca-bundle.pem\" "+
				"to trust a private CA", f.pos(&v)))
		}
	case pcPool:
		if v, ok := args.keyword("cert_reqs"); ok {
			e := f.eval(&v, s, 0)
			none := (e.ok && e.isStr && e.s == "CERT_NONE") ||
				f.qualifiesTo(&v, s, func(q string) bool { return q == "ssl.CERT_NONE" })
			if none {
				f.add(noVerifyUse(api.display+"(cert_reqs=CERT_NONE)", "Use cert_reqs=\"CERT_REQUIRED\" (the default) "+
					"with ca_certs= for a private CA", f.pos(&v)))
			}
		}
		if v, ok := args.keyword("ssl_minimum_version"); ok {
			f.versionConst(&v, s, api.display+"(ssl_minimum_version=…)")
		}
	}
}

// qualifiesTo reports whether an expression names something that match accepts.
func (f *pyFile) qualifiesTo(n *ts.Node, s *pyScope, match func(string) bool) bool {
	for _, q := range f.qualify(n, s, 0) {
		if match(q) {
			return true
		}
	}
	return false
}

// cipherCtx reports cryptography's Cipher(algorithm, modes.ECB()): ECB with the algorithm it encrypts with.
// A weak cipher is reported by its own constructor, the worse finding, so its ECB mode is not reported again.
func (f *pyFile) cipherCtx(args pyArgs, s *pyScope) {
	alg, ok1 := args.arg(0, "algorithm")
	mode, ok2 := args.arg(1, "mode")
	if !ok1 || !ok2 || mode.KindId() != f.g.call {
		return
	}
	modeAPI, ok := f.classAPI(mode.ChildByFieldId(f.g.fFunction), s)
	if !ok || modeAPI.kind != pcMode {
		return
	}
	f.consumed[mode.Id()] = true
	name := "block cipher"
	if alg.KindId() == f.g.call {
		if a, ok := f.classAPI(alg.ChildByFieldId(f.g.fFunction), s); ok && a.kind == pcCipher {
			return
		}
		for _, q := range f.qualify(alg.ChildByFieldId(f.g.fFunction), s, 0) {
			if strings.HasPrefix(q, pyCryptography+"ciphers.algorithms.") {
				name = q[strings.LastIndexByte(q, '.')+1:]
			}
		}
	}
	f.add(ecbUse(name, modeAPI.display, pyAESGCMFix, f.pos(&mode)))
}

// sizedKey reports a DSA or Diffie-Hellman generation: short below 2048 bits, else quantum-vulnerable.
func (f *pyFile) sizedKey(call ts.Node, args pyArgs, api pyClassAPI, s *pyScope) {
	shortRule, qRule, alg, repl := RuleShortKeyDSA, RuleQuantumVulnerableDSA, "DSA", pqSignatures
	if api.kind == pcDHGen {
		shortRule, qRule, alg, repl = RuleShortKeyDH, RuleQuantumVulnerableDH, "DH", pqKeyAgreement
	}
	at := f.pos(&call)
	var size keySize
	if arg, ok := args.arg(api.sizeAt, api.sizeKw); ok {
		size = f.keySize(arg, s)
	}
	if size.known && size.bits < minRSABits {
		fix := fmt.Sprintf("Use key_size=%d at least if %s must stay in the interim", interimRSABits, alg)
		if size.from != "" {
			fix = fmt.Sprintf("Raise %s to %d at least if %s must stay in the interim", size.from, interimRSABits, alg)
		}
		f.add(shortKeyUse(shortRule, alg, api.display, size.bits, minRSABits, fix, at))
		return
	}
	what, ks := alg, ""
	if size.known {
		what, ks = fmt.Sprintf("%s-%s", alg, size.text), size.text
	}
	f.add(quantumUse(qRule, alg, what, api.display, repl, at, "keySize", ks))
}

var curveDigits = regexp.MustCompile(`\d{3}`)

// ecKey reports an elliptic-curve key generation: short below 224 bits, else quantum-vulnerable. A curve
// named Ed25519 or Ed448 (PyCryptodome) is EdDSA.
func (f *pyFile) ecKey(api, curve string, at position) {
	lower := strings.ToLower(curve)
	if strings.HasPrefix(lower, "ed25519") || strings.HasPrefix(lower, "ed448") {
		f.add(quantumUse(RuleQuantumVulnerableEdDSA, curve, curve+" key", api, pqSignatures, at, "curve", curve))
		return
	}
	if d := curveDigits.FindString(lower); d != "" {
		if bits, err := strconv.Atoi(d); err == nil && bits < 224 {
			f.add(shortKeyUse(RuleShortKeyEC, "EC", api, int64(bits), 224,
				"Use ec.SECP256R1() (P-256) or larger in the interim", at, "curve", curve))
			return
		}
	}
	what := "EC key"
	if curve != "" {
		what = "EC key on " + curve
	}
	f.add(quantumUse(RuleQuantumVulnerableECDSA, "EC", what, api, pqSignatures+" for signatures, "+pqKeyAgreement+
		" for key agreement", at, "curve", curve))
}

// classArg reports a protocol constant that allows SSL or TLS below 1.2 passed to a call: SSLContext,
// wrap_socket, ssl_version=.
func (f *pyFile) classArg(v *ts.Node, quals []string) {
	for _, q := range quals {
		if version, ok := pyClassConsts[q]; ok && strings.HasPrefix(q, "ssl.PROTOCOL_") {
			f.add(weakTLSVersionUse(version, q, "ssl.create_default_context() (TLS 1.2 or later), or "+
				"SSLContext(ssl.PROTOCOL_TLS_CLIENT) with minimum_version = ssl.TLSVersion.TLSv1_2", f.pos(v)))
			return
		}
	}
}

// versionConst reports a TLSVersion below 1.2 set as a minimum or maximum.
func (f *pyFile) versionConst(v *ts.Node, s *pyScope, api string) {
	for _, q := range f.qualify(v, s, 0) {
		if version, ok := pyClassConsts[q]; ok && strings.HasPrefix(q, "ssl.TLSVersion.") {
			f.add(weakTLSVersionUse(version, api, "ssl.TLSVersion.TLSv1_2 (or TLSv1_3)", f.pos(v)))
			return
		}
	}
}

// checkAttrAssign reports TLS settings assigned to attributes: ctx.minimum_version, ctx.verify_mode,
// ssl._create_default_https_context, session.verify.
func (f *pyFile) checkAttrAssign(n ts.Node, s *pyScope) {
	left, right := n.ChildByFieldId(f.g.fLeft), n.ChildByFieldId(f.g.fRight)
	if left == nil || right == nil {
		return
	}
	attr := left.ChildByFieldId(f.g.fAttribute)
	if attr == nil {
		return
	}
	switch f.text(attr) {
	case "minimum_version", "maximum_version":
		f.versionConst(right, s, "SSLContext."+f.text(attr))
		if f.text(attr) == "minimum_version" {
			f.versionInventory(right, s, "SSLContext.minimum_version")
		}
	case "verify_mode":
		if f.qualifiesTo(right, s, func(q string) bool { return q == "ssl.CERT_NONE" }) {
			f.add(noVerifyUse("SSLContext.verify_mode = ssl.CERT_NONE", "Keep verify_mode = ssl.CERT_REQUIRED and "+
				"check_hostname = True; load a private CA with load_verify_locations()", f.pos(&n)))
		}
	case "_create_default_https_context":
		if f.qualifiesTo(right, s, func(q string) bool { return q == "ssl._create_unverified_context" }) {
			f.add(noVerifyUse("ssl._create_default_https_context = ssl._create_unverified_context",
				"Remove the assignment; load a private CA with ssl.create_default_context(cafile=…)", f.pos(&n)))
		}
	case "verify":
		if right.KindId() == f.g.falseLit {
			f.add(noVerifyUse("session.verify = False", "Remove it; set session.verify to a CA bundle path for a "+
				"private CA", f.pos(&n)))
		}
	}
}

// nonSecurityName returns "the name x" when node n names what it holds or does after a checksum, an ETag
// or a cache key: an assignment's target, a keyword argument, a function definition.
func (f *pyFile) nonSecurityName(n *ts.Node) string {
	g := f.g
	var name *ts.Node
	switch n.KindId() {
	case g.assignment, g.augAssignment:
		name = n.ChildByFieldId(g.fLeft)
		if name != nil && name.KindId() == g.attribute {
			name = name.ChildByFieldId(g.fAttribute)
		}
	case g.keywordArgument, g.functionDef:
		name = n.ChildByFieldId(g.fName)
	default:
		return ""
	}
	if name != nil && name.KindId() == g.identifier && nonSecurityName(f.text(name)) {
		return "the name " + f.text(name)
	}
	return ""
}

// nonSecurityContext returns the evidence that a hash call is not for security: the name it is assigned to,
// the keyword it is passed as, or the function it is in, recorded by bindAll.
func (f *pyFile) nonSecurityContext(call *ts.Node) string { return f.nonSecCalls[call.Id()] }
