package iac

import "github.com/attestdev/attest/shared/finding"

func multiRegionCloudTrailEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "multi-region-cloudtrail-enabled",
		Title: "CloudTrail trail records every region",
		Description: "A multi-region trail records API activity in every region of the account, including regions " +
			"enabled later. A single-region trail leaves activity elsewhere, such as resources an intruder starts " +
			"in an unused region, without an audit record.",
		Remediation: "Make the trail multi-region:\n\n" +
			"  Trail:\n" +
			"    Type: AWS::CloudTrail::Trail\n" +
			"    Properties:\n" +
			"      IsMultiRegionTrail: true\n" +
			"      IncludeGlobalServiceEvents: true\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/multi-region-cloudtrail-enabled.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "multi-region-cloudtrail-enabled",
		Controls:    []string{"HIPAA/164.312(b)", "PCI-DSS-4.0/10.2.1", "SOC2/CC7.2"},
		CWE:         []int{778},
		Permissions: []string{"cloudtrail:DescribeTrails"},
	}, TypeCloudTrailTrail, func(t *CloudTrailTrail) Result {
		return mustBeTrue(t.MultiRegion, t.Line, "IsMultiRegionTrail", "activity in other regions is not recorded by this trail")
	})
}
