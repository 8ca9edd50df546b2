package crypto

import (
	"fmt"

	"github.com/attestdev/attest/shared/finding"
)

// RuleWeakHash flags MD5, SHA-1, MD4 and their combinations.
const RuleWeakHash = "ATT-CRYPTO-WEAK-HASH"

func weakHashRule() finding.Rule {
	return finding.Rule{
		ID:    RuleWeakHash,
		Title: "Weak hash function (MD5, SHA-1, MD4)",
		Description: "The code uses a hash function whose collision resistance is broken. Anything that relies on it " +
			"for integrity, signatures, passwords or unique identifiers can be forged. NIST SP 800-131A Rev. 2 " +
			"disallows SHA-1 for digital signatures, approves MD5 and MD4 for no cryptographic use, and NIST retires " +
			"SHA-1 for all uses by 31 December 2030. A use marked as not for security (Python's " +
			"usedforsecurity=False) is reported as a note so it stays in the cryptography inventory.",
		Remediation: "Use SHA-256 or SHA-384 (SHA-2) or SHA3-256 (SHA-3): in Go sha256.Sum256(data) or sha256.New(); " +
			"in Python hashlib.sha256(data). Where an external format requires MD5 (an S3 ETag, a legacy checksum), " +
			"say so in the code (usedforsecurity=False in Python).",
		HelpURI:    "https://csrc.nist.gov/pubs/sp/800/131/a/r2/final",
		Level:      finding.LevelError,
		Confidence: "high",
		Class:      ClassWeakHash,
		// A weak hash undermines "strong cryptography" wherever it protects data, and belongs in the reviewed
		// inventory. The HIPAA specifications named here are about encryption, which a hash is not.
		Controls: []string{controlPCIStrongCrypto, controlPCICryptoInventory},
		CWE:      []int{327, 328},
	}
}

// weakHash is a broken hash function: its name in findings and why it is broken.
type weakHash struct {
	name string
	why  string
}

var (
	hashMD5 = weakHash{"MD5", "MD5 collisions take seconds to compute, and NIST SP 800-131A Rev. 2 approves MD5 " +
		"for no cryptographic use"}
	hashSHA1 = weakHash{"SHA-1", "SHA-1 chosen-prefix collisions are practical, NIST SP 800-131A Rev. 2 disallows " +
		"SHA-1 for digital signatures, and NIST retires SHA-1 for all uses by 31 December 2030"}
	hashMD4 = weakHash{"MD4", "MD4 collisions can be computed by hand, and NIST SP 800-131A Rev. 2 approves MD4 " +
		"for no cryptographic use"}
	hashMD5SHA1 = weakHash{"MD5+SHA-1", "the MD5+SHA-1 concatenation exists only for TLS 1.0 and 1.1, which are " +
		"deprecated, and is no stronger than SHA-1 alone, which NIST retires by 31 December 2030"}
)

// hashUse is one use of a weak hash in source.
type hashUse struct {
	hash weakHash
	api  string // what the code uses, in its canonical spelling: md5.Sum, hashlib.md5
	fix  string // the replacement for this use, as code
	// nonSecurity is the evidence that the use is not for security (usedforsecurity=False); empty when none.
	nonSecurity string
	at          position
}

func (u hashUse) finding(path string) finding.Finding {
	level := finding.LevelError
	var msg string
	if u.nonSecurity != "" {
		level = finding.LevelNote
		msg = fmt.Sprintf("%s via %s, marked %s (non-security use; kept as a note for the cryptography "+
			"inventory): %s. Keep it only where an external format requires %s, such as an S3 ETag or a cache "+
			"key; anything that protects integrity, passwords or signatures needs SHA-256 or SHA-3: %s.",
			u.hash.name, u.api, u.nonSecurity, u.hash.why, u.hash.name, u.fix)
	} else {
		msg = fmt.Sprintf("%s via %s: %s. Replace it with SHA-256 or SHA-3: %s.", u.hash.name, u.api, u.hash.why, u.fix)
	}
	props := map[string]string{"algorithm": u.hash.name, "api": u.api}
	if u.nonSecurity != "" {
		props["use"] = "non-security"
	}
	return finding.Finding{
		RuleID:  RuleWeakHash,
		Level:   level,
		Message: msg,
		Path:    path,
		Line:    u.at.line,
		Column:  u.at.col,
		Snippet: u.at.snippet,
		Props:   props,
	}
}
