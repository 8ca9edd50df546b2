package iac

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
)

const (
	allBlocked   = `{"blockPublicAcls":true,"blockPublicPolicy":true,"ignorePublicAcls":true,"restrictPublicBuckets":true}`
	oneOpen      = `{"blockPublicAcls":true,"blockPublicPolicy":true,"ignorePublicAcls":true,"restrictPublicBuckets":false}`
	sseS3        = `{"rules":[{"applyServerSideEncryptionByDefault":{"sseAlgorithm":"AES256","kmsMasterKeyID":null},"bucketKeyEnabled":false}]}`
	sseKMS       = `{"rules":[{"applyServerSideEncryptionByDefault":{"sseAlgorithm":"aws:kms","kmsMasterKeyID":"arn:aws:kms:us-east-1:123456789012:key/k"},"bucketKeyEnabled":true}]}`
	sseNoDefault = `{"rules":[{"bucketKeyEnabled":true}]}`
)

func quoted(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

func TestEvaluateConfigItem(t *testing.T) {
	const sse, pab = "s3-bucket-server-side-encryption-enabled", "s3-bucket-level-public-access-prohibited"
	cases := []struct {
		name   string
		supp   map[string]json.RawMessage
		want   map[string]finding.Status
		inText map[string]string
	}{
		{"all good", map[string]json.RawMessage{"ServerSideEncryptionConfiguration": json.RawMessage(sseKMS), "PublicAccessBlockConfiguration": json.RawMessage(allBlocked)},
			map[string]finding.Status{sse: finding.StatusPass, pab: finding.StatusPass}, map[string]string{sse: "aws:kms"}},
		{"as JSON strings", map[string]json.RawMessage{"ServerSideEncryptionConfiguration": quoted(sseS3), "PublicAccessBlockConfiguration": quoted(oneOpen)},
			map[string]finding.Status{sse: finding.StatusPass, pab: finding.StatusFail}, map[string]string{pab: "RestrictPublicBuckets is false"}},
		{"flag missing", map[string]json.RawMessage{"ServerSideEncryptionConfiguration": json.RawMessage(sseS3), "PublicAccessBlockConfiguration": json.RawMessage(`{"blockPublicAcls":true,"blockPublicPolicy":true,"ignorePublicAcls":true}`)},
			map[string]finding.Status{sse: finding.StatusPass, pab: finding.StatusFail}, map[string]string{pab: "RestrictPublicBuckets is not set"}},
		{"no default rule", map[string]json.RawMessage{"ServerSideEncryptionConfiguration": json.RawMessage(sseNoDefault), "PublicAccessBlockConfiguration": json.RawMessage(allBlocked)},
			map[string]finding.Status{sse: finding.StatusFail, pab: finding.StatusPass}, nil},
		{"entries missing", map[string]json.RawMessage{},
			map[string]finding.Status{sse: finding.StatusNotAssessed, pab: finding.StatusNotAssessed},
			map[string]string{sse: "no supplementaryConfiguration.ServerSideEncryptionConfiguration", pab: "no supplementaryConfiguration.PublicAccessBlockConfiguration"}},
		{"entries null or broken", map[string]json.RawMessage{"ServerSideEncryptionConfiguration": json.RawMessage(`null`), "PublicAccessBlockConfiguration": quoted("{not json")},
			map[string]finding.Status{sse: finding.StatusNotAssessed, pab: finding.StatusNotAssessed}, map[string]string{pab: "unreadable"}},
		{"wrong shape", map[string]json.RawMessage{"ServerSideEncryptionConfiguration": json.RawMessage(`[1]`), "PublicAccessBlockConfiguration": json.RawMessage(`{"blockPublicAcls":"yes"}`)},
			map[string]finding.Status{sse: finding.StatusNotAssessed, pab: finding.StatusNotAssessed}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			evals := only(EvaluateConfigItem(ConfigItem{ResourceType: TypeS3Bucket, ResourceID: "attest-sample-uploads", Supplementary: c.supp}), c.want)
			if len(evals) != len(c.want) {
				t.Fatalf("got %d evaluations; want %d", len(evals), len(c.want))
			}
			for _, e := range evals {
				if e.Status != c.want[e.RuleID] {
					t.Errorf("%s: got %s (%s); want %s", e.RuleID, e.Status, e.Message, c.want[e.RuleID])
				}
				if s := c.inText[e.RuleID]; s != "" && !strings.Contains(e.Message, s) {
					t.Errorf("%s: message %q does not contain %q", e.RuleID, e.Message, s)
				}
				if e.ResourceID != "attest-sample-uploads" || e.ConfigRule == "" || len(e.Controls) == 0 {
					t.Errorf("evaluation %+v lacks its resource, config rule or controls", e)
				}
			}
		})
	}
	if got := EvaluateConfigItem(ConfigItem{ResourceType: "AWS::SSM::Parameter", ResourceID: "t"}); got != nil {
		t.Errorf("got %d evaluations for a type no rule covers; want none", len(got))
	}
	if HasRules("AWS::SSM::Parameter") || !HasRules(TypeS3Bucket) || HasRules("AWS::EC2::InternetGateway") {
		t.Error("HasRules is wrong for SSM parameters, S3 buckets or internet gateways (only optional rules)")
	}
}

// only keeps the evaluations of the rules a case is about, so that adding a rule to a type does not change
// every case of another rule.
func only[V any](evals []finding.Evaluation, want map[string]V) []finding.Evaluation {
	var out []finding.Evaluation
	for _, e := range evals {
		if _, ok := want[e.RuleID]; ok {
			out = append(out, e)
		}
	}
	return out
}

// TestSameRuleBothSources checks that a template and a Config item describing the same bucket get the same
// outcome from every rule: the point of one view with two builders.
func TestSameRuleBothSources(t *testing.T) {
	tplSrc := "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption: {ServerSideEncryptionConfiguration: [{ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}}]}\n      PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: false}\n"
	rep, err := ScanTemplate("t.yaml", []byte(tplSrc))
	if err != nil {
		t.Fatal(err)
	}
	live := EvaluateConfigItem(ConfigItem{ResourceType: TypeS3Bucket, ResourceID: "b", Supplementary: map[string]json.RawMessage{
		"ServerSideEncryptionConfiguration": json.RawMessage(sseS3), "PublicAccessBlockConfiguration": json.RawMessage(oneOpen),
		"BucketPolicy": json.RawMessage(`{"policyText":null}`), "BucketLoggingConfiguration": json.RawMessage(`{"destinationBucketName":null,"logFilePrefix":null}`),
		"BucketVersioningConfiguration": json.RawMessage(`{"status":"Off","isMfaDeleteEnabled":null}`),
		"AccessControlList":             quoted(`{"grantList":[{"grantee":{"id":"abc","displayName":null},"permission":"FullControl"}],"owner":{"id":"abc"}}`)}})
	if len(live) != len(rep.Evaluations) {
		t.Fatalf("got %d Config evaluations; want %d as from the template", len(live), len(rep.Evaluations))
	}
	for i, e := range rep.Evaluations {
		if e.RuleID == "s3-bucket-default-lock-enabled" {
			// AWS Config does not record Object Lock: the item cannot agree with the template here.
			if live[i].Status != finding.StatusNotAssessed {
				t.Errorf("object lock from a Config item: got %s; want NOT_ASSESSED", live[i].Status)
			}
			continue
		}
		if live[i].RuleID != e.RuleID || live[i].Status != e.Status || live[i].Message != e.Message {
			t.Errorf("template gives %s %s %q; Config item gives %s %s %q", e.RuleID, e.Status, e.Message, live[i].RuleID, live[i].Status, live[i].Message)
		}
	}
}

func TestDrift(t *testing.T) {
	src := "Parameters: {Restrict: {Type: String, Default: 'true'}}\nResources:\n  Uploads:\n    Type: AWS::S3::Bucket\n    Properties:\n      PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: !Ref Restrict}\n  Other: {Type: AWS::SNS::Topic}\n"
	tpl, err := cfn.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	item := func(supp map[string]json.RawMessage) ConfigItem {
		return ConfigItem{ResourceType: TypeS3Bucket, ResourceID: "attest-sample-uploads", Supplementary: supp}
	}
	cases := []struct {
		name        string
		logicalID   string
		params      map[string]string
		ci          ConfigItem
		want        []DriftEntry
		notCompared int
		err         bool
	}{
		{"in sync", "Uploads", nil, item(map[string]json.RawMessage{"ServerSideEncryptionConfiguration": json.RawMessage(sseS3), "PublicAccessBlockConfiguration": json.RawMessage(allBlocked)}), []DriftEntry{}, 0, false},
		{"flag turned off", "Uploads", nil, item(map[string]json.RawMessage{"ServerSideEncryptionConfiguration": json.RawMessage(sseKMS), "PublicAccessBlockConfiguration": json.RawMessage(oneOpen)}),
			[]DriftEntry{
				{Property: "BucketEncryption.SSEAlgorithm", Template: "AES256 (not set: the service default)", Live: "aws:kms"},
				{Property: "PublicAccessBlockConfiguration.RestrictPublicBuckets", Template: "true", Live: "false"},
			}, 0, false},
		{"deployed with a parameter", "Uploads", map[string]string{"Restrict": "false"}, item(map[string]json.RawMessage{"ServerSideEncryptionConfiguration": json.RawMessage(sseS3), "PublicAccessBlockConfiguration": json.RawMessage(oneOpen)}), []DriftEntry{}, 0, false},
		{"live unknown", "Uploads", nil, item(map[string]json.RawMessage{}), []DriftEntry{}, 5, false},
		{"not in template", "Ghost", nil, item(nil), nil, 0, true},
		{"other type", "Other", nil, item(nil), nil, 0, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, nc, err := Drift(tpl, c.logicalID, c.params, c.ci)
			if (err != nil) != c.err {
				t.Fatalf("got error %v; want error %v", err, c.err)
			}
			if len(got) != len(c.want) || len(nc) != c.notCompared {
				t.Fatalf("got %+v, not compared %v; want %+v and %d not compared", got, nc, c.want, c.notCompared)
			}
			for i := range got {
				if got[i] != c.want[i] {
					t.Errorf("entry %d: got %+v; want %+v", i, got[i], c.want[i])
				}
			}
		})
	}
}
