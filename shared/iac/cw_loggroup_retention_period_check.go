package iac

import "github.com/attestdev/attest/shared/finding"

// DefaultMinLogRetentionDays is the shortest retention cw-loggroup-retention-period-check accepts unless the
// organisation's policy sets another (Options.MinLogRetentionDays): PCI DSS 4.0 requirement 10.5.1 keeps audit
// logs for at least twelve months.
const DefaultMinLogRetentionDays = 365

func cwLoggroupRetentionPeriodCheck() Rule {
	return newOptRule(finding.Rule{
		ID:    "cw-loggroup-retention-period-check",
		Title: "CloudWatch Logs group keeps events for at least a year",
		Description: "A log group should state how long it keeps events, and keep them at least 365 days so that an " +
			"incident can be investigated and an audit period covered. A group without RetentionInDays keeps " +
			"everything forever: that is not a decision anyone has recorded, cost grows without bound, and it " +
			"conflicts with data-minimisation duties, so it fails until retention is set explicitly.",
		Remediation: "Set an explicit retention of at least a year (CloudWatch Logs accepts 365, 400, 545, 731, 1096, " +
			"1827, 2192, 2557, 2922, 3288 and 3653 days above that):\n\n" +
			"  LogGroup:\n" +
			"    Type: AWS::Logs::LogGroup\n" +
			"    Properties:\n" +
			"      RetentionInDays: 365\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/cw-loggroup-retention-period-check.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "cw-loggroup-retention-period-check",
		Controls:    []string{"HIPAA/164.316(b)(2)(i)", "PCI-DSS-4.0/10.5.1", "SOC2/CC7.2"},
		CWE:         []int{779},
		Permissions: []string{"logs:DescribeLogGroups"},
	}, TypeLogsLogGroup, func(g *LogsLogGroup, o *Options) Result {
		r, minDays := g.RetentionInDays, o.minRetention()
		switch {
		case r.State == Unknown:
			return NotAssessedAt(r.Line, "%s", r.Why)
		case r.State == Absent:
			return Fail(lineOr(r.Line, g.Line), "RetentionInDays is not set, so events never expire without that being a stated decision; set at least %d days",
				minDays)
		case r.Value < minDays:
			return Fail(lineOr(r.Line, g.Line), "RetentionInDays is %d, below the minimum of %d days", r.Value, minDays)
		}
		return Pass("events are kept %d days (minimum %d)", r.Value, minDays)
	})
}
