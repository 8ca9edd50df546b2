package explain

import (
	"fmt"
	"strings"
	"time"

	"github.com/attestdev/attest/shared/event"
)

// DecodeAlarmEvent reads a stored EventBridge event and returns its alarm. Errors from event.Parse
// (*event.MalformedError, *event.UnsupportedError) come back wrapped.
func DecodeAlarmEvent(data []byte) (Alarm, error) {
	env, err := event.Parse(data)
	if err != nil {
		return Alarm{}, fmt.Errorf("parse alarm event: %w", err)
	}
	return AlarmFromEvent(env)
}

// maxPeriod bounds a metric period taken from an event (CloudWatch allows up to a day per period).
const maxPeriod = 7 * 24 * time.Hour

// AlarmFromEvent converts a parsed CloudWatch Alarm State Change into the alarm explaining reads.
func AlarmFromEvent(env *event.Envelope) (Alarm, error) {
	if env == nil || env.Alarm == nil {
		kind := "nil"
		if env != nil {
			kind = fmt.Sprintf("%q from %q", env.DetailType, env.Source)
		}
		return Alarm{}, fmt.Errorf("event is %s, not a CloudWatch Alarm State Change", kind)
	}
	d := env.Alarm
	a := Alarm{
		Name:      d.AlarmName,
		Region:    env.Region,
		Account:   env.Account,
		Time:      d.State.Timestamp.Time.UTC(),
		State:     d.State.Value,
		Reason:    d.State.Reason,
		AlarmRule: d.Configuration.AlarmRule,
	}
	if a.Time.IsZero() {
		a.Time = env.Time.Time.UTC()
	}
	for _, r := range env.Resources {
		if strings.HasPrefix(r, "arn:") && strings.Contains(r, ":alarm:") {
			a.ARN = r
			break
		}
	}
	if d.IsComposite() {
		members, err := d.ChildAlarms()
		if err != nil {
			return Alarm{}, fmt.Errorf("composite alarm %s: %w", d.AlarmName, err)
		}
		a.Members = members
		// A composite's reasonData names the members that moved it; unreadable reasonData leaves the
		// members' states to the context (cloudwatch.describe-alarms) rather than failing the explanation.
		if rd, err := d.State.DecodeReasonData(); err == nil && rd != nil {
			for _, t := range rd.TriggeringAlarms {
				name := alarmNameOfARN(t.Arn)
				if name == "" {
					continue
				}
				a.Triggering = append(a.Triggering, MemberState{Name: name, ARN: t.Arn, State: t.State.Value, Time: t.State.Timestamp.Time.UTC()})
			}
		}
	}
	for _, m := range d.Configuration.Metrics {
		am := Metric{ID: m.ID, Expression: m.Expression}
		if ms := m.MetricStat; ms != nil {
			am.Namespace, am.Name, am.Stat = ms.Metric.Namespace, ms.Metric.Name, ms.Stat
			am.Dimensions = copyDims(ms.Metric.Dimensions)
			if p := time.Duration(ms.Period) * time.Second; ms.Period > 0 && p <= maxPeriod {
				am.Period = p
				if a.Period == 0 {
					a.Period = p
				}
			}
		}
		a.Metrics = append(a.Metrics, am)
	}
	return a, nil
}
