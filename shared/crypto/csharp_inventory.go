//go:build cgo

package crypto

import (
	"strings"

	"github.com/attestdev/attest/shared/finding"
	ts "github.com/tree-sitter/go-tree-sitter"
)

// csInventoryMethods are the static methods and constructors through which an inventoried .NET type is used.
var csInventoryMethods = map[string]bool{"Create": true, "HashData": true, "TryHashData": true, "HashDataAsync": true,
	"DeriveKey": true, "Extract": true, "Expand": true, "Pbkdf2": true, "GenerateKey": true, "ImportMLKemPublicKey": true,
	"ImportMLDsaPublicKey": true, "ImportEncapsulationKey": true, "ImportDecapsulationKey": true,
	"ImportSubjectPublicKeyInfo": true, "ImportPkcs8PrivateKey": true}

// inventoryInvocation records a static use of an inventoried type: SHA256.HashData(…), Aes.Create(),
// MLKem.GenerateKey(MLKemAlgorithm.MLKem768).
func (f *csFile) inventoryInvocation(t csType, q, method string, args []ts.Node, at position) {
	if !csInventoryMethods[method] {
		return
	}
	switch t.kind {
	case csSafeCipher:
		if method != "Create" || len(args) > 0 || t.alg != "AES" {
			return
		}
		f.inv.alg("AES", shortName(q)+".Create", at)
	case csSafe:
		a := t.inv
		f.inventoryParams(&a, args)
		f.inv.add(a, shortName(q)+"."+method, at)
	}
}

// inventoryCreation records new AesGcm(key), new HMACSHA256(key), new Rfc2898DeriveBytes(…, HashAlgorithmName.X).
func (f *csFile) inventoryCreation(t csType, q string, args []ts.Node, at position) {
	switch t.kind {
	case csSafeCipher:
		if t.alg == "AES" {
			f.inv.alg("AES", "new "+shortName(q), at)
		}
	case csSafe:
		a := t.inv
		f.inventoryParams(&a, args)
		f.inv.add(a, "new "+shortName(q), at)
	case csPBKDF2:
		a := finding.CryptoAsset{Algorithm: "PBKDF2", ParameterSet: "SHA-1"} // its default, as the rules say
		f.inventoryParams(&a, args)
		f.inv.add(a, "new "+shortName(q), at)
	}
}

// inventoryParams reads the parameter set an argument names: HashAlgorithmName.SHA256 for a KDF,
// MLKemAlgorithm.MLKem768 for ML-KEM.
func (f *csFile) inventoryParams(a *finding.CryptoAsset, args []ts.Node) {
	for i := range args {
		text := f.text(&args[i])
		cls, member, ok := strings.Cut(text[strings.LastIndexByte(text[:max(strings.LastIndexByte(text, '.'), 0)], '.')+1:], ".")
		if !ok || strings.ContainsAny(member, "(). ") {
			continue
		}
		switch {
		case cls == "HashAlgorithmName" && (a.Algorithm == "PBKDF2" || a.Algorithm == "HKDF"):
			if h, ok := AssetFromName(member); ok && h.Primitive == PrimitiveHash {
				a.ParameterSet = h.Algorithm
			}
		case (cls == "MLKemAlgorithm" && a.Algorithm == "ML-KEM") || (cls == "MLDsaAlgorithm" && a.Algorithm == "ML-DSA") ||
			(cls == "SlhDsaAlgorithm" && a.Algorithm == "SLH-DSA"):
			if p, ok := AssetFromName(member); ok && p.Algorithm == a.Algorithm {
				a.ParameterSet = p.ParameterSet
			}
		}
	}
}

// inventoryProtocol records SslProtocols.Tls12 and SslProtocols.Tls13 (the weak members are findings).
func (f *csFile) inventoryProtocol(member, api string, at position) {
	if _, weak := csWeakTLS[member]; weak {
		return
	}
	if a, ok := AssetFromName(member); ok && a.Kind == finding.AssetProtocol {
		f.inv.add(a, api, at)
	}
}
