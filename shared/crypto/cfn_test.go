package crypto

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
)

// cfnShort names the rules of template findings in table comparisons.
var cfnShort = map[string]string{
	RuleWeakTLSPolicy:        "weak-policy",
	RuleWeakTLSVersion:       "weak-version",
	RuleQuantumVulnerableTLS: "quantum-tls",
	RuleQuantumVulnerableKMS: "quantum-kms",
	RuleLegacyRDSCA:          "rds-ca",
}

// summarizeCFN renders template findings as "L<line> <rule> <logical ID>".
func summarizeCFN(fs []finding.Finding) []string {
	out := []string{}
	for _, f := range fs {
		short := cfnShort[f.RuleID]
		if short == "" {
			short = f.RuleID
		}
		out = append(out, fmt.Sprintf("L%d %s %s", f.Line, short, f.LogicalID))
	}
	return out
}

// tpl wraps resource lines (indented by four spaces under Resources) into a template. Line 1 is the format
// version, line 2 "Parameters:", lines 3-6 the parameters, line 7 "Conditions:", lines 8-9 the conditions,
// line 10 "Resources:", so the first resource line is 11.
func cfnTpl(resources ...string) string {
	return "AWSTemplateFormatVersion: '2010-09-09'\n" +
		"Parameters:\n" +
		"  Policy:\n" +
		"    Type: String\n" +
		"  WeakPolicy: {Type: String, Default: ELBSecurityPolicy-TLS-1-1-2017-01}\n" +
		"  Env: {Type: String, Default: prod}\n" +
		"Conditions:\n" +
		"  IsDev: !Equals [!Ref Env, dev]\n" +
		"  IsProd: !Equals [!Ref Env, prod]\n" +
		"Resources:\n" +
		strings.Join(resources, "\n") + "\n"
}

func scanYAML(t testing.TB, src string, params map[string]string) []finding.Finding {
	t.Helper()
	parsed, err := cfn.Parse("template.yaml", []byte(src))
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, src)
	}
	return ScanTemplate(parsed, params)
}

type cfnCase struct {
	name   string
	src    string
	params map[string]string
	want   []string
}

func runCFNCases(t *testing.T, cases []cfnCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := summarizeCFN(scanYAML(t, tc.src, tc.params))
			if tc.want == nil {
				tc.want = []string{}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q; want %q\n%s", got, tc.want, tc.src)
			}
		})
	}
}

func cfnListener(protocol, policyLine string) string {
	s := "  L:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Properties:\n      Protocol: " + protocol
	if policyLine != "" {
		s += "\n      " + policyLine
	}
	return s
}

func TestScanTemplateELBv2Listener(t *testing.T) {
	// The resource starts on line 11; Protocol is on line 14 and SslPolicy on line 15.
	runCFNCases(t, []cfnCase{
		{name: "missing policy on HTTPS uses 2016-08", src: cfnTpl(cfnListener("HTTPS", "")), want: []string{"L11 weak-policy L"}},
		{name: "missing policy on TLS", src: cfnTpl(cfnListener("TLS", "")), want: []string{"L11 weak-policy L"}},
		{name: "2016-08", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: ELBSecurityPolicy-2016-08")), want: []string{"L15 weak-policy L"}},
		{name: "TLS 1.0 2015-04", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: ELBSecurityPolicy-TLS-1-0-2015-04")), want: []string{"L15 weak-policy L"}},
		{name: "TLS 1.1 2017-01", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: ELBSecurityPolicy-TLS-1-1-2017-01")), want: []string{"L15 weak-policy L"}},
		{name: "FS 2018-06", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: ELBSecurityPolicy-FS-2018-06")), want: []string{"L15 weak-policy L"}},
		{name: "FS 1-1", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: ELBSecurityPolicy-FS-1-1-2019-08")), want: []string{"L15 weak-policy L"}},
		{name: "TLS13 1-0", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: ELBSecurityPolicy-TLS13-1-0-2021-06")), want: []string{"L15 weak-policy L"}},
		{name: "TLS13 1-1", src: cfnTpl(cfnListener("TLS", "SslPolicy: ELBSecurityPolicy-TLS13-1-1-2021-06")), want: []string{"L15 weak-policy L"}},
		{name: "PQ does not excuse TLS 1.0", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: ELBSecurityPolicy-TLS13-1-0-PQ-2025-09")), want: []string{"L15 weak-policy L"}},
		{name: "TLS13 1-2 classical", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06")), want: []string{"L15 quantum-tls L"}},
		{name: "TLS13 1-2 Res classical", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: ELBSecurityPolicy-TLS13-1-2-Res-2021-06")), want: []string{"L15 quantum-tls L"}},
		{name: "TLS 1-2 2017", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: ELBSecurityPolicy-TLS-1-2-2017-01")), want: []string{"L15 quantum-tls L"}},
		{name: "TLS 1-2 Ext", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: ELBSecurityPolicy-TLS-1-2-Ext-2018-06")), want: []string{"L15 quantum-tls L"}},
		{name: "FS 1-2 Res 2020", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: ELBSecurityPolicy-FS-1-2-Res-2020-10")), want: []string{"L15 quantum-tls L"}},
		{name: "TLS13 1-3 classical", src: cfnTpl(cfnListener("TLS", "SslPolicy: ELBSecurityPolicy-TLS13-1-3-2021-06")), want: []string{"L15 quantum-tls L"}},
		{name: "FIPS classical", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04")), want: []string{"L15 quantum-tls L"}},
		{name: "PQ Res is safe", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09"))},
		{name: "PQ 1-3 FIPS is safe", src: cfnTpl(cfnListener("TLS", "SslPolicy: ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09"))},
		{name: "PQ Ext2 is safe", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09"))},
		{name: "HTTP listener ignores a policy", src: cfnTpl(cfnListener("HTTP", "SslPolicy: ELBSecurityPolicy-2016-08"))},
		{name: "HTTP listener without policy", src: cfnTpl(cfnListener("HTTP", ""))},
		{name: "TCP listener", src: cfnTpl(cfnListener("TCP", ""))},
		{name: "unknown protocol", src: cfnTpl(cfnListener("!Ref Policy", ""))},
		{name: "parameter without default", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: !Ref Policy"))},
		{name: "parameter given", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: !Ref Policy")),
			params: map[string]string{"Policy": "ELBSecurityPolicy-2016-08"}, want: []string{"L15 weak-policy L"}},
		{name: "parameter default, reported where used", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: !Ref WeakPolicy")), want: []string{"L15 weak-policy L"}},
		{name: "attribute of another resource", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: !GetAtt Other.Policy"))},
		{name: "known condition picks the weak branch", src: cfnTpl(cfnListener("HTTPS",
			"SslPolicy: !If [IsProd, ELBSecurityPolicy-2016-08, ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09]")), want: []string{"L15 weak-policy L"}},
		{name: "known condition picks the safe branch", src: cfnTpl(cfnListener("HTTPS",
			"SslPolicy: !If [IsDev, ELBSecurityPolicy-2016-08, ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09]"))},
		{name: "AWS::NoValue falls back to the default", src: cfnTpl(cfnListener("HTTPS",
			"SslPolicy: !If [IsProd, !Ref AWS::NoValue, ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09]")), want: []string{"L11 weak-policy L"}},
		{name: "unknown policy name", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: ELBSecurityPolicy-Custom"))},
		{name: "not a scalar", src: cfnTpl(cfnListener("HTTPS", "SslPolicy: [a, b]"))},
		{name: "resource not deployed", src: cfnTpl("  L:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Condition: IsDev\n    Properties:\n      Protocol: HTTPS")},
		{name: "resource deployed", src: cfnTpl("  L:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Condition: IsProd\n    Properties:\n      Protocol: HTTPS"),
			want: []string{"L11 weak-policy L"}},
	})
}

func TestScanTemplateClassicELB(t *testing.T) {
	classic := func(attrs string) string {
		return "  C:\n    Type: AWS::ElasticLoadBalancing::LoadBalancer\n    Properties:\n      Policies:\n" +
			"        - PolicyName: Neg\n          PolicyType: SSLNegotiationPolicyType\n          Attributes:\n" + attrs
	}
	// Attributes start on line 18.
	runCFNCases(t, []cfnCase{
		{name: "reference to 2016-08", src: cfnTpl(classic("            - {Name: Reference-Security-Policy, Value: ELBSecurityPolicy-2016-08}")),
			want: []string{"L18 weak-policy C"}},
		{name: "reference to 2011-08", src: cfnTpl(classic("            - {Name: Reference-Security-Policy, Value: ELBSecurityPolicy-2011-08}")),
			want: []string{"L18 weak-policy C"}},
		{name: "reference to TLS 1.2", src: cfnTpl(classic("            - {Name: Reference-Security-Policy, Value: ELBSecurityPolicy-TLS-1-2-2017-01}"))},
		{name: "custom policy enabling TLS 1.0", src: cfnTpl(classic("            - {Name: Protocol-TLSv1, Value: 'true'}\n            - {Name: Protocol-TLSv1.2, Value: 'true'}")),
			want: []string{"L18 weak-version C"}},
		{name: "custom policy disabling TLS 1.0", src: cfnTpl(classic("            - {Name: Protocol-TLSv1, Value: 'false'}\n            - {Name: Protocol-TLSv1.2, Value: 'true'}"))},
		{name: "unknown reference", src: cfnTpl(classic("            - {Name: Reference-Security-Policy, Value: !Ref Policy}"))},
		{name: "other policy type", src: cfnTpl("  C:\n    Type: AWS::ElasticLoadBalancing::LoadBalancer\n    Properties:\n      Policies:\n" +
			"        - PolicyName: P\n          PolicyType: ProxyProtocolPolicyType\n          Attributes:\n            - {Name: Reference-Security-Policy, Value: ELBSecurityPolicy-2016-08}")},
	})
}

func TestScanTemplateCloudFront(t *testing.T) {
	dist := func(vc string) string {
		return "  D:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n" +
			"        ViewerCertificate:\n" + vc
	}
	// ViewerCertificate entries start on line 17.
	runCFNCases(t, []cfnCase{
		{name: "TLSv1 with own certificate", src: cfnTpl(dist("          AcmCertificateArn: arn:aws:acm:us-east-1:1:certificate/x\n          MinimumProtocolVersion: TLSv1\n          SslSupportMethod: sni-only")),
			want: []string{"L18 weak-policy D"}},
		{name: "SSLv3", src: cfnTpl(dist("          IamCertificateId: ABC\n          MinimumProtocolVersion: SSLv3")), want: []string{"L18 weak-policy D"}},
		{name: "TLSv1.1_2016", src: cfnTpl(dist("          AcmCertificateArn: a\n          MinimumProtocolVersion: TLSv1.1_2016")), want: []string{"L18 weak-policy D"}},
		{name: "TLSv1.2_2019", src: cfnTpl(dist("          AcmCertificateArn: a\n          MinimumProtocolVersion: TLSv1.2_2019")), want: []string{"L18 weak-policy D"}},
		{name: "TLSv1.2_2021", src: cfnTpl(dist("          AcmCertificateArn: a\n          MinimumProtocolVersion: TLSv1.2_2021"))},
		{name: "TLSv1.3_2025", src: cfnTpl(dist("          AcmCertificateArn: a\n          MinimumProtocolVersion: TLSv1.3_2025"))},
		{name: "default certificate forces TLSv1", src: cfnTpl(dist("          CloudFrontDefaultCertificate: true\n          MinimumProtocolVersion: TLSv1"))},
		{name: "default certificate as string", src: cfnTpl(dist("          CloudFrontDefaultCertificate: 'true'\n          MinimumProtocolVersion: TLSv1"))},
		{name: "unknown default-certificate flag", src: cfnTpl(dist("          CloudFrontDefaultCertificate: !Ref Policy\n          MinimumProtocolVersion: TLSv1"))},
		{name: "unknown version", src: cfnTpl(dist("          AcmCertificateArn: a\n          MinimumProtocolVersion: !Ref Policy"))},
		{name: "no viewer certificate", src: cfnTpl("  D:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true")},
	})
}

func TestScanTemplateAPIGateway(t *testing.T) {
	rest := func(props string) string {
		return "  Dom:\n    Type: AWS::ApiGateway::DomainName\n    Properties:\n      DomainName: api.example.com" + props
	}
	v2 := "  Dom2:\n    Type: AWS::ApiGatewayV2::DomainName\n    Properties:\n      DomainName: api.example.com\n      DomainNameConfigurations:\n" +
		"        - CertificateArn: a\n          SecurityPolicy: TLS_1_0\n        - CertificateArn: b\n          SecurityPolicy: TLS_1_2\n" +
		"        - CertificateArn: c\n          SecurityPolicy: TLS_1_0"
	runCFNCases(t, []cfnCase{
		{name: "TLS_1_0", src: cfnTpl(rest("\n      SecurityPolicy: TLS_1_0")), want: []string{"L15 weak-policy Dom"}},
		{name: "missing on edge default", src: cfnTpl(rest("")), want: []string{"L11 weak-policy Dom"}},
		{name: "missing on regional", src: cfnTpl(rest("\n      EndpointConfiguration: {Types: [REGIONAL]}")), want: []string{"L11 weak-policy Dom"}},
		{name: "missing on private", src: cfnTpl(rest("\n      EndpointConfiguration: {Types: [PRIVATE]}"))},
		{name: "missing with unknown endpoint type", src: cfnTpl(rest("\n      EndpointConfiguration: {Types: [!Ref Policy]}"))},
		{name: "TLS_1_2", src: cfnTpl(rest("\n      SecurityPolicy: TLS_1_2"))},
		{name: "enhanced PQ policy", src: cfnTpl(rest("\n      SecurityPolicy: SecurityPolicy_TLS13_1_2_PQ_2025_09"))},
		{name: "unknown policy", src: cfnTpl(rest("\n      SecurityPolicy: !Ref Policy"))},
		{name: "v2 per configuration", src: cfnTpl(v2), want: []string{"L17 weak-policy Dom2", "L21 weak-policy Dom2"}},
		{name: "v2 without policy defaults to TLS_1_2", src: cfnTpl("  Dom2:\n    Type: AWS::ApiGatewayV2::DomainName\n    Properties:\n      DomainNameConfigurations:\n        - CertificateArn: a")},
	})
}

func TestScanTemplateServerlessAPI(t *testing.T) {
	api := func(domain string) string {
		return "  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod" + domain
	}
	globals := "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Api:\n    Domain:\n      SecurityPolicy: TLS_1_2\n"
	runCFNCases(t, []cfnCase{
		{name: "TLS_1_0", src: cfnTpl(api("\n      Domain:\n        DomainName: api.example.com\n        SecurityPolicy: TLS_1_0")),
			want: []string{"L17 weak-policy Api"}},
		{name: "missing defaults to TLS_1_0", src: cfnTpl(api("\n      Domain:\n        DomainName: api.example.com\n        CertificateArn: a")),
			want: []string{"L15 weak-policy Api"}},
		{name: "missing on a private domain", src: cfnTpl(api("\n      Domain:\n        DomainName: api.example.com\n        EndpointConfiguration: PRIVATE"))},
		{name: "policy from Globals", src: globals + cfnTpl(api("\n      Domain:\n        DomainName: api.example.com"))},
		{name: "TLS_1_2", src: cfnTpl(api("\n      Domain:\n        DomainName: api.example.com\n        SecurityPolicy: TLS_1_2"))},
		{name: "no custom domain", src: cfnTpl(api(""))},
	})
}

func TestScanTemplateKMS(t *testing.T) {
	key := func(props string) string {
		return "  K:\n    Type: AWS::KMS::Key\n    Properties:" + props
	}
	runCFNCases(t, []cfnCase{
		{name: "RSA signing", src: cfnTpl(key("\n      KeyUsage: SIGN_VERIFY\n      KeySpec: RSA_2048")), want: []string{"L15 quantum-kms K"}},
		{name: "ECC signing", src: cfnTpl(key("\n      KeySpec: ECC_NIST_P256\n      KeyUsage: SIGN_VERIFY")), want: []string{"L14 quantum-kms K"}},
		{name: "ECC key agreement", src: cfnTpl(key("\n      KeyUsage: KEY_AGREEMENT\n      KeySpec: ECC_NIST_P384")), want: []string{"L15 quantum-kms K"}},
		{name: "RSA encryption", src: cfnTpl(key("\n      KeyUsage: ENCRYPT_DECRYPT\n      KeySpec: RSA_4096")), want: []string{"L15 quantum-kms K"}},
		{name: "RSA with default usage", src: cfnTpl(key("\n      KeySpec: RSA_3072")), want: []string{"L14 quantum-kms K"}},
		{name: "SM2", src: cfnTpl(key("\n      KeySpec: SM2")), want: []string{"L14 quantum-kms K"}},
		{name: "symmetric default", src: cfnTpl(key("\n      KeySpec: SYMMETRIC_DEFAULT"))},
		{name: "no key spec", src: cfnTpl(key("\n      Description: data key"))},
		{name: "HMAC", src: cfnTpl(key("\n      KeyUsage: GENERATE_VERIFY_MAC\n      KeySpec: HMAC_256"))},
		{name: "ML-DSA", src: cfnTpl(key("\n      KeyUsage: SIGN_VERIFY\n      KeySpec: ML_DSA_65"))},
		{name: "unknown spec", src: cfnTpl(key("\n      KeySpec: !Ref Policy"))},
		{name: "spec from parameter", src: cfnTpl(key("\n      KeySpec: !Ref Policy")), params: map[string]string{"Policy": "ECC_NIST_P521"},
			want: []string{"L14 quantum-kms K"}},
	})
}

func TestScanTemplateOpenSearch(t *testing.T) {
	domain := func(typ, props string) string {
		return "  S:\n    Type: " + typ + "\n    Properties:\n      EngineVersion: OpenSearch_2.11" + props
	}
	runCFNCases(t, []cfnCase{
		{name: "legacy policy", src: cfnTpl(domain("AWS::OpenSearchService::Domain", "\n      DomainEndpointOptions:\n        EnforceHTTPS: true\n        TLSSecurityPolicy: Policy-Min-TLS-1-0-2019-07")),
			want: []string{"L17 weak-policy S"}},
		{name: "no endpoint options", src: cfnTpl(domain("AWS::OpenSearchService::Domain", "")), want: []string{"L11 weak-policy S"}},
		{name: "endpoint options without policy", src: cfnTpl(domain("AWS::OpenSearchService::Domain", "\n      DomainEndpointOptions:\n        EnforceHTTPS: true")),
			want: []string{"L11 weak-policy S"}},
		{name: "Elasticsearch legacy", src: cfnTpl(domain("AWS::Elasticsearch::Domain", "\n      DomainEndpointOptions:\n        TLSSecurityPolicy: Policy-Min-TLS-1-0-2019-07")),
			want: []string{"L16 weak-policy S"}},
		{name: "TLS 1.2", src: cfnTpl(domain("AWS::OpenSearchService::Domain", "\n      DomainEndpointOptions:\n        TLSSecurityPolicy: Policy-Min-TLS-1-2-2019-07"))},
		{name: "TLS 1.2 PFS", src: cfnTpl(domain("AWS::OpenSearchService::Domain", "\n      DomainEndpointOptions:\n        TLSSecurityPolicy: Policy-Min-TLS-1-2-PFS-2023-10"))},
		{name: "unknown", src: cfnTpl(domain("AWS::OpenSearchService::Domain", "\n      DomainEndpointOptions:\n        TLSSecurityPolicy: !Ref Policy"))},
		{name: "unknown endpoint options", src: cfnTpl(domain("AWS::OpenSearchService::Domain", "\n      DomainEndpointOptions: !Ref Policy"))},
	})
}

func TestScanTemplateTransfer(t *testing.T) {
	server := func(props string) string {
		return "  T:\n    Type: AWS::Transfer::Server\n    Properties:\n      Protocols: [SFTP]" + props
	}
	runCFNCases(t, []cfnCase{
		{name: "2018-11", src: cfnTpl(server("\n      SecurityPolicyName: TransferSecurityPolicy-2018-11")), want: []string{"L15 weak-policy T"}},
		{name: "missing gets 2018-11", src: cfnTpl(server("")), want: []string{"L11 weak-policy T"}},
		{name: "2020-06", src: cfnTpl(server("\n      SecurityPolicyName: TransferSecurityPolicy-2020-06"))},
		{name: "FIPS 2020-06", src: cfnTpl(server("\n      SecurityPolicyName: TransferSecurityPolicy-FIPS-2020-06"))},
		{name: "2024-01", src: cfnTpl(server("\n      SecurityPolicyName: TransferSecurityPolicy-2024-01"))},
		{name: "PQ SSH", src: cfnTpl(server("\n      SecurityPolicyName: TransferSecurityPolicy-PQ-SSH-FIPS-Experimental-2023-04"))},
		{name: "unknown", src: cfnTpl(server("\n      SecurityPolicyName: !Ref Policy"))},
	})
}

func TestScanTemplateRDS(t *testing.T) {
	db := func(props string) string {
		return "  DB:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres" + props
	}
	runCFNCases(t, []cfnCase{
		{name: "rds-ca-2019", src: cfnTpl(db("\n      CACertificateIdentifier: rds-ca-2019")), want: []string{"L15 rds-ca DB"}},
		{name: "rds-ca-2015", src: cfnTpl(db("\n      CACertificateIdentifier: rds-ca-2015")), want: []string{"L15 rds-ca DB"}},
		{name: "current CA", src: cfnTpl(db("\n      CACertificateIdentifier: rds-ca-rsa2048-g1"))},
		{name: "ECC CA", src: cfnTpl(db("\n      CACertificateIdentifier: rds-ca-ecc384-g1"))},
		{name: "missing", src: cfnTpl(db(""))},
		{name: "unknown", src: cfnTpl(db("\n      CACertificateIdentifier: !Ref Policy"))},
	})
}

// TestScanTemplateFindings checks what every finding carries: the rule's level, the template path, the logical
// ID, a message that names the resource, and the algorithm property the CBOM reads.
func TestScanTemplateFindings(t *testing.T) {
	src := cfnTpl(
		cfnListener("HTTPS", "SslPolicy: ELBSecurityPolicy-2016-08"),
		"  K:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyUsage: SIGN_VERIFY\n      KeySpec: ECC_NIST_P256",
		"  DB:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      CACertificateIdentifier: rds-ca-2019",
	)
	rules := map[string]finding.Rule{}
	for _, r := range Rules() {
		rules[r.ID] = r
	}
	fs := scanYAML(t, src, nil)
	if len(fs) != 3 {
		t.Fatalf("got %d findings; want 3: %q", len(fs), summarizeCFN(fs))
	}
	for _, f := range fs {
		rule, ok := rules[f.RuleID]
		if !ok {
			t.Errorf("finding names rule %s, which Rules does not list", f.RuleID)
			continue
		}
		if f.Level != rule.Level {
			t.Errorf("%s: got level %s; want the rule's %s", f.RuleID, f.Level, rule.Level)
		}
		if f.Path != "template.yaml" || f.LogicalID == "" || !strings.Contains(f.Message, " "+f.LogicalID+": ") {
			t.Errorf("got path %q, logical ID %q, message %q; want the template, the resource and a message naming it", f.Path, f.LogicalID, f.Message)
		}
		if f.Props["algorithm"] == "" || f.Props["api"] == "" {
			t.Errorf("%s: got properties %v; want algorithm and api", f.RuleID, f.Props)
		}
	}
	if kms := fs[1]; kms.Props["algorithm"] != "ECDSA" || kms.Props["curve"] != "P-256" || !strings.Contains(kms.Message, "ML_DSA_65") {
		t.Errorf("KMS finding: got %v, %q; want ECDSA on P-256 and the ML_DSA_65 suggestion", kms.Props, kms.Message)
	}
	if got := ScanTemplate(nil, nil); got != nil {
		t.Errorf("ScanTemplate(nil): got %v; want nil", got)
	}
}

func TestParseELBPolicy(t *testing.T) {
	for _, tc := range []struct {
		name string
		min  policyMin
		pq   bool
		ok   bool
	}{
		{"ELBSecurityPolicy-2016-08", policyTLS10, false, true},
		{"ELBSecurityPolicy-2015-05", policyTLS10, false, true},
		{"ELBSecurityPolicy-2014-01", policySSL3, false, true},
		{"ELBSecurityPolicy-TLS-1-0-2015-04", policyTLS10, false, true},
		{"ELBSecurityPolicy-TLS-1-1-2017-01", policyTLS11, false, true},
		{"ELBSecurityPolicy-TLS-1-2-Ext-2018-06", policyTLS12, false, true},
		{"ELBSecurityPolicy-FS-2018-06", policyTLS10, false, true},
		{"ELBSecurityPolicy-FS-1-2-Res-2019-08", policyTLS12, false, true},
		{"ELBSecurityPolicy-TLS13-1-1-PQ-2025-09", policyTLS11, true, true},
		{"ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09", policyTLS12, true, true},
		{"ELBSecurityPolicy-TLS13-1-3-2021-06", policyTLS13, false, true},
		{"ELBSecurityPolicy-TLS13-9-9", 0, false, false},
		{"ELBSecurityPolicy-FS-20x8-06", 0, false, false},
		{"ELBSecurityPolicy-", 0, false, false},
		{"Custom-2016-08", 0, false, false},
		{"", 0, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, ok := parseELBPolicy(tc.name)
			if ok != tc.ok || (ok && (p.min != tc.min || p.pq != tc.pq)) {
				t.Errorf("got %+v, %v; want min %s, pq %v, %v", p, ok, tc.min, tc.pq, tc.ok)
			}
		})
	}
}
