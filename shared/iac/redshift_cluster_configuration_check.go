package iac

import "github.com/attestdev/attest/shared/finding"

func redshiftClusterConfigurationCheck() Rule {
	return newRule(finding.Rule{
		ID:    "redshift-cluster-configuration-check",
		Title: "Redshift cluster is encrypted and keeps audit logs",
		Description: "A warehouse of account data needs its storage encrypted and its connections, user changes " +
			"and queries logged. Clusters created before January 2025 without Encrypted are unencrypted, so the " +
			"template should state it; audit logging is off unless LoggingProperties says where logs go.",
		Remediation: "Encrypt the cluster and deliver its audit logs:\n\n" +
			"  Encrypted: true\n" +
			"  KmsKeyId: !Ref WarehouseKey\n" +
			"  LoggingProperties:\n" +
			"    LogDestinationType: cloudwatch\n" +
			"    LogExports: [connectionlog, userlog, useractivitylog]\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/redshift-cluster-configuration-check.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "redshift-cluster-configuration-check",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/3.5.1", "SOC2/CC6.1"},
		CWE:         []int{311},
		Permissions: []string{"redshift:DescribeClusters", "redshift:DescribeLoggingStatus"},
	}, TypeRedshiftCluster, func(r *RedshiftCluster) Result {
		enc := requireTrue(r.Encrypted, "Encrypted", false)
		if enc.Status == finding.StatusFail {
			return enc
		}
		l := r.AuditLogging
		switch {
		case l.State == Unknown:
			return NotAssessedAt(l.Line, "%s", l.Why)
		case l.State == Absent:
			return Fail(lineOf(l.Line, r.Line), "the cluster has no LoggingProperties: audit logging is off")
		case !l.Value:
			return Fail(l.Line, "LoggingProperties names no bucket or CloudWatch Logs destination: audit logging is off")
		}
		if enc.Status != finding.StatusPass {
			return enc
		}
		return Pass("the cluster is encrypted and delivers audit logs")
	})
}
