package crypto

import "github.com/attestdev/attest/shared/finding"

// Classes of the crypto findings, as the SARIF contract names them.
const (
	ClassWeakHash          = "crypto/weak-hash"
	ClassShortKey          = "crypto/short-key"
	ClassQuantumVulnerable = "crypto/quantum-vulnerable"
)

// Control identifiers the crypto rules map to.
const (
	// PCI DSS v4.0 4.2.1: strong cryptography protects account data in transit over open networks.
	controlPCIStrongCrypto = "PCI-DSS-4.0/4.2.1"
	// PCI DSS v4.0 3.6.1: cryptographic keys that protect stored account data are protected, which starts with
	// keys strong enough to protect anything.
	controlPCIKeys = "PCI-DSS-4.0/3.6.1"
	// PCI DSS v4.0 12.3.3: cipher suites and protocols in use are documented and reviewed every 12 months,
	// including plans for changes in cryptographic vulnerabilities.
	controlPCICryptoInventory = "PCI-DSS-4.0/12.3.3"
	// HIPAA 164.312(e)(2)(ii): encryption of ePHI in transmission.
	controlHIPAATransmission = "HIPAA/164.312(e)(2)(ii)"
	// HIPAA 164.312(a)(2)(iv): encryption and decryption of ePHI at rest.
	controlHIPAAEncryption = "HIPAA/164.312(a)(2)(iv)"
)

// Rules lists every crypto rule, in one explicit registry. A rule ID is never reused (see the package
// documentation for the scheme).
func Rules() []finding.Rule {
	return append([]finding.Rule{
		weakHashRule(),
		shortKeyRSARule(),
		quantumRSARule(),
	}, classRules()...)
}
