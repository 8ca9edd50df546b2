package snapshot

import (
	"context"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/attestdev/attest/shared/explain"
)

// The windows of the calls a capture adds beyond the explanation's own, around the alarm time.
const (
	captureLogWindow    = 30 * time.Minute
	captureMetricWindow = 3 * time.Hour
	captureTrailWindow  = 24 * time.Hour
	captureAfter        = 5 * time.Minute
)

// Take explains the alarm through a Recorder over source, then reads the rest of the design's table for
// the alarmed resource (its function, VPC, key, queue or table, logs, metrics, CloudTrail and Config
// history) for whoever reads the snapshot later. The added calls only fill files the explanation did not
// read or try, so explaining the snapshot gives what explaining the source gave.
func Take(ctx context.Context, source explain.Context, a explain.Alarm) (*Recorder, *explain.Explanation, error) {
	rec := NewRecorder(source)
	exp, err := (&explain.Explainer{Context: rec}).Explain(ctx, a)
	if err != nil {
		return rec, nil, err
	}
	rec.complete(ctx, a, exp.Resource)
	return rec, exp, nil
}

func (r *Recorder) complete(ctx context.Context, a explain.Alarm, res explain.Resource) {
	start, end := a.Time.Add(-captureMetricWindow), a.Time.Add(captureAfter)
	metrics := func(namespace, dim string, names ...string) {
		for _, n := range names {
			if r.Attempted(MetricStatisticsFile(n)) {
				continue
			}
			_, _ = r.MetricStatistics(ctx, explain.MetricQuery{Namespace: namespace, Name: n, Dimensions: map[string]string{dim: res.ID},
				Start: start, End: end, Period: time.Minute,
				Statistics: []cwtypes.Statistic{cwtypes.StatisticSum, cwtypes.StatisticMaximum, cwtypes.StatisticAverage}})
		}
	}
	if !r.hasAlarm(a.Name) {
		// The alarm's own definition, which a composite alarm's explanation (reading its members) skips.
		_, _ = r.DescribeAlarms(ctx, []string{a.Name})
	}
	if !r.Attempted("cloudtrail.lookup-events.json") {
		_, _ = r.TrailEvents(ctx, explain.TrailQuery{Start: a.Time.Add(-captureTrailWindow), End: end, ResourceName: res.ID})
	}
	if !r.Attempted("config.get-resource-config-history.json") && res.ID != "" && res.Type != "AWS::SQS::Queue" &&
		!strings.HasPrefix(res.Type, "AWS::CloudWatch::") {
		_, _ = r.ResourceConfigHistory(ctx, res.Type, res.ID)
	}
	switch res.Type {
	case "AWS::Lambda::Function":
		r.completeFunction(ctx, a, res.ID)
		metrics("AWS/Lambda", "FunctionName", "Errors", "Throttles", "Invocations", "Duration", "ConcurrentExecutions")
	case "AWS::DynamoDB::Table":
		if !r.Attempted("dynamodb.describe-table." + res.ID + ".json") {
			_, _ = r.Table(ctx, res.ID)
		}
		metrics("AWS/DynamoDB", "TableName", "ReadThrottleEvents", "WriteThrottleEvents", "ConsumedReadCapacityUnits", "ConsumedWriteCapacityUnits")
	case "AWS::SQS::Queue":
		if !r.Attempted("sqs.get-queue-attributes." + res.ID + ".json") {
			_, _ = r.QueueAttributes(ctx, res.ID)
		}
		metrics("AWS/SQS", "QueueName", "ApproximateAgeOfOldestMessage", "ApproximateNumberOfMessagesVisible", "NumberOfMessagesReceived")
	}
}

func (r *Recorder) completeFunction(ctx context.Context, a explain.Alarm, name string) {
	var fn *lambdatypes.FunctionConfiguration
	file := FunctionConfigurationFile(name)
	if r.Attempted(file) {
		r.mu.Lock()
		fn, _ = r.files[file].(*lambdatypes.FunctionConfiguration)
		r.mu.Unlock()
	} else {
		fn, _ = r.FunctionConfiguration(ctx, name)
	}
	once := func(file string, call func()) {
		if !r.Attempted(file) {
			call()
		}
	}
	once("lambda.get-function-concurrency."+name+".json", func() { _, _ = r.FunctionConcurrency(ctx, name) })
	once("lambda.get-account-settings.json", func() { _, _ = r.AccountSettings(ctx) })
	once("lambda.list-event-source-mappings.json", func() { _, _ = r.EventSourceMappings(ctx, name) })
	once("lambda.get-policy."+name+".json", func() { _, _ = r.FunctionPolicy(ctx, name) })
	once("lambda.list-aliases."+name+".json", func() { _, _ = r.Aliases(ctx, name) })
	once("lambda.list-provisioned-concurrency-configs."+name+".json", func() { _, _ = r.ProvisionedConcurrencyConfigs(ctx, name) })
	once("iam.get-account-authorization-details.json", func() { _, _ = r.AuthorizationDetails(ctx) })
	once("logs.filter-log-events.json", func() {
		group := "/aws/lambda/" + name
		if fn != nil && fn.LoggingConfig != nil && str(fn.LoggingConfig.LogGroup) != "" {
			group = str(fn.LoggingConfig.LogGroup)
		}
		_, _ = r.LogEvents(ctx, explain.LogQuery{LogGroup: group, Start: a.Time.Add(-captureLogWindow), End: a.Time.Add(captureAfter)})
	})
	if fn == nil {
		return
	}
	if vpc := fn.VpcConfig; vpc != nil && str(vpc.VpcId) != "" {
		id := str(vpc.VpcId)
		once("ec2.describe-subnets.json", func() { _, _ = r.Subnets(ctx, id) })
		once("ec2.describe-route-tables.json", func() { _, _ = r.RouteTables(ctx, id) })
		once("ec2.describe-nat-gateways.json", func() { _, _ = r.NatGateways(ctx, id) })
		once("ec2.describe-vpc-endpoints.json", func() { _, _ = r.VpcEndpoints(ctx, id) })
		once("ec2.describe-security-groups.json", func() { _, _ = r.SecurityGroups(ctx, id) })
		once("ec2.describe-network-acls.json", func() { _, _ = r.NetworkAcls(ctx, id) })
		once("ec2.describe-internet-gateways.json", func() { _, _ = r.InternetGateways(ctx, id) })
	}
	if key := str(fn.KMSKeyArn); key != "" {
		id := KeyFileID(key)
		once("kms.describe-key."+id+".json", func() { _, _ = r.KeyMetadata(ctx, key) })
		once("kms.get-key-policy."+id+".json", func() { _, _ = r.KeyPolicy(ctx, key) })
	}
	// The queues the function reads from: the visibility timeout is half of the sqs-visibility-timeout check.
	r.mu.Lock()
	esm, _ := r.files["lambda.list-event-source-mappings.json"].(*lambda.ListEventSourceMappingsOutput)
	r.mu.Unlock()
	if esm != nil {
		for _, m := range esm.EventSourceMappings {
			if arn := str(m.EventSourceArn); strings.HasPrefix(arn, "arn:aws:sqs:") || strings.Contains(arn, ":sqs:") {
				q := arn[strings.LastIndex(arn, ":")+1:]
				once("sqs.get-queue-attributes."+q+".json", func() { _, _ = r.QueueAttributes(ctx, q) })
			}
		}
	}
}

// hasAlarm reports whether the recorded cloudwatch.describe-alarms.json holds the alarm.
func (r *Recorder) hasAlarm(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	out, _ := r.files["cloudwatch.describe-alarms.json"].(*cloudwatch.DescribeAlarmsOutput)
	if out == nil {
		return false
	}
	for _, m := range out.MetricAlarms {
		if str(m.AlarmName) == name {
			return true
		}
	}
	for _, c := range out.CompositeAlarms {
		if str(c.AlarmName) == name {
			return true
		}
	}
	return false
}
