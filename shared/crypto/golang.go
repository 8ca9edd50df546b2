package crypto

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"math/big"
	"strconv"
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

// GoAnalyzer finds cryptography in Go source files with go/parser and go/types. It type-checks one file at a
// time against synthesized packages, so it needs neither GOROOT sources nor export data (a Lambda has no Go
// toolchain): what an identifier names is decided by the import path of the package it resolves to, so
// renamed and dot imports are followed and a local variable that shares a package's name is not mistaken
// for it.
type GoAnalyzer struct{}

// Language returns "go".
func (GoAnalyzer) Language() string { return "go" }

// Extensions returns ".go".
func (GoAnalyzer) Extensions() []string { return []string{".go"} }

// goAPI is a package-level object of a known package.
type goAPI struct{ path, name string }

func (a goAPI) String() string { return goPkgName(a.path) + "." + a.name }

// goHashes are the weak-hash APIs: functions are reported where they are called or passed as values (as in
// hmac.New(sha1.New, key)), the crypto.Hash constants wherever they are named.
var goHashes = map[goAPI]weakHash{
	{"crypto/md5", "New"}:              hashMD5,
	{"crypto/md5", "Sum"}:              hashMD5,
	{"crypto/sha1", "New"}:             hashSHA1,
	{"crypto/sha1", "Sum"}:             hashSHA1,
	{"golang.org/x/crypto/md4", "New"}: hashMD4,
	{"crypto", "MD4"}:                  hashMD4,
	{"crypto", "MD5"}:                  hashMD5,
	{"crypto", "SHA1"}:                 hashSHA1,
	{"crypto", "MD5SHA1"}:              hashMD5SHA1,
}

// goKeyGens are the RSA key generators and the index of their size argument.
var goKeyGens = map[goAPI]int{
	{"crypto/rsa", "GenerateKey"}:           1,
	{"crypto/rsa", "GenerateMultiPrimeKey"}: 2,
}

// goStubs synthesizes the known packages: just the objects the analyzer looks for, so that uses of them
// resolve (dot imports included). Every other import becomes an empty package.
var goStubs = map[string]func(p *types.Package){
	"crypto/md5":              func(p *types.Package) { stubFuncs(p, 1, "New", "Sum") },
	"crypto/sha1":             func(p *types.Package) { stubFuncs(p, 1, "New", "Sum") },
	"golang.org/x/crypto/md4": func(p *types.Package) { stubFuncs(p, 1, "New") },
	"crypto/rsa": func(p *types.Package) {
		stubFuncs(p, 2, "GenerateKey", "GenerateMultiPrimeKey", "SignPKCS1v15", "SignPSS", "EncryptOAEP",
			"EncryptPKCS1v15", "DecryptOAEP", "DecryptPKCS1v15")
		stubFuncs(p, 1, "VerifyPKCS1v15", "VerifyPSS", "DecryptPKCS1v15SessionKey")
	},
	"crypto/des":                    func(p *types.Package) { stubFuncs(p, 2, "NewCipher", "NewTripleDESCipher") },
	"crypto/rc4":                    func(p *types.Package) { stubFuncs(p, 2, "NewCipher") },
	"golang.org/x/crypto/blowfish":  func(p *types.Package) { stubFuncs(p, 2, "NewCipher", "NewSaltedCipher") },
	"golang.org/x/crypto/cast5":     func(p *types.Package) { stubFuncs(p, 2, "NewCipher") },
	"golang.org/x/crypto/tea":       func(p *types.Package) { stubFuncs(p, 2, "NewCipher", "NewCipherWithRounds") },
	"golang.org/x/crypto/xtea":      func(p *types.Package) { stubFuncs(p, 2, "NewCipher") },
	"golang.org/x/crypto/ripemd160": func(p *types.Package) { stubFuncs(p, 1, "New") },
	"crypto/ecdsa": func(p *types.Package) {
		stubFuncs(p, 2, "GenerateKey", "SignASN1", "ParseRawPrivateKey", "ParseUncompressedPublicKey")
		stubFuncs(p, 3, "Sign")
		stubFuncs(p, 1, "Verify", "VerifyASN1")
	},
	"crypto/ed25519": func(p *types.Package) {
		stubFuncs(p, 3, "GenerateKey")
		stubFuncs(p, 1, "Sign", "Verify", "VerifyWithOptions", "NewKeyFromSeed")
	},
	"crypto/ecdh":     func(p *types.Package) { stubFuncs(p, 1, "X25519", "P256", "P384", "P521") },
	"crypto/elliptic": func(p *types.Package) { stubFuncs(p, 1, "P224", "P256", "P384", "P521") },
	"crypto/dsa":      stubDSA,
	"crypto/tls":      stubTLS,
	"os":              func(p *types.Package) { stubFuncs(p, 1, "Setenv") },
	"crypto": func(p *types.Package) {
		hash := types.NewNamed(types.NewTypeName(token.NoPos, p, "Hash", nil), types.Typ[types.Uint], nil)
		p.Scope().Insert(hash.Obj())
		// The values of crypto.Hash, so that constant expressions over them keep their meaning.
		for i, name := range []string{"MD4", "MD5", "SHA1", "SHA224", "SHA256", "SHA384", "SHA512", "MD5SHA1",
			"RIPEMD160", "SHA3_224", "SHA3_256", "SHA3_384", "SHA3_512", "SHA512_224", "SHA512_256",
			"BLAKE2s_256", "BLAKE2b_256", "BLAKE2b_384", "BLAKE2b_512"} {
			p.Scope().Insert(types.NewConst(token.NoPos, p, name, hash, constant.MakeInt64(int64(i+1))))
		}
	},
}

// stubFuncs declares variadic functions of any arguments with the given number of results.
func stubFuncs(p *types.Package, results int, names ...string) {
	anyT := types.Universe.Lookup("any").Type()
	params := types.NewTuple(types.NewParam(token.NoPos, p, "args", types.NewSlice(anyT)))
	res := make([]*types.Var, results)
	for i := range res {
		res[i] = types.NewParam(token.NoPos, p, "", anyT)
	}
	sig := types.NewSignatureType(nil, nil, nil, params, types.NewTuple(res...), true)
	for _, n := range names {
		p.Scope().Insert(types.NewFunc(token.NoPos, p, n, sig))
	}
}

// goPkgName guesses a package's name from its import path, as the go tool's convention has it.
func goPkgName(importPath string) string {
	elems := strings.Split(importPath, "/")
	name := elems[len(elems)-1]
	if len(elems) > 1 && len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
		name = elems[len(elems)-2] // a major-version suffix: example.com/mod/v2
	}
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i] // gopkg.in/yaml.v3
	}
	return strings.TrimPrefix(strings.ReplaceAll(name, "-", "_"), "go_")
}

// stubImporter returns synthesized packages, one per import path, built afresh for every file.
type stubImporter map[string]*types.Package

func (m stubImporter) Import(importPath string) (*types.Package, error) {
	if p, ok := m[importPath]; ok {
		return p, nil
	}
	p := types.NewPackage(importPath, goPkgName(importPath))
	if stub, ok := goStub(importPath); ok {
		stub(p)
	}
	p.MarkComplete()
	m[importPath] = p
	return p, nil
}

// Analyze reports the weak, broken and quantum-vulnerable cryptography of one Go file, and inventories all of
// its cryptography.
func (GoAnalyzer) Analyze(ctx context.Context, path string, src []byte) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution|parser.ParseComments)
	if err != nil {
		return Result{}, goParseError(path, err)
	}
	directives := goHasDebugDirective(f)
	if !goImportsKnown(f) && !directives {
		return Result{}, nil // nothing the analyzer looks for can be named without an import
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{},
		Defs:  map[*ast.Ident]types.Object{},
		Uses:  map[*ast.Ident]types.Object{},
	}
	// One file is not a whole package and its imports are stubs, so type errors are expected: the checker
	// still resolves every identifier it can, which is all the analysis needs.
	conf := types.Config{Importer: stubImporter{}, Error: func(error) {}, FakeImportC: true}
	pkg, _ := conf.Check("_/"+f.Name.Name, fset, []*ast.File{f}, info)
	g := &goFile{
		path:  path,
		src:   src,
		tok:   fset.File(f.Pos()),
		lines: newLineIndex(src),
		info:  info,
		pkg:   pkg,
		vars:  map[*types.Var]*varFacts{},
		done:  map[ast.Node]bool{},

		tupleSrc: map[*types.Var]ast.Expr{},
		aesCalls: map[*ast.CallExpr]int{},
	}
	if directives {
		g.goDirectives(f)
	}
	g.collectAssignments(f)
	g.nonSecurityRanges(f)
	g.inspect(f)
	return newResult(path, dedupe(g.findings), &g.inv), nil
}

func goParseError(path string, err error) error {
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		e := list[0]
		msg := e.Msg
		if len(list) > 1 {
			msg += fmt.Sprintf(" (and %d more errors)", len(list)-1)
		}
		return &ParseError{Path: path, Line: e.Pos.Line, Column: e.Pos.Column, Msg: msg}
	}
	return &ParseError{Path: path, Msg: err.Error()}
}

// goHasDebugDirective reports a //go:debug directive, which can turn post-quantum key exchange off without
// any import.
func goHasDebugDirective(f *ast.File) bool {
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:debug ") {
				return true
			}
		}
	}
	return false
}

func goImportsKnown(f *ast.File) bool {
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			continue
		}
		if _, ok := goStub(p); ok {
			return true
		}
	}
	return false
}

// varFacts is what one file says about a variable: how often it is assigned and, when once, with what.
type varFacts struct {
	assigns int
	value   ast.Expr // the value of the only assignment, when it is one-to-one
	addr    bool     // its address is taken, so it may change out of sight
	param   bool     // a parameter or named result
}

type goFile struct {
	path     string
	src      []byte
	tok      *token.File
	lines    *lineIndex
	info     *types.Info
	pkg      *types.Package
	vars     map[*types.Var]*varFacts
	done     map[ast.Node]bool // names already reported, as the function of a call or within a selector
	nonSec   []nonSecRange     // code whose weak hashes are evidently not for security
	findings []finding.Finding
	inv      inventory // every use of cryptography recognised, flagged or not
	// tupleSrc holds, for a variable first of a tuple assigned once from a call (block, err :=
	// aes.NewCipher(k)), that call.
	tupleSrc map[*types.Var]ast.Expr
	aesCalls map[*ast.CallExpr]int // aes.NewCipher calls, by the index of their asset
}

func (g *goFile) facts(id *ast.Ident) *varFacts {
	obj := g.info.Defs[id]
	if obj == nil {
		obj = g.info.Uses[id]
	}
	v, ok := obj.(*types.Var)
	if !ok {
		return nil
	}
	fa := g.vars[v]
	if fa == nil {
		fa = &varFacts{}
		g.vars[v] = fa
	}
	return fa
}

func (g *goFile) assign(lhs ast.Expr, value ast.Expr) {
	id, ok := ast.Unparen(lhs).(*ast.Ident)
	if !ok {
		return
	}
	if fa := g.facts(id); fa != nil {
		fa.assigns++
		fa.value = value
	}
}

// collectAssignments records every assignment to every variable of the file, so that a key size held in a
// local variable is known only when nothing else can change it.
func (g *goFile) collectAssignments(f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncType:
			for _, list := range []*ast.FieldList{n.Params, n.Results} {
				if list == nil {
					continue
				}
				for _, field := range list.List {
					for _, name := range field.Names {
						if fa := g.facts(name); fa != nil {
							fa.param = true
						}
					}
				}
			}
		case *ast.AssignStmt:
			oneToOne := (n.Tok == token.DEFINE || n.Tok == token.ASSIGN) && len(n.Lhs) == len(n.Rhs)
			if len(n.Rhs) == 1 && len(n.Lhs) > 1 {
				if id, ok := ast.Unparen(n.Lhs[0]).(*ast.Ident); ok {
					if v, ok := g.info.Defs[id].(*types.Var); ok {
						g.tupleSrc[v] = n.Rhs[0]
					} else if v, ok := g.info.Uses[id].(*types.Var); ok {
						g.tupleSrc[v] = n.Rhs[0]
					}
				}
			}
			for i, lhs := range n.Lhs {
				var v ast.Expr
				if oneToOne {
					v = n.Rhs[i]
				}
				g.assign(lhs, v)
			}
		case *ast.ValueSpec:
			if len(n.Values) == 0 {
				return true // a declaration with the zero value is not an assignment of a size
			}
			for i, name := range n.Names {
				var v ast.Expr
				if len(n.Values) == len(n.Names) {
					v = n.Values[i]
				}
				g.assign(name, v)
			}
		case *ast.IncDecStmt:
			g.assign(n.X, nil)
		case *ast.RangeStmt:
			if n.Key != nil {
				g.assign(n.Key, nil)
			}
			if n.Value != nil {
				g.assign(n.Value, nil)
			}
		case *ast.UnaryExpr:
			if n.Op == token.AND {
				if id, ok := ast.Unparen(n.X).(*ast.Ident); ok {
					if fa := g.facts(id); fa != nil {
						fa.addr = true
					}
				}
			}
		}
		return true
	})
}

// resolve returns the known API that e names, if any: pkg.Name through any import name, or Name through a
// dot import. Anything else (a local variable named like a package, a method, a field) resolves to nothing.
func (g *goFile) resolve(e ast.Expr) (goAPI, *ast.Ident, bool) {
	var id *ast.Ident
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		id = e
	case *ast.SelectorExpr:
		id = e.Sel
	default:
		return goAPI{}, nil, false
	}
	obj := g.info.Uses[id]
	if obj == nil || obj.Pkg() == nil || obj.Parent() != obj.Pkg().Scope() {
		return goAPI{}, nil, false
	}
	if _, ok := goStub(obj.Pkg().Path()); !ok {
		return goAPI{}, nil, false
	}
	return goAPI{obj.Pkg().Path(), obj.Name()}, id, true
}

func (g *goFile) inspect(f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ImportSpec:
			return false
		case *ast.CallExpr:
			api, _, ok := g.resolve(n.Fun)
			if !ok {
				return true
			}
			if idx, ok := goKeyGens[api]; ok {
				g.done[ast.Unparen(n.Fun)] = true
				g.keyGen(api, n, idx)
			} else if h, ok := goHashes[api]; ok {
				g.done[ast.Unparen(n.Fun)] = true
				g.hash(api, h, n.Fun, n)
			} else if g.classCall(api, n) {
				g.done[ast.Unparen(n.Fun)] = true
			} else if api == (goAPI{"os", "Setenv"}) {
				g.done[ast.Unparen(n.Fun)] = true
				g.setenv(n)
			} else if g.inventoryCall(api, n) {
				g.done[ast.Unparen(n.Fun)] = true
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				if field := g.tlsField(id); field != "" {
					g.tlsSetting(field, n.Value, n)
				}
			}
		case *ast.AssignStmt:
			if len(n.Lhs) == len(n.Rhs) && n.Tok == token.ASSIGN {
				for i, l := range n.Lhs {
					if sel, ok := ast.Unparen(l).(*ast.SelectorExpr); ok {
						if field := g.tlsField(sel.Sel); field != "" {
							g.tlsSetting(field, n.Rhs[i], n)
						}
					}
				}
			}
		case *ast.SelectorExpr:
			// The selector's identifier is reported with the selector, never on its own.
			g.done[n.Sel] = true
			if !g.done[n] {
				g.reference(n)
			}
		case *ast.Ident:
			if !g.done[n] {
				g.reference(n)
			}
		}
		return true
	})
}

// reference reports a known API named other than as the function of a call: a hash function passed as a
// value, a crypto.Hash constant, or a key generator called through a function value.
func (g *goFile) reference(e ast.Expr) {
	api, _, ok := g.resolve(e)
	if !ok {
		return
	}
	if h, ok := goHashes[api]; ok {
		g.hash(api, h, e, nil)
		return
	}
	g.referenceInventory(api, e)
	if _, ok := goKeyGens[api]; ok {
		g.findings = append(g.findings, rsaKeyGen{
			api:  api.String(),
			size: unknownSize(api.String() + " is used as a function value, so the size is set where it is called"),
			fix:  "rsa.GenerateKey(rand.Reader, " + itoa(interimRSABits) + ")",
			pq:   goPQ,
			at:   g.pos(e.Pos()),
		}.finding(g.path))
	}
}

// goPQ names Go's post-quantum option in RSA advice.
const goPQ = "ML-KEM-768 is crypto/mlkem in Go 1.24 and later"

// pos returns the position of p in the file.
func (g *goFile) pos(p token.Pos) position {
	if g.tok == nil || !p.IsValid() || int(p) < g.tok.Base() || int(p) > g.tok.Base()+g.tok.Size() {
		return position{}
	}
	return g.lines.offset(g.tok.Offset(p))
}

// code returns the source text of a node for a suggested fix, or fallback when it is too long to quote (it
// copies nothing then, so that many findings with long arguments stay linear).
func (g *goFile) code(n ast.Node, fallback string) string {
	if g.tok == nil {
		return fallback
	}
	start, end := int(n.Pos())-g.tok.Base(), int(n.End())-g.tok.Base()
	if start < 0 || end > len(g.src) || start > end || end-start > maxCode {
		return fallback
	}
	return codeText(string(g.src[start:end]), fallback)
}

// hash reports a weak hash named by e; call is the call of it, or nil where it is only referred to.
func (g *goFile) hash(api goAPI, h weakHash, e ast.Expr, call *ast.CallExpr) {
	var fix string
	switch {
	case api.path == "crypto":
		fix = "crypto.SHA256 (and import crypto/sha256 so that it is linked in)"
	case api.name == "Sum" && call != nil:
		arg := "data"
		if len(call.Args) == 1 && !call.Ellipsis.IsValid() {
			arg = g.code(call.Args[0], "data")
		}
		fix = fmt.Sprintf("sha256.Sum256(%s) from crypto/sha256 (the digest becomes [32]byte)", arg)
	case api.name == "Sum":
		fix = "sha256.Sum256 from crypto/sha256"
	case call != nil:
		fix = "sha256.New() from crypto/sha256"
	default:
		fix = "sha256.New from crypto/sha256"
	}
	g.findings = append(g.findings, hashUse{hash: h, api: api.String(), fix: fix, nonSecurity: g.nonSecurityAt(e.Pos()),
		at: g.pos(e.Pos())}.finding(g.path))
}

// keyGen reports an RSA key generation; idx is the index of the size argument.
func (g *goFile) keyGen(api goAPI, call *ast.CallExpr, idx int) {
	var size keySize
	switch {
	case call.Ellipsis.IsValid():
		size = unknownSize("the arguments are spread from a slice")
	case len(call.Args) <= idx:
		size = unknownSize("the call has no size argument")
	default:
		size = g.keySize(call.Args[idx], 0)
	}
	random := "rand.Reader"
	if len(call.Args) > 0 && !call.Ellipsis.IsValid() {
		random = g.code(call.Args[0], random)
	}
	g.findings = append(g.findings, rsaKeyGen{
		api:  api.String(),
		size: size,
		fix:  fmt.Sprintf("rsa.GenerateKey(%s, %d)", random, interimRSABits),
		pq:   goPQ,
		at:   g.pos(call.Pos()),
	}.finding(g.path))
}

// maxValueDepth bounds how many variables a size is followed through.
const maxValueDepth = 8

// keySize works out the value of a size argument: a constant expression (literals, named constants, 512*2),
// or a local variable assigned exactly once, from such a value, and never through a pointer.
func (g *goFile) keySize(arg ast.Expr, depth int) keySize {
	arg = ast.Unparen(arg)
	if tv, ok := g.info.Types[arg]; ok && tv.Value != nil {
		v := constant.ToInt(tv.Value)
		if v.Kind() != constant.Int {
			return unknownSize(fmt.Sprintf("the size %s is not an integer", g.code(arg, "expression")))
		}
		b, ok := new(big.Int).SetString(v.ExactString(), 10)
		if !ok {
			return unknownSize("the size is not an integer")
		}
		from := ""
		if id, ok := arg.(*ast.Ident); ok {
			if c, ok := g.info.Uses[id].(*types.Const); ok && c.Pkg() == g.pkg {
				from = "the constant " + id.Name
			}
		}
		return sizeFromBig(b, from)
	}
	id, ok := arg.(*ast.Ident)
	if !ok {
		return unknownSize(fmt.Sprintf("the size %s is not a constant", g.code(arg, "expression")))
	}
	v, ok := g.info.Uses[id].(*types.Var)
	if !ok {
		return unknownSize(fmt.Sprintf("the size %s is not a constant", id.Name))
	}
	fa := g.vars[v]
	switch {
	case fa != nil && fa.param:
		return unknownSize(fmt.Sprintf("the size is the parameter %s, so each caller decides", id.Name))
	case g.pkg != nil && v.Parent() == g.pkg.Scope():
		return unknownSize(fmt.Sprintf("the size is the package-level variable %s, which can change at run time", id.Name))
	case fa == nil || fa.addr || fa.assigns != 1 || fa.value == nil || depth >= maxValueDepth:
		return unknownSize(fmt.Sprintf("the size is the variable %s, which is not assigned exactly once from a constant", id.Name))
	}
	s := g.keySize(fa.value, depth+1)
	if !s.known {
		return unknownSize(fmt.Sprintf("the size is the variable %s, which is not assigned from a constant", id.Name))
	}
	if s.from == "" {
		s.from = "the variable " + id.Name
	}
	return s
}
