package crypto

import "github.com/attestdev/attest/shared/finding"

// Classes beyond weak hashes and RSA, as the SARIF contract names them.
const (
	ClassWeakCipher = "crypto/weak-cipher"
	ClassECBMode    = "crypto/ecb-mode"
	ClassWeakTLS    = "crypto/weak-tls"
)

// More controls the crypto rules map to.
const (
	// PCI DSS v4.0 3.5.1: stored account data is rendered unreadable with strong cryptography.
	controlPCIStoredData = "PCI-DSS-4.0/3.5.1"
	// HIPAA 164.312(e)(1): transmission security.
	controlHIPAATransmissionSecurity = "HIPAA/164.312(e)(1)"
)

// Rule IDs of the cipher, mode, key-size, quantum and TLS rules. Each names a class and an algorithm family;
// language analyzers share them, so a finding's rule says what is wrong, not where it was found.
const (
	RuleWeakCipher             = "ATT-CRYPTO-WEAK-CIPHER"
	RuleECBMode                = "ATT-CRYPTO-ECB-MODE"
	RuleShortKeyDSA            = "ATT-CRYPTO-SHORT-KEY-DSA"
	RuleShortKeyDH             = "ATT-CRYPTO-SHORT-KEY-DH"
	RuleShortKeyEC             = "ATT-CRYPTO-SHORT-KEY-EC"
	RuleShortKeySymmetric      = "ATT-CRYPTO-SHORT-KEY-SYMMETRIC"
	RuleQuantumVulnerableECDSA = "ATT-CRYPTO-QUANTUM-VULNERABLE-ECDSA"
	RuleQuantumVulnerableECDH  = "ATT-CRYPTO-QUANTUM-VULNERABLE-ECDH"
	RuleQuantumVulnerableEdDSA = "ATT-CRYPTO-QUANTUM-VULNERABLE-EDDSA"
	RuleQuantumVulnerableDSA   = "ATT-CRYPTO-QUANTUM-VULNERABLE-DSA"
	RuleQuantumVulnerableDH    = "ATT-CRYPTO-QUANTUM-VULNERABLE-DH"
	RuleQuantumVulnerableKMS   = "ATT-CRYPTO-QUANTUM-VULNERABLE-KMS-KEY"
	RuleQuantumVulnerableTLS   = "ATT-CRYPTO-QUANTUM-VULNERABLE-TLS"
	RuleWeakTLSVersion         = "ATT-CRYPTO-WEAK-TLS-VERSION"
	RuleTLSVerifyDisabled      = "ATT-CRYPTO-WEAK-TLS-NO-VERIFY"
	RuleWeakTLSCipher          = "ATT-CRYPTO-WEAK-TLS-CIPHER"
	RuleWeakTLSPolicy          = "ATT-CRYPTO-WEAK-TLS-POLICY"
	RuleLegacyRDSCA            = "ATT-CRYPTO-WEAK-TLS-RDS-CA"
)

const (
	nistIR8547 = "NIST IR 8547 deprecates 112-bit-security public-key algorithms after 2030 and disallows them " +
		"after 2035; Shor's algorithm breaks them at any size, and what is recorded today can be decrypted later"
	pqSignatures   = "ML-DSA-65 (FIPS 204; SLH-DSA, FIPS 205, where a hash-based scheme is wanted)"
	pqKeyAgreement = "ML-KEM-768 (FIPS 203), as hybrid X25519MLKEM768 in TLS"
)

func classRule(id, title, class string, level finding.Level, desc, fix string, cwe []int, controls ...string) finding.Rule {
	return finding.Rule{ID: id, Title: title, Description: desc, Remediation: fix, Level: level, Confidence: "high",
		Class: class, Controls: controls, CWE: cwe, HelpURI: "https://csrc.nist.gov/pubs/sp/800/131/a/r2/final"}
}

func classRules() []finding.Rule {
	quantum := func(id, title, what, fix string) finding.Rule {
		r := classRule(id, title, ClassQuantumVulnerable, finding.LevelWarning,
			what+" "+nistIR8547+".", fix, []int{327}, controlPCICryptoInventory)
		r.HelpURI = "https://csrc.nist.gov/pubs/ir/8547/ipd"
		return r
	}
	shortKey := func(id, title, what, fix string) finding.Rule {
		return classRule(id, title, ClassShortKey, finding.LevelError, what, fix, []int{326},
			controlPCIKeys, controlPCIStrongCrypto, controlPCICryptoInventory, controlHIPAAEncryption, controlHIPAATransmission)
	}
	tls := func(id, title, what, fix string, cwe int) finding.Rule {
		return classRule(id, title, ClassWeakTLS, finding.LevelError, what, fix, []int{cwe},
			controlPCIStrongCrypto, controlPCICryptoInventory, controlHIPAATransmissionSecurity, controlHIPAATransmission)
	}
	return []finding.Rule{
		classRule(RuleWeakCipher, "Broken or weak cipher (DES, 3DES, RC4, RC2, Blowfish, IDEA, CAST5, SEED)", ClassWeakCipher, finding.LevelError,
			"The code encrypts with a cipher that is broken or has a 64-bit block. NIST SP 800-131A Rev. 2 disallows "+
				"DES and two-key 3DES, and three-key 3DES for encryption after 2023; RC4 keystream biases recover "+
				"plaintext; 64-bit block ciphers (3DES, Blowfish, IDEA, CAST5) fall to birthday attacks (Sweet32).",
			"Use AES-256-GCM (or ChaCha20-Poly1305) with a fresh random nonce per message.",
			[]int{327}, controlPCIStrongCrypto, controlPCIStoredData, controlPCICryptoInventory, controlHIPAAEncryption, controlHIPAATransmission),
		classRule(RuleECBMode, "Block cipher in ECB mode", ClassECBMode, finding.LevelError,
			"ECB encrypts equal plaintext blocks to equal ciphertext blocks, so patterns in the data show through, "+
				"and it gives no integrity. Some APIs choose ECB by default (Java's Cipher.getInstance(\"AES\")).",
			"Use an authenticated mode: AES-256-GCM with a unique nonce per message.",
			[]int{327}, controlPCIStrongCrypto, controlPCIStoredData, controlHIPAAEncryption, controlHIPAATransmission),
		shortKey(RuleShortKeyDSA, "DSA key below 2048 bits",
			"NIST SP 800-131A Rev. 2 disallows DSA keys below 2048 bits for signature generation (and FIPS 186-5 "+
				"drops DSA signing altogether).",
			"Sign with ML-DSA-65 (FIPS 204); as an interim classical choice, ECDSA P-256 or Ed25519."),
		shortKey(RuleShortKeyDH, "Diffie-Hellman group below 2048 bits",
			"Finite-field Diffie-Hellman below 2048 bits (Logjam) is disallowed for key establishment by NIST SP "+
				"800-131A Rev. 2.",
			"Use ML-KEM-768, or hybrid X25519MLKEM768; as an interim classical choice, X25519 or a 3072-bit group."),
		shortKey(RuleShortKeyEC, "Elliptic curve below 224 bits",
			"Curves below 224 bits (P-192, secp160r1 …) give less than 112-bit security, which NIST SP 800-131A "+
				"Rev. 2 disallows.",
			"Use P-256 or larger in the interim, and plan ML-DSA-65 / ML-KEM-768."),
		shortKey(RuleShortKeySymmetric, "Symmetric key below 128 bits",
			"Symmetric keys below 128 bits (40-bit RC2/RC4, 56-bit DES, 64-bit keys) can be searched exhaustively.",
			"Use AES-256 keys from a cryptographic random source."),
		quantum(RuleQuantumVulnerableECDSA, "ECDSA (quantum-vulnerable)", "The code signs or verifies with ECDSA.",
			"Plan the migration of signatures to "+pqSignatures+"."),
		quantum(RuleQuantumVulnerableECDH, "ECDH or X25519 key agreement (quantum-vulnerable)",
			"The code agrees keys with elliptic-curve Diffie-Hellman (ECDH, X25519, X448).",
			"Move key establishment to "+pqKeyAgreement+"."),
		quantum(RuleQuantumVulnerableEdDSA, "EdDSA (quantum-vulnerable)", "The code signs with Ed25519 or Ed448.",
			"Plan the migration of signatures to "+pqSignatures+"."),
		quantum(RuleQuantumVulnerableDSA, "DSA (quantum-vulnerable)", "The code uses DSA.",
			"Move signatures to "+pqSignatures+"."),
		quantum(RuleQuantumVulnerableDH, "Finite-field Diffie-Hellman (quantum-vulnerable)", "The code agrees keys with finite-field Diffie-Hellman.",
			"Move key establishment to "+pqKeyAgreement+"."),
		quantum(RuleQuantumVulnerableKMS, "KMS key with a classical asymmetric key spec (quantum-vulnerable)",
			"An AWS KMS key uses an RSA or elliptic-curve key spec.",
			"For signing keys use KeySpec ML_DSA_65 (KMS offers ML_DSA_44/65/87 since June 2025); for encryption prefer "+
				"SYMMETRIC_DEFAULT (AES-256-GCM)."),
		quantum(RuleQuantumVulnerableTLS, "TLS without hybrid post-quantum key exchange",
			"A TLS configuration that can offer hybrid post-quantum key exchange does not: its key exchange is classical only.",
			"Offer X25519MLKEM768 (Go 1.24+ does by default: keep it in CurvePreferences and do not set tlsmlkem=0); "+
				"on AWS load balancers use a -PQ- security policy such as ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09."),
		tls(RuleWeakTLSVersion, "SSL 3.0, TLS 1.0 or TLS 1.1 allowed",
			"The configuration allows a protocol version that is deprecated (RFC 8996) and that PCI DSS no longer "+
				"accepts as strong cryptography.",
			"Require TLS 1.2 at least, TLS 1.3 where both ends support it.", 327),
		tls(RuleTLSVerifyDisabled, "TLS certificate verification disabled",
			"The client accepts any certificate, so anyone on the path can impersonate the server and read or change the traffic.",
			"Verify certificates; to trust a private CA, add it to the trusted roots instead of disabling verification.", 295),
		tls(RuleWeakTLSCipher, "Insecure TLS cipher suite",
			"The configuration enables a cipher suite with RC4, 3DES, CBC-mode with SHA-1, export-grade or NULL "+
				"encryption, or without forward secrecy.",
			"Use TLS 1.3 suites or TLS 1.2 ECDHE suites with AES-GCM or ChaCha20-Poly1305.", 327),
		tls(RuleWeakTLSPolicy, "AWS TLS security policy that allows legacy protocols",
			"An AWS-managed security policy (load balancer, CloudFront, API Gateway, OpenSearch, Transfer Family) "+
				"allows TLS 1.0 or 1.1, or is the legacy default that does.",
			"Choose a TLS 1.2+ policy, post-quantum where offered: ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09, "+
				"CloudFront TLSv1.2_2021 or newer, API Gateway TLS_1_2, OpenSearch Policy-Min-TLS-1-2-PFS-2023-10.", 327),
		tls(RuleLegacyRDSCA, "RDS instance on a legacy certificate authority",
			"The database uses a retired RDS certificate authority (rds-ca-2015, rds-ca-2019), so clients that "+
				"verify the server certificate fail or are told to stop verifying.",
			"Set CACertificateIdentifier to rds-ca-rsa2048-g1 (or rds-ca-ecc384-g1) and update the client trust store.", 295),
	}
}
