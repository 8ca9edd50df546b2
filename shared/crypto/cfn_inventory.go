package crypto

import (
	"regexp"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
)

// ScanTemplateResult is ScanTemplate with the template's cryptographic inventory: the TLS versions its
// policies set, the hybrid post-quantum key exchange of -PQ- load-balancer policies, and the algorithms of KMS
// key specs (SYMMETRIC_DEFAULT is AES-256-GCM, ML_DSA_65 is ML-DSA-65), on the same walk of the template.
func ScanTemplateResult(tpl *cfn.Template, params map[string]string) Result {
	if tpl == nil {
		return Result{}
	}
	s := scanTemplate(tpl, params)
	return newResult(tpl.Path, s.out, &s.inv)
}

// asset records a use in the template; line 0 means the resource's own line.
func (s *cfnScan) asset(a finding.CryptoAsset, res *cfn.Resource, line int, api string) {
	if line <= 0 {
		line = res.Line
	}
	s.inv.add(a, api, position{line: line})
}

// protocolAsset records the minimum TLS version a policy sets, by its name ("TLSv1.2_2021", "TLS_1_2").
func (s *cfnScan) protocolAsset(version string, res *cfn.Resource, line int, api string) {
	if a, ok := AssetFromName(version); ok && a.Kind == finding.AssetProtocol {
		s.asset(a, res, line, api)
	}
}

// elbPolicyAssets records an ELB policy's minimum version and, for a -PQ- policy, its hybrid key exchange.
func (s *cfnScan) elbPolicyAssets(p elbPolicy, res *cfn.Resource, line int, api string) {
	if p.min >= policyTLS10 {
		s.protocolAsset("TLS"+p.min.String(), res, line, api)
	} else {
		s.protocolAsset(p.min.String(), res, line, api)
	}
	if p.pq {
		s.asset(finding.CryptoAsset{Algorithm: "X25519MLKEM768"}, res, line, api)
	}
}

// openSearchVersion reads the minimum version of an OpenSearch policy: Policy-Min-TLS-1-2-PFS-2023-10.
var openSearchVersion = regexp.MustCompile(`^Policy-Min-TLS-1-([0-3])-`)

// kmsAssets records the algorithm of a KMS key spec that no rule flags.
func (s *cfnScan) kmsAssets(spec string, res *cfn.Resource, line int) {
	const api = "AWS::KMS::Key.KeySpec"
	var a finding.CryptoAsset
	switch {
	case spec == "" || spec == "SYMMETRIC_DEFAULT":
		a = finding.CryptoAsset{Algorithm: "AES", KeySize: 256, Mode: "gcm", Primitive: PrimitiveAE}
	case strings.HasPrefix(spec, "HMAC_"):
		a = finding.CryptoAsset{Algorithm: "HMAC", ParameterSet: "SHA-" + strings.TrimPrefix(spec, "HMAC_")}
	case strings.HasPrefix(spec, "ML_DSA_"):
		var ok bool
		if a, ok = AssetFromName(spec); !ok {
			return
		}
	default:
		return
	}
	s.asset(a, res, line, api)
}
