package finding

import (
	"cmp"
	"slices"
)

// AssetKind is what a cryptographic asset is, in CycloneDX's terms (cryptoProperties.assetType).
type AssetKind string

// Asset kinds.
const (
	AssetAlgorithm AssetKind = "algorithm"
	AssetProtocol  AssetKind = "protocol"
	AssetMaterial  AssetKind = "related-crypto-material"
)

// ClassSafe is the class of a cryptographic asset that no rule flags.
const ClassSafe = "safe"

// CryptoAsset is one use of cryptography at one place: an algorithm called, a protocol configured, a key
// specified. A scan inventories every use it recognises, flagged or not, so that the inventory is all the
// cryptography and not only the violations.
type CryptoAsset struct {
	Kind AssetKind `json:"kind"`
	// Algorithm is the canonical family name: AES, SHA-256, HMAC, RSA, ML-KEM, TLS.
	Algorithm string `json:"algorithm"`
	// Primitive is the CycloneDX primitive: ae, block-cipher, hash, mac, kdf, signature, kem, pke, key-agree …
	Primitive string `json:"primitive,omitempty"`
	Mode      string `json:"mode,omitempty"`    // cbc, gcm, ctr … (lower case)
	Padding   string `json:"padding,omitempty"` // pkcs1v15, oaep, pkcs7 … (lower case)
	KeySize   int    `json:"keySize,omitempty"` // in bits, when known
	Curve     string `json:"curve,omitempty"`   // P-256, X25519 …
	// ParameterSet names the parameters beyond a key size: "768" for ML-KEM-768, "SHA2-128s" for SLH-DSA,
	// the hash of an HMAC or KDF ("SHA-256").
	ParameterSet string `json:"parameterSet,omitempty"`
	Version      string `json:"version,omitempty"` // a protocol's version: "1.2", "1.3"
	API          string `json:"api,omitempty"`     // how the code or template names it
	Path         string `json:"path"`
	Line         int    `json:"line"`
	Column       int    `json:"column,omitempty"`
	// Class is the crypto class of the worst finding at this use (crypto/weak-hash …), the class the
	// algorithm itself has when no rule looked at this use (a classical public-key algorithm is
	// crypto/quantum-vulnerable), or ClassSafe.
	Class  string `json:"class"`
	RuleID string `json:"ruleId,omitempty"` // the finding's rule, when one flags the use
}

// SortAssets puts the report's assets in a stable order: by path, line, column, algorithm.
func (r *Report) SortAssets() {
	slices.SortStableFunc(r.Assets, func(a, b CryptoAsset) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column),
			cmp.Compare(a.Algorithm, b.Algorithm), cmp.Compare(a.ParameterSet, b.ParameterSet))
	})
}
