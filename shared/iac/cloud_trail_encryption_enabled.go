package iac

import "github.com/attestdev/attest/shared/finding"

func cloudTrailEncryptionEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "cloud-trail-encryption-enabled",
		Title: "CloudTrail trail encrypts its log files with a KMS key",
		Description: "A trail should encrypt the log files it delivers with SSE-KMS. Without KMSKeyId the files carry " +
			"only SSE-S3, so anyone who can read the bucket can read the account's audit record, and the key " +
			"policy cannot add a second, separately granted permission to do so.",
		Remediation: "Give the trail a customer managed KMS key whose policy lets cloudtrail.amazonaws.com encrypt:\n\n" +
			"  Trail:\n" +
			"    Type: AWS::CloudTrail::Trail\n" +
			"    Properties:\n" +
			"      KMSKeyId: !GetAtt TrailKey.Arn\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/cloud-trail-encryption-enabled.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "cloud-trail-encryption-enabled",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/10.3.2", "SOC2/CC6.1"},
		CWE:         []int{311},
		Permissions: []string{"cloudtrail:DescribeTrails"},
	}, TypeCloudTrailTrail, func(t *CloudTrailTrail) Result {
		return mustBeSet(t.KMSKeyID, t.Line, "the trail has no KMSKeyId, so its log files are encrypted with SSE-S3 only",
			"the trail's log files are encrypted with KMS key %s")
	})
}
