package iac

import "github.com/attestdev/attest/shared/finding"

func rdsMultiAZSupport() Rule {
	return newRule(finding.Rule{
		ID:    "rds-multi-az-support",
		Title: "RDS DB instance runs in more than one Availability Zone",
		Description: "A Multi-AZ instance keeps a synchronous standby in another Availability Zone and fails over to " +
			"it, so the loss of one zone does not take the database down. MultiAZ defaults to false. Aurora " +
			"instances get their availability from the cluster's replicas.",
		Remediation: "Deploy the instance with a standby:\n\n" +
			"  MultiAZ: true\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/rds-multi-az-support.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "rds-multi-az-support",
		Controls:    []string{"HIPAA/164.308(a)(7)(i)", "SOC2/A1.2"},
		Permissions: []string{"rds:DescribeDBInstances"},
	}, TypeRDSDBInstance, func(d *RDSDBInstance) Result {
		if d.Aurora() {
			return NotAssessedAt(d.Engine.Line, "engine %s gets availability from its DB cluster's replicas", d.Engine.Value)
		}
		return requireTrue(d.MultiAZ, "MultiAZ", false)
	})
}
