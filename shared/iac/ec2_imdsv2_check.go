package iac

import (
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

func ec2IMDSv2Check() Rule {
	return newRule(finding.Rule{
		ID:    "ec2-imdsv2-check",
		Title: "EC2 instance requires IMDSv2",
		Description: "With IMDSv1 allowed, a server-side request forgery in any application on the instance can read " +
			"the instance role's credentials from the metadata service with one GET. Requiring session tokens " +
			"(IMDSv2) blocks that. EC2 allows IMDSv1 by default unless the AMI or account default says otherwise.",
		Remediation: "Require metadata tokens, in a launch template the instance uses:\n\n" +
			"  LaunchTemplateData:\n" +
			"    MetadataOptions:\n" +
			"      HttpTokens: required\n" +
			"      HttpPutResponseHopLimit: 1\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/ec2-imdsv2-check.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "ec2-imdsv2-check",
		Controls:    []string{"HIPAA/164.312(a)(1)", "PCI-DSS-4.0/2.2.1", "SOC2/CC6.1"},
		CWE:         []int{918},
		Permissions: []string{"ec2:DescribeInstances"},
	}, TypeEC2Instance, func(i *EC2Instance) Result {
		t := i.HTTPTokens
		switch {
		case t.State == Unknown:
			return NotAssessedAt(t.Line, "%s", t.Why)
		case t.State == Absent:
			return Fail(lineOf(t.Line, i.Line), "MetadataOptions.HttpTokens is not set: IMDSv1 stays available by default")
		case !strings.EqualFold(t.Value, "required"):
			return Fail(t.Line, "MetadataOptions.HttpTokens is %s: IMDSv1 is allowed", t.Value)
		}
		return Pass("the instance requires IMDSv2 tokens")
	})
}
