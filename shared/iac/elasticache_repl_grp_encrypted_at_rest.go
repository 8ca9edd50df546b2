package iac

import "github.com/attestdev/attest/shared/finding"

func elastiCacheReplGrpEncryptedAtRest() Rule {
	return newRule(finding.Rule{
		ID:    "elasticache-repl-grp-encrypted-at-rest",
		Title: "ElastiCache replication group encrypts data at rest",
		Description: "Without at-rest encryption, a replication group's data on disk (swap, sync files, backups in " +
			"S3) is stored unencrypted. It can only be chosen when the group is created and defaults to false.",
		Remediation: "Create the replication group with encryption at rest:\n\n" +
			"  AtRestEncryptionEnabled: true\n" +
			"  KmsKeyId: !Ref CacheKey\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/elasticache-repl-grp-encrypted-at-rest.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "elasticache-repl-grp-encrypted-at-rest",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/3.5.1", "SOC2/CC6.1"},
		CWE:         []int{311},
		Permissions: []string{"elasticache:DescribeReplicationGroups"},
	}, TypeElastiCacheReplicationGroup, func(g *ElastiCacheReplicationGroup) Result {
		return requireTrue(g.AtRestEncryption, "AtRestEncryptionEnabled", false)
	})
}
