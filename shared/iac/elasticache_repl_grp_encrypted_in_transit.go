package iac

import "github.com/attestdev/attest/shared/finding"

func elastiCacheReplGrpEncryptedInTransit() Rule {
	return newRule(finding.Rule{
		ID:    "elasticache-repl-grp-encrypted-in-transit",
		Title: "ElastiCache replication group encrypts traffic in transit",
		Description: "Without in-transit encryption, clients and replicas exchange cached data, and AUTH tokens, " +
			"in the clear. TransitEncryptionEnabled defaults to false.",
		Remediation: "Turn on TLS for the replication group:\n\n" +
			"  TransitEncryptionEnabled: true\n" +
			"  TransitEncryptionMode: required\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/elasticache-repl-grp-encrypted-in-transit.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "elasticache-repl-grp-encrypted-in-transit",
		Controls:    []string{"HIPAA/164.312(e)(2)(ii)", "PCI-DSS-4.0/4.2.1", "SOC2/CC6.7"},
		CWE:         []int{319},
		Permissions: []string{"elasticache:DescribeReplicationGroups"},
	}, TypeElastiCacheReplicationGroup, func(g *ElastiCacheReplicationGroup) Result {
		return requireTrue(g.TransitEncryption, "TransitEncryptionEnabled", false)
	})
}
