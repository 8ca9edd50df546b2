package iac

import "github.com/attestdev/attest/shared/finding"

func dbInstanceBackupEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "db-instance-backup-enabled",
		Title: "RDS DB instance keeps automated backups",
		Description: "A BackupRetentionPeriod of 0 turns off automated backups and point-in-time recovery, so data " +
			"lost to an error or an attack cannot be restored. RDS keeps one day of backups when the setting is " +
			"absent. Aurora instances take their retention from the cluster.",
		Remediation: "Keep automated backups for as long as the recovery plan requires:\n\n" +
			"  BackupRetentionPeriod: 7\n" +
			"  PreferredBackupWindow: 03:00-04:00\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/db-instance-backup-enabled.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "db-instance-backup-enabled",
		Controls:    []string{"HIPAA/164.308(a)(7)(ii)(A)", "SOC2/A1.2"},
		Permissions: []string{"rds:DescribeDBInstances"},
	}, TypeRDSDBInstance, func(d *RDSDBInstance) Result {
		if d.Aurora() {
			return NotAssessedAt(d.Engine.Line, "engine %s keeps its backup retention on its DB cluster", d.Engine.Value)
		}
		r := d.BackupRetentionPeriod
		switch {
		case r.State == Unknown:
			return NotAssessedAt(r.Line, "%s", r.Why)
		case r.State == Absent:
			return Pass("BackupRetentionPeriod is not set and defaults to 1 day")
		case r.Value <= 0:
			return Fail(r.Line, "BackupRetentionPeriod is %d: automated backups are off", r.Value)
		}
		return Pass("automated backups are kept for %d days", r.Value)
	})
}
