package iac

import "github.com/attestdev/attest/shared/finding"

func cloudwatchLogGroupEncrypted() Rule {
	return newRule(finding.Rule{
		ID:    "cloudwatch-log-group-encrypted",
		Title: "CloudWatch Logs group is encrypted with a KMS key",
		Description: "Log events often carry personal data, tokens and request bodies. CloudWatch Logs always " +
			"encrypts them, but only a customer managed KMS key puts reading them under a key policy you control " +
			"and audit, and lets you revoke access by disabling the key.",
		Remediation: "Encrypt the group with a KMS key whose policy allows logs.<region>.amazonaws.com to use it:\n\n" +
			"  LogGroup:\n" +
			"    Type: AWS::Logs::LogGroup\n" +
			"    Properties:\n" +
			"      KmsKeyId: !GetAtt LogsKey.Arn\n" +
			"      RetentionInDays: 365\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/cloudwatch-log-group-encrypted.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "cloudwatch-log-group-encrypted",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/10.3.2", "SOC2/CC6.1"},
		CWE:         []int{311},
		Permissions: []string{"logs:DescribeLogGroups"},
	}, TypeLogsLogGroup, func(g *LogsLogGroup) Result {
		return mustBeSet(g.KMSKeyID, g.Line, "the log group has no KmsKeyId, so its events are not under a key you control",
			"the log group is encrypted with KMS key %s")
	})
}
