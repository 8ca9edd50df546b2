package crypto

import (
	"go/ast"
	"go/constant"
	"go/types"
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

// goInventory are the Go APIs of cryptography no rule flags, by what they name: hashes, ciphers and their
// modes, MACs, key derivation, post-quantum key encapsulation, the hybrid TLS group. The flagged APIs (weak
// hashes, RSA, ECDSA …) enter the inventory through their findings.
var goInventory = func() map[goAPI]finding.CryptoAsset {
	m := map[goAPI]finding.CryptoAsset{}
	add := func(path, alg string, names ...string) {
		for _, n := range names {
			m[goAPI{path, n}] = finding.CryptoAsset{Algorithm: alg}
		}
	}
	add("crypto/aes", "AES", "NewCipher")
	add("crypto/sha256", "SHA-256", "New", "Sum256")
	add("crypto/sha256", "SHA-224", "New224", "Sum224")
	add("crypto/sha512", "SHA-512", "New", "Sum512")
	add("crypto/sha512", "SHA-384", "New384", "Sum384")
	add("crypto/sha512", "SHA-512/256", "New512_256", "Sum512_256")
	add("crypto/sha512", "SHA-512/224", "New512_224", "Sum512_224")
	for _, p := range []string{"crypto/sha3", "golang.org/x/crypto/sha3"} {
		for _, bits := range []string{"224", "256", "384", "512"} {
			add(p, "SHA3-"+bits, "New"+bits, "Sum"+bits)
		}
		add(p, "SHAKE128", "NewSHAKE128", "SumSHAKE128", "NewShake128", "ShakeSum128")
		add(p, "SHAKE256", "NewSHAKE256", "SumSHAKE256", "NewShake256", "ShakeSum256")
	}
	add("golang.org/x/crypto/blake2b", "BLAKE2b-256", "New256", "Sum256")
	add("golang.org/x/crypto/blake2b", "BLAKE2b-384", "New384", "Sum384")
	add("golang.org/x/crypto/blake2b", "BLAKE2b-512", "New512", "Sum512")
	add("golang.org/x/crypto/blake2s", "BLAKE2s-256", "New256", "Sum256")
	add("golang.org/x/crypto/chacha20poly1305", "ChaCha20-Poly1305", "New")
	add("golang.org/x/crypto/chacha20poly1305", "XChaCha20-Poly1305", "NewX")
	add("golang.org/x/crypto/chacha20", "ChaCha20", "NewUnauthenticatedCipher")
	add("golang.org/x/crypto/nacl/secretbox", "XSalsa20-Poly1305", "Seal", "Open")
	add("crypto/hmac", "HMAC", "New")
	add("crypto/hkdf", "HKDF", "Key", "Extract", "Expand")
	add("golang.org/x/crypto/hkdf", "HKDF", "New", "Extract", "Expand")
	add("crypto/pbkdf2", "PBKDF2", "Key")
	add("golang.org/x/crypto/pbkdf2", "PBKDF2", "Key")
	add("golang.org/x/crypto/scrypt", "scrypt", "Key")
	add("golang.org/x/crypto/bcrypt", "bcrypt", "GenerateFromPassword")
	m[goAPI{"golang.org/x/crypto/argon2", "IDKey"}] = finding.CryptoAsset{Algorithm: "Argon2", ParameterSet: "Argon2id"}
	m[goAPI{"golang.org/x/crypto/argon2", "Key"}] = finding.CryptoAsset{Algorithm: "Argon2", ParameterSet: "Argon2i"}
	for _, set := range []string{"768", "1024"} {
		for _, n := range []string{"GenerateKey", "NewDecapsulationKey", "NewEncapsulationKey"} {
			m[goAPI{"crypto/mlkem", n + set}] = finding.CryptoAsset{Algorithm: "ML-KEM", ParameterSet: set}
		}
	}
	// Cloudflare's CIRCL: one package per parameter set.
	for _, set := range []string{"512", "768", "1024"} {
		for _, n := range []string{"GenerateKeyPair", "NewKeyFromSeed", "Scheme"} {
			m[goAPI{"github.com/cloudflare/circl/kem/mlkem/mlkem" + set, n}] = finding.CryptoAsset{Algorithm: "ML-KEM", ParameterSet: set}
		}
	}
	for _, set := range []string{"44", "65", "87"} {
		for _, n := range []string{"GenerateKey", "NewKeyFromSeed", "SignTo", "Verify", "Scheme"} {
			m[goAPI{"github.com/cloudflare/circl/sign/mldsa/mldsa" + set, n}] = finding.CryptoAsset{Algorithm: "ML-DSA", ParameterSet: set}
		}
	}
	// X25519 outside crypto/ecdh, which no rule looks at: its class is its algorithm's.
	add("golang.org/x/crypto/curve25519", "X25519", "X25519", "ScalarMult", "ScalarBaseMult")
	m[goAPI{"crypto/tls", "X25519MLKEM768"}] = finding.CryptoAsset{Algorithm: "X25519MLKEM768"}
	for name, alg := range map[string]string{"SHA224": "SHA-224", "SHA256": "SHA-256", "SHA384": "SHA-384",
		"SHA512": "SHA-512", "SHA3_224": "SHA3-224", "SHA3_256": "SHA3-256", "SHA3_384": "SHA3-384",
		"SHA3_512": "SHA3-512", "SHA512_224": "SHA-512/224", "SHA512_256": "SHA-512/256",
		"BLAKE2s_256": "BLAKE2s-256", "BLAKE2b_256": "BLAKE2b-256", "BLAKE2b_384": "BLAKE2b-384",
		"BLAKE2b_512": "BLAKE2b-512"} {
		m[goAPI{"crypto", name}] = finding.CryptoAsset{Algorithm: alg}
	}
	return m
}()

// goModes are crypto/cipher's modes of operation, by constructor.
var goModes = map[string]string{
	"NewGCM": "gcm", "NewGCMWithNonceSize": "gcm", "NewGCMWithTagSize": "gcm", "NewGCMWithRandomNonce": "gcm",
	"NewCBCEncrypter": "cbc", "NewCBCDecrypter": "cbc", "NewCTR": "ctr", "NewOFB": "ofb",
	"NewCFBEncrypter": "cfb", "NewCFBDecrypter": "cfb",
}

// goInventoryStubs declares the inventoried packages that the rules' stubs do not already declare, each
// function with the number of results the real one has, so that assignments from them type-check.
var goInventoryStubs = func() map[string]func(*types.Package) {
	pkgs := map[string]map[int][]string{}
	for api := range goInventory {
		if _, ok := goStubs[api.path]; ok {
			continue
		}
		if pkgs[api.path] == nil {
			pkgs[api.path] = map[int][]string{}
		}
		n := goResults(api)
		pkgs[api.path][n] = append(pkgs[api.path][n], api.name)
	}
	stubs := map[string]func(*types.Package){}
	for path, byResults := range pkgs {
		stubs[path] = func(p *types.Package) {
			for n, names := range byResults {
				stubFuncs(p, n, names...)
			}
		}
	}
	stubs["crypto/cipher"] = func(p *types.Package) {
		for n := range goModes {
			stubFuncs(p, goResults(goAPI{"crypto/cipher", n}), n)
		}
	}
	return stubs
}()

// goResults is the number of results of an inventoried function: one for hashes, MACs and most key
// derivations, two where the function can fail.
func goResults(api goAPI) int {
	switch api.path {
	case "crypto/sha256", "crypto/sha512", "crypto/sha3", "golang.org/x/crypto/sha3", "crypto/hmac",
		"golang.org/x/crypto/hkdf", "golang.org/x/crypto/pbkdf2", "golang.org/x/crypto/argon2":
		return 1
	case "golang.org/x/crypto/blake2b", "golang.org/x/crypto/blake2s":
		if strings.HasPrefix(api.name, "Sum") {
			return 1
		}
	case "golang.org/x/crypto/nacl/secretbox":
		if api.name == "Seal" {
			return 1
		}
	case "crypto/cipher":
		if !strings.HasPrefix(api.name, "NewGCM") {
			return 1
		}
	case "golang.org/x/crypto/curve25519":
		if api.name != "X25519" {
			return 0
		}
	}
	if strings.HasPrefix(api.path, "github.com/cloudflare/circl/") {
		switch api.name {
		case "GenerateKeyPair", "GenerateKey":
			return 3
		case "SignTo":
			return 0
		case "Verify", "Scheme":
			return 1
		}
	}
	return 2
}

// goStub returns the synthesized declarations of a known package: one the rules look into, or one the
// inventory does.
func goStub(path string) (func(*types.Package), bool) {
	if s, ok := goStubs[path]; ok {
		return s, true
	}
	s, ok := goInventoryStubs[path]
	return s, ok
}

// inventoryCall records a call of an inventoried API; it reports whether it did.
func (g *goFile) inventoryCall(api goAPI, call *ast.CallExpr) bool {
	if api.path == "crypto/cipher" {
		if mode, ok := goModes[api.name]; ok {
			g.cipherMode(mode, api, call)
			return true
		}
		return false
	}
	tmpl, ok := goInventory[api]
	if !ok {
		return false
	}
	switch {
	case api == goAPI{"crypto/aes", "NewCipher"}:
		if len(call.Args) == 1 {
			if n := g.byteLen(call.Args[0], 0); n == 16 || n == 24 || n == 32 {
				tmpl.KeySize = n * 8
			}
		}
		g.aesCalls[call] = len(g.inv.assets)
	case tmpl.Algorithm == "HMAC" || tmpl.Algorithm == "HKDF" || api.path == "crypto/pbkdf2":
		if len(call.Args) > 0 {
			tmpl.ParameterSet = g.hashArg(call.Args[0])
		}
	case api.path == "golang.org/x/crypto/pbkdf2":
		if len(call.Args) == 5 {
			tmpl.ParameterSet = g.hashArg(call.Args[4])
		}
	}
	g.inv.add(tmpl, api.String(), g.pos(call.Pos()))
	return true
}

// hashArg names the hash a function value or crypto.Hash argument gives (hmac.New(sha256.New, key)), and
// marks it as part of the call, so it is not inventoried on its own. A weak hash stays reported on its own.
func (g *goFile) hashArg(e ast.Expr) string {
	e = ast.Unparen(e)
	api, _, ok := g.resolve(e)
	if sel, isSel := e.(*ast.SelectorExpr); !ok && isSel && sel.Sel.Name == "New" { // crypto.SHA256.New
		e = ast.Unparen(sel.X)
		api, _, ok = g.resolve(e)
	}
	if !ok {
		return ""
	}
	if h, weak := goHashes[api]; weak {
		return h.name // its own finding stays, so it is not marked
	}
	t, ok := goInventory[api]
	if !ok || catalog[t.Algorithm].primitive != PrimitiveHash {
		return ""
	}
	g.done[e] = true
	return t.Algorithm
}

// cipherMode records a block cipher mode; the cipher is the one aes.NewCipher made when the block is a
// variable assigned once from it (the AES asset then takes the mode), else AES for GCM, which needs a
// 128-bit block that no other standard-library cipher has.
func (g *goFile) cipherMode(mode string, api goAPI, call *ast.CallExpr) {
	if len(call.Args) == 0 {
		return
	}
	if src := g.singleSource(call.Args[0]); src != nil {
		if i, ok := g.aesCalls[src]; ok && i < len(g.inv.assets) && g.inv.assets[i].Mode == "" {
			a := &g.inv.assets[i]
			a.Mode = mode
			if mode == "gcm" {
				a.Primitive = PrimitiveAE
			}
			return
		}
		if api, _, ok := g.resolve(src.Fun); ok && api.path != "crypto/aes" {
			return // a weak cipher's mode: its finding is the inventory
		}
	}
	if mode == "gcm" {
		g.inv.add(finding.CryptoAsset{Algorithm: "AES", Mode: "gcm", Primitive: PrimitiveAE}, api.String(), g.pos(call.Pos()))
	}
}

// singleSource returns the call a variable was assigned from, when it was assigned exactly once from a
// call (block, err := aes.NewCipher(key)), or the call itself.
func (g *goFile) singleSource(e ast.Expr) *ast.CallExpr {
	e = ast.Unparen(e)
	if c, ok := e.(*ast.CallExpr); ok {
		return c
	}
	id, ok := e.(*ast.Ident)
	if !ok {
		return nil
	}
	v, ok := g.info.Uses[id].(*types.Var)
	if !ok {
		return nil
	}
	fa := g.vars[v]
	if fa == nil || fa.assigns != 1 || fa.addr || fa.param {
		return nil
	}
	src := fa.value
	if src == nil {
		src = g.tupleSrc[v]
	}
	c, _ := ast.Unparen(src).(*ast.CallExpr)
	return c
}

// byteLen returns the length of a byte slice or array a key argument evidently has: make([]byte, 32),
// a [32]byte variable, or a variable assigned once from either; 0 when not evident.
func (g *goFile) byteLen(e ast.Expr, depth int) int {
	e = ast.Unparen(e)
	if depth > maxValueDepth {
		return 0
	}
	if tv, ok := g.info.Types[e]; ok {
		if arr, ok := tv.Type.(*types.Array); ok {
			return int(arr.Len())
		}
	}
	switch e := e.(type) {
	case *ast.SliceExpr:
		if e.Low == nil && e.High == nil {
			return g.byteLen(e.X, depth+1)
		}
	case *ast.CallExpr:
		if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && id.Name == "make" && len(e.Args) >= 2 {
			if _, builtin := g.info.Uses[id].(*types.Builtin); builtin {
				if tv, ok := g.info.Types[ast.Unparen(e.Args[1])]; ok && tv.Value != nil {
					if n, ok := constant.Int64Val(constant.ToInt(tv.Value)); ok && n > 0 && n <= 64 {
						return int(n)
					}
				}
			}
		}
	case *ast.Ident:
		v, ok := g.info.Uses[e].(*types.Var)
		if !ok {
			return 0
		}
		if fa := g.vars[v]; fa != nil && fa.assigns == 1 && !fa.addr && !fa.param && fa.value != nil {
			return g.byteLen(fa.value, depth+1)
		}
	}
	return 0
}

// referenceInventory records an inventoried API named other than as a called function: a hash function
// passed as a value, a crypto.Hash constant, tls.X25519MLKEM768.
func (g *goFile) referenceInventory(api goAPI, e ast.Expr) {
	if tmpl, ok := goInventory[api]; ok {
		g.inv.add(tmpl, api.String(), g.pos(e.Pos()))
	}
}

// tlsVersionAsset records the protocol version a tls.Config's MinVersion sets.
func (g *goFile) tlsVersionAsset(bits int64, api string, at ast.Node) {
	name := tlsVersionName(bits)
	if a, ok := AssetFromName(name); ok && a.Kind == finding.AssetProtocol {
		g.inv.add(a, api, g.pos(at.Pos()))
	}
}
