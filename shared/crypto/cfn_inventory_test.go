package crypto

import (
	"testing"

	"github.com/attestdev/attest/shared/cfn"
)

func TestTemplateInventory(t *testing.T) {
	cases := []struct {
		name string
		tpl  string
		want []string
	}{
		{name: "post-quantum and classical load-balancer policies", tpl: `Resources:
  PQ:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09
  Classic:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-TLS13-1-2-2021-06
  Legacy:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      Protocol: HTTPS
      SslPolicy: ELBSecurityPolicy-2016-08
`, want: []string{"L6 TLS 1.2 protocol safe", "L6 X25519MLKEM768 kem safe", "L11 ECDH key-agree quantum-vulnerable",
			"L11 TLS 1.2 protocol safe", "L16 TLS 1.0 protocol weak-tls"}},
		{name: "KMS key specs", tpl: `Resources:
  Default:
    Type: AWS::KMS::Key
    Properties:
      Description: x
  Signer:
    Type: AWS::KMS::Key
    Properties:
      KeySpec: ML_DSA_65
      KeyUsage: SIGN_VERIFY
  Mac:
    Type: AWS::KMS::Key
    Properties:
      KeySpec: HMAC_256
      KeyUsage: GENERATE_VERIFY_MAC
  Old:
    Type: AWS::KMS::Key
    Properties:
      KeySpec: ECC_NIST_P256
      KeyUsage: SIGN_VERIFY
`, want: []string{"L2 AES-256/gcm ae safe", "L9 ML-DSA-65 signature safe", "L14 HMAC-SHA-256 mac safe",
			"L19 ECDSA P-256 signature quantum-vulnerable"}},
		{name: "CloudFront, API Gateway and OpenSearch versions", tpl: `Resources:
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        ViewerCertificate:
          AcmCertificateArn: arn:aws:acm:us-east-1:111122223333:certificate/x
          MinimumProtocolVersion: TLSv1.2_2021
  Api:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: api.example.com
      SecurityPolicy: TLS_1_2
  Search:
    Type: AWS::OpenSearchService::Domain
    Properties:
      DomainEndpointOptions:
        TLSSecurityPolicy: Policy-Min-TLS-1-2-PFS-2023-10
`, want: []string{"L8 TLS 1.2 protocol safe", "L13 TLS 1.2 protocol safe", "L18 TLS 1.2 protocol safe"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tpl, err := cfn.Parse("t.yaml", []byte(tc.tpl))
			if err != nil {
				t.Fatal(err)
			}
			res := ScanTemplateResult(tpl, nil)
			got := describeAssets(res.Assets)
			if !equalSorted(got, tc.want) {
				t.Errorf("got assets %q; want %q", got, tc.want)
			}
			for _, a := range res.Assets {
				if a.Path != "t.yaml" || a.API == "" || a.Class == "" {
					t.Errorf("asset %+v; want its path, API and class", a)
				}
			}
		})
	}
}
