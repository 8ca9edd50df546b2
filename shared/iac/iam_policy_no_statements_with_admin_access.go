package iac

import "github.com/attestdev/attest/shared/finding"

func iamPolicyNoStatementsWithAdminAccess() Rule {
	return newRule(finding.Rule{
		ID:    "iam-policy-no-statements-with-admin-access",
		Title: "IAM policy does not grant administrator access",
		Description: "A statement that allows Action \"*\" on Resource \"*\" makes whoever holds the policy an " +
			"administrator of the account: they can read every data store, change every guardrail and grant " +
			"themselves anything else. NotAction on all resources is the same grant written the other way round. " +
			"Least privilege needs each policy to name the actions and resources its holder uses.",
		Remediation: "Replace the wildcard with the actions and resources the holder needs:\n\n" +
			"  PolicyDocument:\n" +
			"    Version: \"2012-10-17\"\n" +
			"    Statement:\n" +
			"      - Effect: Allow\n" +
			"        Action: [dynamodb:GetItem, dynamodb:PutItem]\n" +
			"        Resource: !GetAtt OrdersTable.Arn\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/iam-policy-no-statements-with-admin-access.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "iam-policy-no-statements-with-admin-access",
		Controls:    []string{"HIPAA/164.308(a)(4)(ii)(B)", "PCI-DSS-4.0/7.2.1", "SOC2/CC6.3"},
		CWE:         []int{269},
		Permissions: []string{"iam:GetPolicy", "iam:GetPolicyVersion"},
	}, TypeIAMPolicy, func(p *IAMPolicy) Result {
		return checkDocuments([]PolicyDocument{p.Document}, p.Line, adminAccess, "no statement allows every action on every resource")
	})
}
