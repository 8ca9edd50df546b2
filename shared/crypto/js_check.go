//go:build cgo

package crypto

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/attestdev/attest/shared/finding"
	ts "github.com/tree-sitter/go-tree-sitter"
)

// jsHashNames maps the digest names Node's crypto (OpenSSL's, any case) and WebCrypto accept to weak hashes.
var jsHashNames = map[string]weakHash{
	"md5": hashMD5, "rsa-md5": hashMD5, "md5withrsaencryption": hashMD5, "ssl3-md5": hashMD5,
	"sha1": hashSHA1, "sha-1": hashSHA1, "rsa-sha1": hashSHA1, "rsa-sha1-2": hashSHA1,
	"sha1withrsaencryption": hashSHA1, "ssl3-sha1": hashSHA1, "ecdsa-with-sha1": hashSHA1,
	"md4": hashMD4, "rsa-md4": hashMD4, "md4withrsaencryption": hashMD4,
	"md5-sha1": hashMD5SHA1,
}

// jsPQ is where Node.js offers the post-quantum replacements.
const jsPQ = "Node.js 24.7+ with OpenSSL 3.5 offers generateKeyPairSync('ml-dsa-65') and 'ml-kem-768'"

// jsArgs returns the arguments of a call or new expression.
func (f *jsFile) jsArgs(n *ts.Node) []ts.Node {
	return f.namedChildren(n.ChildByFieldId(f.g.fArguments))
}

func argAt(args []ts.Node, i int) *ts.Node {
	if i < len(args) {
		return &args[i]
	}
	return nil
}

func (f *jsFile) checkCall(n ts.Node) {
	callee := n.ChildByFieldId(f.g.fFunction)
	if f.kind(&n) == "new_expression" {
		callee = n.ChildByFieldId(f.g.fConstructor)
	}
	if callee == nil {
		return
	}
	q := f.qualify(callee, 0)
	if q == "" {
		return
	}
	args := f.jsArgs(&n)
	f.inventoryCall(&n, q, args)
	switch q {
	case "crypto.createHash", "crypto.hash":
		f.checkHash(&n, argAt(args, 0), q, "crypto.createHash('sha256')")
	case "crypto.createSign", "crypto.createVerify", "crypto.sign", "crypto.verify":
		f.checkHash(&n, argAt(args, 0), q, q+"('sha256')")
	case "crypto.createHmac":
		f.checkHMAC(argAt(args, 0), q, "crypto.createHmac('sha256', key)")
	case "crypto.createCipheriv", "crypto.createDecipheriv", "crypto.createCipher", "crypto.createDecipher":
		f.checkCipherName(argAt(args, 0), q)
	case "crypto.generateKeyPair", "crypto.generateKeyPairSync":
		f.checkKeyPair(args, q)
	case "crypto.createECDH":
		f.checkCurve(argAt(args, 0), q, RuleQuantumVulnerableECDH, "ECDH", false)
	case "crypto.createDiffieHellman":
		f.checkDH(argAt(args, 0), q)
	case "crypto.createDiffieHellmanGroup", "crypto.getDiffieHellman":
		f.checkDHGroup(argAt(args, 0), q)
	case "webcrypto.subtle.generateKey":
		f.checkWebKey(argAt(args, 0), q, false)
	case "webcrypto.subtle.importKey":
		f.checkWebKey(argAt(args, 2), q, true)
	case "webcrypto.subtle.digest":
		f.checkHash(&n, argAt(args, 0), "crypto.subtle.digest", "crypto.subtle.digest('SHA-256', data)")
	case "CryptoJS.MD5", "CryptoJS.SHA1":
		h := hashMD5
		if q == "CryptoJS.SHA1" {
			h = hashSHA1
		}
		f.add(hashUse{hash: h, api: q, fix: "CryptoJS.SHA256(message)", nonSecurity: f.nonSecurity(&n),
			at: f.pos(callee)}.finding(f.path), nil)
	case "CryptoJS.HmacMD5", "CryptoJS.HmacSHA1":
		h := hashMD5
		if q == "CryptoJS.HmacSHA1" {
			h = hashSHA1
		}
		f.hmacFinding(callee, h, q, "CryptoJS.HmacSHA256(message, key)")
	case "CryptoJS.DES.encrypt", "CryptoJS.DES.decrypt":
		f.weakCipher(callee, jsCipher{alg: "DES", keySize: "56"}, q)
	case "CryptoJS.TripleDES.encrypt", "CryptoJS.TripleDES.decrypt":
		f.weakCipher(callee, jsCipher{alg: "3DES", keySize: "168"}, q)
	case "CryptoJS.RC4.encrypt", "CryptoJS.RC4.decrypt", "CryptoJS.RC4Drop.encrypt", "CryptoJS.RC4Drop.decrypt":
		f.weakCipher(callee, jsCipher{alg: "RC4"}, q)
	case "CryptoJS.AES.encrypt", "CryptoJS.AES.decrypt":
		f.checkCryptoJSMode(argAt(args, 2), q)
	}
}

// checkHash reports a weak digest named by arg.
func (f *jsFile) checkHash(call, arg *ts.Node, api, fix string) {
	v := f.eval(arg, 0)
	if v.kind != jsStr {
		return
	}
	h, ok := jsHashNames[strings.ToLower(v.s)]
	if !ok {
		return
	}
	f.add(hashUse{hash: h, api: api, fix: fix, nonSecurity: f.nonSecurity(call), at: f.pos(arg)}.finding(f.path), nil)
}

func (f *jsFile) checkHMAC(arg *ts.Node, api, fix string) {
	v := f.eval(arg, 0)
	if v.kind != jsStr {
		return
	}
	if h, ok := jsHashNames[strings.ToLower(v.s)]; ok {
		f.hmacFinding(arg, h, api, fix)
	}
}

// hmacFinding reports HMAC over a weak hash as a note: HMAC does not rest on collision resistance, so it is
// not broken, but it belongs in the inventory and new code should not choose it.
func (f *jsFile) hmacFinding(at *ts.Node, h weakHash, api, fix string) {
	standing := fmt.Sprintf("%s is not a NIST-approved hash (NIST SP 800-131A Rev. 2), so HMAC-%s is not an approved MAC",
		h.name, h.name)
	if h == hashSHA1 {
		standing = "NIST retires SHA-1 for all uses, HMAC included, by 31 December 2030 (NIST SP 800-131A Rev. 2 " +
			"allows HMAC-SHA-1 until then)"
	}
	f.add(finding.Finding{RuleID: RuleWeakHash, Level: finding.LevelNote,
		Message: fmt.Sprintf("HMAC-%s via %s: HMAC does not rely on the collision resistance that breaks %s, so it is "+
			"not broken, but %s; kept as a note for the cryptography inventory. Use HMAC-SHA-256: %s.",
			h.name, api, h.name, standing, fix),
		Props: map[string]string{"algorithm": h.name, "api": api, "use": "hmac"}}, at)
}

// jsCipher is a cipher named by the code: its algorithm, mode and key size as far as the name says.
type jsCipher struct {
	alg, mode, keySize string
	weak               bool
}

var cipherModes = map[string]bool{"ecb": true, "cbc": true, "cfb": true, "cfb1": true, "cfb8": true, "ofb": true,
	"ctr": true, "gcm": true, "ccm": true, "ocb": true, "xts": true, "wrap": true}

var cipherBitsRe = regexp.MustCompile(`128|192|256`)

// classifyCipher reads an OpenSSL cipher name ("des-ede3-cbc", "aes-128-ecb", "bf-cbc").
func classifyCipher(name string) (jsCipher, bool) {
	l := strings.ToLower(strings.TrimSpace(name))
	var c jsCipher
	if i := strings.LastIndexByte(l, '-'); i >= 0 && cipherModes[l[i+1:]] {
		c.mode = strings.ToUpper(l[i+1:])
	}
	has := func(p string) bool { return l == p || strings.HasPrefix(l, p+"-") }
	switch {
	case has("des-ede3") || has("des3") || l == "des-ede3":
		c.alg, c.keySize, c.weak = "3DES", "168", true
	case has("des-ede"):
		c.alg, c.keySize, c.weak = "3DES", "112", true
	case has("des") || has("desx"):
		c.alg, c.keySize, c.weak = "DES", "56", true
	case strings.HasPrefix(l, "rc4"):
		c.alg, c.weak = "RC4", true
		if strings.HasPrefix(l, "rc4-40") {
			c.keySize = "40"
		}
	case strings.HasPrefix(l, "rc2"):
		c.alg, c.weak = "RC2", true
		if strings.HasPrefix(l, "rc2-40") {
			c.keySize = "40"
		} else if strings.HasPrefix(l, "rc2-64") {
			c.keySize = "64"
		}
	case has("bf") || has("blowfish"):
		c.alg, c.weak = "Blowfish", true
	case has("idea"):
		c.alg, c.weak = "IDEA", true
	case has("cast5") || has("cast"):
		c.alg, c.weak = "CAST5", true
	case has("seed"):
		c.alg, c.weak = "SEED", true
	case c.mode == "ECB":
		base := strings.TrimSuffix(l, "-ecb")
		if m := cipherBitsRe.FindString(base); m != "" {
			c.keySize = m
			base = strings.Trim(strings.Replace(base, m, "", 1), "-")
		}
		c.alg = strings.ToUpper(base)
	default:
		return c, false
	}
	return c, true
}

var cipherWhy = map[string]string{
	"DES": "DES has a 56-bit key that can be searched exhaustively in hours; NIST withdrew it and NIST SP 800-131A " +
		"Rev. 2 disallows it",
	"3DES": "Triple DES has a 64-bit block that leaks plaintext after about 32 GB under one key (Sweet32); NIST SP " +
		"800-131A Rev. 2 disallows two-key 3DES and three-key 3DES for encryption after 2023",
	"RC4": "RC4 keystream biases recover plaintext; RFC 7465 prohibits it in TLS and NIST SP 800-131A Rev. 2 " +
		"approves it for no use",
	"RC2": "RC2 is not a NIST-approved cipher (NIST SP 800-131A Rev. 2), has a 64-bit block and is often used " +
		"with 40-bit keys",
	"Blowfish": "Blowfish has a 64-bit block that falls to birthday attacks (Sweet32) and is not a NIST-approved " +
		"cipher (NIST SP 800-131A Rev. 2)",
	"IDEA": "IDEA has a 64-bit block that falls to birthday attacks (Sweet32) and is not a NIST-approved cipher " +
		"(NIST SP 800-131A Rev. 2)",
	"CAST5": "CAST5 has a 64-bit block that falls to birthday attacks (Sweet32) and is not a NIST-approved cipher " +
		"(NIST SP 800-131A Rev. 2)",
	"SEED": "SEED is not a NIST-approved cipher (NIST SP 800-131A Rev. 2)",
}

const jsGCMFix = "crypto.createCipheriv('aes-256-gcm', key, iv) with a 32-byte key, a fresh random 12-byte iv " +
	"per message, and cipher.getAuthTag() checked on decryption"

func (f *jsFile) checkCipherName(arg *ts.Node, api string) {
	v := f.eval(arg, 0)
	if v.kind != jsStr {
		return
	}
	c, ok := classifyCipher(v.s)
	if !ok {
		return
	}
	if c.weak {
		f.weakCipher(arg, c, fmt.Sprintf("%s('%s')", api, v.s))
		return
	}
	desc := c.alg
	if c.keySize != "" {
		desc += "-" + c.keySize
	}
	f.add(finding.Finding{RuleID: RuleECBMode, Level: finding.LevelError,
		Message: fmt.Sprintf("%s in ECB mode via %s('%s'): ECB encrypts equal plaintext blocks to equal ciphertext "+
			"blocks, so patterns in the data show through, and it gives no integrity; NIST SP 800-38A defines ECB "+
			"for single blocks, not messages. Use AES-256-GCM: %s.", desc, api, v.s, jsGCMFix),
		Props: cipherProps(c, api)}, arg)
}

func cipherProps(c jsCipher, api string) map[string]string {
	p := map[string]string{"algorithm": c.alg, "api": api}
	if c.mode != "" {
		p["mode"] = c.mode
	}
	if c.keySize != "" {
		p["keySize"] = c.keySize
	}
	return p
}

func (f *jsFile) weakCipher(at *ts.Node, c jsCipher, api string) {
	desc := c.alg
	if c.mode != "" {
		desc += " in " + c.mode + " mode"
	}
	fix := jsGCMFix
	if strings.HasPrefix(api, "CryptoJS") {
		fix = "CryptoJS.AES.encrypt(message, key) with a 256-bit key from a KDF, or better WebCrypto AES-GCM " +
			"(crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, data))"
	}
	f.add(finding.Finding{RuleID: RuleWeakCipher, Level: finding.LevelError,
		Message: fmt.Sprintf("%s via %s: %s. Use AES-256-GCM: %s.", desc, api, cipherWhy[c.alg], fix),
		Props:   cipherProps(c, strings.SplitN(api, "(", 2)[0])}, at)
}

func (f *jsFile) checkCryptoJSMode(opts *ts.Node, api string) {
	v := f.eval(opts, 0)
	if v.kind != jsObj {
		return
	}
	val, at, ok := f.prop(v.obj, "mode", 0)
	if !ok || val == nil || f.qualify(val, 0) != "CryptoJS.mode.ECB" {
		return
	}
	f.add(finding.Finding{RuleID: RuleECBMode, Level: finding.LevelError,
		Message: "AES in ECB mode via " + api + " ({ mode: CryptoJS.mode.ECB }): ECB encrypts equal plaintext " +
			"blocks to equal ciphertext blocks, so patterns in the data show through, and it gives no integrity; " +
			"NIST SP 800-38A defines ECB for single blocks, not messages. Drop the mode option and move to AES-GCM " +
			"(WebCrypto crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, data)).",
		Props: map[string]string{"algorithm": "AES", "mode": "ECB", "api": api}}, f.within(at, opts))
}

// within returns the property at that sets an option, or the argument arg when no property does: a finding
// is on the line where the offending value is written, inline or in a constant object, which is where it is
// fixed.
func (f *jsFile) within(at, arg *ts.Node) *ts.Node {
	if at != nil {
		return at
	}
	return arg
}

// option reads property key of an options argument: its value, the node to report, and whether the options
// are known at all (an argument that is not a constant object is not).
func (f *jsFile) option(opts *ts.Node, key string) (v jsVal, at *ts.Node, known bool) {
	o := f.eval(opts, 0)
	if o.kind != jsObj {
		return jsVal{}, opts, false
	}
	val, pat, ok := f.prop(o.obj, key, 0)
	if !ok {
		return jsVal{}, opts, true
	}
	if val == nil {
		return jsVal{}, f.within(pat, opts), false
	}
	v = f.eval(val, 0)
	if v.from == "" && f.kind(f.unwrap(val)) == "shorthand_property_identifier" {
		v.from = key
	}
	return v, f.within(pat, opts), true
}

func (f *jsFile) checkKeyPair(args []ts.Node, api string) {
	typeArg, opts := argAt(args, 0), argAt(args, 1)
	tv := f.eval(typeArg, 0)
	if tv.kind != jsStr {
		return
	}
	switch typ := strings.ToLower(tv.s); typ {
	case "rsa", "rsa-pss":
		v, at, known := f.option(opts, "modulusLength")
		size := unknownSize("modulusLength is not a constant in this file")
		switch {
		case v.kind == jsNum:
			size = sizeFromBig(v.num, v.from)
		case known && opts != nil && v.kind == jsUnknown && at == opts:
			return // no modulusLength: Node throws, nothing is generated
		case opts == nil:
			return
		}
		if !size.known || size.bits >= minRSABits {
			at = typeArg
		}
		g := rsaKeyGen{api: api + "('" + tv.s + "')", size: size, pq: jsPQ, at: f.pos(at),
			fix: api + "('" + tv.s + "', { modulusLength: " + itoa(interimRSABits) + " })"}
		f.add(g.finding(f.path), nil)
	case "dsa":
		v, at, _ := f.option(opts, "modulusLength")
		if v.kind == jsNum && v.num.Cmp(bigInt(2048)) < 0 {
			f.shortKey(at, RuleShortKeyDSA, "DSA", v.num.String(), api+"('dsa')", "DSA keys below 2048 bits for signatures",
				"Sign with ML-DSA-65 (FIPS 204); as an interim classical choice, generateKeyPairSync('ed25519')")
			return
		}
		f.quantum(typeArg, RuleQuantumVulnerableDSA, "DSA", numText(v), "", api+"('dsa')", true)
	case "dh":
		if v, at, _ := f.option(opts, "primeLength"); v.kind == jsNum {
			if v.num.Cmp(bigInt(2048)) < 0 {
				f.shortKey(at, RuleShortKeyDH, "DH", v.num.String(), api+"('dh')", "finite-field Diffie-Hellman below "+
					"2048 bits (Logjam) for key establishment", "Use ML-KEM-768 (FIPS 203), or X25519 as an interim")
				return
			}
			f.quantum(typeArg, RuleQuantumVulnerableDH, "DH", v.num.String(), "", api+"('dh')", false)
			return
		}
		if v, at, _ := f.option(opts, "group"); v.kind == jsStr {
			if bits, ok := modpBits[strings.ToLower(v.s)]; ok && bits < 2048 {
				f.shortKey(at, RuleShortKeyDH, "DH", strconv.Itoa(bits), api+"('dh') group "+v.s,
					"finite-field Diffie-Hellman below 2048 bits (Logjam) for key establishment",
					"Use ML-KEM-768 (FIPS 203), or X25519 as an interim")
				return
			}
		}
		f.quantum(typeArg, RuleQuantumVulnerableDH, "DH", "", "", api+"('dh')", false)
	case "ec":
		v, at, _ := f.option(opts, "namedCurve")
		if v.kind != jsStr {
			if opts == nil {
				return
			}
			f.quantum(typeArg, RuleQuantumVulnerableECDSA, "ECDSA", "", "", api+"('ec')", true)
			return
		}
		f.curveFinding(typeArg, at, v.s, api+"('ec')", RuleQuantumVulnerableECDSA, "ECDSA", true)
	case "ed25519", "ed448":
		f.quantum(typeArg, RuleQuantumVulnerableEdDSA, map[string]string{"ed25519": "Ed25519", "ed448": "Ed448"}[typ],
			"", "", api+"('"+tv.s+"')", true)
	case "x25519", "x448":
		f.quantum(typeArg, RuleQuantumVulnerableECDH, map[string]string{"x25519": "X25519", "x448": "X448"}[typ],
			"", "", api+"('"+tv.s+"')", false)
	}
}

func bigInt(n int64) *big.Int { return big.NewInt(n) }

func numText(v jsVal) string {
	if v.kind == jsNum {
		return v.num.String()
	}
	return ""
}

// modpBits are the sizes of the RFC 2409/3526 groups Node names.
var modpBits = map[string]int{"modp1": 768, "modp2": 1024, "modp5": 1536, "modp14": 2048, "modp15": 3072,
	"modp16": 4096, "modp17": 6144, "modp18": 8192}

var curveBitsRe = regexp.MustCompile(`\d{3}`)

// curveBits reads the size of a named curve (secp192r1, prime192v1, P-256, brainpoolP160r1), 0 when unknown.
func curveBits(name string) int {
	l := strings.ToLower(name)
	switch l {
	case "x25519", "ed25519", "curve25519":
		return 255
	case "x448", "ed448", "curve448":
		return 448
	}
	if m := curveBitsRe.FindString(l); m != "" {
		n, _ := strconv.Atoi(m)
		return n
	}
	return 0
}

// curveFinding reports an elliptic-curve key: short below 224 bits, quantum-vulnerable otherwise. The short
// key is reported where the curve is named (at), the quantum finding where the algorithm is (algAt).
func (f *jsFile) curveFinding(algAt, at *ts.Node, curve, api, quantumRule, family string, signature bool) {
	if bits := curveBits(curve); bits > 0 && bits < 224 {
		f.add(finding.Finding{RuleID: RuleShortKeyEC, Level: finding.LevelError,
			Message: fmt.Sprintf("%s on curve %s (%d bits) from %s: curves below 224 bits give less than 112-bit "+
				"security, which NIST SP 800-131A Rev. 2 disallows. Use P-256 or larger in the interim "+
				"(namedCurve: 'prime256v1') and plan the migration to %s.", family, curve, bits, api, pqFor(signature)),
			Props: map[string]string{"algorithm": family, "curve": curve, "keySize": strconv.Itoa(bits), "api": api}}, at)
		return
	}
	f.quantum(algAt, quantumRule, family, "", curve, api, signature)
}

func (f *jsFile) checkCurve(arg *ts.Node, api, rule, family string, signature bool) {
	v := f.eval(arg, 0)
	if v.kind != jsStr {
		return
	}
	f.curveFinding(arg, arg, v.s, api+"('"+v.s+"')", rule, family, signature)
}

func (f *jsFile) checkDH(arg *ts.Node, api string) {
	if arg == nil {
		return
	}
	v := f.eval(arg, 0)
	if v.kind == jsNum {
		if v.num.Cmp(bigInt(2048)) < 0 {
			f.shortKey(arg, RuleShortKeyDH, "DH", v.num.String(), api, "finite-field Diffie-Hellman below 2048 "+
				"bits (Logjam) for key establishment", "Use ML-KEM-768 (FIPS 203), or crypto.createECDH / X25519 as an interim")
			return
		}
		f.quantum(arg, RuleQuantumVulnerableDH, "DH", v.num.String(), "", api, false)
		return
	}
	f.quantum(arg, RuleQuantumVulnerableDH, "DH", "", "", api, false)
}

func (f *jsFile) checkDHGroup(arg *ts.Node, api string) {
	v := f.eval(arg, 0)
	if v.kind != jsStr {
		return
	}
	bits, ok := modpBits[strings.ToLower(v.s)]
	if !ok {
		return
	}
	if bits < 2048 {
		f.shortKey(arg, RuleShortKeyDH, "DH", strconv.Itoa(bits), api+"('"+v.s+"')", "finite-field "+
			"Diffie-Hellman below 2048 bits (Logjam) for key establishment",
			"Use ML-KEM-768 (FIPS 203), or X25519 as an interim")
		return
	}
	f.quantum(arg, RuleQuantumVulnerableDH, "DH", strconv.Itoa(bits), "", api+"('"+v.s+"')", false)
}

func pqFor(signature bool) string {
	if signature {
		return "ML-DSA-65 (FIPS 204) or SLH-DSA (FIPS 205) for signatures"
	}
	return "ML-KEM-768 (FIPS 203), hybrid X25519MLKEM768 in TLS, for key establishment"
}

// quantum reports a quantum-vulnerable public-key algorithm.
func (f *jsFile) quantum(at *ts.Node, rule, alg, keySize, curve, api string, signature bool) {
	if at == nil {
		return
	}
	desc := alg
	props := map[string]string{"algorithm": alg, "api": api, "deprecatedAfter": "2030", "disallowedAfter": "2035"}
	if keySize != "" {
		desc += "-" + keySize
		props["keySize"] = keySize
	}
	desc += " key"
	if curve != "" {
		desc += " on curve " + curve
		props["curve"] = curve
	}
	f.add(finding.Finding{RuleID: rule, Level: finding.LevelWarning,
		Message: fmt.Sprintf("%s from %s is quantum-vulnerable: Shor's algorithm breaks it at any key size, and "+
			"NIST IR 8547 deprecates such public-key algorithms after 2030 (at 112-bit security) and disallows them "+
			"after 2035. Plan the migration to %s (%s).", desc, api, pqFor(signature), jsPQ),
		Props: props}, at)
}

// shortKey reports a public key below its family's minimum.
func (f *jsFile) shortKey(at *ts.Node, rule, alg, bits, api, what, fix string) {
	f.add(finding.Finding{RuleID: rule, Level: finding.LevelError,
		Message: fmt.Sprintf("%s key of %s bits from %s: NIST SP 800-131A Rev. 2 disallows %s, and NIST IR 8547 "+
			"disallows %s of every size after 2035. %s.", alg, bits, api, what, alg, fix),
		Props: map[string]string{"algorithm": alg, "keySize": bits, "api": api}}, at)
}

// checkWebKey reports the algorithm of crypto.subtle.generateKey or importKey.
func (f *jsFile) checkWebKey(alg *ts.Node, api string, imported bool) {
	if alg == nil {
		return
	}
	api = strings.Replace(api, "webcrypto.", "crypto.", 1)
	v := f.eval(alg, 0)
	var name string
	algAt := alg // where the algorithm is named: the name property of an object
	switch v.kind {
	case jsStr:
		name = v.s
	case jsObj:
		if n, nat, _ := f.option(alg, "name"); n.kind == jsStr {
			name, algAt = n.s, nat
		}
		hv, hat, _ := f.option(alg, "hash")
		if hv.kind == jsObj {
			if val, _, ok := f.prop(hv.obj, "name", 0); ok {
				hv = f.eval(val, 0)
			}
		}
		if hv.kind == jsStr {
			if h, ok := jsHashNames[strings.ToLower(hv.s)]; ok {
				u := hashUse{hash: h, api: api, fix: "hash: 'SHA-256'", at: f.pos(hat)}.finding(f.path)
				u.Message = strings.Replace(u.Message, " via "+api, " via "+api+" (hash: '"+hv.s+"')", 1)
				f.add(u, nil)
			}
		}
	default:
		return
	}
	switch up := strings.ToUpper(name); up {
	case "RSASSA-PKCS1-V1_5", "RSA-PSS", "RSA-OAEP":
		desc := api + " (" + name + ")"
		if imported {
			f.add(finding.Finding{RuleID: RuleQuantumVulnerableRSA, Level: finding.LevelWarning,
				Message: fmt.Sprintf("RSA key imported with %s is quantum-vulnerable: Shor's algorithm breaks RSA at any "+
					"size, and NIST IR 8547 deprecates 2048-bit RSA after 2030 and disallows RSA after 2035. Plan the "+
					"migration to %s.", desc, pqFor(up != "RSA-OAEP")),
				Props: map[string]string{"algorithm": "RSA", "api": api, "keySize": "unknown",
					"deprecatedAfter": "2030", "disallowedAfter": "2035"}}, algAt)
			return
		}
		mv, at, _ := f.option(alg, "modulusLength")
		size := unknownSize("modulusLength is not a constant in this file")
		if mv.kind == jsNum {
			size = sizeFromBig(mv.num, mv.from)
		}
		if !size.known || size.bits >= minRSABits {
			at = algAt
		}
		f.add(rsaKeyGen{api: desc, size: size, at: f.pos(at),
			fix: "modulusLength: " + itoa(interimRSABits)}.finding(f.path), nil)
	case "ECDSA", "ECDH":
		rule, sig := RuleQuantumVulnerableECDSA, true
		if up == "ECDH" {
			rule, sig = RuleQuantumVulnerableECDH, false
		}
		cv, at, _ := f.option(alg, "namedCurve")
		if cv.kind == jsStr {
			f.curveFinding(algAt, at, cv.s, api, rule, up, sig)
			return
		}
		f.quantum(algAt, rule, up, "", "", api, sig)
	case "ED25519", "ED448":
		f.quantum(algAt, RuleQuantumVulnerableEdDSA, "Ed"+up[2:], "", "", api, true)
	case "X25519", "X448":
		f.quantum(algAt, RuleQuantumVulnerableECDH, up, "", "", api, false)
	}
}

// jsNonSecurityWords are names that show a digest is used as an identifier of content, not to protect it.
var jsNonSecurityWords = []string{"etag", "checksum", "cachekey", "contentmd5", "cachebust"}

// nonSecurity returns the evidence that a digest is used for a non-security purpose: the name of the variable,
// property, function or header it feeds ("the name etag"); "" when there is none.
func (f *jsFile) nonSecurity(call *ts.Node) string {
	p := call
	for i := 0; i < 24; i++ {
		p = p.Parent()
		if p == nil {
			return ""
		}
		var names []string
		stop := false
		switch f.kind(p) {
		case "variable_declarator":
			names = append(names, f.text(p.ChildByFieldId(f.g.fName)))
		case "assignment_expression":
			names = append(names, f.text(p.ChildByFieldId(f.g.fLeft)))
		case "pair":
			names = append(names, f.keyName(p.ChildByFieldId(f.g.fKey)))
		case "arguments":
			for _, a := range f.namedChildren(p) {
				if v := f.evalString(&a); f.kind(&a) == "string" && v.kind == jsStr {
					names = append(names, v.s)
				}
			}
		case "function_declaration", "method_definition", "function_expression", "function":
			names = append(names, f.text(p.ChildByFieldId(f.g.fName)))
			stop = true
		case "program", "class_body":
			return ""
		}
		for _, n := range names {
			if len(n) > 64 {
				continue
			}
			norm := strings.NewReplacer("_", "", "-", "", " ", "", ".", "").Replace(strings.ToLower(n))
			for _, w := range jsNonSecurityWords {
				if strings.Contains(norm, w) {
					return "by the name " + n
				}
			}
		}
		if stop {
			return ""
		}
	}
	return ""
}

// tlsOldVersions are the protocol names Node's minVersion and maxVersion accept that RFC 8996 deprecates.
var tlsOldVersions = map[string]string{"TLSv1": "TLS 1.0", "TLSv1.1": "TLS 1.1", "SSLv3": "SSL 3.0"}

var tlsOldMethodRe = regexp.MustCompile(`^(SSLv2|SSLv3|TLSv1|TLSv1_1)_(client_|server_)?method$`)

// weakSuiteRe matches OpenSSL cipher-list tokens that enable broken suites.
var weakSuiteRe = regexp.MustCompile(`(?i)(^|[-_])(RC4|DES|3DES|DES-CBC3|NULL|ENULL|ANULL|EXPORT|EXP|MD5|RC2|IDEA)($|[-_])`)

const tlsFix = "Set minVersion: 'TLSv1.2' (TLS 1.3 where both ends support it, with hybrid X25519MLKEM768 key " +
	"exchange where the runtime's OpenSSL 3.5+ offers it)"

// checkPair reports TLS options in any object literal: these names and values are Node's TLS options whether
// the object goes straight to tls.connect or through a library (an https.Agent, a database driver's ssl).
func (f *jsFile) checkPair(p ts.Node) {
	keyNode, valNode := p.ChildByFieldId(f.g.fKey), p.ChildByFieldId(f.g.fValue)
	if f.kind(&p) == "shorthand_property_identifier" { // { rejectUnauthorized } names a variable of that name
		keyNode, valNode = &p, &p
	}
	key := f.keyName(keyNode)
	switch key {
	case "rejectUnauthorized", "minVersion", "maxVersion", "secureProtocol", "ciphers":
	default:
		return
	}
	v := f.eval(valNode, 0)
	switch key {
	case "rejectUnauthorized":
		if (v.kind == jsBool && !v.b) || (v.kind == jsNum && v.num.Sign() == 0) {
			f.add(finding.Finding{RuleID: RuleTLSVerifyDisabled, Level: finding.LevelError,
				Message: "TLS certificate verification disabled (rejectUnauthorized: false): the client accepts any " +
					"certificate, so anyone on the network path can impersonate the server and read or change the " +
					"traffic; NIST SP 800-52 Rev. 2 requires clients to validate the server certificate. Remove the " +
					"option; to trust a private CA, pass it as ca: fs.readFileSync('ca.pem').",
				Props: map[string]string{"algorithm": "TLS", "api": key}}, &p)
		}
	case "minVersion", "maxVersion":
		if v.kind != jsStr {
			return
		}
		f.tlsVersionInventory(&p, key, v.s)
		if name, ok := tlsOldVersions[v.s]; ok {
			f.weakTLSVersion(&p, key+": '"+v.s+"'", v.s, name, key)
		}
	case "secureProtocol":
		if v.kind == jsStr && tlsOldMethodRe.MatchString(v.s) {
			f.weakTLSVersion(&p, "secureProtocol: '"+v.s+"'", strings.SplitN(v.s, "_", 2)[0],
				"a single legacy protocol version", key)
		}
	case "ciphers":
		if v.kind != jsStr {
			return
		}
		var weak []string
		for _, tok := range strings.FieldsFunc(v.s, func(r rune) bool { return r == ':' || r == ',' || r == ' ' }) {
			if strings.HasPrefix(tok, "!") || strings.HasPrefix(tok, "-") || strings.HasPrefix(tok, "@") {
				continue
			}
			if weakSuiteRe.MatchString(strings.TrimPrefix(tok, "+")) {
				weak = append(weak, tok)
			}
		}
		if len(weak) == 0 {
			return
		}
		f.add(finding.Finding{RuleID: RuleWeakTLSCipher, Level: finding.LevelError,
			Message: fmt.Sprintf("TLS cipher list enables %s: RC4, DES/3DES, NULL, export-grade and MD5 suites are "+
				"broken or weak, NIST SP 800-52 Rev. 2 excludes them and RFC 7465 prohibits RC4. Drop the ciphers "+
				"option (Node's default list is safe) or list only TLS 1.3 and ECDHE AES-GCM or ChaCha20-Poly1305 suites.",
				strings.Join(weak, ":")),
			Props: map[string]string{"algorithm": strings.Join(weak, ":"), "api": key}}, &p)
	}
}

func (f *jsFile) weakTLSVersion(at *ts.Node, what, alg, name, api string) {
	f.add(finding.Finding{RuleID: RuleWeakTLSVersion, Level: finding.LevelError,
		Message: fmt.Sprintf("%s allows %s: RFC 8996 deprecates TLS 1.0 and 1.1 (RFC 7568 SSL 3.0), NIST SP 800-52 "+
			"Rev. 2 requires TLS 1.2 at least, and PCI DSS no longer accepts them as strong cryptography. %s.",
			what, name, tlsFix),
		Props: map[string]string{"algorithm": alg, "api": api}}, at)
}

// checkAssign reports process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0' and tls.DEFAULT_MIN_VERSION = 'TLSv1'.
func (f *jsFile) checkAssign(n ts.Node) {
	left := n.ChildByFieldId(f.g.fLeft)
	if left == nil || f.kind(&n) != "assignment_expression" {
		return
	}
	var prop string
	switch f.kind(left) {
	case "member_expression":
		prop = f.text(left.ChildByFieldId(f.g.fProperty))
	case "subscript_expression":
		if v := f.eval(left.ChildByFieldId(f.g.fIndex), 0); v.kind == jsStr {
			prop = v.s
		}
	default:
		return
	}
	obj := f.qualify(left.ChildByFieldId(f.g.fObject), 0)
	v := f.eval(n.ChildByFieldId(f.g.fRight), 0)
	switch {
	case obj == "process.env" && prop == "NODE_TLS_REJECT_UNAUTHORIZED":
		if (v.kind == jsStr && v.s == "0") || (v.kind == jsNum && v.num.Sign() == 0) {
			f.add(finding.Finding{RuleID: RuleTLSVerifyDisabled, Level: finding.LevelError,
				Message: "TLS certificate verification disabled for the whole process " +
					"(NODE_TLS_REJECT_UNAUTHORIZED = '0'): every HTTPS and TLS client accepts any certificate, so " +
					"anyone on the network path can impersonate a server; NIST SP 800-52 Rev. 2 requires clients to " +
					"validate server certificates. Remove the assignment; to trust a private CA, set " +
					"NODE_EXTRA_CA_CERTS to its PEM file.",
				Props: map[string]string{"algorithm": "TLS", "api": "NODE_TLS_REJECT_UNAUTHORIZED"}}, &n)
		}
	case obj == "tls" && (prop == "DEFAULT_MIN_VERSION" || prop == "DEFAULT_MAX_VERSION"):
		if v.kind == jsStr {
			if name, ok := tlsOldVersions[v.s]; ok {
				f.weakTLSVersion(&n, "tls."+prop+" = '"+v.s+"'", v.s, name, "tls."+prop)
			}
		}
	}
}

// add records a finding at node at (when given; a finding built with its position keeps it).
func (f *jsFile) add(fd finding.Finding, at *ts.Node) {
	if at != nil {
		p := f.pos(at)
		fd.Line, fd.Column, fd.Snippet = p.line, p.col, p.snippet
	}
	fd.Path = f.path
	f.findings = append(f.findings, fd)
}
