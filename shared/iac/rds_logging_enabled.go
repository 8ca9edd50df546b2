package iac

import (
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

func rdsLoggingEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "rds-logging-enabled",
		Title: "RDS DB instance exports its logs to CloudWatch Logs",
		Description: "Database logs kept only on the instance are lost with it and cannot be searched, alarmed on or " +
			"retained for audit. EnableCloudwatchLogsExports names the logs RDS publishes; none are by default.",
		Remediation: "Publish the engine's logs (the names depend on the engine):\n\n" +
			"  EnableCloudwatchLogsExports:\n" +
			"    - postgresql      # mysql: audit, error, general, slowquery\n" +
			"    - upgrade\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/rds-logging-enabled.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "rds-logging-enabled",
		Controls:    []string{"HIPAA/164.312(b)", "PCI-DSS-4.0/10.2.1", "SOC2/CC7.2"},
		CWE:         []int{778},
		Permissions: []string{"rds:DescribeDBInstances"},
	}, TypeRDSDBInstance, func(d *RDSDBInstance) Result {
		l := d.LogExports
		switch {
		case l.State == Unknown:
			return NotAssessedAt(l.Line, "%s", l.Why)
		case l.State == Absent || len(l.Value) == 0:
			return Fail(l.Line, "EnableCloudwatchLogsExports is empty: no database log reaches CloudWatch Logs")
		}
		return Pass("logs exported to CloudWatch Logs: %s", strings.Join(l.Value, ", "))
	})
}
