package iac

import "github.com/attestdev/attest/shared/finding"

func iamNoInlinePolicyCheck() Rule {
	return newRule(finding.Rule{
		ID:    "iam-no-inline-policy-check",
		Title: "IAM role, user or group has no inline policies",
		Description: "Inline policies live inside one role, user or group, so they cannot be reused, versioned or " +
			"reviewed as a unit, and a reviewer listing the account's policies does not see them. Managed policies " +
			"keep each permission set in one place with a version history. The check counts the identity's " +
			"Policies and the AWS::IAM::Policy, RolePolicy, UserPolicy and GroupPolicy resources (which are inline " +
			"policies) that name it.",
		Remediation: "Move the statements to a managed policy and attach it:\n\n" +
			"  OrdersAccess:\n" +
			"    Type: AWS::IAM::ManagedPolicy\n" +
			"    Properties:\n" +
			"      PolicyDocument: { ... }\n" +
			"  OrdersRole:\n" +
			"    Type: AWS::IAM::Role\n" +
			"    Properties:\n" +
			"      ManagedPolicyArns: [!Ref OrdersAccess]\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/iam-no-inline-policy-check.html",
		Level:       finding.LevelNote,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "iam-no-inline-policy-check",
		Controls:    []string{"HIPAA/164.308(a)(4)(ii)(B)", "PCI-DSS-4.0/7.2.1", "SOC2/CC6.3"},
		CWE:         []int{269},
		Permissions: []string{"iam:ListRolePolicies"},
	}, TypeIAMRole, func(r *IAMPrincipal) Result {
		switch in := r.Inline; in.State {
		case Unknown:
			return NotAssessedAt(in.Line, "%s", in.Why)
		case Set:
			names := ""
			for i, d := range in.Value {
				if i > 0 {
					names += ", "
				}
				names += d.Name
			}
			return Fail(lineOr(in.Line, r.Line), "it has %s: %s", plural(len(in.Value), "inline policy", "inline policies"), names)
		}
		return Pass("it has no inline policies")
	})
}
