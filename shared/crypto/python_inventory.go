//go:build cgo

package crypto

import (
	"strings"

	"github.com/attestdev/attest/shared/finding"
	ts "github.com/tree-sitter/go-tree-sitter"
)

// pyInvKind says how a call of an inventoried Python API finds its parameters.
type pyInvKind uint8

const (
	piFixed     pyInvKind = iota // the API fixes the algorithm and its parameters
	piNamed                      // the first argument names the algorithm: oqs.KeyEncapsulation("ML-KEM-768")
	piHashArg                    // a hash argument names the parameter set: hmac.new(key, msg, "sha256")
	piCipherNew                  // PyCryptodome's AES.new(key, AES.MODE_GCM)
)

// pyInvAPI is an inventoried Python API: the flagged APIs enter the inventory through their findings.
type pyInvAPI struct {
	kind    pyInvKind
	asset   finding.CryptoAsset
	display string
	argAt   int    // piNamed, piHashArg: the argument's position (-1: keyword only)
	argKw   string // and keyword
}

// pyInventory are the inventoried APIs, by fully qualified name.
var pyInventory = func() map[string]pyInvAPI {
	m := map[string]pyInvAPI{}
	fixed := func(q, display string, a finding.CryptoAsset) {
		m[q] = pyInvAPI{kind: piFixed, asset: a, display: display}
	}
	for fn, alg := range map[string]string{"sha224": "SHA-224", "sha256": "SHA-256", "sha384": "SHA-384",
		"sha512": "SHA-512", "sha3_224": "SHA3-224", "sha3_256": "SHA3-256", "sha3_384": "SHA3-384",
		"sha3_512": "SHA3-512", "shake_128": "SHAKE128", "shake_256": "SHAKE256", "blake2b": "BLAKE2b-512",
		"blake2s": "BLAKE2s-256"} {
		fixed("hashlib."+fn, "hashlib."+fn, finding.CryptoAsset{Algorithm: alg})
	}
	m["hashlib.pbkdf2_hmac"] = pyInvAPI{kind: piHashArg, asset: finding.CryptoAsset{Algorithm: "PBKDF2"},
		display: "hashlib.pbkdf2_hmac", argAt: 0, argKw: "hash_name"}
	fixed("hashlib.scrypt", "hashlib.scrypt", finding.CryptoAsset{Algorithm: "scrypt"})
	m["hmac.new"] = pyInvAPI{kind: piHashArg, asset: finding.CryptoAsset{Algorithm: "HMAC"}, display: "hmac.new",
		argAt: 2, argKw: "digestmod"}
	m["hmac.digest"] = pyInvAPI{kind: piHashArg, asset: finding.CryptoAsset{Algorithm: "HMAC"}, display: "hmac.digest",
		argAt: 2, argKw: "digest"}

	aead := pyCryptography + "ciphers.aead."
	fixed(aead+"AESGCM", "AESGCM (cryptography)", finding.CryptoAsset{Algorithm: "AES", Mode: "gcm", Primitive: PrimitiveAE})
	fixed(aead+"AESCCM", "AESCCM (cryptography)", finding.CryptoAsset{Algorithm: "AES", Mode: "ccm", Primitive: PrimitiveAE})
	fixed(aead+"AESOCB3", "AESOCB3 (cryptography)", finding.CryptoAsset{Algorithm: "AES", Mode: "ocb", Primitive: PrimitiveAE})
	fixed(aead+"ChaCha20Poly1305", "ChaCha20Poly1305 (cryptography)", finding.CryptoAsset{Algorithm: "ChaCha20-Poly1305"})
	fixed(pyCryptography+"ciphers.algorithms.AES", "algorithms.AES (cryptography)", finding.CryptoAsset{Algorithm: "AES"})
	fixed(pyCryptography+"ciphers.algorithms.ChaCha20", "algorithms.ChaCha20 (cryptography)", finding.CryptoAsset{Algorithm: "ChaCha20"})
	for cls, alg := range map[string]string{"SHA224": "SHA-224", "SHA256": "SHA-256", "SHA384": "SHA-384",
		"SHA512": "SHA-512", "SHA512_256": "SHA-512/256", "SHA3_256": "SHA3-256", "SHA3_384": "SHA3-384",
		"SHA3_512": "SHA3-512", "BLAKE2b": "BLAKE2b-512", "BLAKE2s": "BLAKE2s-256", "SHAKE128": "SHAKE128",
		"SHAKE256": "SHAKE256"} {
		fixed(pyCryptography+"hashes."+cls, "hashes."+cls+" (cryptography)", finding.CryptoAsset{Algorithm: alg})
	}
	kdf := func(q, display, alg string) {
		m[q] = pyInvAPI{kind: piHashArg, asset: finding.CryptoAsset{Algorithm: alg}, display: display, argAt: 0, argKw: "algorithm"}
	}
	m[pyCryptography+"hmac.HMAC"] = pyInvAPI{kind: piHashArg, asset: finding.CryptoAsset{Algorithm: "HMAC"},
		display: "hmac.HMAC (cryptography)", argAt: 1, argKw: "algorithm"}
	kdf(pyCryptography+"kdf.pbkdf2.PBKDF2HMAC", "PBKDF2HMAC (cryptography)", "PBKDF2")
	kdf(pyCryptography+"kdf.hkdf.HKDF", "HKDF (cryptography)", "HKDF")
	kdf(pyCryptography+"kdf.hkdf.HKDFExpand", "HKDFExpand (cryptography)", "HKDF")
	fixed(pyCryptography+"kdf.scrypt.Scrypt", "Scrypt (cryptography)", finding.CryptoAsset{Algorithm: "scrypt"})
	for _, v := range []string{"Argon2id", "Argon2i", "Argon2d"} {
		fixed(pyCryptography+"kdf.argon2."+v, v+" (cryptography)", finding.CryptoAsset{Algorithm: "Argon2", ParameterSet: v})
	}
	fixed("argon2.PasswordHasher", "argon2.PasswordHasher", finding.CryptoAsset{Algorithm: "Argon2", ParameterSet: "Argon2id"})
	fixed("bcrypt.hashpw", "bcrypt.hashpw", finding.CryptoAsset{Algorithm: "bcrypt"})
	fixed("nacl.secret.SecretBox", "nacl.secret.SecretBox", finding.CryptoAsset{Algorithm: "XSalsa20-Poly1305"})

	for _, top := range []string{"Crypto", "Cryptodome"} {
		m[top+".Cipher.AES.new"] = pyInvAPI{kind: piCipherNew, asset: finding.CryptoAsset{Algorithm: "AES"},
			display: "AES.new (" + top + ")"}
		fixed(top+".Cipher.ChaCha20_Poly1305.new", "ChaCha20_Poly1305.new ("+top+")", finding.CryptoAsset{Algorithm: "ChaCha20-Poly1305"})
		for mod, alg := range map[string]string{"SHA224": "SHA-224", "SHA256": "SHA-256", "SHA384": "SHA-384",
			"SHA512": "SHA-512", "SHA3_256": "SHA3-256", "SHA3_384": "SHA3-384", "SHA3_512": "SHA3-512",
			"BLAKE2b": "BLAKE2b-512", "BLAKE2s": "BLAKE2s-256"} {
			fixed(top+".Hash."+mod+".new", mod+".new ("+top+")", finding.CryptoAsset{Algorithm: alg})
		}
		m[top+".Hash.HMAC.new"] = pyInvAPI{kind: piHashArg, asset: finding.CryptoAsset{Algorithm: "HMAC"},
			display: "HMAC.new (" + top + ")", argAt: 2, argKw: "digestmod"}
		fixed(top+".Protocol.KDF.scrypt", "scrypt ("+top+")", finding.CryptoAsset{Algorithm: "scrypt"})
		m[top+".Protocol.KDF.PBKDF2"] = pyInvAPI{kind: piHashArg, asset: finding.CryptoAsset{Algorithm: "PBKDF2"},
			display: "PBKDF2 (" + top + ")", argAt: -1, argKw: "hmac_hash_module"}
		m[top+".Protocol.KDF.HKDF"] = pyInvAPI{kind: piHashArg, asset: finding.CryptoAsset{Algorithm: "HKDF"},
			display: "HKDF (" + top + ")", argAt: 3, argKw: "hashmod"}
	}

	// Post-quantum: liboqs-python names the algorithm; pqcrypto has one module per parameter set.
	m["oqs.KeyEncapsulation"] = pyInvAPI{kind: piNamed, display: "oqs.KeyEncapsulation", argAt: 0, argKw: "alg_name"}
	m["oqs.Signature"] = pyInvAPI{kind: piNamed, display: "oqs.Signature", argAt: 0, argKw: "alg_name"}
	for _, set := range []string{"512", "768", "1024"} {
		for _, fn := range []string{"generate_keypair", "encrypt", "decrypt"} {
			fixed("pqcrypto.kem.ml_kem_"+set+"."+fn, "pqcrypto.kem.ml_kem_"+set+"."+fn,
				finding.CryptoAsset{Algorithm: "ML-KEM", ParameterSet: set})
		}
	}
	for _, set := range []string{"44", "65", "87"} {
		for _, fn := range []string{"generate_keypair", "sign", "verify"} {
			fixed("pqcrypto.sign.ml_dsa_"+set+"."+fn, "pqcrypto.sign.ml_dsa_"+set+"."+fn,
				finding.CryptoAsset{Algorithm: "ML-DSA", ParameterSet: set})
		}
	}
	return m
}()

// pyTLSVersions are the ssl constants that name a protocol version, and the version.
var pyTLSVersions = map[string]string{
	"ssl.TLSVersion.TLSv1_2": "TLSv1.2", "ssl.TLSVersion.TLSv1_3": "TLSv1.3",
	"ssl.TLSVersion.TLSv1": "TLSv1.0", "ssl.TLSVersion.TLSv1_1": "TLSv1.1", "ssl.TLSVersion.SSLv3": "SSLv3",
	"ssl.PROTOCOL_TLSv1_2": "TLSv1.2", "ssl.PROTOCOL_TLSv1": "TLSv1.0", "ssl.PROTOCOL_TLSv1_1": "TLSv1.1",
	"ssl.PROTOCOL_SSLv3": "SSLv3", "ssl.PROTOCOL_SSLv2": "SSLv2",
}

// pyInventoryOf returns the inventoried API of the first qualified name that is one.
func pyInventoryOf(quals []string) (pyInvAPI, bool) {
	for _, q := range quals {
		if api, ok := pyInventory[q]; ok {
			return api, true
		}
	}
	return pyInvAPI{}, false
}

// inventoryCall records a call of an inventoried API.
func (f *pyFile) inventoryCall(call ts.Node, args pyArgs, api pyInvAPI, s *pyScope) {
	if f.invConsumed[call.Id()] {
		return
	}
	at := f.pos(&call)
	a := api.asset
	switch api.kind {
	case piNamed:
		arg, ok := args.arg(api.argAt, api.argKw)
		if !ok {
			return
		}
		if v := f.eval(&arg, s, 0); v.ok && v.isStr {
			f.inv.name(v.s, api.display, at)
		}
		return
	case piHashArg:
		if arg, ok := args.arg(api.argAt, api.argKw); ok {
			a.ParameterSet = f.hashName(&arg, s)
		}
	case piCipherNew:
		mode, ok := args.arg(1, "mode")
		if !ok {
			return // no mode: ECB or an error, which the rules report
		}
		for _, q := range f.qualify(&mode, s, 0) {
			if _, m, ok := strings.Cut(q, ".MODE_"); ok {
				a.Mode = cipherMode(m)
			}
		}
		switch a.Mode {
		case "ecb":
			return // the ECB finding is the inventory
		case "gcm", "ccm", "ocb", "eax", "siv":
			a.Primitive = PrimitiveAE
		}
	}
	f.inv.add(a, api.display, at)
}

// hashName names the hash an argument gives: a string ("sha256"), a hash constructor or module
// (hashlib.sha256, SHA256), or a hash object (hashes.SHA256()), which then is part of the call. A weak hash
// gives the name too; its own finding stays.
func (f *pyFile) hashName(arg *ts.Node, s *pyScope) string {
	if v := f.eval(arg, s, 0); v.ok && v.isStr {
		if a, ok := AssetFromName(v.s); ok && a.Primitive == PrimitiveHash {
			return a.Algorithm
		}
		return ""
	}
	n := arg
	if n.KindId() == f.g.call {
		if fn := n.ChildByFieldId(f.g.fFunction); fn != nil {
			f.invConsumed[n.Id()] = true
			n = fn
		}
	}
	for _, q := range f.qualify(n, s, 0) {
		if api, ok := pyInventory[q]; ok && api.kind == piFixed && catalog[api.asset.Algorithm].primitive == PrimitiveHash {
			return api.asset.Algorithm
		}
		if api, ok := pyInventory[q+".new"]; ok && catalog[api.asset.Algorithm].primitive == PrimitiveHash {
			return api.asset.Algorithm // PyCryptodome passes the hash module
		}
		last := q[strings.LastIndexByte(q, '.')+1:]
		if a, ok := AssetFromName(last); ok && a.Primitive == PrimitiveHash && (strings.HasPrefix(q, "hashlib.") ||
			strings.HasPrefix(q, pyCryptography+"hashes.") || strings.Contains(q, ".Hash.")) {
			return a.Algorithm
		}
	}
	return ""
}

// cipherCtxInventory records cryptography's Cipher(algorithms.AES(key), modes.GCM(iv)) as AES in its mode,
// at the Cipher call; the algorithm's own call is then part of it.
func (f *pyFile) cipherCtxInventory(call ts.Node, args pyArgs, s *pyScope) {
	alg, ok1 := args.arg(0, "algorithm")
	mode, ok2 := args.arg(1, "mode")
	if !ok1 || alg.KindId() != f.g.call {
		return
	}
	api, ok := pyInventoryOf(f.qualify(alg.ChildByFieldId(f.g.fFunction), s, 0))
	if !ok || api.asset.Algorithm != "AES" || api.kind != piFixed {
		return
	}
	a := api.asset
	if ok2 && mode.KindId() == f.g.call {
		for _, q := range f.qualify(mode.ChildByFieldId(f.g.fFunction), s, 0) {
			if m, ok := strings.CutPrefix(q, pyCryptography+"ciphers.modes."); ok {
				a.Mode = cipherMode(compact(m))
			}
		}
	}
	if a.Mode == "ecb" {
		return // the ECB finding is the inventory
	}
	if a.Mode == "gcm" {
		a.Primitive = PrimitiveAE
	}
	f.invConsumed[alg.Id()] = true
	f.inv.add(a, "Cipher (cryptography)", f.pos(&call))
}

// versionInventory records the protocol version an ssl constant sets.
func (f *pyFile) versionInventory(v *ts.Node, s *pyScope, api string) {
	for _, q := range f.qualify(v, s, 0) {
		if name, ok := pyTLSVersions[q]; ok {
			f.inv.name(name, api, f.pos(v))
			return
		}
	}
}
