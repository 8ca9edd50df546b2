package crypto

import (
	"fmt"

	"github.com/attestdev/attest/shared/finding"
)

// classUse is one use of a weak cipher, ECB mode, a short or quantum-vulnerable key, or weak TLS, as the Go
// and Python analyzers report it. The message is built by the constructors below, so that every language
// cites the same standards in the same words.
type classUse struct {
	rule  string
	level finding.Level
	props map[string]string // algorithm, and keySize, mode, curve, api where known
	msg   string
	at    position
}

func (u classUse) finding(path string) finding.Finding {
	return finding.Finding{RuleID: u.rule, Level: u.level, Message: u.msg, Path: path, Line: u.at.line,
		Column: u.at.col, Snippet: u.at.snippet, Props: u.props}
}

func useProps(alg, api string, kv ...string) map[string]string {
	p := map[string]string{"algorithm": alg}
	if api != "" {
		p["api"] = api
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			p[kv[i]] = kv[i+1]
		}
	}
	return p
}

// weakCipherWhy says why each weak cipher is weak.
var weakCipherWhy = map[string]string{
	"DES":      "DES has a 56-bit key that can be searched exhaustively in hours, and NIST SP 800-131A Rev. 2 disallows it",
	"3DES":     "3DES has a 64-bit block (Sweet32 birthday attacks), and NIST SP 800-131A Rev. 2 disallows it for encryption after 2023",
	"RC4":      "RC4 keystream biases recover plaintext, and NIST SP 800-131A Rev. 2 approves it for no use (RFC 7465 bans it from TLS)",
	"RC2":      "RC2 has a 64-bit block and is often used with 40-bit keys; NIST SP 800-131A Rev. 2 approves it for no use",
	"Blowfish": "Blowfish has a 64-bit block (Sweet32 birthday attacks) and is not approved by NIST SP 800-131A Rev. 2",
	"CAST5":    "CAST5 has a 64-bit block (Sweet32 birthday attacks) and is not approved by NIST SP 800-131A Rev. 2",
	"IDEA":     "IDEA has a 64-bit block (Sweet32 birthday attacks) and is not approved by NIST SP 800-131A Rev. 2",
	"SEED":     "SEED is not approved by NIST SP 800-131A Rev. 2 and is deprecated in the libraries that still offer it",
	"TEA":      "TEA has equivalent keys and related-key attacks, a 64-bit block, and is not approved by NIST SP 800-131A Rev. 2",
	"XTEA":     "XTEA has a 64-bit block (Sweet32 birthday attacks) and is not approved by NIST SP 800-131A Rev. 2",
}

// weakCipherUse reports a broken or 64-bit-block cipher; fix is the replacement as code.
func weakCipherUse(alg, api, fix string, at position, kv ...string) classUse {
	why := weakCipherWhy[alg]
	if why == "" {
		why = alg + " is not approved by NIST SP 800-131A Rev. 2"
	}
	return classUse{rule: RuleWeakCipher, level: finding.LevelError, props: useProps(alg, api, kv...), at: at,
		msg: fmt.Sprintf("%s cipher via %s: %s. Encrypt with AES-256-GCM (or ChaCha20-Poly1305) and a fresh "+
			"random nonce per message: %s.", alg, api, why, fix)}
}

// ecbUse reports a block cipher in ECB mode; fix is the replacement as code.
func ecbUse(alg, api, fix string, at position) classUse {
	return classUse{rule: RuleECBMode, level: finding.LevelError, props: useProps(alg, api, "mode", "ECB"), at: at,
		msg: fmt.Sprintf("%s in ECB mode via %s: ECB encrypts equal plaintext blocks to equal ciphertext blocks and "+
			"gives no integrity, and NIST SP 800-38A approves it only as a building block. Use an authenticated "+
			"mode, AES-256-GCM with a unique nonce per message: %s.", alg, api, fix)}
}

// quantumUse reports a classical public-key algorithm; what is the algorithm with its parameters
// ("ECDSA P-256"), replacement the post-quantum primitive to move to.
func quantumUse(rule, alg, what, api, replacement string, at position, kv ...string) classUse {
	p := useProps(alg, api, kv...)
	p["deprecatedAfter"], p["disallowedAfter"] = "2030", "2035"
	return classUse{rule: rule, level: finding.LevelWarning, props: p, at: at,
		msg: fmt.Sprintf("%s via %s is quantum-vulnerable: Shor's algorithm breaks it at any key size, and NIST IR "+
			"8547 deprecates it after 2030 and disallows it after 2035 (what is recorded today can be decrypted or "+
			"forged later). Plan the migration to %s.", what, api, replacement)}
}

// shortKeyUse reports a key below the size NIST SP 800-131A Rev. 2 allows.
func shortKeyUse(rule, alg, api string, bits, minBits int64, fix string, at position, kv ...string) classUse {
	p := useProps(alg, api, kv...)
	p["keySize"] = fmt.Sprint(bits)
	return classUse{rule: rule, level: finding.LevelError, props: p, at: at,
		msg: fmt.Sprintf("%s key of %d bits via %s: NIST SP 800-131A Rev. 2 disallows %s below %d bits, under "+
			"112-bit security. %s; and as %s is quantum-vulnerable at any size (NIST IR 8547: deprecated after 2030, "+
			"disallowed after 2035), plan ML-KEM-768 for key establishment or ML-DSA-65 for signatures.",
			alg, bits, api, alg, minBits, fix, alg)}
}

// pqTLS is the advice for a TLS setting without hybrid post-quantum key exchange.
const pqTLS = "NIST IR 8547 deprecates classical key exchange after 2030 and disallows it after 2035, and a " +
	"session recorded today can be decrypted once a quantum computer breaks its key exchange"

// tlsUse reports a TLS setting; msg is the whole message.
func tlsUse(rule string, level finding.Level, alg, api, msg string, at position, kv ...string) classUse {
	return classUse{rule: rule, level: level, props: useProps(alg, api, kv...), msg: msg, at: at}
}

// tlsVersionName names a TLS protocol version number.
func tlsVersionName(v int64) string {
	switch v {
	case 0x0300:
		return "SSL 3.0"
	case 0x0301:
		return "TLS 1.0"
	case 0x0302:
		return "TLS 1.1"
	case 0x0303:
		return "TLS 1.2"
	case 0x0304:
		return "TLS 1.3"
	}
	return fmt.Sprintf("version 0x%04x", v)
}

// weakTLSVersionUse reports a configuration that allows a protocol version below TLS 1.2.
func weakTLSVersionUse(version, api, fix string, at position) classUse {
	return tlsUse(RuleWeakTLSVersion, finding.LevelError, version, api, fmt.Sprintf(
		"%s allowed via %s: SSL 3.0, TLS 1.0 and TLS 1.1 are deprecated (RFC 8996), no longer strong cryptography "+
			"for PCI DSS, and NIST SP 800-52 Rev. 2 requires TLS 1.2 at least. Require TLS 1.2 at least, TLS 1.3 "+
			"with hybrid X25519MLKEM768 key exchange where both ends support it: %s.", version, api, fix), at)
}

// noVerifyUse reports disabled certificate verification.
func noVerifyUse(api, fix string, at position) classUse {
	return tlsUse(RuleTLSVerifyDisabled, finding.LevelError, "TLS certificate verification", api, fmt.Sprintf(
		"TLS certificate verification disabled via %s: the client accepts any certificate, so anyone on the path "+
			"can impersonate the server and read or change the traffic (NIST SP 800-52 Rev. 2 requires "+
			"certificate validation). %s; to trust a private CA, add it to the trusted roots instead.", api, fix), at)
}
