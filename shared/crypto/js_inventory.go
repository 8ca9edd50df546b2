//go:build cgo

package crypto

import (
	"strings"

	"github.com/attestdev/attest/shared/finding"
	ts "github.com/tree-sitter/go-tree-sitter"
)

// jsNoblePQ is the qualified name of @noble/post-quantum's modules, whose exports name the parameter set
// (ml_kem768, ml_dsa65, slh_dsa_sha2_128s).
const jsNoblePQ = "noble-post-quantum"

// jsNamedArgs are the Node and WebCrypto calls whose argument names an algorithm: the argument's position
// and what the name is read as.
var jsNamedArgs = map[string]struct {
	at     int
	prefix string // prepended to the name: createHmac('sha256') is HMAC over SHA-256
}{
	"crypto.createHash":               {0, ""},
	"crypto.hash":                     {0, ""},
	"crypto.createHmac":               {0, "HMAC"},
	"crypto.createCipheriv":           {0, ""},
	"crypto.createDecipheriv":         {0, ""},
	"crypto.generateKeyPair":          {0, ""},
	"crypto.generateKeyPairSync":      {0, ""},
	"crypto.hkdf":                     {0, "HKDF"},
	"crypto.hkdfSync":                 {0, "HKDF"},
	"crypto.pbkdf2":                   {4, "PBKDF2WITHHMAC"},
	"crypto.pbkdf2Sync":               {4, "PBKDF2WITHHMAC"},
	"crypto.createECDH":               {-1, "ECDH"},
	"crypto.scrypt":                   {-1, "scrypt"},
	"crypto.scryptSync":               {-1, "scrypt"},
	"webcrypto.subtle.digest":         {0, ""},
	"webcrypto.subtle.generateKey":    {0, ""},
	"webcrypto.subtle.importKey":      {2, ""},
	"webcrypto.subtle.encrypt":        {0, ""},
	"webcrypto.subtle.decrypt":        {0, ""},
	"webcrypto.subtle.sign":           {0, ""},
	"webcrypto.subtle.deriveKey":      {0, ""},
	"webcrypto.subtle.deriveBits":     {0, ""},
	"webcrypto.subtle.encapsulateKey": {0, ""},
	"CryptoJS.AES.encrypt":            {-1, "AES"},
	"CryptoJS.SHA256":                 {-1, "SHA256"},
	"CryptoJS.SHA384":                 {-1, "SHA384"},
	"CryptoJS.SHA512":                 {-1, "SHA512"},
	"CryptoJS.SHA3":                   {-1, "SHA3512"},
	"CryptoJS.HmacSHA256":             {-1, "HMACSHA256"},
	"CryptoJS.HmacSHA512":             {-1, "HMACSHA512"},
	"CryptoJS.PBKDF2":                 {-1, "PBKDF2"},
}

// inventoryCall records the algorithm a call names; q is the callee's qualified name.
func (f *jsFile) inventoryCall(n *ts.Node, q string, args []ts.Node) {
	if rest, ok := strings.CutPrefix(q, jsNoblePQ+"."); ok {
		set, _, _ := strings.Cut(rest, ".")
		if a, ok := AssetFromName(set); ok && catalog[a.Algorithm].pq {
			f.inv.add(a, q, f.pos(n))
		}
		return
	}
	spec, ok := jsNamedArgs[q]
	if !ok {
		return
	}
	api := strings.Replace(q, "webcrypto.", "crypto.", 1)
	if spec.at < 0 {
		if a, ok := AssetFromName(spec.prefix); ok {
			f.inv.add(a, api, f.pos(n))
		}
		return
	}
	arg := argAt(args, spec.at)
	if arg == nil {
		return
	}
	at := arg
	v := f.eval(arg, 0)
	var name string
	var obj *ts.Node
	switch v.kind {
	case jsStr:
		name = v.s
	case jsObj:
		obj = arg
		nv, nat, _ := f.option(arg, "name")
		if nv.kind != jsStr {
			return
		}
		name, at = nv.s, nat
	default:
		return
	}
	a, ok := AssetFromName(spec.prefix + compact(name))
	if spec.prefix == "" {
		a, ok = AssetFromName(name)
	}
	if !ok {
		return
	}
	if obj != nil {
		f.webParams(obj, &a)
	}
	f.inv.add(a, api, f.pos(at))
}

// webParams reads a WebCrypto algorithm object's parameters: length (AES), hash (HMAC, PBKDF2, HKDF, RSA).
func (f *jsFile) webParams(obj *ts.Node, a *finding.CryptoAsset) {
	if lv, _, _ := f.option(obj, "length"); lv.kind == jsNum && lv.num.IsInt64() && a.Algorithm == "AES" {
		if n := lv.num.Int64(); n == 128 || n == 192 || n == 256 {
			a.KeySize = int(n)
		}
	}
	hv, _, _ := f.option(obj, "hash")
	if hv.kind == jsObj {
		if val, _, ok := f.prop(hv.obj, "name", 0); ok {
			hv = f.eval(val, 0)
		}
	}
	if hv.kind != jsStr {
		return
	}
	switch a.Algorithm {
	case "HMAC", "PBKDF2", "HKDF":
		if h, ok := AssetFromName(hv.s); ok && h.Primitive == PrimitiveHash {
			a.ParameterSet = h.Algorithm
		}
	}
}

// tlsVersionInventory records the protocol version a minVersion option sets.
func (f *jsFile) tlsVersionInventory(p *ts.Node, key, version string) {
	if key != "minVersion" {
		return
	}
	if a, ok := AssetFromName(version); ok && a.Kind == finding.AssetProtocol {
		f.inv.add(a, key, f.pos(p))
	}
}
