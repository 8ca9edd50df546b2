package iac

import "github.com/attestdev/attest/shared/finding"

func dynamoDBPITREnabled() Rule {
	return newRule(finding.Rule{
		ID:    "dynamodb-pitr-enabled",
		Title: "DynamoDB table has point-in-time recovery",
		Description: "Point-in-time recovery keeps continuous backups for 35 days, so a table damaged by a bad write " +
			"or a deletion can be restored to any second in that window. It is off by default.",
		Remediation: "Turn on point-in-time recovery:\n\n" +
			"  PointInTimeRecoverySpecification:\n" +
			"    PointInTimeRecoveryEnabled: true\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/dynamodb-pitr-enabled.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "dynamodb-pitr-enabled",
		Controls:    []string{"HIPAA/164.308(a)(7)(ii)(A)", "SOC2/A1.2"},
		Permissions: []string{"dynamodb:DescribeContinuousBackups"},
	}, TypeDynamoDBTable, func(t *DynamoDBTable) Result {
		return requireTrue(t.PITR, "PointInTimeRecoveryEnabled", false)
	})
}
