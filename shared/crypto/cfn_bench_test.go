package crypto

import (
	"fmt"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/cfn"
)

// BenchmarkScanTemplate measures the checks on a large parsed template (the parse is the IaC scanner's,
// shared with the guardrails, and not measured here).
func BenchmarkScanTemplate(b *testing.B) {
	var sb strings.Builder
	for i := range 400 {
		fmt.Fprintf(&sb, "  L%d:\n    Type: AWS::ElasticLoadBalancingV2::Listener\n    Properties:\n      Protocol: HTTPS\n      SslPolicy: !If [IsProd, !Ref WeakPolicy, ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09]\n", i)
		fmt.Fprintf(&sb, "  K%d:\n    Type: AWS::KMS::Key\n    Properties: {KeyUsage: SIGN_VERIFY, KeySpec: ECC_NIST_P256}\n", i)
		fmt.Fprintf(&sb, "  B%d:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: !Sub 'b-${Env}-%d'}\n", i, i)
	}
	parsed, err := cfn.Parse("big.yaml", []byte(cfnTpl(sb.String())))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if fs := ScanTemplate(parsed, nil); len(fs) != 800 {
			b.Fatalf("got %d findings; want 800", len(fs))
		}
	}
}
