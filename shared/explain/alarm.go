package explain

import (
	"regexp"
	"strings"
	"time"
)

// Alarm is the part of a CloudWatch alarm state change that explaining needs.
type Alarm struct {
	Name    string
	ARN     string
	Region  string
	Account string
	// Time is when the alarm changed state.
	Time time.Time
	// State is the new state value (ALARM, OK, INSUFFICIENT_DATA).
	State  string
	Reason string
	// Metrics are the alarm's metrics: one for a metric alarm, several (with expressions) for metric math,
	// none for a composite alarm.
	Metrics []Metric
	// AlarmRule is a composite alarm's rule: ALARM("a") OR ALARM("b").
	AlarmRule string
	// Members are the alarms a composite alarm's rule names, as the event parser read them; when nil,
	// RuleAlarms reads them from AlarmRule.
	Members []string
	// Triggering are the member alarms whose state change moved a composite alarm, from the event's
	// reasonData.triggeringAlarms; nil when the event does not say.
	Triggering []MemberState
	// Period is the evaluation period of the alarm's metric, when known.
	Period time.Duration
}

// Metric is one metric (or expression) of an alarm.
type Metric struct {
	ID         string
	Namespace  string
	Name       string
	Dimensions map[string]string
	Stat       string
	Period     time.Duration
	// Expression is set for a metric-math expression; it has no namespace or name.
	Expression string
}

// IsComposite reports whether the alarm is a composite alarm.
func (a Alarm) IsComposite() bool { return a.AlarmRule != "" }

// Primary returns the first metric that names a real metric (not an expression), which identifies the
// alarmed resource; ok is false when there is none (composite alarms, or expressions only).
func (a Alarm) Primary() (Metric, bool) {
	for _, m := range a.Metrics {
		if m.Namespace != "" && m.Name != "" {
			return m, true
		}
	}
	return Metric{}, false
}

var alarmRuleRef = regexp.MustCompile(`(?:ALARM|OK|INSUFFICIENT_DATA)\s*\(\s*"?([^")]+?)"?\s*\)`)

// RuleAlarms returns the alarm names a composite alarm's rule refers to, in order of appearance.
func (a Alarm) RuleAlarms() []string {
	if a.Members != nil {
		return a.Members
	}
	var out []string
	seen := map[string]bool{}
	for _, m := range alarmRuleRef.FindAllStringSubmatch(a.AlarmRule, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	return out
}

// MemberState is a member alarm's state as a composite alarm's event reports it.
type MemberState struct {
	Name  string
	ARN   string
	State string
	Time  time.Time
}

// alarmNameOfARN returns the alarm name at the end of an alarm ARN
// (arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-errors), or "" when arn is not one.
func alarmNameOfARN(arn string) string {
	const marker = ":alarm:"
	i := strings.Index(arn, marker)
	if !strings.HasPrefix(arn, "arn:") || i < 0 {
		return ""
	}
	return arn[i+len(marker):]
}
