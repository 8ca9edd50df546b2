package crypto

import (
	"fmt"
	"strconv"

	"github.com/attestdev/attest/shared/finding"
)

// csPQ names the post-quantum classes of .NET, appended to RSA advice.
const csPQ = "System.Security.Cryptography.MLDsa / MLKem in .NET 10"

// csHMACNote reports an HMAC over SHA-1 (or a PBKDF2 with it): the MAC itself is not broken, so it is a note
// that keeps it in the cryptography inventory.
func csHMACNote(path string, h weakHash, api, fix string, at position) finding.Finding {
	return sourceFinding(path, RuleWeakHash, finding.LevelNote, "HMAC-"+h.name, api, fmt.Sprintf(
		"HMAC-%s via %s: HMAC does not depend on the collision resistance %s lacks, so NIST SP 800-131A Rev. 2 "+
			"still allows it, but %s; kept as a note for the cryptography inventory. Move to HMAC-SHA256: %s.",
		h.name, api, h.name, h.why, fix), at, map[string]string{"use": "mac"})
}

// csCipherFinding reports a weak cipher.
func csCipherFinding(path, alg, api string, at position) finding.Finding {
	why := map[string]string{
		"DES":  "DES has a 56-bit key that is searched exhaustively in hours, and NIST SP 800-131A Rev. 2 disallows it",
		"3DES": "3DES has a 64-bit block open to birthday attacks (Sweet32), and NIST SP 800-131A Rev. 2 disallows it for encryption after 2023",
		"RC2":  "RC2 has a 64-bit block and commonly 40- to 128-bit keys, has known related-key attacks, and NIST approves it for no use",
	}[alg]
	return sourceFinding(path, RuleWeakCipher, finding.LevelError, alg, api, fmt.Sprintf(
		"%s via %s: %s. Encrypt with AES-256-GCM instead: new AesGcm(key, AesGcm.TagByteSizes.MaxSize) with a "+
			"32-byte key and a fresh 12-byte nonce per message.", alg, api, why), at, nil)
}

// csECBFinding reports a block cipher in ECB mode.
func csECBFinding(path, alg, api, fix string, at position) finding.Finding {
	return sourceFinding(path, RuleECBMode, finding.LevelError, alg, api, fmt.Sprintf(
		"%s in ECB mode via %s: ECB encrypts equal blocks to equal ciphertext, so patterns in the data show "+
			"through, and it has no integrity; NIST SP 800-38A approves it only as a building block. Use "+
			"AES-256-GCM (new AesGcm(key, 16) with a unique nonce per message)%s.", alg, api, fix), at,
		map[string]string{"mode": "ECB"})
}

// csKeyFinding reports a DSA, EC or symmetric key: short (error) or, for the public-key families,
// quantum-vulnerable (warning).
type csKeyFinding struct {
	family csKind
	alg    string // DSA, ECDSA, ECDH
	api    string
	bits   int    // 0 when unknown
	curve  string // EC: the curve, when known
	why    string // where a default size comes from
	at     position
}

func (k csKeyFinding) finding(path string) finding.Finding {
	props := map[string]string{"curve": k.curve}
	if k.bits > 0 {
		props["keySize"] = strconv.Itoa(k.bits)
	}
	what := k.alg
	switch {
	case k.curve != "":
		what += " on " + k.curve
	case k.bits > 0:
		what += fmt.Sprintf(" with a %d-bit key", k.bits)
	}
	why := ""
	if k.why != "" {
		why = " (" + k.why + ")"
	}
	switch {
	case k.family == csDSA && k.bits > 0 && k.bits < 2048:
		return sourceFinding(path, RuleShortKeyDSA, finding.LevelError, k.alg, k.api, fmt.Sprintf(
			"%s via %s%s: NIST SP 800-131A Rev. 2 disallows DSA keys below 2048 bits for signing, and FIPS 186-5 "+
				"drops DSA signing altogether. Sign with ML-DSA-65 (FIPS 204; MLDsa in .NET 10); in the interim, "+
				"ECDSA P-256.", what, k.api, why), k.at, props)
	case (k.family == csECDsa || k.family == csECDH) && k.bits > 0 && k.bits < 224:
		return sourceFinding(path, RuleShortKeyEC, finding.LevelError, k.alg, k.api, fmt.Sprintf(
			"%s via %s%s: a curve below 224 bits gives less than 112-bit security, which NIST SP 800-131A Rev. 2 "+
				"disallows. Use ECCurve.NamedCurves.nistP256 or larger in the interim and plan ML-DSA-65 / ML-KEM-768.",
			what, k.api, why), k.at, props)
	}
	props["deprecatedAfter"], props["disallowedAfter"] = "2030", "2035"
	rule, fix := RuleQuantumVulnerableDSA, "sign with ML-DSA-65 (FIPS 204; MLDsa in .NET 10) or SLH-DSA (FIPS 205)"
	switch k.family {
	case csECDsa:
		rule = RuleQuantumVulnerableECDSA
	case csECDH:
		rule, fix = RuleQuantumVulnerableECDH, "agree keys with ML-KEM-768 (FIPS 203; MLKem in .NET 10), in TLS as hybrid X25519MLKEM768"
	}
	return sourceFinding(path, rule, finding.LevelWarning, k.alg, k.api, fmt.Sprintf(
		"%s via %s%s is quantum-vulnerable: %s. Plan to %s.", what, k.api, why, quantumDates, fix), k.at, props)
}

// csSymmetricKeyFinding reports a symmetric key below 128 bits.
func csSymmetricKeyFinding(path, alg, api string, bits int, at position) finding.Finding {
	return sourceFinding(path, RuleShortKeySymmetric, finding.LevelError, alg, api, fmt.Sprintf(
		"%s with a %d-bit key via %s: keys below 128 bits can be searched exhaustively, and NIST SP 800-131A "+
			"Rev. 2 requires at least 112-bit security. Use AES-256: set KeySize = 256.", alg, bits, api), at,
		map[string]string{"keySize": strconv.Itoa(bits)})
}

// csWeakTLSFinding reports an allowed SSL 3.0, TLS 1.0 or TLS 1.1.
func csWeakTLSFinding(path, proto, api string, at position) finding.Finding {
	return sourceFinding(path, RuleWeakTLSVersion, finding.LevelError, proto, api, fmt.Sprintf(
		"%s allowed via %s: RFC 8996 deprecates TLS 1.0 and 1.1 (SSL 3.0 is broken by POODLE), NIST SP 800-52 "+
			"Rev. 2 requires TLS 1.2 at least, and PCI DSS no longer accepts them as strong cryptography. Use "+
			"SslProtocols.Tls13 | SslProtocols.Tls12, or better SslProtocols.None to let the OS choose, which "+
			"offers TLS 1.3 and, where the OS supports it, hybrid X25519MLKEM768.", proto, api), at, nil)
}

// csNoVerifyFinding reports a certificate validation callback that accepts any certificate.
func csNoVerifyFinding(path, api, how string, at position) finding.Finding {
	return sourceFinding(path, RuleTLSVerifyDisabled, finding.LevelError, "TLS", api, fmt.Sprintf(
		"TLS certificate verification disabled via %s (%s): the client accepts any certificate, so anyone on "+
			"the path can impersonate the server; NIST SP 800-52 Rev. 2 requires validating the server "+
			"certificate. Remove the callback, or return errors == SslPolicyErrors.None after adding a private CA "+
			"to the trusted roots (X509ChainPolicy.CustomTrustStore).", api, how), at, nil)
}
