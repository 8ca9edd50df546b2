package crypto

import (
	"strconv"
	"strings"
	"sync"

	"github.com/attestdev/attest/shared/finding"
)

// Result is what an analyzer finds in one file, on one parse and one walk: the findings, and the inventory
// of every use of cryptography it recognised, flagged or not. A flagged use is in the inventory exactly
// once, with the class of its worst finding.
type Result struct {
	Findings []finding.Finding
	Assets   []finding.CryptoAsset
}

// inventory collects the uses of cryptography an analyzer recognises while it walks a file, before they are
// matched with the file's findings.
type inventory struct {
	assets []finding.CryptoAsset
}

// name records a use of the algorithm a library names in a string ("AES/GCM/NoPadding", "sha256"); names
// it does not know are not recorded (they are not cryptography it can classify). edit may refine the asset.
func (v *inventory) name(name, api string, at position, edit ...func(*finding.CryptoAsset)) {
	a, ok := AssetFromName(name)
	if !ok {
		return
	}
	v.add(a, api, at, edit...)
}

// add records a use; tmpl holds the algorithm and its parameters.
func (v *inventory) add(tmpl finding.CryptoAsset, api string, at position, edit ...func(*finding.CryptoAsset)) {
	if at.line < 1 {
		return
	}
	a := complete(tmpl)
	a.API, a.Line, a.Column = api, at.line, at.col
	for _, e := range edit {
		e(&a)
	}
	v.assets = append(v.assets, a)
}

// alg records a use of an algorithm by its canonical catalog name.
func (v *inventory) alg(alg, api string, at position, edit ...func(*finding.CryptoAsset)) {
	v.add(finding.CryptoAsset{Algorithm: alg}, api, at, edit...)
}

// ruleClasses maps every crypto rule to its class.
var ruleClasses = sync.OnceValue(func() map[string]string {
	m := map[string]string{}
	for _, r := range Rules() {
		m[r.ID] = r.Class
	}
	return m
})

// findingAsset is the asset a finding is about.
func findingAsset(f finding.Finding) finding.CryptoAsset {
	name := f.Props["algorithm"]
	var a finding.CryptoAsset
	switch f.RuleID {
	case RuleQuantumVulnerableTLS:
		// Classical-only key exchange, whatever the setting names (a curve list, tlsmlkem=0, a policy).
		a = complete(finding.CryptoAsset{Algorithm: "ECDH"})
	case RuleTLSVerifyDisabled:
		a = finding.CryptoAsset{Kind: finding.AssetProtocol, Algorithm: "TLS"}
	case RuleWeakTLSCipher:
		a = finding.CryptoAsset{Kind: finding.AssetProtocol, Algorithm: "TLS", ParameterSet: name}
	default:
		var ok bool
		if a, ok = AssetFromName(name); !ok {
			if strings.TrimSpace(name) == "" {
				name = "unknown" // a flagged use whose algorithm the code does not name stays in the inventory
			}
			a = finding.CryptoAsset{Kind: finding.AssetAlgorithm, Algorithm: name, Primitive: PrimitiveUnknown}
		}
	}
	if a.Kind == finding.AssetProtocol {
		if v := f.Props["minVersion"]; a.Version == "" && v != "" && v != "unknown" {
			if p, ok := protocolName(compact("TLS" + v)); ok && strings.HasPrefix(v, "1.") {
				a.Version = p.Version
			} else if p, ok := protocolName(compact(v)); ok {
				a.Algorithm, a.Version = p.Algorithm, p.Version
			}
		}
	} else {
		if ks, err := strconv.Atoi(f.Props["keySize"]); err == nil && ks > 0 && a.KeySize == 0 {
			a.KeySize = ks
		}
		if c := f.Props["curve"]; c != "" && a.Curve == "" && !strings.ContainsAny(c, ",(") {
			a.Curve = c
		}
		if m := cipherMode(compact(f.Props["mode"])); m != "" && a.Mode == "" {
			a.Mode = m
		}
	}
	a.API, a.Path, a.Line, a.Column = f.Props["api"], f.Path, f.Line, f.Column
	if a.Algorithm == "RSA" && a.Primitive == PrimitivePKE && (strings.Contains(a.API, "Sign") || strings.Contains(a.API, "Verify") ||
		strings.Contains(a.API, "pss") || strings.Contains(a.API, "pkcs1_15")) {
		a.Primitive = PrimitiveSignature // an RSA key used to sign: rsa.SignPSS, pss.new
	}
	a.Class, a.RuleID = ruleClasses()[f.RuleID], f.RuleID
	return a
}

// newResult matches a file's inventory with its findings: a finding on the line of an inventoried use of the
// same algorithm classifies that use; a finding without one adds its own asset; a use no finding names takes
// the class of its algorithm (a classical public-key algorithm stays quantum-vulnerable) or is safe.
func newResult(path string, fs []finding.Finding, inv *inventory) Result {
	// A finding classifies the inventoried use of its algorithm on its line; for a protocol, of its version
	// too (SecurityProtocolType.Tls | SecurityProtocolType.Tls12 is two uses, one of them weak).
	type key struct {
		line             int
		alg, version, cs string
	}
	keyOf := func(a finding.CryptoAsset) key {
		k := key{line: a.Line, alg: a.Algorithm}
		if a.Kind == finding.AssetProtocol {
			k.version, k.cs = a.Version, a.ParameterSet
		}
		return k
	}
	var assets []finding.CryptoAsset
	if inv != nil {
		assets = make([]finding.CryptoAsset, 0, len(inv.assets)+len(fs))
	}
	at := map[key]int{}
	seen := map[finding.CryptoAsset]bool{}
	if inv != nil {
		for _, a := range inv.assets {
			a.Path = path
			if seen[a] {
				continue // one node reached twice
			}
			seen[a] = true
			k := keyOf(a)
			if _, dup := at[k]; !dup {
				at[k] = len(assets)
			}
			assets = append(assets, a)
		}
	}
	rank := make([]int, len(assets))
	for _, f := range fs {
		a := findingAsset(f)
		if !strings.HasPrefix(a.Class, "crypto/") {
			continue
		}
		k := keyOf(a)
		i, ok := at[k]
		if !ok {
			at[k] = len(assets)
			assets = append(assets, a)
			rank = append(rank, f.Level.Rank())
			continue
		}
		cur := &assets[i]
		if f.Level.Rank() > rank[i] {
			cur.Class, cur.RuleID, rank[i] = a.Class, a.RuleID, f.Level.Rank()
		}
		if cur.KeySize == 0 {
			cur.KeySize = a.KeySize
		}
		if cur.Curve == "" {
			cur.Curve = a.Curve
		}
		if cur.Mode == "" {
			cur.Mode = a.Mode
		}
		if cur.Version == "" {
			cur.Version = a.Version
		}
	}
	for i := range assets {
		if assets[i].Class == "" {
			assets[i].Class = inherentClass(assets[i])
		}
	}
	return Result{Findings: fs, Assets: assets}
}
