package iac

import (
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

func lambdaInsideVPC() Rule {
	return newRule(finding.Rule{
		ID:    "lambda-inside-vpc",
		Title: "Lambda function runs inside a VPC",
		Description: "A function attached to a VPC reaches databases and internal services over private addresses, " +
			"and its outbound traffic passes the VPC's security groups, network ACLs and flow logs. A function " +
			"outside a VPC reaches the internet directly, with no network control an auditor can point to. It is " +
			"reported as a note: many functions need no private network, and an organisation that requires it " +
			"makes the rule block in its policy.",
		Remediation: "Attach the function to private subnets:\n\n" +
			"  VpcConfig:\n" +
			"    SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]\n" +
			"    SecurityGroupIds: [!Ref FunctionSecurityGroup]\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/lambda-inside-vpc.html",
		Level:       finding.LevelNote,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "lambda-inside-vpc",
		Controls:    []string{"HIPAA/164.312(a)(1)", "PCI-DSS-4.0/1.3.1", "SOC2/CC6.6"},
		CWE:         []int{668},
		Permissions: []string{"lambda:GetFunctionConfiguration"},
	}, TypeLambdaFunction, func(f *LambdaFunction) Result {
		s := f.VPCSubnets
		switch s.State {
		case Unknown:
			return NotAssessedAt(s.Line, "%s", s.Why)
		case Absent:
			return Fail(lineOr(s.Line, f.Line), "the function has no VpcConfig with subnets, so it runs outside any VPC")
		}
		return Pass("the function runs in subnets %s", strings.Join(s.Value, ", "))
	})
}
