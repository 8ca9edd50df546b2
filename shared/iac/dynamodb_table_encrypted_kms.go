package iac

import (
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

func dynamoDBTableEncryptedKMS() Rule {
	return newRule(finding.Rule{
		ID:    "dynamodb-table-encrypted-kms",
		Title: "DynamoDB table is encrypted with a KMS key",
		Description: "DynamoDB encrypts every table, by default with a key AWS owns, which the account cannot see, " +
			"audit in CloudTrail or revoke. A KMS key (AWS managed or customer managed) puts key use under the " +
			"account's control and in its audit trail.",
		Remediation: "Encrypt the table with a KMS key:\n\n" +
			"  SSESpecification:\n" +
			"    SSEEnabled: true\n" +
			"    SSEType: KMS\n" +
			"    KMSMasterKeyId: !Ref DataKey\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/dynamodb-table-encrypted-kms.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "dynamodb-table-encrypted-kms",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/3.5.1", "SOC2/CC6.1"},
		CWE:         []int{311},
		Permissions: []string{"dynamodb:DescribeTable"},
	}, TypeDynamoDBTable, func(t *DynamoDBTable) Result {
		s := t.SSEType
		switch {
		case s.State == Unknown:
			return NotAssessedAt(s.Line, "%s", s.Why)
		case s.State == Absent:
			return Fail(lineOf(s.Line, t.Line), "the table is encrypted with the AWS owned key, not a KMS key")
		case !strings.EqualFold(s.Value, "KMS"):
			return Fail(s.Line, "SSEType %q is not KMS", s.Value)
		}
		if t.KMSKey.State == Set {
			return Pass("the table is encrypted with KMS key %s", t.KMSKey.Value)
		}
		return Pass("the table is encrypted with a KMS key")
	})
}

// lineOf returns line, or fallback when line is 0.
func lineOf(line, fallback int) int {
	if line == 0 {
		return fallback
	}
	return line
}
