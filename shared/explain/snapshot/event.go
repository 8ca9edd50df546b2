package snapshot

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// AlarmEventFile is the file a snapshot keeps its alarm in.
const AlarmEventFile = "alarm.json"

// ErrAlarmNotFound is returned by AlarmEvent when DescribeAlarms did not return the alarm.
var ErrAlarmNotFound = errors.New("alarm not found")

// alarmEventTime is the layout of timestamps inside alarm events.
const alarmEventTime = "2006-01-02T15:04:05.000-0700"

// AlarmEvent returns the EventBridge "CloudWatch Alarm State Change" event that matches an alarm's state
// as DescribeAlarms reports it, so `attest explain --event` reads a snapshot's alarm exactly as a delivered
// event. at, when not zero, replaces the alarm's state-change time: the moment the explanation looks
// around (an alarm that has since gone back to OK). The event's id is derived from the alarm and the
// time, so the same capture yields the same event.
func AlarmEvent(out *cloudwatch.DescribeAlarmsOutput, name, region string, at time.Time) ([]byte, error) {
	if out == nil {
		return nil, fmt.Errorf("alarm %s: %w", name, ErrAlarmNotFound)
	}
	var (
		arn, desc, state, reason, reasonData string
		stamp                                time.Time
		config                               = object{}
	)
	found := false
	for _, m := range out.MetricAlarms {
		if str(m.AlarmName) != name {
			continue
		}
		found = true
		arn, desc, state, reason, reasonData = str(m.AlarmArn), str(m.AlarmDescription), string(m.StateValue), str(m.StateReason), str(m.StateReasonData)
		if m.StateUpdatedTimestamp != nil {
			stamp = *m.StateUpdatedTimestamp
		}
		metrics, err := eventMetrics(m)
		if err != nil {
			return nil, fmt.Errorf("alarm %s: %w", name, err)
		}
		config = object{{"description", desc}, {"metrics", metrics}}
		break
	}
	if !found {
		for _, c := range out.CompositeAlarms {
			if str(c.AlarmName) != name {
				continue
			}
			found = true
			arn, desc, state, reason, reasonData = str(c.AlarmArn), str(c.AlarmDescription), string(c.StateValue), str(c.StateReason), str(c.StateReasonData)
			if c.StateUpdatedTimestamp != nil {
				stamp = *c.StateUpdatedTimestamp
			}
			config = object{{"description", desc}, {"alarmRule", str(c.AlarmRule)}}
			break
		}
	}
	if !found {
		return nil, fmt.Errorf("alarm %s: %w", name, ErrAlarmNotFound)
	}
	if !at.IsZero() {
		stamp = at
	}
	if stamp.IsZero() {
		return nil, fmt.Errorf("alarm %s: no state-change time; give one", name)
	}
	account := ""
	if p := strings.Split(arn, ":"); len(p) >= 6 && p[0] == "arn" {
		account = p[4]
		if region == "" {
			region = p[3]
		}
	}
	st := object{{"value", state}, {"reason", reason}}
	if reasonData != "" {
		st = append(st, member{"reasonData", reasonData})
	}
	st = append(st, member{"timestamp", stamp.UTC().Format(alarmEventTime)})
	sum := sha256.Sum256([]byte(arn + "|" + stamp.UTC().Format(time.RFC3339Nano)))
	id := fmt.Sprintf("%x-%x-%x-%x-%x", sum[0:4], sum[4:6], sum[6:8], sum[8:10], sum[10:16])
	var resources []string
	if arn != "" {
		resources = []string{arn}
	}
	ev := object{
		{"version", "0"},
		{"id", id},
		{"detail-type", "CloudWatch Alarm State Change"},
		{"source", "aws.cloudwatch"},
		{"account", account},
		{"time", stamp.UTC().Format(time.RFC3339)},
		{"region", region},
		{"resources", resources},
		{"detail", object{{"alarmName", name}, {"state", st}, {"configuration", config}}},
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(ev); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// eventMetrics renders an alarm's metric, or its metric-math queries, as the event's configuration.metrics.
func eventMetrics(m cwtypes.MetricAlarm) ([]any, error) {
	dims := func(ds []cwtypes.Dimension) object {
		out := object{}
		for _, d := range ds {
			out = append(out, member{str(d.Name), str(d.Value)})
		}
		return out
	}
	if len(m.Metrics) == 0 {
		if m.MetricName == nil {
			return nil, errors.New("neither a metric nor metric queries")
		}
		stat := string(m.Statistic)
		if stat == "" {
			stat = str(m.ExtendedStatistic)
		}
		return []any{object{
			{"id", "m1"},
			{"metricStat", object{
				{"metric", object{{"namespace", str(m.Namespace)}, {"name", str(m.MetricName)}, {"dimensions", dims(m.Dimensions)}}},
				{"period", int32OrZero(m.Period)},
				{"stat", stat},
			}},
			{"returnData", true},
		}}, nil
	}
	out := make([]any, 0, len(m.Metrics))
	for _, q := range m.Metrics {
		e := object{{"id", str(q.Id)}}
		if q.Expression != nil {
			e = append(e, member{"expression", *q.Expression})
		}
		if q.Label != nil {
			e = append(e, member{"label", *q.Label})
		}
		if ms := q.MetricStat; ms != nil && ms.Metric != nil {
			e = append(e, member{"metricStat", object{
				{"metric", object{{"namespace", str(ms.Metric.Namespace)}, {"name", str(ms.Metric.MetricName)}, {"dimensions", dims(ms.Metric.Dimensions)}}},
				{"period", int32OrZero(ms.Period)},
				{"stat", str(ms.Stat)},
			}})
		}
		ret := true
		if q.ReturnData != nil {
			ret = *q.ReturnData
		}
		e = append(e, member{"returnData", ret})
		out = append(out, e)
	}
	return out, nil
}

func int32OrZero(p *int32) int32 {
	if p == nil {
		return 0
	}
	return *p
}
