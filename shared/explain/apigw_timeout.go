package explain

import (
	"context"
	"fmt"
	"time"

	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// apigwTimeoutRule: API Gateway gives a REST integration 29 s by default; work that takes longer ends in a
// 504 "Endpoint request timed out" although the backend may still finish.
func apigwTimeoutRule() Rule {
	return Rule{
		ID:    "apigw-integration-timeout",
		Title: "API Gateway's integration timeout is shorter than the work",
		AppliesTo: func(a Alarm, r Resource) bool {
			return r.Type == "AWS::ApiGateway::RestApi" && r.ID != ""
		},
		Needs:       []string{"cloudwatch.get-metric-statistics.IntegrationLatency.json"},
		Permissions: []string{"cloudwatch:GetMetricStatistics"},
		Diagnose:    diagnoseAPIGWTimeout,
	}
}

// apigwDefaultTimeoutMS is the default (and, for edge-optimized APIs, maximum) integration timeout.
const apigwDefaultTimeoutMS = 29000

func diagnoseAPIGWTimeout(ctx context.Context, in *Input) Verdict {
	api, region := in.Resource.ID, in.Alarm.Region
	dps, err := in.Context.MetricStatistics(ctx, MetricQuery{Namespace: "AWS/ApiGateway", Name: "IntegrationLatency",
		Dimensions: map[string]string{"ApiName": api}, Start: in.Alarm.Time.Add(-metricWindow), End: in.Alarm.Time.Add(windowAfter),
		Period: time.Minute, Statistics: []cwtypes.Statistic{cwtypes.StatisticMaximum}})
	if err != nil {
		return Verdict{Outcome: InconclusiveOutcome, Missing: []string{missingOf(err)},
			Summary: fmt.Sprintf("The integration latency of API %s could not be read.", api)}
	}
	peak, at, found := 0.0, time.Time{}, false
	near := 0
	for _, d := range dps {
		if d.Maximum == nil {
			continue
		}
		if *d.Maximum >= 0.98*apigwDefaultTimeoutMS {
			near++
		}
		if !found || *d.Maximum > peak {
			peak, found = *d.Maximum, true
			if d.Timestamp != nil {
				at = d.Timestamp.UTC()
			}
		}
	}
	if !found {
		return Verdict{Outcome: InconclusiveOutcome, Missing: []string{"cloudwatch.get-metric-statistics.IntegrationLatency.json (no datapoints)"},
			Summary: fmt.Sprintf("API %s has no IntegrationLatency datapoints around the alarm.", api)}
	}
	if near == 0 {
		return Verdict{Outcome: RuledOutcome, Why: fmt.Sprintf("IntegrationLatency of %s peaked at %s, below the %d ms integration timeout", api, fmtMS(peak), apigwDefaultTimeoutMS)}
	}
	v := Verdict{Outcome: ConfirmedOutcome,
		Evidence: []Evidence{{Source: srcDuration, Fact: fmt.Sprintf("IntegrationLatency of %s reached %s at %s; %d one-minute periods at the %d ms limit", api, fmtMS(peak), fmtTime(at), near, apigwDefaultTimeoutMS)}},
		Summary:  fmt.Sprintf("Requests to API %s wait on their integration until API Gateway's %d s timeout cuts them off with 504 Endpoint request timed out; the backend work takes longer than the API can wait.", api, apigwDefaultTimeoutMS/1000),
	}
	v.Fix = Fix{
		Summary: "Make the long work asynchronous: accept the request with 202 and hand the work to a queue or a Step Functions execution that the client polls or is notified of. For Regional and private REST APIs a longer integration timeout can be requested (it lowers the account's throttle quota).",
		CLI: []string{
			fmt.Sprintf("aws apigateway get-rest-apis --region %s --query \"items[?name=='%s'].id\" --output text", region, api),
			fmt.Sprintf("aws apigateway update-integration --rest-api-id <rest-api-id> --resource-id <resource-id> --http-method <method> --patch-operations op=replace,path=/timeoutInMillis,value=<ms> --region %s  # after the quota increase", region),
		},
		CloudFormation: fmt.Sprintf("%sMethod:  # the method of %s whose integration is slow\n  Type: AWS::ApiGateway::Method\n  Properties:\n    Integration:\n      Type: AWS\n      Uri: !Sub arn:aws:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/<queue-name>  # enqueue and answer 202\n", logicalPrefix(api), api),
	}
	v.Impact = Impact{Summary: "Not priced: a queue or state machine adds per-request charges that depend on the traffic."}
	return v
}
