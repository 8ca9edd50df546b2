package iac

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
)

// TypeBackupPlan is the CloudFormation and AWS Config type of an AWS Backup plan.
const TypeBackupPlan = "AWS::Backup::BackupPlan"

// BackupPlan is what rules know about a backup plan: its rules.
type BackupPlan struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// Rules is BackupPlan.BackupPlanRule; Unknown when the list itself is.
	Rules Fact[[]BackupRule]
}

// BackupRule is one rule of a backup plan.
type BackupRule struct {
	Name string
	Line int
	// Schedule is the ScheduleExpression: cron(…) or rate(…), in UTC.
	Schedule Fact[string]
	// DeleteAfterDays is how long recovery points are kept; Absent means they are kept until deleted by hand.
	DeleteAfterDays Fact[int64]
}

func backupPlanFromTemplate(p templateProps) *BackupPlan {
	b := &BackupPlan{Line: p.res.Line}
	list, state, line, why := p.lookup(p.props, "", "BackupPlan", "BackupPlanRule")
	switch {
	case state == Unknown:
		b.Rules = Unknowable[[]BackupRule](why, line)
		return b
	case state == Absent:
		b.Rules = Known([]BackupRule{}, line)
		return b
	case list.Kind != cfn.List:
		b.Rules = Unknowable[[]BackupRule](p.malformed("BackupPlan.BackupPlanRule", list, "a list"), line)
		return b
	}
	const prefix = "BackupPlan.BackupPlanRule[]"
	rules := make([]BackupRule, 0, list.Len())
	for _, item := range list.Items() {
		r := BackupRule{Line: line}
		if pos := item.Pos(); pos > 0 {
			r.Line = pos
		}
		if name := p.str(item, prefix, "RuleName"); name.State == Set {
			r.Name = name.Value
		}
		r.Schedule = p.str(item, prefix, "ScheduleExpression")
		r.DeleteAfterDays = p.integer(item, prefix, "Lifecycle", "DeleteAfterDays")
		rules = append(rules, r)
	}
	b.Rules = Known(rules, line)
	return b
}

// backupPlanConfig is configuration.BackupPlan as AWS Config records it, in the CloudFormation schema.
type backupPlanConfig struct {
	Rules []struct {
		Name      string  `json:"RuleName"`
		Schedule  *string `json:"ScheduleExpression"`
		Lifecycle *struct {
			DeleteAfterDays *float64 `json:"DeleteAfterDays"`
		} `json:"Lifecycle"`
	} `json:"BackupPlanRule"`
}

// backupPlanFromConfig reads configuration.BackupPlan.BackupPlanRule.
func backupPlanFromConfig(ci ConfigItem) *BackupPlan {
	plan := configField[backupPlanConfig](ci.fields(), "BackupPlan")
	if plan.State != Set {
		return &BackupPlan{Rules: Fact[[]BackupRule]{State: Unknown, Why: plan.Why}}
	}
	rules := make([]BackupRule, 0, len(plan.Value.Rules))
	for _, r := range plan.Value.Rules {
		br := BackupRule{Name: r.Name, Schedule: Missing[string](0), DeleteAfterDays: Missing[int64](0)}
		if r.Schedule != nil {
			br.Schedule = Known(*r.Schedule, 0)
		}
		if r.Lifecycle != nil && r.Lifecycle.DeleteAfterDays != nil {
			br.DeleteAfterDays = Known(int64(*r.Lifecycle.DeleteAfterDays), 0)
		}
		rules = append(rules, br)
	}
	return &BackupPlan{Rules: Known(rules, 0)}
}

// settings are the plan's effective settings for drift: each rule's schedule and retention.
func (b *BackupPlan) settings() []setting {
	if b.Rules.State != Set {
		return []setting{{name: "BackupPlan.BackupPlanRule", unknown: b.Rules.Why}}
	}
	var parts []string
	for _, r := range b.Rules.Value {
		if r.Schedule.State == Unknown || r.DeleteAfterDays.State == Unknown {
			return []setting{{name: "BackupPlan.BackupPlanRule", unknown: r.Schedule.Why + r.DeleteAfterDays.Why}}
		}
		parts = append(parts, fmt.Sprintf("%s: %s, delete after %d days", r.Name, r.Schedule.Value, r.DeleteAfterDays.Value))
	}
	return []setting{{name: "BackupPlan.BackupPlanRule", value: strings.Join(parts, "; "), known: true}}
}

// scheduleHours returns the longest gap, in hours, between two runs of an AWS Backup schedule expression:
// rate(N minutes|hours|days) or a six-field AWS cron (minutes hours day-of-month month day-of-week year).
// A cron that runs every day gives 24 or less; one limited to some days of the month or week gives more.
func scheduleHours(expr string) (float64, error) {
	e := strings.TrimSpace(expr)
	switch {
	case strings.HasPrefix(e, "rate(") && strings.HasSuffix(e, ")"):
		f := strings.Fields(e[len("rate(") : len(e)-1])
		if len(f) != 2 {
			return 0, fmt.Errorf("rate expression %q is not rate(N unit)", expr)
		}
		n, err := strconv.ParseFloat(f[0], 64)
		if err != nil || !(n > 0) || math.IsInf(n, 0) {
			return 0, fmt.Errorf("rate expression %q has no positive number", expr)
		}
		switch strings.TrimSuffix(f[1], "s") {
		case "minute":
			return n / 60, nil
		case "hour":
			return n, nil
		case "day":
			return n * 24, nil
		}
		return 0, fmt.Errorf("rate expression %q has unit %q", expr, f[1])
	case strings.HasPrefix(e, "cron(") && strings.HasSuffix(e, ")"):
		f := strings.Fields(e[len("cron(") : len(e)-1])
		if len(f) != 6 {
			return 0, fmt.Errorf("cron expression %q does not have six fields", expr)
		}
		everyDay := func(s string) bool { return s == "*" || s == "?" }
		if !everyDay(f[2]) || !everyDay(f[3]) || !everyDay(f[4]) {
			// Restricted to some days: at least two days apart, at most a year.
			if f[2] == "L" || (!everyDay(f[2]) && everyDay(f[4])) {
				return 24 * 31, nil
			}
			return 24 * 7, nil
		}
		return 24, nil
	}
	return 0, fmt.Errorf("schedule %q is neither cron(…) nor rate(…)", expr)
}
