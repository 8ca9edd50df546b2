package iac

import "github.com/attestdev/attest/shared/finding"

// cloudtrailEnabled is evaluated on each trail a template declares. Whether the account has a logging trail
// at all is an account-level fact one template cannot show (the trail usually lives in an organisation or
// baseline stack elsewhere), so a template without a trail yields no evaluation rather than a failure.
func cloudtrailEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "cloudtrail-enabled",
		Title: "CloudTrail trail is logging",
		Description: "CloudTrail is the account's record of API activity: who changed what, from where. A trail " +
			"declared with IsLogging false records nothing, while appearing in the inventory as if it did. Whether " +
			"an account has any logging trail is checked where the account baseline is scanned; a template " +
			"without a trail is not a failure of this rule.",
		Remediation: "Keep the trail logging:\n\n" +
			"  Trail:\n" +
			"    Type: AWS::CloudTrail::Trail\n" +
			"    Properties:\n" +
			"      IsLogging: true\n" +
			"      S3BucketName: !Ref TrailBucket\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/cloudtrail-enabled.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "cloudtrail-enabled",
		Controls:    []string{"HIPAA/164.312(b)", "PCI-DSS-4.0/10.2.1", "SOC2/CC7.2"},
		CWE:         []int{778},
		Permissions: []string{"cloudtrail:DescribeTrails", "cloudtrail:GetTrailStatus"},
	}, TypeCloudTrailTrail, func(t *CloudTrailTrail) Result {
		return mustBeTrue(t.IsLogging, t.Line, "IsLogging", "the trail records no API activity")
	})
}
