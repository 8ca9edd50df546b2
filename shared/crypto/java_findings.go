//go:build cgo

package crypto

import (
	"fmt"
	"strconv"

	"github.com/attestdev/attest/shared/finding"
)

// javaPQ names Java's post-quantum options, appended to public-key advice.
const javaPQ = "KeyPairGenerator.getInstance(\"ML-DSA-65\") / KEM.getInstance(\"ML-KEM\") on JDK 24+, or Bouncy Castle"

// javaCipherWhy says why each weak cipher is weak.
var javaCipherWhy = map[string]string{
	"DES":      "DES has a 56-bit key that is searched exhaustively in hours, and NIST SP 800-131A Rev. 2 disallows it",
	"3DES":     "3DES has a 64-bit block open to birthday attacks (Sweet32), and NIST SP 800-131A Rev. 2 disallows it for encryption after 2023",
	"RC4":      "RC4 keystream biases recover plaintext (RFC 7465 prohibits it in TLS), and NIST approves it for no use",
	"RC2":      "RC2 has a 64-bit block, commonly 40-bit keys and related-key attacks, and NIST approves it for no use",
	"Blowfish": "Blowfish has a 64-bit block open to birthday attacks (Sweet32), and NIST SP 800-131A Rev. 2 approves it for no use",
	"IDEA":     "IDEA has a 64-bit block open to birthday attacks (Sweet32), and NIST SP 800-131A Rev. 2 approves it for no use",
	"CAST5":    "CAST5 has a 64-bit block open to birthday attacks (Sweet32), and NIST SP 800-131A Rev. 2 approves it for no use",
	"SEED":     "SEED is not a NIST-approved cipher (NIST SP 800-131A Rev. 2) and is kept only for legacy Korean standards",
}

func javaCipherFinding(path, alg, mode, api string, at position) finding.Finding {
	fix := `Cipher.getInstance("AES/GCM/NoPadding") with a 256-bit key and a fresh 12-byte IV per message (GCMParameterSpec(128, iv))`
	return sourceFinding(path, RuleWeakCipher, finding.LevelError, alg, api, fmt.Sprintf(
		"%s via %s: %s. Encrypt with AES-256-GCM instead: %s.", alg, api, javaCipherWhy[alg], fix), at,
		map[string]string{"mode": mode})
}

func javaECBFinding(path, alg, api, how string, at position) finding.Finding {
	return sourceFinding(path, RuleECBMode, finding.LevelError, alg, api, fmt.Sprintf(
		"%s in ECB mode via %s%s: ECB encrypts equal blocks to equal ciphertext, so patterns in the data show "+
			"through, and it has no integrity; NIST SP 800-38A approves it only as a building block. Use "+
			"AES-256-GCM: Cipher.getInstance(\"AES/GCM/NoPadding\") with a fresh 12-byte IV per message.",
		alg, api, how), at, map[string]string{"mode": "ECB"})
}

// javaHashFinding reports a weak hash; nonSecurity is the evidence of a non-security use, or "".
func javaHashFinding(path string, h weakHash, api, fix, nonSecurity string, at position) finding.Finding {
	return hashUse{hash: h, api: api, fix: fix, nonSecurity: nonSecurity, at: at}.finding(path)
}

// javaHMACFinding reports an HMAC over MD5 (an error) or SHA-1 (a note: HMAC does not rely on collision
// resistance, but SHA-1 is on its way out).
func javaHMACFinding(path string, h weakHash, api string, at position) finding.Finding {
	level, note := finding.LevelError, ""
	if h == hashSHA1 {
		level, note = finding.LevelNote, "; kept as a note for the cryptography inventory, as HMAC does not depend on the collision resistance SHA-1 lacks"
	}
	return sourceFinding(path, RuleWeakHash, level, "HMAC-"+h.name, api, fmt.Sprintf(
		"HMAC-%s via %s: %s%s. Move to Mac.getInstance(\"HmacSHA256\").", h.name, api, h.why, note), at,
		map[string]string{"use": "mac"})
}

// javaSignatureHashFinding reports a signature over a weak hash: the worst class on the line.
func javaSignatureHashFinding(path string, h weakHash, sig, family, api string, at position) finding.Finding {
	return sourceFinding(path, RuleWeakHash, finding.LevelError, h.name, api, fmt.Sprintf(
		"%s signature (%s over %s) via %s: %s. Use SHA256with%s as the interim (%s is also quantum-vulnerable: deprecated after 2030, "+
			"disallowed after 2035 by NIST IR 8547) and plan ML-DSA-65 (FIPS 204; %s).",
		sig, family, h.name, api, h.why, family, family, javaPQ), at, map[string]string{"signature": sig})
}

// javaKey is a public-key use: a key pair generator, a signature, a key agreement or a key factory.
type javaKey struct {
	family string // RSA, DSA, DH, EC, EdDSA, XDH
	alg    string // as the finding names it: RSA, ECDSA, Ed25519, X25519 …
	api    string
	bits   int64  // 0 when unknown
	size   string // the size as written, when known
	from   string // the constant that holds the size
	curve  string
	// unknown says why the size is not known; empty when the size does not matter (a signature).
	unknown string
	what    string // what the code does: "signing", "key generation"
	at      position
}

func (k javaKey) finding(path string) finding.Finding {
	props := map[string]string{"curve": k.curve}
	if k.bits > 0 {
		props["keySize"] = k.size
	}
	what := k.alg
	switch {
	case k.curve != "":
		what += " on " + k.curve
	case k.bits > 0:
		what += fmt.Sprintf(" with a %s-bit key", k.size)
	}
	raise := ""
	if k.from != "" {
		raise = " (raise " + k.from + ")"
	}
	switch {
	case k.family == "DSA" && k.bits > 0 && k.bits < 2048:
		return sourceFinding(path, RuleShortKeyDSA, finding.LevelError, k.alg, k.api, fmt.Sprintf(
			"%s via %s: NIST SP 800-131A Rev. 2 disallows DSA keys below 2048 bits for signing, and FIPS 186-5 "+
				"drops DSA signing altogether. Sign with ML-DSA-65 (FIPS 204; %s); in the interim, ECDSA P-256%s.",
			what, k.api, javaPQ, raise), k.at, props)
	case k.family == "DH" && k.bits > 0 && k.bits < 2048:
		return sourceFinding(path, RuleShortKeyDH, finding.LevelError, k.alg, k.api, fmt.Sprintf(
			"%s via %s: finite-field Diffie-Hellman below 2048 bits (Logjam) is disallowed for key establishment "+
				"by NIST SP 800-131A Rev. 2. Use ML-KEM-768 (FIPS 203; %s), or at least a 3072-bit group in the interim%s.",
			what, k.api, javaPQ, raise), k.at, props)
	case k.family == "EC" && k.bits > 0 && k.bits < 224:
		return sourceFinding(path, RuleShortKeyEC, finding.LevelError, k.alg, k.api, fmt.Sprintf(
			"%s via %s: a curve below 224 bits gives less than 112-bit security, which NIST SP 800-131A Rev. 2 "+
				"disallows. Use new ECGenParameterSpec(\"secp256r1\") or larger in the interim and plan ML-DSA-65 / "+
				"ML-KEM-768 (%s).", what, k.api, javaPQ), k.at, props)
	case k.family == "RSA":
		g := rsaKeyGen{api: k.api, pq: javaPQ, at: k.at,
			fix: "initialize(" + strconv.Itoa(interimRSABits) + ")"}
		if k.bits != 0 {
			g.size = keySize{known: true, bits: k.bits, text: k.size, from: k.from}
		} else if k.unknown != "" {
			g.size = unknownSize(k.unknown)
		} else {
			break // an RSA signature or cipher: the key size is not in sight and does not change the verdict
		}
		f := g.finding(path)
		f.Props["api"] = k.api
		return f
	}
	props["deprecatedAfter"], props["disallowedAfter"] = "2030", "2035"
	rule, fix := RuleQuantumVulnerableRSA, "move signatures to ML-DSA-65 (FIPS 204) and key establishment to ML-KEM-768 (FIPS 203)"
	switch k.family {
	case "DSA":
		rule, fix = RuleQuantumVulnerableDSA, "sign with ML-DSA-65 (FIPS 204) or SLH-DSA (FIPS 205)"
	case "DH":
		rule, fix = RuleQuantumVulnerableDH, "agree keys with ML-KEM-768 (FIPS 203), in TLS as hybrid X25519MLKEM768"
	case "EC":
		rule, fix = RuleQuantumVulnerableECDSA, "move signatures to ML-DSA-65 (FIPS 204) and key agreement to ML-KEM-768 (FIPS 203)"
	case "ECDH", "XDH":
		rule, fix = RuleQuantumVulnerableECDH, "agree keys with ML-KEM-768 (FIPS 203), in TLS as hybrid X25519MLKEM768"
	case "EdDSA":
		rule, fix = RuleQuantumVulnerableEdDSA, "sign with ML-DSA-65 (FIPS 204) or SLH-DSA (FIPS 205)"
	}
	if k.what == "signing" {
		fix = "sign with ML-DSA-65 (FIPS 204) or SLH-DSA (FIPS 205)"
	}
	size := ""
	if k.bits == 0 && k.unknown != "" && k.family != "EdDSA" && k.family != "XDH" {
		size = "; key size unknown: " + k.unknown
	}
	return sourceFinding(path, rule, finding.LevelWarning, k.alg, k.api, fmt.Sprintf(
		"%s via %s (%s%s) is quantum-vulnerable: %s. Plan to %s (%s).", what, k.api, k.what, size,
		quantumDates, fix, javaPQ), k.at, props)
}

func javaSymmetricKeyFinding(path, alg, api string, bits int64, at position) finding.Finding {
	return sourceFinding(path, RuleShortKeySymmetric, finding.LevelError, alg, api, fmt.Sprintf(
		"%s with a %d-bit key via %s: keys below 128 bits can be searched exhaustively, and NIST SP 800-131A "+
			"Rev. 2 requires at least 112-bit security. Use AES-256: init(256).", alg, bits, api), at,
		map[string]string{"keySize": strconv.FormatInt(bits, 10)})
}

func javaWeakTLSFinding(path, proto, api string, at position) finding.Finding {
	return sourceFinding(path, RuleWeakTLSVersion, finding.LevelError, proto, api, fmt.Sprintf(
		"%s allowed via %s: RFC 8996 deprecates TLS 1.0 and 1.1 (SSL 3.0 is broken by POODLE), NIST SP 800-52 "+
			"Rev. 2 requires TLS 1.2 at least, and PCI DSS no longer accepts them as strong cryptography. Use "+
			"SSLContext.getInstance(\"TLSv1.3\") (or \"TLS\" with setEnabledProtocols(new String[]{\"TLSv1.3\", "+
			"\"TLSv1.2\"})), and offer hybrid X25519MLKEM768 key exchange where the JDK or provider supports it "+
			"(JEP 527, Bouncy Castle JSSE).", proto, api), at,
		map[string]string{"protocol": proto})
}

func javaNoVerifyFinding(path, api, how, fix string, at position) finding.Finding {
	return sourceFinding(path, RuleTLSVerifyDisabled, finding.LevelError, "TLS", api, fmt.Sprintf(
		"TLS certificate verification disabled via %s (%s): anyone on the path can impersonate the server and "+
			"read or change the traffic; NIST SP 800-52 Rev. 2 requires validating the server certificate and "+
			"its name. %s", api, how, fix), at, nil)
}
