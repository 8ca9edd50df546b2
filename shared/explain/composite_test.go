package explain_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/attestdev/attest/shared/explain"
)

func metricAlarm(name, metric string, state cwtypes.StateValue) cwtypes.MetricAlarm {
	return cwtypes.MetricAlarm{
		AlarmName: aws.String(name), AlarmArn: aws.String("arn:aws:cloudwatch:us-east-1:123456789012:alarm:" + name),
		Namespace: aws.String("AWS/Lambda"), MetricName: aws.String(metric), Statistic: cwtypes.StatisticSum,
		Dimensions: []cwtypes.Dimension{{Name: aws.String("FunctionName"), Value: aws.String("orders")}},
		Period:     aws.Int32(60), EvaluationPeriods: aws.Int32(1), Threshold: aws.Float64(1),
		ComparisonOperator: cwtypes.ComparisonOperatorGreaterThanOrEqualToThreshold,
		StateValue:         state, StateUpdatedTimestamp: aws.Time(alarmAt),
	}
}

func compositeAlarm(name, rule string, state cwtypes.StateValue) cwtypes.CompositeAlarm {
	return cwtypes.CompositeAlarm{AlarmName: aws.String(name), AlarmRule: aws.String(rule), StateValue: state, StateUpdatedTimestamp: aws.Time(alarmAt)}
}

func TestCompositeAlarm(t *testing.T) {
	const rule = `ALARM("orders-errors") OR ALARM("orders-throttles")`
	health := func(triggering ...explain.MemberState) explain.Alarm {
		return explain.Alarm{Name: "orders-service-health", Region: "us-east-1", Account: "123456789012", Time: alarmAt.Add(time.Second),
			State: "ALARM", AlarmRule: rule, Triggering: triggering}
	}
	errorsFired := explain.MemberState{Name: "orders-errors", ARN: "arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-errors", State: "ALARM", Time: alarmAt}
	bothMembers := &cloudwatch.DescribeAlarmsOutput{MetricAlarms: []cwtypes.MetricAlarm{
		metricAlarm("orders-errors", "Errors", cwtypes.StateValueAlarm), metricAlarm("orders-throttles", "Throttles", cwtypes.StateValueOk)}}

	tests := []struct {
		name       string
		alarm      explain.Alarm
		alarms     *cloudwatch.DescribeAlarmsOutput // nil: describe-alarms unknown
		rootCause  string
		confidence string
		resource   string
		evidence   []string // substrings of some evidence fact
		missing    []string // substrings of some missingContext item
		summary    string
	}{
		{
			name: "triggering member explained through its metric", alarm: health(errorsFired), alarms: bothMembers,
			rootCause: "vpc-no-egress", confidence: explain.Confirmed, resource: "orders",
			evidence: []string{"member alarm orders-errors: AWS/Lambda Errors {FunctionName=orders}, Sum ≥ 1 over 1 × 60 s, state ALARM",
				"member alarm orders-throttles: AWS/Lambda Throttles", "member alarm orders-errors went to ALARM"},
			summary: "through member alarm orders-errors",
		},
		{
			name: "member definitions unknown", alarm: health(errorsFired), alarms: nil,
			rootCause: explain.UnknownCause, confidence: explain.Inconclusive, resource: "orders-service-health",
			missing: []string{"cloudwatch.describe-alarms.json"}, summary: "metric configuration could not be read",
		},
		{
			name: "no reasonData: the member state comes from describe-alarms", alarm: health(), alarms: bothMembers,
			rootCause: "vpc-no-egress", confidence: explain.Confirmed, resource: "orders",
			summary: "through member alarm orders-errors",
		},
		{
			name: "no member in ALARM", alarm: health(), alarms: &cloudwatch.DescribeAlarmsOutput{MetricAlarms: []cwtypes.MetricAlarm{
				metricAlarm("orders-errors", "Errors", cwtypes.StateValueOk), metricAlarm("orders-throttles", "Throttles", cwtypes.StateValueOk)}},
			rootCause: explain.UnknownCause, confidence: explain.Inconclusive, resource: "orders-service-health",
			summary: "none of its members is in ALARM",
		},
		{
			name: "triggering member missing from describe-alarms", alarm: health(errorsFired),
			alarms:    &cloudwatch.DescribeAlarmsOutput{MetricAlarms: []cwtypes.MetricAlarm{metricAlarm("orders-throttles", "Throttles", cwtypes.StateValueOk)}},
			rootCause: explain.UnknownCause, confidence: explain.Inconclusive, resource: "orders-service-health",
			missing: []string{"cloudwatch.describe-alarms.json (member alarm orders-errors)"}, summary: "whose definition is not in the context",
		},
		{
			name: "nested composite", alarm: explain.Alarm{Name: "shop-health", Region: "us-east-1", Time: alarmAt.Add(2 * time.Second),
				AlarmRule: `ALARM("orders-service-health")`},
			alarms: &cloudwatch.DescribeAlarmsOutput{
				MetricAlarms:    bothMembers.MetricAlarms,
				CompositeAlarms: []cwtypes.CompositeAlarm{compositeAlarm("orders-service-health", rule, cwtypes.StateValueAlarm)}},
			rootCause: "vpc-no-egress", confidence: explain.Confirmed, resource: "orders",
			summary: "Composite alarm shop-health is in ALARM through member alarm orders-service-health. Composite alarm orders-service-health is in ALARM through member alarm orders-errors.",
		},
		{
			name: "composite that names itself stops", alarm: explain.Alarm{Name: "loop", Region: "us-east-1", Time: alarmAt, AlarmRule: `ALARM("loop")`},
			alarms:    &cloudwatch.DescribeAlarmsOutput{CompositeAlarms: []cwtypes.CompositeAlarm{compositeAlarm("loop", `ALARM("loop")`, cwtypes.StateValueAlarm)}},
			rootCause: explain.UnknownCause, confidence: explain.Inconclusive, summary: "composite alarms deep",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := baseWorld()
			w.alarms = tt.alarms
			exp, err := (&explain.Explainer{Context: w}).Explain(context.Background(), tt.alarm)
			if err != nil {
				t.Fatal(err)
			}
			if exp.RootCause.ID != tt.rootCause || exp.RootCause.Confidence != tt.confidence {
				t.Errorf("rootCause = %s (%s); want %s (%s)", exp.RootCause.ID, exp.RootCause.Confidence, tt.rootCause, tt.confidence)
			}
			if exp.Alarm.Name != tt.alarm.Name {
				t.Errorf("alarm = %q; want the composite %q", exp.Alarm.Name, tt.alarm.Name)
			}
			if tt.resource != "" && exp.Resource.ID != tt.resource {
				t.Errorf("resource = %q; want %q", exp.Resource.ID, tt.resource)
			}
			if !strings.Contains(exp.RootCause.Summary, tt.summary) {
				t.Errorf("summary = %q; want it to contain %q", exp.RootCause.Summary, tt.summary)
			}
			for _, want := range tt.evidence {
				if !hasEvidence(exp.Evidence, want) {
					t.Errorf("evidence = %+v; want a fact containing %q", exp.Evidence, want)
				}
			}
			for _, want := range tt.missing {
				if !hasSubstring(exp.MissingContext, want) {
					t.Errorf("missingContext = %q; want an item containing %q", exp.MissingContext, want)
				}
			}
		})
	}
}

func hasEvidence(ev []explain.Evidence, sub string) bool {
	for _, e := range ev {
		if strings.Contains(e.Fact, sub) {
			return true
		}
	}
	return false
}

func hasSubstring(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
