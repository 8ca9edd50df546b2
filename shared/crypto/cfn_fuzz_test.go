package crypto

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/cfn"
)

// FuzzScanTemplate feeds arbitrary templates through the parser and the checks: no panic, and every finding
// names a known rule, a resource of the template and a line inside the file.
func FuzzScanTemplate(f *testing.F) {
	paths, _ := filepath.Glob("testdata/cfn/templates/*")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(cfnTpl(cfnListener("HTTPS", "SslPolicy: !If [IsProd, !Ref WeakPolicy, !Ref AWS::NoValue]"))))
	f.Add([]byte(cfnTpl("  K:\n    Type: AWS::KMS::Key\n    Properties: {KeySpec: !Sub '${Policy}', KeyUsage: [SIGN_VERIFY]}")))
	f.Add([]byte(`{"Resources": {"D": {"Type": "AWS::CloudFront::Distribution", "Properties": {"DistributionConfig": {"ViewerCertificate": {"MinimumProtocolVersion": "TLSv1"}}}}}}`))
	f.Add([]byte("Resources:\n  A: &a\n    Type: AWS::ElasticLoadBalancing::LoadBalancer\n    Properties: {Policies: [{Attributes: [{Name: Protocol-SSLv3, Value: true}]}]}\n  B: *a\n"))
	rules := map[string]bool{}
	for _, r := range Rules() {
		rules[r.ID] = true
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		parsed, err := cfn.Parse("fuzz.yaml", data)
		if err != nil {
			return
		}
		// YAML, like SARIF, ends a line at CR, LF or CRLF.
		lines := bytes.Count(data, []byte("\n")) + bytes.Count(data, []byte("\r")) - bytes.Count(data, []byte("\r\n")) + 1
		res := ScanTemplateResult(parsed, nil)
		for _, a := range res.Assets {
			if a.Line < 1 || a.Line > lines || a.Algorithm == "" || a.Class == "" || a.Path != "fuzz.yaml" {
				t.Errorf("asset %+v; want a line within the %d of the input, an algorithm, a class and the path", a, lines)
			}
		}
		for _, fd := range res.Findings {
			if !rules[fd.RuleID] {
				t.Errorf("finding names unknown rule %s", fd.RuleID)
			}
			if parsed.Resource(fd.LogicalID) == nil {
				t.Errorf("finding names %q, which is not a resource of the template", fd.LogicalID)
			}
			if fd.Line < 1 || fd.Line > lines {
				t.Errorf("finding on line %d of a %d-line input", fd.Line, lines)
			}
			if !strings.HasPrefix(fd.Message, parsed.Resource(fd.LogicalID).Type+" ") {
				t.Errorf("message %q does not start with the resource type", fd.Message)
			}
		}
	})
}
