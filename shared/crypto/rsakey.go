package crypto

import (
	"fmt"
	"math"
	"math/big"
	"strconv"

	"github.com/attestdev/attest/shared/finding"
)

// The RSA family: a key below 2048 bits is a short key (broken now); any other RSA key is quantum-vulnerable.
const (
	RuleShortKeyRSA          = "ATT-CRYPTO-SHORT-KEY-RSA"
	RuleQuantumVulnerableRSA = "ATT-CRYPTO-QUANTUM-VULNERABLE-RSA"
)

// RSA sizes that change the verdict: below minRSABits is disallowed now (SP 800-131A Rev. 2); below
// rsa128Bits is 112-bit security, which NIST IR 8547 deprecates after 2030 before disallowing all RSA in 2035.
const (
	minRSABits     = 2048
	rsa128Bits     = 3072
	interimRSABits = 3072
)

func shortKeyRSARule() finding.Rule {
	return finding.Rule{
		ID:    RuleShortKeyRSA,
		Title: "RSA key shorter than 2048 bits",
		Description: "The code generates an RSA key below 2048 bits, under 112-bit security. NIST SP 800-131A Rev. 2 " +
			"disallows such keys for digital signatures and key establishment; they can be factored with " +
			"resources within reach of well-funded attackers today.",
		Remediation: "Generate at least 3072-bit keys as an interim measure (rsa.GenerateKey(rand.Reader, 3072); " +
			"rsa.generate_private_key(public_exponent=65537, key_size=3072)) and plan the migration to ML-DSA-65 " +
			"(FIPS 204) for signatures or ML-KEM-768 (FIPS 203) for key establishment: NIST IR 8547 disallows RSA " +
			"of every size after 2035.",
		HelpURI:    "https://csrc.nist.gov/pubs/sp/800/131/a/r2/final",
		Level:      finding.LevelError,
		Confidence: "high",
		Class:      ClassShortKey,
		// A short key protects neither stored data nor data in transit.
		Controls: []string{controlPCIKeys, controlPCIStrongCrypto, controlPCICryptoInventory,
			controlHIPAAEncryption, controlHIPAATransmission},
		CWE: []int{326},
	}
}

func quantumRSARule() finding.Rule {
	return finding.Rule{
		ID:    RuleQuantumVulnerableRSA,
		Title: "RSA key (quantum-vulnerable)",
		Description: "The code generates an RSA key. Shor's algorithm on a cryptographically relevant quantum " +
			"computer breaks RSA at any size, and data encrypted or signed today can be recorded now and broken " +
			"later. NIST IR 8547 deprecates 112-bit-security RSA (2048 bits) after 2030 and disallows all RSA " +
			"after 2035. A key whose size the analyzer cannot see is reported here too, as its size is unknown.",
		Remediation: "Plan the migration: ML-DSA-65 (FIPS 204) for signatures, ML-KEM-768 (FIPS 203; hybrid " +
			"X25519MLKEM768 in TLS) for key establishment. If RSA must stay in the interim, use at least 3072 bits.",
		HelpURI:    "https://csrc.nist.gov/pubs/ir/8547/ipd",
		Level:      finding.LevelWarning,
		Confidence: "high",
		Class:      ClassQuantumVulnerable,
		// RSA at 2048 bits or more is acceptable today; what the standards require now is that it is inventoried
		// and its replacement planned, which is 12.3.3's review.
		Controls: []string{controlPCICryptoInventory},
		CWE:      []int{327},
	}
}

// keySize is an RSA modulus size as the code states it.
type keySize struct {
	known bool
	bits  int64  // saturated at the int64 range
	text  string // the exact value, for messages and properties
	// from names the constant or variable that holds the size, when the code names one.
	from string
	// unknown says why the size is not known, as a clause: "it is the parameter bits, so each caller decides".
	unknown string
}

func sizeFromBig(v *big.Int, from string) keySize {
	bits := int64(math.MaxInt64)
	switch {
	case v.IsInt64():
		bits = v.Int64()
	case v.Sign() < 0:
		bits = math.MinInt64
	}
	text := v.String()
	if len(text) > 24 {
		text = text[:12] + "…"
	}
	return keySize{known: true, bits: bits, text: text, from: from}
}

func unknownSize(why string) keySize { return keySize{unknown: why} }

// rsaKeyGen is one RSA key generation in source.
type rsaKeyGen struct {
	api  string // canonical spelling of the call: rsa.GenerateKey
	size keySize
	// fix is the call rewritten with an interim size, used when the size is not held in a named constant.
	fix string
	// pq points at the language's post-quantum option, appended to the advice; may be empty.
	pq string
	at position
}

func (g rsaKeyGen) finding(path string) finding.Finding {
	props := map[string]string{"algorithm": "RSA", "api": g.api}
	if g.size.known {
		props["keySize"] = g.size.text
	}
	f := finding.Finding{Path: path, Line: g.at.line, Column: g.at.col, Snippet: g.at.snippet, Props: props}
	migrate := "migrate to ML-DSA-65 (FIPS 204) for signatures or ML-KEM-768 (FIPS 203) for key establishment"
	if g.pq != "" {
		migrate += " (" + g.pq + ")"
	}
	change := g.fix
	if g.size.from != "" {
		change = fmt.Sprintf("raise %s to %d", g.size.from, interimRSABits)
	}
	switch {
	case g.size.known && g.size.bits < minRSABits:
		f.RuleID, f.Level = RuleShortKeyRSA, finding.LevelError
		f.Message = fmt.Sprintf("RSA key of %s bits from %s: NIST SP 800-131A Rev. 2 disallows RSA keys below %d bits "+
			"for signatures and key establishment. Use at least %d bits now (%s) as an interim only if you must "+
			"stay on RSA, and %s: NIST IR 8547 disallows RSA of every size after 2035.",
			g.size.text, g.api, minRSABits, interimRSABits, change, migrate)
	case g.size.known && g.size.bits < rsa128Bits:
		f.RuleID, f.Level = RuleQuantumVulnerableRSA, finding.LevelWarning
		props["deprecatedAfter"], props["disallowedAfter"] = "2030", "2035"
		f.Message = fmt.Sprintf("RSA-%s key from %s is quantum-vulnerable: Shor's algorithm breaks RSA at any size, "+
			"and NIST IR 8547 deprecates 112-bit-security RSA (2048 bits) after 2030 and disallows it after 2035. "+
			"Plan to %s; if you must stay on RSA in the interim, use at least %d bits (%s).",
			g.size.text, g.api, migrate, interimRSABits, change)
	case g.size.known:
		f.RuleID, f.Level = RuleQuantumVulnerableRSA, finding.LevelWarning
		props["disallowedAfter"] = "2035"
		f.Message = fmt.Sprintf("RSA-%s key from %s is quantum-vulnerable: Shor's algorithm breaks RSA at any size, "+
			"and NIST IR 8547 disallows RSA after 2035. Plan to %s.", g.size.text, g.api, migrate)
	default:
		f.RuleID, f.Level = RuleQuantumVulnerableRSA, finding.LevelWarning
		props["keySize"] = "unknown"
		props["deprecatedAfter"], props["disallowedAfter"] = "2030", "2035"
		f.Message = fmt.Sprintf("RSA key of unknown size from %s: %s. Below %d bits it is disallowed now "+
			"(NIST SP 800-131A Rev. 2), and at any size RSA is quantum-vulnerable, deprecated at 2048 bits after "+
			"2030 and disallowed after 2035 (NIST IR 8547). Make the size a constant of at least %d bits for the "+
			"interim and plan to %s.", g.api, g.size.unknown, minRSABits, interimRSABits, migrate)
	}
	return f
}

// itoa is strconv.Itoa for the interim size in suggested code.
func itoa(n int) string { return strconv.Itoa(n) }
