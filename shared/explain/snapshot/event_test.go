package snapshot_test

import (
	"errors"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/snapshot"
)

func TestAlarmEventReadsBack(t *testing.T) {
	changed := time.Date(2026, 11, 20, 14, 5, 0, 12e6, time.UTC)
	out := &cloudwatch.DescribeAlarmsOutput{
		MetricAlarms: []cwtypes.MetricAlarm{
			{AlarmName: aws.String("orders-errors"), AlarmArn: aws.String("arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-errors"),
				StateValue: cwtypes.StateValueAlarm, StateReason: aws.String("Threshold Crossed"), StateUpdatedTimestamp: &changed,
				Namespace: aws.String("AWS/Lambda"), MetricName: aws.String("Errors"), Statistic: cwtypes.StatisticSum, Period: aws.Int32(60),
				Dimensions: []cwtypes.Dimension{{Name: aws.String("FunctionName"), Value: aws.String("orders")}}},
			{AlarmName: aws.String("orders-error-rate"), AlarmArn: aws.String("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:orders-error-rate"),
				StateValue: cwtypes.StateValueOk, StateUpdatedTimestamp: &changed,
				Metrics: []cwtypes.MetricDataQuery{
					{Id: aws.String("e1"), Expression: aws.String("100*m1/m2"), ReturnData: aws.Bool(true)},
					{Id: aws.String("m1"), ReturnData: aws.Bool(false), MetricStat: &cwtypes.MetricStat{Period: aws.Int32(300), Stat: aws.String("Sum"),
						Metric: &cwtypes.Metric{Namespace: aws.String("AWS/Lambda"), MetricName: aws.String("Errors"), Dimensions: []cwtypes.Dimension{{Name: aws.String("FunctionName"), Value: aws.String("orders")}}}}},
				}},
		},
		CompositeAlarms: []cwtypes.CompositeAlarm{{AlarmName: aws.String("orders-health"), AlarmArn: aws.String("arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-health"),
			StateValue: cwtypes.StateValueAlarm, StateUpdatedTimestamp: &changed, AlarmRule: aws.String(`ALARM("orders-errors") OR ALARM("orders-throttles")`),
			StateReasonData: aws.String(`{"triggeringAlarms":[{"arn":"arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-errors","state":{"value":"ALARM","timestamp":"2026-11-20T14:05:00.000+0000"}}]}`)}},
	}
	at := time.Date(2026, 11, 19, 9, 0, 0, 0, time.UTC)
	tests := []struct {
		name, alarm string
		at          time.Time
		check       func(a explain.Alarm) string
	}{
		{"metric alarm", "orders-errors", time.Time{}, func(a explain.Alarm) string {
			m, ok := a.Primary()
			if !ok || m.Dimensions["FunctionName"] != "orders" || m.Period != time.Minute || a.Account != "123456789012" || !a.Time.Equal(changed) || a.State != "ALARM" {
				return "metric, account, time or state lost"
			}
			return ""
		}},
		{"metric math, region from the ARN, time given", "orders-error-rate", at, func(a explain.Alarm) string {
			if len(a.Metrics) != 2 || a.Metrics[0].Expression != "100*m1/m2" || a.Metrics[1].Period != 5*time.Minute || !a.Time.Equal(at) {
				return "queries or time lost"
			}
			return ""
		}},
		{"composite", "orders-health", time.Time{}, func(a explain.Alarm) string {
			if !a.IsComposite() || len(a.RuleAlarms()) != 2 || len(a.Triggering) != 1 || a.Triggering[0].Name != "orders-errors" {
				return "rule or triggering members lost"
			}
			return ""
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ev, err := snapshot.AlarmEvent(out, tt.alarm, "", tt.at)
			if err != nil {
				t.Fatal(err)
			}
			a, err := explain.DecodeAlarmEvent(ev)
			if err != nil {
				t.Fatalf("the event does not read back: %v\n%s", err, ev)
			}
			if a.Name != tt.alarm {
				t.Errorf("name %q; want %q", a.Name, tt.alarm)
			}
			if msg := tt.check(a); msg != "" {
				t.Errorf("%s: got %+v from\n%s", msg, a, ev)
			}
			again, _ := snapshot.AlarmEvent(out, tt.alarm, "", tt.at)
			if string(again) != string(ev) {
				t.Errorf("two captures of the same state differ")
			}
		})
	}
	if _, err := snapshot.AlarmEvent(out, "nope", "us-east-1", time.Time{}); !errors.Is(err, snapshot.ErrAlarmNotFound) {
		t.Errorf("unknown alarm: err = %v; want ErrAlarmNotFound", err)
	}
}
