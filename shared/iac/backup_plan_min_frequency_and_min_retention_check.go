package iac

import (
	"fmt"
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

// Backup plan requirements: the managed rule's documented defaults (requiredFrequencyValue 1,
// requiredFrequencyUnit days, requiredRetentionDays 35).
const (
	backupMaxGapHours      = 24
	backupMinRetentionDays = 35
)

func backupPlanMinFrequencyAndMinRetentionCheck() Rule {
	return newRule(finding.Rule{
		ID:    "backup-plan-min-frequency-and-min-retention-check",
		Title: "Backup plan backs up at least daily and keeps recovery points 35 days",
		Description: "A backup plan meets the recovery requirement when at least one of its rules runs at least " +
			"once a day and keeps recovery points for at least 35 days (the defaults of the AWS Config managed " +
			"rule). A plan whose rules all run less often, or expire sooner, leaves gaps an incident can fall into.",
		Remediation: "Add a daily rule that keeps recovery points for 35 days or more:\n\n" +
			"  BackupPlan:\n" +
			"    BackupPlanName: daily\n" +
			"    BackupPlanRule:\n" +
			"      - RuleName: daily-35d\n" +
			"        TargetBackupVault: !Ref Vault\n" +
			"        ScheduleExpression: cron(0 5 ? * * *)\n" +
			"        Lifecycle:\n" +
			"          DeleteAfterDays: 35\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/backup-plan-min-frequency-and-min-retention-check.html",
		Level:       finding.LevelWarning,
		Confidence:  "medium",
		Class:       "iac",
		ConfigRule:  "backup-plan-min-frequency-and-min-retention-check",
		Controls:    []string{"HIPAA/164.308(a)(7)(ii)(A)", "SOC2/A1.2"},
		Permissions: []string{"backup:GetBackupPlan"},
	}, TypeBackupPlan, func(b *BackupPlan) Result {
		rules := b.Rules
		if rules.State == Unknown {
			return NotAssessedAt(rules.Line, "%s", rules.Why)
		}
		if len(rules.Value) == 0 {
			return Fail(lineOf(rules.Line, b.Line), "the plan has no backup rule")
		}
		var short []string
		unknown, unknownLine := "", 0
		for _, r := range rules.Value {
			ok, why, isUnknown := backupRuleMeets(r)
			switch {
			case ok:
				return Pass("rule %s backs up at least daily and keeps recovery points %s", r.Name, retention(r))
			case isUnknown:
				if unknown == "" {
					unknown, unknownLine = why, r.Line
				}
			default:
				short = append(short, why)
			}
		}
		// An unknown rule might be the one that meets the requirement.
		if unknown != "" {
			return NotAssessedAt(unknownLine, "%s", unknown)
		}
		return Fail(lineOf(rules.Value[0].Line, b.Line), "no rule backs up at least daily with %d days' retention: %s",
			backupMinRetentionDays, strings.Join(short, "; "))
	})
}

// backupRuleMeets says whether one rule meets the frequency and retention, or why not, or why it is unknown.
func backupRuleMeets(r BackupRule) (ok bool, why string, unknown bool) {
	switch r.Schedule.State {
	case Unknown:
		return false, r.Schedule.Why, true
	case Absent:
		return false, fmt.Sprintf("rule %s has no ScheduleExpression", r.Name), false
	}
	gap, err := scheduleHours(r.Schedule.Value)
	if err != nil {
		return false, fmt.Sprintf("rule %s: %v", r.Name, err), true
	}
	if gap > backupMaxGapHours {
		return false, fmt.Sprintf("rule %s runs less than daily (%s)", r.Name, r.Schedule.Value), false
	}
	switch d := r.DeleteAfterDays; {
	case d.State == Unknown:
		return false, d.Why, true
	case d.State == Set && d.Value < backupMinRetentionDays:
		return false, fmt.Sprintf("rule %s deletes recovery points after %d days", r.Name, d.Value), false
	}
	return true, "", false
}

func retention(r BackupRule) string {
	if r.DeleteAfterDays.State == Absent {
		return "until deleted"
	}
	return fmt.Sprintf("%d days", r.DeleteAfterDays.Value)
}
