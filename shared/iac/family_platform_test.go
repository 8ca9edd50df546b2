package iac

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
)

// TestPlatformConfigItems evaluates configuration items in the shape AWS Config records them.
func TestPlatformConfigItems(t *testing.T) {
	adminDoc := url.QueryEscape(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}`)
	readDoc := url.QueryEscape(`{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::b/*"}}`)
	cases := []struct {
		name   string
		typ    string
		config string
		want   map[string]finding.Status
		inText map[string]string
	}{
		{"trail all good", TypeCloudTrailTrail,
			`{"name":"org","trailARN":"arn:aws:cloudtrail:us-east-1:111122223333:trail/org","kmsKeyId":"arn:aws:kms:us-east-1:111122223333:key/k","logFileValidationEnabled":true,"isMultiRegionTrail":true,"cloudWatchLogsLogGroupArn":"arn:aws:logs:us-east-1:111122223333:log-group:trail:*"}`,
			map[string]finding.Status{"cloud-trail-encryption-enabled": finding.StatusPass, "cloud-trail-log-file-validation-enabled": finding.StatusPass,
				"multi-region-cloudtrail-enabled": finding.StatusPass, "cloud-trail-cloud-watch-logs-enabled": finding.StatusPass}, nil},
		{"trail bare", TypeCloudTrailTrail,
			`{"name":"local","trailARN":"arn:aws:cloudtrail:us-east-1:111122223333:trail/local","logFileValidationEnabled":false,"isMultiRegionTrail":false}`,
			map[string]finding.Status{"cloud-trail-encryption-enabled": finding.StatusFail, "cloud-trail-log-file-validation-enabled": finding.StatusFail,
				"multi-region-cloudtrail-enabled": finding.StatusFail, "cloud-trail-cloud-watch-logs-enabled": finding.StatusFail},
			map[string]string{"cloud-trail-log-file-validation-enabled": "is false"}},
		{"trail unrecognised record", TypeCloudTrailTrail, `{"something":"else"}`,
			map[string]finding.Status{"cloud-trail-encryption-enabled": finding.StatusNotAssessed, "cloud-trail-log-file-validation-enabled": finding.StatusNotAssessed,
				"multi-region-cloudtrail-enabled": finding.StatusNotAssessed, "cloud-trail-cloud-watch-logs-enabled": finding.StatusNotAssessed},
			map[string]string{"cloud-trail-encryption-enabled": "not a recorded AWS::CloudTrail::Trail"}},
		{"log group never expires", TypeLogsLogGroup, `{"logGroupName":"/app","arn":"arn:aws:logs:us-east-1:111122223333:log-group:/app:*"}`,
			map[string]finding.Status{"cloudwatch-log-group-encrypted": finding.StatusFail, "cw-loggroup-retention-period-check": finding.StatusFail},
			map[string]string{"cw-loggroup-retention-period-check": "never expire"}},
		{"log group as JSON string", TypeLogsLogGroup, string(quoted(`{"logGroupName":"/app","retentionInDays":400,"kmsKeyId":"arn:aws:kms:us-east-1:111122223333:key/k"}`)),
			map[string]finding.Status{"cloudwatch-log-group-encrypted": finding.StatusPass, "cw-loggroup-retention-period-check": finding.StatusPass}, nil},
		{"log group short", TypeLogsLogGroup, `{"logGroupName":"/app","retentionInDays":30}`,
			map[string]finding.Status{"cloudwatch-log-group-encrypted": finding.StatusFail, "cw-loggroup-retention-period-check": finding.StatusFail},
			map[string]string{"cw-loggroup-retention-period-check": "30"}},
		{"key pending deletion", TypeKMSKey, `{"keyId":"k","keyState":"PendingDeletion","enabled":false,"keySpec":"SYMMETRIC_DEFAULT","keyManager":"CUSTOMER","pendingDeletionWindowInDays":7}`,
			map[string]finding.Status{"cmk-backing-key-rotation-enabled": finding.StatusNotAssessed, "kms-cmk-not-scheduled-for-deletion": finding.StatusFail},
			map[string]string{"cmk-backing-key-rotation-enabled": "does not record"}},
		{"aws managed key", TypeKMSKey, `{"keyId":"k","keyState":"Enabled","enabled":true,"customerMasterKeySpec":"SYMMETRIC_DEFAULT","keyManager":"AWS"}`,
			map[string]finding.Status{"cmk-backing-key-rotation-enabled": finding.StatusPass, "kms-cmk-not-scheduled-for-deletion": finding.StatusPass}, nil},
		{"broken configuration", TypeKMSKey, `{"keyId":`,
			map[string]finding.Status{"cmk-backing-key-rotation-enabled": finding.StatusNotAssessed, "kms-cmk-not-scheduled-for-deletion": finding.StatusNotAssessed},
			map[string]string{"kms-cmk-not-scheduled-for-deletion": "unreadable"}},
		{"function deprecated, dlq", TypeLambdaFunction, `{"functionName":"orders","runtime":"python3.8","packageType":"Zip","deadLetterConfig":{"targetArn":"arn:aws:sqs:us-east-1:111122223333:dlq"}}`,
			map[string]finding.Status{"lambda-dlq-check": finding.StatusPass, "lambda-function-settings-check": finding.StatusFail}, nil},
		{"function without dlq", TypeLambdaFunction, `{"functionName":"orders","runtime":"python3.13"}`,
			map[string]finding.Status{"lambda-dlq-check": finding.StatusNotAssessed, "lambda-function-settings-check": finding.StatusPass},
			map[string]string{"lambda-dlq-check": "on-failure destination"}},
		{"managed policy admin", TypeIAMPolicy,
			`{"policyName":"admin","arn":"arn:aws:iam::111122223333:policy/admin","defaultVersionId":"v2","policyVersionList":[{"document":"` + readDoc + `","versionId":"v1","isDefaultVersion":false},{"document":"` + adminDoc + `","versionId":"v2","isDefaultVersion":true}]}`,
			map[string]finding.Status{"iam-policy-no-statements-with-admin-access": finding.StatusFail, "iam-policy-no-statements-with-full-access": finding.StatusFail}, nil},
		{"managed policy scoped", TypeIAMPolicy,
			`{"policyName":"read","arn":"arn:aws:iam::111122223333:policy/read","defaultVersionId":"v1","policyVersionList":[{"document":"` + readDoc + `","versionId":"v1","isDefaultVersion":true}]}`,
			map[string]finding.Status{"iam-policy-no-statements-with-admin-access": finding.StatusPass, "iam-policy-no-statements-with-full-access": finding.StatusPass}, nil},
		{"managed policy without versions", TypeIAMPolicy, `{"policyName":"read","arn":"arn:aws:iam::111122223333:policy/read"}`,
			map[string]finding.Status{"iam-policy-no-statements-with-admin-access": finding.StatusNotAssessed, "iam-policy-no-statements-with-full-access": finding.StatusNotAssessed}, nil},
		{"user with policies", TypeIAMUser,
			`{"userName":"alice","userPolicyList":[{"policyName":"p","policyDocument":"` + readDoc + `"}],"attachedManagedPolicies":[{"policyName":"ReadOnlyAccess","policyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}]}`,
			map[string]finding.Status{"iam-user-no-policies-check": finding.StatusFail},
			map[string]string{"iam-user-no-policies-check": "1 inline policy and 1 attached managed policy"}},
		{"user clean", TypeIAMUser, `{"userName":"alice","userPolicyList":[],"attachedManagedPolicies":[]}`,
			map[string]finding.Status{"iam-user-no-policies-check": finding.StatusPass}, nil},
		{"user lists missing", TypeIAMUser, `{"userName":"alice"}`,
			map[string]finding.Status{"iam-user-no-policies-check": finding.StatusNotAssessed}, nil},
		{"role inline", TypeIAMRole, `{"roleName":"orders","rolePolicyList":[{"policyName":"orders","policyDocument":"` + readDoc + `"}],"attachedManagedPolicies":[]}`,
			map[string]finding.Status{"iam-no-inline-policy-check": finding.StatusFail}, nil},
		{"role managed only", TypeIAMRole, `{"roleName":"orders","rolePolicyList":[],"attachedManagedPolicies":[{"policyArn":"arn:aws:iam::aws:policy/ReadOnlyAccess"}]}`,
			map[string]finding.Status{"iam-no-inline-policy-check": finding.StatusPass}, nil},
		{"distribution http and logs", TypeCloudFrontDistribution,
			`{"id":"E1","distributionConfig":{"defaultCacheBehavior":{"viewerProtocolPolicy":"redirect-to-https"},"cacheBehaviors":{"quantity":1,"items":[{"pathPattern":"/img/*","viewerProtocolPolicy":"allow-all"}]},"logging":{"enabled":true,"bucket":"logs.s3.amazonaws.com"}}}`,
			map[string]finding.Status{"cloudfront-viewer-policy-https": finding.StatusFail, "cloudfront-accesslogs-enabled": finding.StatusPass},
			map[string]string{"cloudfront-viewer-policy-https": "/img/*"}},
		{"distribution logging disabled", TypeCloudFrontDistribution,
			`{"id":"E1","distributionConfig":{"defaultCacheBehavior":{"viewerProtocolPolicy":"https-only"},"cacheBehaviors":{"quantity":0},"logging":{"enabled":false,"bucket":""}}}`,
			map[string]finding.Status{"cloudfront-viewer-policy-https": finding.StatusPass, "cloudfront-accesslogs-enabled": finding.StatusFail}, nil},
		{"listener http forward", TypeELBv2Listener,
			`{"listenerArn":"arn:l","protocol":"HTTP","defaultActions":[{"type":"forward","targetGroupArn":"arn:tg"}]}`,
			map[string]finding.Status{"alb-http-to-https-redirection-check": finding.StatusFail}, nil},
		{"listener http redirect", TypeELBv2Listener,
			`{"listenerArn":"arn:l","protocol":"HTTP","defaultActions":[{"type":"redirect","redirectConfig":{"protocol":"HTTPS","port":"443"}}]}`,
			map[string]finding.Status{"alb-http-to-https-redirection-check": finding.StatusPass}, nil},
		{"load balancer", TypeELBv2LoadBalancer, `{"loadBalancerArn":"arn:lb","type":"application"}`,
			map[string]finding.Status{"elb-logging-enabled": finding.StatusNotAssessed, "alb-waf-enabled": finding.StatusNotAssessed}, nil},
		{"stage logging off, cache unencrypted", TypeAPIGatewayStage,
			`{"stageName":"prod","cacheClusterEnabled":true,"methodSettings":{"*/*":{"loggingLevel":"INFO","cachingEnabled":true,"cacheDataEncrypted":false},"~1health/GET":{"loggingLevel":"OFF"}}}`,
			map[string]finding.Status{"api-gw-execution-logging-enabled": finding.StatusFail, "api-gw-cache-enabled-and-encrypted": finding.StatusFail, "api-gw-associated-with-waf": finding.StatusFail},
			map[string]string{"api-gw-execution-logging-enabled": "~1health/GET"}},
		{"stage without method settings", TypeAPIGatewayStage, `{"stageName":"prod","webAclArn":"arn:aws:wafv2:us-east-1:111122223333:regional/webacl/api/1"}`,
			map[string]finding.Status{"api-gw-execution-logging-enabled": finding.StatusFail, "api-gw-cache-enabled-and-encrypted": finding.StatusPass, "api-gw-associated-with-waf": finding.StatusPass}, nil},
		{"classic with http", TypeELBLoadBalancer,
			`{"loadBalancerName":"web","listenerDescriptions":[{"listener":{"protocol":"HTTPS","loadBalancerPort":443}},{"listener":{"protocol":"HTTP","loadBalancerPort":80}}]}`,
			map[string]finding.Status{"elb-tls-https-listeners-only": finding.StatusFail}, map[string]string{"elb-tls-https-listeners-only": "port 80"}},
		{"classic tls only", TypeELBLoadBalancer,
			`{"loadBalancerName":"web","listenerDescriptions":[{"listener":{"protocol":"SSL","loadBalancerPort":8883}}]}`,
			map[string]finding.Status{"elb-tls-https-listeners-only": finding.StatusPass}, nil},
		{"permission not recorded", TypeLambdaPermission, `{}`,
			map[string]finding.Status{"lambda-function-public-access-prohibited": finding.StatusNotAssessed}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			evals := only(EvaluateConfigItem(ConfigItem{ResourceType: c.typ, ResourceID: "r", Configuration: json.RawMessage(c.config)}), c.want)
			if len(evals) != len(c.want) {
				t.Fatalf("got %d evaluations; want %d", len(evals), len(c.want))
			}
			for _, e := range evals {
				if e.Status != c.want[e.RuleID] {
					t.Errorf("%s: got %s (%s); want %s", e.RuleID, e.Status, e.Message, c.want[e.RuleID])
				}
				if s := c.inText[e.RuleID]; s != "" && !strings.Contains(e.Message, s) {
					t.Errorf("%s: got message %q; want it to contain %q", e.RuleID, e.Message, s)
				}
			}
		})
	}
}

func TestParsePolicyDocument(t *testing.T) {
	cases := []struct {
		name    string
		text    string
		wantErr string
		stmts   int
		unknown bool
	}{
		{"object statement", `{"Statement":{"Effect":"Allow","Action":"s3:*","Resource":"*"}}`, "", 1, false},
		{"url-encoded", url.QueryEscape(`{"Statement":[{"Effect":"Deny","NotAction":["iam:*"],"NotResource":"arn:aws:iam::*:role/x"}]}`), "", 1, false},
		{"not json", `{"Statement":`, "parse policy document", 0, false},
		{"not an object", `["x"]`, "not an object", 0, false},
		{"no statement", `{"Version":"2012-10-17"}`, "no Statement", 0, false},
		{"statement a number", `{"Statement":3}`, "not an object or a list", 0, false},
		{"action a number", `{"Statement":[{"Effect":"Allow","Action":3,"Resource":"*"}]}`, "", 1, true},
		{"bad url escape", `%7B%ZZ`, "url-decode", 0, false},
		{"huge", `{"Statement":"` + strings.Repeat("a", maxPolicyDocument) + `"}`, "more than", 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc, err := ParsePolicyDocument(c.text)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("got error %v; want one containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got error %v; want none", err)
			}
			if len(doc.Statements) != c.stmts {
				t.Fatalf("got %d statements; want %d", len(doc.Statements), c.stmts)
			}
			if got := doc.Statements[0].Unknown != ""; got != c.unknown {
				t.Errorf("got unknown %v (%q); want %v", got, doc.Statements[0].Unknown, c.unknown)
			}
		})
	}
}

func TestPolicyJudges(t *testing.T) {
	cases := []struct {
		name        string
		st          PolicyStatement
		admin, full bool
	}{
		{"star on star", PolicyStatement{Allow: true, Actions: []string{"*"}, Resources: []string{"*"}}, true, true},
		{"star on one resource", PolicyStatement{Allow: true, Actions: []string{"*"}, Resources: []string{"arn:aws:s3:::b"}}, false, true},
		{"service wildcard", PolicyStatement{Allow: true, Actions: []string{"s3:GetObject", "s3:*"}, Resources: []string{"*"}}, false, true},
		{"prefix wildcard is not full", PolicyStatement{Allow: true, Actions: []string{"s3:Get*"}, Resources: []string{"*"}}, false, false},
		{"notaction on star", PolicyStatement{Allow: true, NotAction: true, Actions: []string{"iam:*"}, Resources: []string{"*"}}, true, true},
		{"notresource", PolicyStatement{Allow: true, Actions: []string{"*"}, NotResource: true, Resources: []string{"arn:aws:s3:::b"}}, true, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := adminAccess(c.st) != ""; got != c.admin {
				t.Errorf("adminAccess: got %v; want %v", got, c.admin)
			}
			if got := fullAccess(c.st) != ""; got != c.full {
				t.Errorf("fullAccess: got %v; want %v", got, c.full)
			}
		})
	}
}

// TestPlatformDrift compares a template's trail with a live one whose validation was turned off.
func TestPlatformDrift(t *testing.T) {
	src := []byte(`Resources:
  TrailKey:
    Type: AWS::KMS::Key
  Trail:
    Type: AWS::CloudTrail::Trail
    Properties:
      S3BucketName: audit
      IsLogging: true
      KMSKeyId: !GetAtt TrailKey.Arn
      EnableLogFileValidation: true
      IsMultiRegionTrail: true
`)
	tpl, err := cfn.Parse("trail.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	ci := ConfigItem{ResourceType: TypeCloudTrailTrail, Configuration: json.RawMessage(
		`{"name":"t","kmsKeyId":"arn:aws:kms:us-east-1:111122223333:key/k","logFileValidationEnabled":false,"isMultiRegionTrail":true}`)}
	entries, notCompared, err := Drift(tpl, "Trail", nil, ci)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Property != "EnableLogFileValidation" || entries[0].Live != "false" {
		t.Errorf("got drift %+v; want EnableLogFileValidation true → false only", entries)
	}
	if len(notCompared) != 0 {
		t.Errorf("got not compared %v; want none", notCompared)
	}
}

func FuzzParsePolicyDocument(f *testing.F) {
	f.Add(`{"Statement":{"Effect":"Allow","Action":"*","Resource":"*"}}`)
	f.Add(url.QueryEscape(`{"Statement":[{"Effect":"Allow","NotAction":["s3:*"],"Resource":["*"]}]}`))
	f.Add(`{"Statement":[1,"x",{"Effect":{"Ref":"E"}}]}`)
	f.Add(`%7B`)
	f.Fuzz(func(t *testing.T, text string) {
		doc, err := ParsePolicyDocument(text)
		if err != nil {
			return
		}
		for _, st := range doc.Statements {
			_ = adminAccess(st)
			_ = fullAccess(st)
		}
	})
}

// FuzzPlatformTemplate scans arbitrary templates with the platform resource types: nothing may panic.
func FuzzPlatformTemplate(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*", "*.yaml"))
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil && len(data) < 4096 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = ScanTemplate("fuzz.yaml", data)
	})
}

func BenchmarkIAMPolicyTemplate(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Resources:\n")
	for i := range 200 {
		sb.WriteString("  P" + string(rune('a'+i%26)) + strings.Repeat("x", i/26) + ":\n    Type: AWS::IAM::Policy\n    Properties:\n      PolicyName: p\n      Roles: [r]\n")
		sb.WriteString("      PolicyDocument:\n        Statement:\n          - {Effect: Allow, Action: [s3:GetObject, s3:PutObject], Resource: \"arn:aws:s3:::b/*\"}\n")
	}
	src := []byte(sb.String())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ScanTemplate("bench.yaml", src); err != nil {
			b.Fatal(err)
		}
	}
}
