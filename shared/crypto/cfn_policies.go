package crypto

import "strings"

// policyMin is the lowest protocol version a policy accepts, in increasing order of strength.
type policyMin int

const (
	policySSL2 policyMin = iota
	policySSL3
	policyTLS10
	policyTLS11
	policyTLS12
	policyTLS13
)

// String is the version as the minVersion finding property writes it.
func (v policyMin) String() string {
	names := [...]string{"SSLv2", "SSLv3", "1.0", "1.1", "1.2", "1.3"}
	if v < 0 || int(v) >= len(names) {
		return "unknown"
	}
	return names[v]
}

// allowed names the legacy protocols a policy with this minimum accepts.
func (v policyMin) allowed() string {
	switch v {
	case policySSL2:
		return "SSL 2.0 and 3.0, TLS 1.0 and 1.1"
	case policySSL3:
		return "SSL 3.0, TLS 1.0 and 1.1"
	case policyTLS10:
		return "TLS 1.0 and 1.1"
	case policyTLS11:
		return "TLS 1.1"
	}
	return "TLS " + v.String() + " and later"
}

// Elastic Load Balancing security policies, from "Security policies for your Application Load Balancer"
// (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html) and its
// Network Load Balancer counterpart: listeners created by CloudFormation, the CLI or the CDK without a policy
// get ELBSecurityPolicy-2016-08; policies named with -PQ- (the 2025-09 family) add hybrid post-quantum key
// exchange (X25519MLKEM768, SecP256r1MLKEM768, SecP384r1MLKEM1024); AWS recommends
// ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09.
const (
	elbCloudFormationDefault = "ELBSecurityPolicy-2016-08"
	elbRecommended           = "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"
)

// elbPolicy is what a predefined ELB policy name says about the policy.
type elbPolicy struct {
	min policyMin
	pq  bool // hybrid post-quantum key exchange
}

// parseELBPolicy reads a predefined policy from its name, which encodes the minimum version:
// ELBSecurityPolicy-TLS13-1-<minor>-…, -TLS-1-<minor>-…, -FS-1-<minor>-…, and the dated policies
// (-2016-08, -FS-2018-06 …), which accept TLS 1.0 (the 2011-08 and 2014-01 ones SSL 3.0 too). A name it does
// not recognise is not judged: ok is false.
func parseELBPolicy(name string) (p elbPolicy, ok bool) {
	rest, found := strings.CutPrefix(name, "ELBSecurityPolicy-")
	if !found {
		return elbPolicy{}, false
	}
	pq := strings.Contains(rest, "-PQ-")
	for _, family := range []string{"TLS13-", "TLS-", "FS-"} {
		r, found := strings.CutPrefix(rest, family)
		if !found {
			continue
		}
		if v, ok := minorVersion(r); ok {
			return elbPolicy{min: v, pq: pq}, true
		}
		if family == "FS-" && isYearMonth(r) {
			return elbPolicy{min: policyTLS10, pq: pq}, true
		}
		return elbPolicy{}, false
	}
	if isYearMonth(rest) {
		if rest == "2011-08" || rest == "2014-01" {
			return elbPolicy{min: policySSL3}, true
		}
		return elbPolicy{min: policyTLS10}, true
	}
	return elbPolicy{}, false
}

// minorVersion reads "1-<minor>-…".
func minorVersion(r string) (policyMin, bool) {
	for prefix, v := range map[string]policyMin{"1-0-": policyTLS10, "1-1-": policyTLS11, "1-2-": policyTLS12, "1-3-": policyTLS13} {
		if strings.HasPrefix(r, prefix) {
			return v, true
		}
	}
	return 0, false
}

// isYearMonth reports whether s is "YYYY-MM".
func isYearMonth(s string) bool {
	if len(s) != 7 || s[4] != '-' {
		return false
	}
	for i, c := range s {
		if i != 4 && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// cloudFrontLegacy lists the viewer policies below TLSv1.2_2021, with what is wrong with each
// (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/secure-connections-supported-viewer-protocols-ciphers.html).
var cloudFrontLegacy = map[string]string{
	"SSLv3":        "accepts SSL 3.0, TLS 1.0 and 1.1",
	"TLSv1":        "accepts TLS 1.0 and 1.1",
	"TLSv1_2016":   "accepts TLS 1.0 and 1.1",
	"TLSv1.1_2016": "accepts TLS 1.1",
	"TLSv1.2_2018": "requires TLS 1.2 but keeps the CBC-mode cipher suites that TLSv1.2_2021 removed",
	"TLSv1.2_2019": "requires TLS 1.2 but keeps the CBC-mode cipher suites that TLSv1.2_2021 removed",
}

// cloudFrontMin is the minimum protocol of each legacy viewer policy.
var cloudFrontMin = map[string]string{
	"SSLv3": "SSLv3", "TLSv1": "1.0", "TLSv1_2016": "1.0", "TLSv1.1_2016": "1.1", "TLSv1.2_2018": "1.2", "TLSv1.2_2019": "1.2",
}

// apiGatewayLegacy reports an API Gateway security policy that accepts protocols below TLS 1.2: the legacy
// TLS_1_0, and enhanced SecurityPolicy_TLS13_1_0/1_1 policies, whose names carry their minimum
// (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-security-policies-list.html).
func apiGatewayLegacy(policy string) (policyMin, bool) {
	if policy == "TLS_1_0" {
		return policyTLS10, true
	}
	if r, ok := strings.CutPrefix(policy, "SecurityPolicy_TLS13_"); ok {
		switch {
		case strings.HasPrefix(r, "1_0"):
			return policyTLS10, true
		case strings.HasPrefix(r, "1_1"):
			return policyTLS11, true
		}
	}
	return 0, false
}

// kmsAlg is the algorithm behind an asymmetric KMS key spec.
type kmsAlg struct {
	name  string // RSA, ECDSA, ECDH, EdDSA, SM2
	bits  string // RSA modulus size
	curve string
}

func (a kmsAlg) describe() string {
	switch {
	case a.bits != "":
		return a.name + " " + a.bits + "-bit"
	case a.curve != "":
		return a.name + " on " + a.curve
	}
	return a.name
}

var kmsCurves = map[string]string{
	"ECC_NIST_P256":         "P-256",
	"ECC_NIST_P384":         "P-384",
	"ECC_NIST_P521":         "P-521",
	"ECC_SECG_P256K1":       "secp256k1",
	"ECC_NIST_EDWARDS25519": "Ed25519",
}

// kmsAsymmetric maps a KMS key spec to its classical public-key algorithm; ok is false for the specs that are
// not (SYMMETRIC_DEFAULT, HMAC_*, ML_DSA_*) and for names it does not know.
func kmsAsymmetric(spec, usage string) (kmsAlg, bool) {
	switch {
	case strings.HasPrefix(spec, "RSA_"):
		return kmsAlg{name: "RSA", bits: strings.TrimPrefix(spec, "RSA_")}, true
	case spec == "SM2":
		return kmsAlg{name: "SM2"}, true
	case strings.HasPrefix(spec, "ECC_"):
		curve, ok := kmsCurves[spec]
		if !ok {
			curve = strings.TrimPrefix(spec, "ECC_")
		}
		name := "ECDSA"
		switch {
		case curve == "Ed25519":
			name = "EdDSA"
		case usage == "KEY_AGREEMENT":
			name = "ECDH"
		}
		return kmsAlg{name: name, curve: curve}, true
	}
	return kmsAlg{}, false
}

// OpenSearch endpoint policies (DomainEndpointOptions.TLSSecurityPolicy,
// https://docs.aws.amazon.com/opensearch-service/latest/APIReference/API_DomainEndpointOptions.html): the legacy
// one, which is also what a domain gets without the property, accepts TLS 1.0 to 1.2.
const (
	openSearchLegacy      = "Policy-Min-TLS-1-0-2019-07"
	openSearchRecommended = "Policy-Min-TLS-1-2-PFS-2023-10"
)

// Transfer Family server policies, from "Security policies for AWS Transfer Family servers"
// (https://docs.aws.amazon.com/transfer/latest/userguide/security-policies.html): a server created by
// CloudFormation without SecurityPolicyName gets TransferSecurityPolicy-2018-11, the only policy still
// offering SHA-1 (diffie-hellman-group14-sha1, hmac-sha1), 64-bit UMAC tags and TLS suites with RSA key
// transport. TransferSecurityPolicy-2020-06 and -FIPS-2020-06 dropped all of these, and later policies too.
const (
	transferLegacy      = "TransferSecurityPolicy-2018-11"
	transferLegacyWhy   = "which still offers SHA-1 key exchange and MACs (diffie-hellman-group14-sha1, hmac-sha1), 64-bit UMAC tags, and TLS cipher suites with RSA key transport (no forward secrecy)"
	transferRecommended = "TransferSecurityPolicy-2024-01, or a post-quantum TransferSecurityPolicy-PQ-SSH-… policy"
)

// rdsLegacyCAs are the retired RDS certificate authorities, keyed in lower case.
var rdsLegacyCAs = map[string]string{
	"rds-ca-2015": "is a retired certificate authority whose certificates expired in March 2020",
	"rds-ca-2019": "is a retired certificate authority whose certificates expired in August 2024",
}
