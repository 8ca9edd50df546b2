package iac

import "github.com/attestdev/attest/shared/finding"

func rdsStorageEncrypted() Rule {
	return newRule(finding.Rule{
		ID:    "rds-storage-encrypted",
		Title: "RDS DB instance encrypts its storage",
		Description: "An RDS instance's storage, automated backups, read replicas and snapshots are encrypted at rest " +
			"only when StorageEncrypted is true, and it can only be chosen when the instance is created. Aurora " +
			"instances take encryption from their cluster and are judged there.",
		Remediation: "Create the instance with encrypted storage (an existing instance must be restored from an " +
			"encrypted snapshot copy):\n\n" +
			"  StorageEncrypted: true\n" +
			"  KmsKeyId: !Ref DataKey\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/rds-storage-encrypted.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "rds-storage-encrypted",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/3.5.1", "SOC2/CC6.1"},
		CWE:         []int{311},
		Permissions: []string{"rds:DescribeDBInstances"},
	}, TypeRDSDBInstance, func(d *RDSDBInstance) Result {
		if d.Aurora() {
			return NotAssessedAt(d.Engine.Line, "engine %s keeps storage encryption on its DB cluster", d.Engine.Value)
		}
		return requireTrue(d.StorageEncrypted, "StorageEncrypted", false)
	})
}
