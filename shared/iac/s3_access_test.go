package iac

import (
	"encoding/json"
	"testing"

	"github.com/attestdev/attest/shared/finding"
)

// TestS3AccessFromConfig evaluates the access, logging and versioning rules on configuration items shaped as
// AWS Config records buckets (supplementaryConfiguration entries, objects or JSON-encoded strings).
func TestS3AccessFromConfig(t *testing.T) {
	const (
		ssl, read, write = "s3-bucket-ssl-requests-only", "s3-bucket-public-read-prohibited", "s3-bucket-public-write-prohibited"
		logging, ver     = "s3-bucket-logging-enabled", "s3-bucket-versioning-enabled"
	)
	denyInsecure := `{"policyText":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:*\",\"Resource\":\"arn:aws:s3:::b/*\",\"Condition\":{\"Bool\":{\"aws:SecureTransport\":\"false\"}}}]}"}`
	publicGet := `{"policyText":"{\"Statement\":{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"*\"},\"Action\":[\"s3:GetObject\"],\"Resource\":\"arn:aws:s3:::b/*\"}}"}`
	private := `{"grantList":[{"grantee":{"id":"abc","displayName":null},"permission":"FullControl"}]}`
	allUsersRead := `{"grantList":[{"grantee":"AllUsers","permission":"Read"}]}`
	allUsersWrite := `{"grantList":[{"grantee":{"uri":"http://acs.amazonaws.com/groups/global/AllUsers"},"permission":"Write"}]}`
	open := `{"blockPublicAcls":false,"blockPublicPolicy":false,"ignorePublicAcls":false,"restrictPublicBuckets":false}`
	cases := []struct {
		name string
		supp map[string]string
		want map[string]finding.Status
	}{
		{"compliant", map[string]string{"BucketPolicy": denyInsecure, "AccessControlList": private, "PublicAccessBlockConfiguration": open,
			"BucketLoggingConfiguration": `{"destinationBucketName":"logs","logFilePrefix":"b/"}`, "BucketVersioningConfiguration": `{"status":"Enabled"}`},
			map[string]finding.Status{ssl: finding.StatusPass, read: finding.StatusPass, write: finding.StatusPass, logging: finding.StatusPass, ver: finding.StatusPass}},
		{"public policy and ACL", map[string]string{"BucketPolicy": publicGet, "AccessControlList": allUsersRead, "PublicAccessBlockConfiguration": open,
			"BucketLoggingConfiguration": `{"destinationBucketName":null}`, "BucketVersioningConfiguration": `{"status":"Suspended"}`},
			map[string]finding.Status{ssl: finding.StatusFail, read: finding.StatusFail, write: finding.StatusPass, logging: finding.StatusFail, ver: finding.StatusFail}},
		{"public write by URI grantee", map[string]string{"BucketPolicy": `{"policyText":null}`, "AccessControlList": allUsersWrite, "PublicAccessBlockConfiguration": open,
			"BucketVersioningConfiguration": `{"status":"Off"}`},
			map[string]finding.Status{ssl: finding.StatusFail, read: finding.StatusPass, write: finding.StatusFail, logging: finding.StatusNotAssessed, ver: finding.StatusFail}},
		{"block public access neutralises", map[string]string{"BucketPolicy": publicGet, "AccessControlList": allUsersRead,
			"PublicAccessBlockConfiguration": `{"blockPublicAcls":true,"blockPublicPolicy":true,"ignorePublicAcls":true,"restrictPublicBuckets":true}`},
			map[string]finding.Status{read: finding.StatusPass, write: finding.StatusPass}},
		{"unreadable policy", map[string]string{"BucketPolicy": `{"policyText":"{not json"}`, "AccessControlList": private, "PublicAccessBlockConfiguration": open},
			map[string]finding.Status{ssl: finding.StatusNotAssessed, read: finding.StatusNotAssessed}},
		{"nothing recorded", map[string]string{},
			map[string]finding.Status{ssl: finding.StatusNotAssessed, read: finding.StatusNotAssessed, logging: finding.StatusNotAssessed, ver: finding.StatusNotAssessed}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			supp := map[string]json.RawMessage{}
			for k, v := range c.supp {
				supp[k] = json.RawMessage(v)
				if k == "AccessControlList" {
					supp[k] = quoted(v) // AWS Config delivers the ACL as a JSON-encoded string
				}
			}
			evals := only(EvaluateConfigItem(ConfigItem{ResourceType: TypeS3Bucket, ResourceID: "b", Supplementary: supp}), c.want)
			if len(evals) != len(c.want) {
				t.Fatalf("got %d evaluations; want %d", len(evals), len(c.want))
			}
			for _, e := range evals {
				if e.Status != c.want[e.RuleID] {
					t.Errorf("%s: got %s (%s); want %s", e.RuleID, e.Status, e.Message, c.want[e.RuleID])
				}
			}
		})
	}
}

func TestInsecureCondition(t *testing.T) {
	cases := []struct {
		name string
		cond string
		want bool
	}{
		{"string false", `{"Bool":{"aws:SecureTransport":"false"}}`, true},
		{"boolean false", `{"Bool":{"aws:SecureTransport":false}}`, true},
		{"if exists, mixed case key", `{"BoolIfExists":{"AWS:SecureTransport":"False"}}`, true},
		{"list", `{"Bool":{"aws:SecureTransport":["false"]}}`, true},
		{"true", `{"Bool":{"aws:SecureTransport":"true"}}`, false},
		{"other key", `{"Bool":{"aws:MultiFactorAuthPresent":"false"}}`, false},
		{"tls version only", `{"NumericLessThan":{"s3:TlsVersion":"1.2"}}`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var m map[string]any
			if err := json.Unmarshal([]byte(c.cond), &m); err != nil {
				t.Fatal(err)
			}
			if got := insecureCondition(m); got != c.want {
				t.Errorf("got %v; want %v", got, c.want)
			}
		})
	}
}

// FuzzS3ConfigItem feeds arbitrary supplementary entries to the bucket view: every rule gives one
// evaluation, never a panic.
func FuzzS3ConfigItem(f *testing.F) {
	f.Add(`{"policyText":"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"s3:GetObject\"}]}"}`, `"{\"grantList\":[{\"grantee\":\"AllUsers\",\"permission\":\"Read\"}]}"`)
	f.Add(`{"policyText":"{\"Statement\":{\"Effect\":{\"Ref\":\"X\"}}}"}`, `{"grantList":[{"grantee":7}]}`)
	f.Add(`"{\"policyText\":null}"`, `null`)
	f.Fuzz(func(t *testing.T, policy, acl string) {
		ci := ConfigItem{ResourceType: TypeS3Bucket, Supplementary: map[string]json.RawMessage{
			"BucketPolicy": json.RawMessage(policy), "AccessControlList": json.RawMessage(acl),
			"BucketVersioningConfiguration": json.RawMessage(policy), "BucketLoggingConfiguration": json.RawMessage(acl)}}
		want := 0
		for _, r := range byType()[TypeS3Bucket] {
			if !r.optional {
				want++
			}
		}
		if got := len(EvaluateConfigItem(ci)); got != want {
			t.Fatalf("got %d evaluations; want %d", got, want)
		}
	})
}
