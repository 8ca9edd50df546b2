package explain_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/attestdev/attest/shared/explain"
)

func natRoute(r *ec2types.Route) { r.NatGatewayId = aws.String(natID) }

func withNAT(state ec2types.NatGatewayState) func(*fakeContext) {
	return func(w *fakeContext) {
		w.tables[0].Routes = append(w.tables[0].Routes, route("0.0.0.0/0", natRoute))
		w.tables[1].Routes = append(w.tables[1].Routes, route("0.0.0.0/0", natRoute))
		w.nats = []ec2types.NatGateway{{NatGatewayId: aws.String(natID), State: state, SubnetId: aws.String(subnetP), VpcId: aws.String(vpcID), ConnectivityType: ec2types.ConnectivityTypePublic}}
	}
}

func logsSay(msgs ...string) func(*fakeContext) {
	return func(w *fakeContext) {
		w.logs = nil
		for i, m := range msgs {
			w.logs = append(w.logs, logEvent(alarmAt.Add(-time.Duration(4-i)*time.Minute), m))
		}
	}
}

func TestVPCNoEgress(t *testing.T) {
	tests := []struct {
		name       string
		world      func(*fakeContext)
		metric     string
		rootCause  string
		confidence string
		// want are substrings the explanation's JSON must contain; wantNot must be absent.
		want    []string
		wantNot []string
		ruled   []string // rule IDs ruled out
		missing []string
	}{
		{
			name: "sample world: no route, no endpoints, timeouts", rootCause: "vpc-no-egress", confidence: explain.Confirmed,
			want: []string{rtbA + " (associated with " + subnetA + ") has routes 10.0.0.0/16 → local and no 0.0.0.0/0 route",
				"main route table of " + vpcID, "create-nat-gateway --subnet-id " + subnetP, "create-route --route-table-id " + rtbA,
				`"monthlyUSD": 32.85`, "Task timed out after 30.03 seconds"},
			ruled: []string{"function-inactive-or-failed"},
		},
		{
			name: "function outside a VPC", rootCause: explain.UnknownCause, confidence: explain.Inconclusive,
			world: func(w *fakeContext) { w.fn.VpcConfig = &lambdatypes.VpcConfigResponse{} },
			ruled: []string{"function-inactive-or-failed", "vpc-no-egress"},
			want:  []string{"is not attached to a VPC"},
		},
		{
			name: "available NAT gateway rules it out", rootCause: explain.UnknownCause, confidence: explain.Inconclusive,
			world: withNAT(ec2types.NatGatewayStateAvailable),
			ruled: []string{"vpc-no-egress"},
			want:  []string{"routes 0.0.0.0/0 to an available NAT gateway (" + natID + ")", "next suspects"},
		},
		{
			name: "deleted NAT gateway is no egress, and the route is replaced", rootCause: "vpc-no-egress", confidence: explain.Confirmed,
			world: withNAT(ec2types.NatGatewayStateDeleted),
			want:  []string{"which is deleted", "replace-route --route-table-id " + rtbA, "# replaces the unusable 0.0.0.0/0 route"},
		},
		{
			name: "blackhole default route", rootCause: "vpc-no-egress", confidence: explain.Confirmed,
			world: func(w *fakeContext) {
				w.tables[1].Routes = append(w.tables[1].Routes, route("0.0.0.0/0", func(r *ec2types.Route) {
					r.NatGatewayId = aws.String("nat-0deadbeef0000001")
					r.State = ec2types.RouteStateBlackhole
				}))
			},
			want: []string{"which is a blackhole", "replace-route --route-table-id " + rtbA, "create-route --route-table-id " + rtbMain},
		},
		{
			name: "public subnet: internet gateway but no public IP", rootCause: "vpc-no-egress", confidence: explain.Confirmed,
			world: func(w *fakeContext) {
				w.fn.VpcConfig.SubnetIds = []string{subnetP}
			},
			want:    []string{"a public subnet, where Lambda's network interfaces get no public IP", "update-function-configuration --function-name orders"},
			wantNot: []string{"create-route"},
		},
		{
			name: "transit gateway path is not followed", rootCause: explain.UnknownCause, confidence: explain.Inconclusive,
			world: func(w *fakeContext) {
				for i := 0; i < 2; i++ {
					w.tables[i].Routes = append(w.tables[i].Routes, route("0.0.0.0/0", func(r *ec2types.Route) { r.TransitGatewayId = aws.String("tgw-0a1b2c3d4e5f60070") }))
				}
			},
			want: []string{"routes 0.0.0.0/0 to tgw-0a1b2c3d4e5f60070", "undecided for lack of context: vpc-no-egress"},
		},
		{
			name: "no signals: likely, and the logs are missing", rootCause: "vpc-no-egress", confidence: explain.Likely,
			world: func(w *fakeContext) {
				w.unknown["logs.filter-log-events"] = true
				w.unknown["cloudwatch.get-metric-statistics"] = true
			},
			want:    []string{"Logs and metrics could not be read to confirm it."},
			missing: []string{"logs.filter-log-events.json", "cloudwatch.get-metric-statistics.json"},
		},
		{
			name: "signals disagree: inconclusive", rootCause: "vpc-no-egress", confidence: explain.Inconclusive,
			world: func(w *fakeContext) {
				logsSay("[ERROR] KeyError: 'customer'")(w)
				w.duration = []cwtypes.Datapoint{{Timestamp: aws.Time(alarmAt.Add(-time.Minute)), Maximum: aws.Float64(180)}}
			},
			want: []string{"none a timeout", "Duration peaked at 180 ms", "may have another cause"},
		},
		{
			name: "only DynamoDB is called: a free gateway endpoint", rootCause: "vpc-no-egress", confidence: explain.Confirmed,
			world: logsSay(`[ERROR] ConnectTimeoutError: Connect timeout on endpoint URL: "https://dynamodb.us-east-1.amazonaws.com/"`),
			want: []string{"--vpc-endpoint-type Gateway --service-name com.amazonaws.us-east-1.dynamodb --route-table-ids " + rtbA + " " + rtbMain,
				"Gateway endpoints for S3 and DynamoDB have no charge.", `"monthlyUSD": 0`},
			wantNot: []string{"create-nat-gateway"},
		},
		{
			name: "SQS is called: an interface endpoint costs less than a NAT gateway", rootCause: "vpc-no-egress", confidence: explain.Confirmed,
			world: logsSay(`[ERROR] ConnectTimeoutError: Connect timeout on endpoint URL: "https://sqs.us-east-1.amazonaws.com/"`),
			want: []string{"--vpc-endpoint-type Interface --service-name com.amazonaws.us-east-1.sqs --subnet-ids " + subnetA + " " + subnetB,
				"1 interface endpoint(s) in 2 Availability Zone(s)", `"monthlyUSD": 14.6`},
		},
		{
			name: "endpoints cover what it calls: ruled out", rootCause: explain.UnknownCause, confidence: explain.Inconclusive,
			world: func(w *fakeContext) {
				logsSay(`ConnectTimeoutError: Connect timeout on endpoint URL: "https://my-bucket.s3.us-east-1.amazonaws.com/key"`)(w)
				w.eps = []ec2types.VpcEndpoint{{VpcEndpointId: aws.String("vpce-0a1b2c3d4e5f60080"), VpcId: aws.String(vpcID),
					ServiceName: aws.String("com.amazonaws.us-east-1.s3"), VpcEndpointType: ec2types.VpcEndpointTypeGateway,
					State: ec2types.State("available"), RouteTableIds: []string{rtbA, rtbMain}}}
			},
			ruled: []string{"vpc-no-egress"},
			want:  []string{"all have VPC endpoints; see vpc-endpoint-misconfigured", "gateway endpoint vpce-0a1b2c3d4e5f60080 for s3"},
		},
		{
			name: "endpoints unknown: likely", rootCause: "vpc-no-egress", confidence: explain.Likely,
			world:   func(w *fakeContext) { w.unknown["ec2.describe-vpc-endpoints"] = true },
			missing: []string{"ec2.describe-vpc-endpoints.json"},
		},
		{
			name: "route tables unknown: inconclusive with what would decide", rootCause: "vpc-no-egress", confidence: explain.Inconclusive,
			world: func(w *fakeContext) {
				w.unknown["ec2.describe-route-tables"] = true
				w.unknown["ec2.describe-nat-gateways"] = true
			},
			missing: []string{"ec2.describe-route-tables.json", "ec2.describe-nat-gateways.json"},
			want:    []string{"No fix proposed until the missing context decides."},
		},
		{
			name: "function unknown: nothing decided", rootCause: explain.UnknownCause, confidence: explain.Inconclusive,
			world:   func(w *fakeContext) { w.unknown["lambda.get-function-configuration"] = true },
			missing: []string{"lambda.get-function-configuration.json"},
		},
		{
			name: "failed function state wins over nothing", rootCause: "function-inactive-or-failed", confidence: explain.Confirmed,
			world: func(w *fakeContext) {
				w.fn.VpcConfig = nil
				w.fn.State = lambdatypes.StateFailed
				w.fn.StateReasonCode = lambdatypes.StateReasonCodeSubnetOutOfIPAddresses
				logsSay("ResourceConflictException: The operation cannot be performed at this time. The function is currently in the following state: Failed")(w)
			},
			want: []string{"StateReasonCode SubnetOutOfIPAddresses"},
		},
		{
			name: "throttles are not an egress symptom", metric: "Throttles", rootCause: explain.UnknownCause, confidence: explain.Inconclusive,
			ruled: []string{"function-inactive-or-failed"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := baseWorld()
			if tt.world != nil {
				tt.world(w)
			}
			metric := tt.metric
			if metric == "" {
				metric = "Errors"
			}
			exp, err := (&explain.Explainer{Context: w}).Explain(context.Background(), ordersAlarm(metric))
			if err != nil {
				t.Fatal(err)
			}
			if exp.RootCause.ID != tt.rootCause || exp.RootCause.Confidence != tt.confidence {
				t.Errorf("rootCause = %s (%s): %s; want %s (%s)", exp.RootCause.ID, exp.RootCause.Confidence, exp.RootCause.Summary, tt.rootCause, tt.confidence)
			}
			b, err := exp.MarshalIndent()
			if err != nil {
				t.Fatal(err)
			}
			doc := string(b)
			for _, s := range tt.want {
				if !strings.Contains(doc, s) {
					t.Errorf("explanation lacks %q:\n%s", s, doc)
				}
			}
			for _, s := range tt.wantNot {
				if strings.Contains(doc, s) {
					t.Errorf("explanation has %q; want it absent", s)
				}
			}
			for _, id := range tt.ruled {
				found := false
				for _, r := range exp.RuledOut {
					found = found || r.ID == id
				}
				if !found {
					t.Errorf("ruledOut = %+v; want %s among them", exp.RuledOut, id)
				}
			}
			for _, m := range tt.missing {
				if !containsString(exp.MissingContext, m) {
					t.Errorf("missingContext = %q; want %q among them", exp.MissingContext, m)
				}
			}
			if tt.confidence == explain.Confirmed && len(exp.MissingContext) > 0 {
				t.Errorf("confirmed explanation lists missing context %q", exp.MissingContext)
			}
			for _, e := range exp.Evidence {
				if e.Source == "" || e.Fact == "" {
					t.Errorf("evidence %+v lacks its source or fact", e)
				}
			}
		})
	}
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestAlarmKinds(t *testing.T) {
	w := baseWorld()
	tests := []struct {
		name      string
		alarm     explain.Alarm
		resource  string
		rootCause string
		summary   string
		missing   []string
	}{
		{
			name: "composite alarm names its members",
			alarm: explain.Alarm{Name: "orders-service-health", Region: "us-east-1", Time: alarmAt,
				AlarmRule: `ALARM("orders-errors") OR ALARM("orders-throttles")`},
			resource: "orders-service-health", rootCause: explain.UnknownCause, summary: "composite alarm",
			missing: []string{"cloudwatch.describe-alarms.json", "the state of member alarm orders-errors", "the state of member alarm orders-throttles"},
		},
		{
			name: "metric math alarm resolves the function from its metrics",
			alarm: explain.Alarm{Name: "orders-error-rate", Region: "us-east-1", Time: alarmAt, Metrics: []explain.Metric{
				{ID: "e1", Expression: "100*m1/m2"},
				{ID: "m1", Namespace: "AWS/Lambda", Name: "Errors", Dimensions: map[string]string{"FunctionName": "orders"}},
				{ID: "m2", Namespace: "AWS/Lambda", Name: "Invocations", Dimensions: map[string]string{"FunctionName": "orders"}},
			}},
			resource: "orders", rootCause: "vpc-no-egress", summary: "no usable route to the internet",
		},
		{
			name: "an alarm on a topic has no rule yet",
			alarm: explain.Alarm{Name: "orders-notify-failures", Region: "us-east-1", Time: alarmAt, Metrics: []explain.Metric{
				{ID: "m1", Namespace: "AWS/SNS", Name: "NumberOfNotificationsFailed", Dimensions: map[string]string{"TopicName": "orders"}}}},
			resource: "orders", rootCause: explain.UnknownCause, summary: "No root-cause rule covers AWS/SNS NumberOfNotificationsFailed",
		},
		{
			name: "a custom metric names no resource",
			alarm: explain.Alarm{Name: "checkout-latency", Region: "us-east-1", Time: alarmAt, Metrics: []explain.Metric{
				{ID: "m1", Namespace: "Checkout", Name: "Latency", Dimensions: map[string]string{"Service": "checkout"}}}},
			resource: "", rootCause: explain.UnknownCause, summary: "name no resource",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exp, err := (&explain.Explainer{Context: w}).Explain(context.Background(), tt.alarm)
			if err != nil {
				t.Fatal(err)
			}
			if exp.Resource.ID != tt.resource {
				t.Errorf("resource = %q; want %q", exp.Resource.ID, tt.resource)
			}
			if exp.RootCause.ID != tt.rootCause {
				t.Errorf("rootCause = %q; want %q", exp.RootCause.ID, tt.rootCause)
			}
			if !strings.Contains(exp.RootCause.Summary, tt.summary) {
				t.Errorf("summary = %q; want it to contain %q", exp.RootCause.Summary, tt.summary)
			}
			for _, m := range tt.missing {
				if !containsString(exp.MissingContext, m) {
					t.Errorf("missingContext = %q; want %q", exp.MissingContext, m)
				}
			}
		})
	}
}

func TestInvalidAlarm(t *testing.T) {
	x := &explain.Explainer{Context: baseWorld()}
	for name, a := range map[string]explain.Alarm{
		"no name": {Time: alarmAt},
		"no time": {Name: "orders-errors"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := x.Explain(context.Background(), a); err == nil {
				t.Errorf("Explain(%+v) = nil error; want ErrInvalidAlarm", a)
			}
		})
	}
}

// rootCauseIDs is the catalogue of reference/root-causes.md.
var rootCauseIDs = map[string]bool{
	"vpc-no-egress": true, "vpc-endpoint-misconfigured": true, "egress-blocked": true, "downstream-slow": true,
	"apigw-integration-timeout": true, "init-timeout": true, "out-of-memory": true, "bad-deploy": true,
	"iam-missing-permission": true, "iam-explicit-deny": true, "kms-env-access-denied": true, "kms-data-access-denied": true,
	"account-concurrency-exhausted": true, "reserved-concurrency-too-low": true, "dynamodb-capacity-exceeded": true,
	"downstream-rate-limited": true, "vpc-ip-exhaustion": true, "function-inactive-or-failed": true,
	"sqs-visibility-timeout": true, "stream-poison-pill": true, "apigw-invoke-permission": true, "recursive-loop": true,
	"efs-mount-failure": true, "provisioned-concurrency-spillover": true,
}

func TestRuleRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range explain.Rules() {
		if seen[r.ID] {
			t.Errorf("rule %s is registered twice", r.ID)
		}
		seen[r.ID] = true
		if !rootCauseIDs[r.ID] {
			t.Errorf("rule %s is not in the root-cause catalogue", r.ID)
		}
		if r.Title == "" || r.AppliesTo == nil || r.Diagnose == nil || len(r.Needs) == 0 || len(r.Permissions) == 0 {
			t.Errorf("rule %s lacks a title, applicability, diagnosis, needs or permissions", r.ID)
		}
	}
	if !seen["vpc-no-egress"] {
		t.Error("vpc-no-egress is not registered")
	}
}

func TestCalledServices(t *testing.T) {
	tests := []struct {
		msg  string
		want []string
	}{
		{`Connect timeout on endpoint URL: "https://dynamodb.us-east-1.amazonaws.com/"`, []string{"dynamodb"}},
		{`ConnectTimeoutError: Connect timeout on endpoint URL: "https://attest-sample-uploads.s3.us-east-1.amazonaws.com/a.txt"`, []string{"s3"}},
		{`connect ETIMEDOUT sts.amazonaws.com:443`, []string{"sts"}},
		{`AccessDeniedException calling https://kms.us-east-1.amazonaws.com/`, nil}, // an answer, not a connection failure
		{`Task timed out after 30.03 seconds`, nil},
	}
	for _, tt := range tests {
		t.Run(tt.msg, func(t *testing.T) {
			s := &explain.Signals{Logs: []cwltypes.FilteredLogEvent{{Message: aws.String(tt.msg)}}}
			got := s.CalledServices()
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("CalledServices() = %q; want %q", got, tt.want)
			}
		})
	}
}
