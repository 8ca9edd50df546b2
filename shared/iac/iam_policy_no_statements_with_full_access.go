package iac

import "github.com/attestdev/attest/shared/finding"

func iamPolicyNoStatementsWithFullAccess() Rule {
	return newRule(finding.Rule{
		ID:    "iam-policy-no-statements-with-full-access",
		Title: "IAM policy does not grant every action of a service",
		Description: "A statement that allows \"<service>:*\" grants every present and future action of that " +
			"service, including deleting data, changing its policies and turning off its logging, where the holder " +
			"needs a few reads or writes. NotAction allows every service it does not list, and is reported too.",
		Remediation: "List the actions the holder uses instead of the service wildcard:\n\n" +
			"  PolicyDocument:\n" +
			"    Version: \"2012-10-17\"\n" +
			"    Statement:\n" +
			"      - Effect: Allow\n" +
			"        Action: [s3:GetObject, s3:PutObject]     # instead of s3:*\n" +
			"        Resource: !Sub ${Uploads.Arn}/*\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/iam-policy-no-statements-with-full-access.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "iam-policy-no-statements-with-full-access",
		Controls:    []string{"HIPAA/164.308(a)(4)(ii)(B)", "PCI-DSS-4.0/7.2.2", "SOC2/CC6.3"},
		CWE:         []int{269},
		Permissions: []string{"iam:GetPolicy", "iam:GetPolicyVersion"},
	}, TypeIAMPolicy, func(p *IAMPolicy) Result {
		return checkDocuments([]PolicyDocument{p.Document}, p.Line, fullAccess, "no statement allows every action of a service")
	})
}
