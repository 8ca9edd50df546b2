package iac

import "github.com/attestdev/attest/shared/finding"

func cloudTrailLogFileValidationEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "cloud-trail-log-file-validation-enabled",
		Title: "CloudTrail trail validates its log files",
		Description: "With log file validation CloudTrail delivers a signed digest of every hour's log files, so a " +
			"deleted, changed or forged log file can be detected. Without it, nothing shows that the audit record " +
			"is the one CloudTrail wrote.",
		Remediation: "Turn on log file validation:\n\n" +
			"  Trail:\n" +
			"    Type: AWS::CloudTrail::Trail\n" +
			"    Properties:\n" +
			"      EnableLogFileValidation: true\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/cloud-trail-log-file-validation-enabled.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "cloud-trail-log-file-validation-enabled",
		Controls:    []string{"HIPAA/164.312(c)(1)", "PCI-DSS-4.0/10.3.4", "SOC2/CC7.2"},
		CWE:         []int{354},
		Permissions: []string{"cloudtrail:DescribeTrails"},
	}, TypeCloudTrailTrail, func(t *CloudTrailTrail) Result {
		return mustBeTrue(t.LogFileValidation, t.Line, "EnableLogFileValidation", "tampering with the log files cannot be detected")
	})
}
