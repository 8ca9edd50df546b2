package crypto

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"
	"unicode"

	"github.com/attestdev/attest/shared/finding"
)

// goCiphers are the weak block and stream ciphers, by constructor.
var goCiphers = map[goAPI]string{
	{"crypto/des", "NewCipher"}:                         "DES",
	{"crypto/des", "NewTripleDESCipher"}:                "3DES",
	{"crypto/rc4", "NewCipher"}:                         "RC4",
	{"golang.org/x/crypto/blowfish", "NewCipher"}:       "Blowfish",
	{"golang.org/x/crypto/blowfish", "NewSaltedCipher"}: "Blowfish",
	{"golang.org/x/crypto/cast5", "NewCipher"}:          "CAST5",
	{"golang.org/x/crypto/tea", "NewCipher"}:            "TEA",
	{"golang.org/x/crypto/tea", "NewCipherWithRounds"}:  "TEA",
	{"golang.org/x/crypto/xtea", "NewCipher"}:           "XTEA",
}

// goQuantumAlg is a classical public-key family: its rule, its name in findings and its replacement.
type goQuantumAlg struct {
	rule, alg, replacement string
}

var (
	goECDSA   = goQuantumAlg{RuleQuantumVulnerableECDSA, "ECDSA", pqSignatures}
	goEdDSA   = goQuantumAlg{RuleQuantumVulnerableEdDSA, "Ed25519", pqSignatures}
	goECDH    = goQuantumAlg{RuleQuantumVulnerableECDH, "ECDH", pqKeyAgreement + " (crypto/mlkem in Go 1.24+)"}
	goDSA     = goQuantumAlg{RuleQuantumVulnerableDSA, "DSA", pqSignatures}
	goRSAUses = goQuantumAlg{RuleQuantumVulnerableRSA, "RSA",
		"ML-DSA-65 (FIPS 204) for signatures or ML-KEM-768 (FIPS 203; crypto/mlkem in Go 1.24+) for key establishment"}
)

// goQuantum are the calls of classical public-key algorithms. Every use is reported, not just key generation:
// a verifier or an encryptor holding a key generated elsewhere is as much part of the migration.
var goQuantum = map[goAPI]goQuantumAlg{
	{"crypto/ecdsa", "GenerateKey"}:                goECDSA,
	{"crypto/ecdsa", "Sign"}:                       goECDSA,
	{"crypto/ecdsa", "SignASN1"}:                   goECDSA,
	{"crypto/ecdsa", "Verify"}:                     goECDSA,
	{"crypto/ecdsa", "VerifyASN1"}:                 goECDSA,
	{"crypto/ecdsa", "ParseRawPrivateKey"}:         goECDSA,
	{"crypto/ecdsa", "ParseUncompressedPublicKey"}: goECDSA,
	{"crypto/ed25519", "GenerateKey"}:              goEdDSA,
	{"crypto/ed25519", "Sign"}:                     goEdDSA,
	{"crypto/ed25519", "Verify"}:                   goEdDSA,
	{"crypto/ed25519", "VerifyWithOptions"}:        goEdDSA,
	{"crypto/ed25519", "NewKeyFromSeed"}:           goEdDSA,
	{"crypto/ecdh", "X25519"}:                      goECDH,
	{"crypto/ecdh", "P256"}:                        goECDH,
	{"crypto/ecdh", "P384"}:                        goECDH,
	{"crypto/ecdh", "P521"}:                        goECDH,
	{"crypto/dsa", "GenerateParameters"}:           goDSA,
	{"crypto/dsa", "GenerateKey"}:                  goDSA,
	{"crypto/dsa", "Sign"}:                         goDSA,
	{"crypto/dsa", "Verify"}:                       goDSA,
	{"crypto/rsa", "SignPKCS1v15"}:                 goRSAUses,
	{"crypto/rsa", "SignPSS"}:                      goRSAUses,
	{"crypto/rsa", "VerifyPKCS1v15"}:               goRSAUses,
	{"crypto/rsa", "VerifyPSS"}:                    goRSAUses,
	{"crypto/rsa", "EncryptOAEP"}:                  goRSAUses,
	{"crypto/rsa", "EncryptPKCS1v15"}:              goRSAUses,
	{"crypto/rsa", "DecryptOAEP"}:                  goRSAUses,
	{"crypto/rsa", "DecryptPKCS1v15"}:              goRSAUses,
	{"crypto/rsa", "DecryptPKCS1v15SessionKey"}:    goRSAUses,
}

// goCurves names the curves of crypto/elliptic and crypto/ecdh.
var goCurves = map[string]string{"P224": "P-224", "P256": "P-256", "P384": "P-384", "P521": "P-521", "X25519": "X25519"}

// dsaSizes are crypto/dsa's parameter sizes in the order of its constants: L is the modulus size.
var dsaSizes = []struct {
	name string
	l, n int64
}{{"L1024N160", 1024, 160}, {"L2048N224", 2048, 224}, {"L2048N256", 2048, 256}, {"L3072N256", 3072, 256}}

func stubDSA(p *types.Package) {
	stubFuncs(p, 1, "GenerateParameters", "GenerateKey", "Verify")
	stubFuncs(p, 3, "Sign")
	sizes := types.NewNamed(types.NewTypeName(token.NoPos, p, "ParameterSizes", nil), types.Typ[types.Int], nil)
	p.Scope().Insert(sizes.Obj())
	for i, s := range dsaSizes {
		p.Scope().Insert(types.NewConst(token.NoPos, p, s.name, sizes, constant.MakeInt64(int64(i))))
	}
}

// TLS protocol versions and the hybrid post-quantum group, as crypto/tls numbers them.
const (
	tlsVersion12     = 0x0303
	tlsX25519MLKEM76 = 4588
)

// goTLSSuites are crypto/tls's cipher suite constants; insecure marks RC4, 3DES, CBC with SHA-1 or SHA-256
// (Lucky13), and RSA key exchange (no forward secrecy).
var goTLSSuites = []struct {
	name     string
	id       int64
	insecure bool
}{
	{"TLS_RSA_WITH_RC4_128_SHA", 0x0005, true},
	{"TLS_RSA_WITH_3DES_EDE_CBC_SHA", 0x000a, true},
	{"TLS_RSA_WITH_AES_128_CBC_SHA", 0x002f, true},
	{"TLS_RSA_WITH_AES_256_CBC_SHA", 0x0035, true},
	{"TLS_RSA_WITH_AES_128_CBC_SHA256", 0x003c, true},
	{"TLS_RSA_WITH_AES_128_GCM_SHA256", 0x009c, true},
	{"TLS_RSA_WITH_AES_256_GCM_SHA384", 0x009d, true},
	{"TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", 0xc007, true},
	{"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", 0xc009, true},
	{"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", 0xc00a, true},
	{"TLS_ECDHE_RSA_WITH_RC4_128_SHA", 0xc011, true},
	{"TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", 0xc012, true},
	{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", 0xc013, true},
	{"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", 0xc014, true},
	{"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", 0xc023, true},
	{"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", 0xc027, true},
	{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", 0xc02f, false},
	{"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", 0xc02b, false},
	{"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", 0xc030, false},
	{"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", 0xc02c, false},
	{"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", 0xcca8, false},
	{"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", 0xcca9, false},
	{"TLS_AES_128_GCM_SHA256", 0x1301, false},
	{"TLS_AES_256_GCM_SHA384", 0x1302, false},
	{"TLS_CHACHA20_POLY1305_SHA256", 0x1303, false},
}

// stubTLS declares the parts of crypto/tls the analyzer reads: Config's security fields, the version,
// curve and cipher suite constants, with their real values.
func stubTLS(p *types.Package) {
	u16 := types.Typ[types.Uint16]
	curve := types.NewNamed(types.NewTypeName(token.NoPos, p, "CurveID", nil), u16, nil)
	p.Scope().Insert(curve.Obj())
	field := func(name string, t types.Type) *types.Var { return types.NewField(token.NoPos, p, name, t, false) }
	cfg := types.NewStruct([]*types.Var{
		field("MinVersion", u16), field("MaxVersion", u16), field("InsecureSkipVerify", types.Typ[types.Bool]),
		field("CipherSuites", types.NewSlice(u16)), field("CurvePreferences", types.NewSlice(curve)),
	}, nil)
	p.Scope().Insert(types.NewNamed(types.NewTypeName(token.NoPos, p, "Config", nil), cfg, nil).Obj())
	untyped := types.Typ[types.UntypedInt]
	for name, v := range map[string]int64{"VersionSSL30": 0x0300, "VersionTLS10": 0x0301, "VersionTLS11": 0x0302,
		"VersionTLS12": 0x0303, "VersionTLS13": 0x0304} {
		p.Scope().Insert(types.NewConst(token.NoPos, p, name, untyped, constant.MakeInt64(v)))
	}
	for name, v := range map[string]int64{"CurveP256": 23, "CurveP384": 24, "CurveP521": 25, "X25519": 29,
		"X25519MLKEM768": tlsX25519MLKEM76} {
		p.Scope().Insert(types.NewConst(token.NoPos, p, name, curve, constant.MakeInt64(v)))
	}
	for _, s := range goTLSSuites {
		p.Scope().Insert(types.NewConst(token.NoPos, p, s.name, u16, constant.MakeInt64(s.id)))
	}
	stubFuncs(p, 1, "InsecureCipherSuites", "CipherSuites")
}

// classCall reports a call of a weak cipher or a classical public-key algorithm; it reports whether it did.
func (g *goFile) classCall(api goAPI, call *ast.CallExpr) bool {
	if alg, ok := goCiphers[api]; ok {
		g.add(weakCipherUse(alg, api.String(), "cipher.NewGCM(aes.NewCipher(key)) with a 32-byte key, from crypto/aes "+
			"and crypto/cipher", g.pos(call.Pos())))
		return true
	}
	q, ok := goQuantum[api]
	if !ok {
		return false
	}
	what, curve := q.alg, ""
	switch {
	case api.path == "crypto/ecdh":
		curve = goCurves[api.name]
		what = "ECDH over " + curve
		if api.name == "X25519" {
			q.alg, what = "X25519", "X25519 key agreement"
		}
	case api.path == "crypto/ecdsa" && api.name == "GenerateKey" && len(call.Args) > 0:
		if c, ok := g.curveOf(call.Args[0]); ok {
			curve = c
			what = "ECDSA over " + curve
		}
	case api.path == "crypto/dsa" && api.name == "GenerateParameters" && len(call.Args) > 2:
		if tv, ok := g.info.Types[ast.Unparen(call.Args[2])]; ok && tv.Value != nil {
			if i, ok := constant.Int64Val(constant.ToInt(tv.Value)); ok && i >= 0 && int(i) < len(dsaSizes) {
				s := dsaSizes[i]
				if s.l < minRSABits {
					g.add(shortKeyUse(RuleShortKeyDSA, "DSA", api.String(), s.l, minRSABits,
						"Use dsa.L2048N256 at least if DSA must stay for verification of old signatures", g.pos(call.Pos())))
					return true
				}
				what = fmt.Sprintf("DSA-%d", s.l)
				g.add(quantumUse(q.rule, q.alg, what, api.String(), q.replacement, g.pos(call.Pos()),
					"keySize", fmt.Sprint(s.l)))
				return true
			}
		}
	case api.path == "crypto/rsa":
		what = "RSA (" + api.name + ")"
	}
	g.add(quantumUse(q.rule, q.alg, what, api.String(), q.replacement, g.pos(call.Pos()), "curve", curve))
	return true
}

// curveOf returns the curve a crypto/elliptic call names: elliptic.P256().
func (g *goFile) curveOf(e ast.Expr) (string, bool) {
	call, ok := ast.Unparen(e).(*ast.CallExpr)
	if !ok {
		return "", false
	}
	api, _, ok := g.resolve(call.Fun)
	if !ok || api.path != "crypto/elliptic" {
		return "", false
	}
	c, ok := goCurves[api.name]
	return c, ok
}

func (g *goFile) add(u classUse) { g.findings = append(g.findings, u.finding(g.path)) }

// tlsField returns the name of the crypto/tls.Config field an identifier names, or "".
func (g *goFile) tlsField(id *ast.Ident) string {
	v, ok := g.info.Uses[id].(*types.Var)
	if !ok || !v.IsField() || v.Pkg() == nil || v.Pkg().Path() != "crypto/tls" {
		return ""
	}
	return v.Name()
}

// tlsSetting checks one setting of a tls.Config, in a composite literal (at is the key-value pair) or an
// assignment (at is the statement).
func (g *goFile) tlsSetting(field string, value ast.Expr, at ast.Node) {
	value = ast.Unparen(value)
	api := "tls.Config." + field
	switch field {
	case "MinVersion", "MaxVersion":
		s := g.keySize(value, 0) // a version is an integer constant like a key size
		if field == "MinVersion" && s.known && s.bits > 0 {
			g.tlsVersionAsset(s.bits, api, at)
		}
		if !s.known || s.bits == 0 || s.bits >= tlsVersion12 || (field == "MaxVersion" && s.bits > tlsVersion12-1) {
			return
		}
		fix := field + ": tls.VersionTLS12 (or tls.VersionTLS13)"
		if field == "MaxVersion" {
			fix = "remove MaxVersion, or set it to tls.VersionTLS13"
		}
		g.add(weakTLSVersionUse(tlsVersionName(s.bits), api, fix, g.pos(at.Pos())))
	case "InsecureSkipVerify":
		if tv, ok := g.info.Types[value]; ok && tv.Value != nil && constant.BoolVal(tv.Value) {
			g.add(noVerifyUse(api, "Remove InsecureSkipVerify: true and set RootCAs to a pool with the CA", g.pos(at.Pos())))
		}
	case "CipherSuites":
		lit, ok := value.(*ast.CompositeLit)
		if !ok {
			return
		}
		for _, el := range lit.Elts {
			tv, ok := g.info.Types[ast.Unparen(el)]
			if !ok || tv.Value == nil {
				continue
			}
			id, ok := constant.Int64Val(constant.ToInt(tv.Value))
			if !ok {
				continue
			}
			for _, s := range goTLSSuites {
				if s.id == id && s.insecure {
					g.add(tlsUse(RuleWeakTLSCipher, finding.LevelError, s.name, api, fmt.Sprintf("Insecure TLS cipher suite %s "+
						"via %s: it uses RC4, 3DES, CBC with SHA-1/SHA-256 or RSA key exchange without forward "+
						"secrecy, which NIST SP 800-52 Rev. 2 does not allow. Remove it; leave CipherSuites unset "+
						"to get Go's secure defaults (TLS 1.3 suites cannot be configured and are always safe), or "+
						"list only ECDHE suites with AES-GCM or ChaCha20-Poly1305.", s.name, api), g.pos(el.Pos())))
				}
			}
		}
	case "CurvePreferences":
		lit, ok := value.(*ast.CompositeLit)
		if !ok || len(lit.Elts) == 0 {
			return
		}
		var names []string
		for _, el := range lit.Elts {
			tv, ok := g.info.Types[ast.Unparen(el)]
			if !ok || tv.Value == nil {
				return // a curve chosen at run time: nothing to say
			}
			if id, ok := constant.Int64Val(constant.ToInt(tv.Value)); ok && id == tlsX25519MLKEM76 {
				return
			}
			names = append(names, g.code(el, "curve"))
		}
		g.add(tlsUse(RuleQuantumVulnerableTLS, finding.LevelWarning, "ECDHE", api, fmt.Sprintf("TLS key exchange limited to "+
			"classical ECDHE groups via %s (%s), which leaves out hybrid X25519MLKEM768: %s. Put tls.X25519MLKEM768 first in CurvePreferences (Go 1.24+), or "+
			"leave it unset to get Go's default, which offers it.", api, strings.Join(names, ", "), pqTLS),
			g.pos(at.Pos()), "curve", strings.Join(names, ",")))
	}
}

// godebug reports a GODEBUG setting that turns hybrid post-quantum key exchange off; value is the setting's
// text and api where it is set.
func (g *goFile) godebug(value, api string, at position) {
	if u, ok := godebugUse(value, api, at); ok {
		g.add(u)
	}
}

// godebugUse checks a GODEBUG value ("a=1,tlsmlkem=0") for tlsmlkem=0.
func godebugUse(value, api string, at position) (classUse, bool) {
	for _, kv := range strings.FieldsFunc(value, func(r rune) bool { return r == ',' || unicode.IsSpace(r) }) {
		if k, v, _ := strings.Cut(kv, "="); strings.TrimSpace(k) == "tlsmlkem" && strings.TrimSpace(v) == "0" {
			return tlsUse(RuleQuantumVulnerableTLS, finding.LevelWarning, "X25519MLKEM768", api, fmt.Sprintf(
				"tlsmlkem=0 via %s turns off hybrid X25519MLKEM768 key exchange, so every TLS connection uses "+
					"classical key exchange only: %s. "+
					"Remove tlsmlkem=0; if a peer fails with the larger ClientHello, fix or report the peer.", api, pqTLS),
				at), true
		}
	}
	return classUse{}, false
}

// setenv reports os.Setenv("GODEBUG", "…tlsmlkem=0…").
func (g *goFile) setenv(call *ast.CallExpr) {
	if len(call.Args) != 2 {
		return
	}
	k, ok1 := g.info.Types[ast.Unparen(call.Args[0])]
	v, ok2 := g.info.Types[ast.Unparen(call.Args[1])]
	if !ok1 || !ok2 || k.Value == nil || v.Value == nil || k.Value.Kind() != constant.String || v.Value.Kind() != constant.String {
		return
	}
	if constant.StringVal(k.Value) == "GODEBUG" {
		g.godebug(constant.StringVal(v.Value), `os.Setenv("GODEBUG", …)`, g.pos(call.Pos()))
	}
}

// goDirectives reports //go:debug tlsmlkem=0 directives, which set GODEBUG for the program built.
func (g *goFile) goDirectives(f *ast.File) {
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if rest, ok := strings.CutPrefix(c.Text, "//go:debug "); ok {
				g.godebug(rest, "//go:debug", g.pos(c.Pos()))
			}
		}
	}
}

// nonSecurityRanges records the code whose weak hashes are evidently not for security: the value assigned
// to a variable or field named like a checksum, ETag or cache key, and the body of a function so named.
func (g *goFile) nonSecurityRanges(f *ast.File) {
	add := func(name string, n ast.Node) {
		if n != nil && nonSecurityName(name) {
			g.nonSec = append(g.nonSec, nonSecRange{n.Pos(), n.End(), "the name " + name})
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			add(n.Name.Name, n.Body)
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) {
				for i, l := range n.Lhs {
					add(exprName(l), n.Rhs[i])
				}
			} else if len(n.Rhs) == 1 && len(n.Lhs) > 0 {
				add(exprName(n.Lhs[0]), n.Rhs[0])
			}
		case *ast.ValueSpec:
			for i, name := range n.Names {
				if i < len(n.Values) {
					add(name.Name, n.Values[i])
				}
			}
		case *ast.KeyValueExpr:
			add(exprName(n.Key), n.Value)
		}
		return true
	})
}

// exprName is the last name of an identifier or selector.
func exprName(e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return e.Sel.Name
	}
	return ""
}

type nonSecRange struct {
	start, end token.Pos
	why        string
}

// nonSecurityAt returns the evidence that code at p is not for security, or "".
func (g *goFile) nonSecurityAt(p token.Pos) string {
	for _, r := range g.nonSec {
		if p >= r.start && p < r.end {
			return r.why
		}
	}
	return ""
}

// nonSecurityName reports whether an identifier names a checksum, an ETag or a cache key: the uses of MD5
// and SHA-1 that interoperate with a format rather than protect anything. The name is split into words
// (camelCase, snake_case), so that targetAge is not an ETag.
func nonSecurityName(name string) bool {
	words := identWords(name)
	for i, w := range words {
		switch w {
		case "checksum", "checksums", "etag", "etags", "cachekey", "cachekeys":
			return true
		case "cache":
			if i+1 < len(words) && (words[i+1] == "key" || words[i+1] == "keys") {
				return true
			}
		}
	}
	return false
}

// identWords splits an identifier into lower-case words; "ETag" is one word, as it is spelled so.
func identWords(name string) []string {
	name = strings.NewReplacer("ETag", "Etag", "ETAG", "Etag").Replace(name)
	var words []string
	var cur []rune
	rs := []rune(name)
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for i, r := range rs {
		switch {
		case r == '_' || r == '-' || r == '.':
			flush()
			continue
		case unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || unicode.IsDigit(rs[i-1]) ||
			(i+1 < len(rs) && unicode.IsLower(rs[i+1]) && unicode.IsUpper(rs[i-1]))):
			flush()
		}
		cur = append(cur, r)
	}
	flush()
	return words
}
