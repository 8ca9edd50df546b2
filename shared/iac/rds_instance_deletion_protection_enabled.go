package iac

import "github.com/attestdev/attest/shared/finding"

func rdsInstanceDeletionProtectionEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "rds-instance-deletion-protection-enabled",
		Title: "RDS DB instance has deletion protection",
		Description: "Without deletion protection one API call or stack update that replaces the instance deletes the " +
			"database. DeletionProtection defaults to false.",
		Remediation: "Turn deletion protection on, and keep a final snapshot if the stack deletes it:\n\n" +
			"  DeletionPolicy: Snapshot\n" +
			"  Properties:\n" +
			"    DeletionProtection: true\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/rds-instance-deletion-protection-enabled.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "rds-instance-deletion-protection-enabled",
		Controls:    []string{"HIPAA/164.308(a)(7)(i)", "SOC2/A1.2"},
		Permissions: []string{"rds:DescribeDBInstances"},
	}, TypeRDSDBInstance, func(d *RDSDBInstance) Result {
		return requireTrue(d.DeletionProtection, "DeletionProtection", false)
	})
}
