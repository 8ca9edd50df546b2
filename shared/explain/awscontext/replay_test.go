package awscontext_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/awscontext"
	"github.com/attestdev/attest/shared/explain/awscontext/awsreplay"
)

const recorded = "../../../testdata/aws-recorded"

// replay returns a Context whose real SDK clients talk to the recorded responses.
func replay(t *testing.T, opts ...awscontext.Option) (*awscontext.Context, *awsreplay.Server) {
	t.Helper()
	srv := awsreplay.Start(recorded)
	t.Cleanup(srv.Close)
	cfg := aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		RetryMaxAttempts: 1,
		HTTPClient:       srv.Client(),
		BaseEndpoint:     aws.String(srv.URL),
	}
	return awscontext.FromConfig(cfg, opts...), srv
}

var alarmTime = time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)

// TestEveryCallOverRecordedResponses makes every live call against responses in each service's wire
// protocol and checks both what the SDK decoded and that the request was scoped.
func TestEveryCallOverRecordedResponses(t *testing.T) {
	ctx := context.Background()
	const vpc = "vpc-0a1b2c3d4e5f60718"
	tests := []struct {
		name string
		// call returns a decoded value to check.
		call func(x *awscontext.Context) (string, error)
		want string
		// op and params: the request the server must have seen.
		op     string
		params map[string]string
	}{
		{"function configuration", func(x *awscontext.Context) (string, error) {
			f, err := x.FunctionConfiguration(ctx, "orders")
			if err != nil {
				return "", err
			}
			return aws.ToString(f.VpcConfig.VpcId) + " " + string(f.State), nil
		}, vpc + " Active", "lambda:GetFunctionConfiguration", nil},
		{"subnets", func(x *awscontext.Context) (string, error) {
			s, err := x.Subnets(ctx, vpc)
			if err != nil || len(s) == 0 {
				return "", err
			}
			return aws.ToString(s[0].SubnetId), nil
		}, "subnet-0a1b2c3d4e5f60011", "ec2:DescribeSubnets", map[string]string{"Filter.1.Name": "vpc-id", "Filter.1.Value.1": vpc}},
		{"route tables", func(x *awscontext.Context) (string, error) {
			r, err := x.RouteTables(ctx, vpc)
			if err != nil || len(r) == 0 {
				return "", err
			}
			return aws.ToString(r[0].Routes[0].GatewayId), nil
		}, "local", "ec2:DescribeRouteTables", map[string]string{"Filter.1.Value.1": vpc}},
		{"NAT gateways", func(x *awscontext.Context) (string, error) {
			n, err := x.NatGateways(ctx, vpc)
			return strings.Repeat("nat ", len(n)) + "none", err
		}, "none", "ec2:DescribeNatGateways", map[string]string{"Filter.1.Value.1": vpc}},
		{"VPC endpoints", func(x *awscontext.Context) (string, error) {
			n, err := x.VpcEndpoints(ctx, vpc)
			return strings.Repeat("vpce ", len(n)) + "none", err
		}, "none", "ec2:DescribeVpcEndpoints", map[string]string{"Filter.1.Value.1": vpc}},
		{"security groups", func(x *awscontext.Context) (string, error) {
			g, err := x.SecurityGroups(ctx, vpc)
			if err != nil || len(g) == 0 {
				return "", err
			}
			return aws.ToString(g[0].GroupId), nil
		}, "sg-0a1b2c3d4e5f60003", "ec2:DescribeSecurityGroups", map[string]string{"Filter.1.Value.1": vpc}},
		{"network ACLs", func(x *awscontext.Context) (string, error) {
			a, err := x.NetworkAcls(ctx, vpc)
			if err != nil || len(a) == 0 {
				return "", err
			}
			return aws.ToString(a[0].NetworkAclId), nil
		}, "acl-0a1b2c3d4e5f60080", "ec2:DescribeNetworkAcls", map[string]string{"Filter.1.Value.1": vpc}},
		{"internet gateways", func(x *awscontext.Context) (string, error) {
			g, err := x.InternetGateways(ctx, vpc)
			if err != nil || len(g) == 0 {
				return "", err
			}
			return aws.ToString(g[0].InternetGatewayId), nil
		}, "igw-0a1b2c3d4e5f60090", "ec2:DescribeInternetGateways", map[string]string{"Filter.1.Name": "attachment.vpc-id", "Filter.1.Value.1": vpc}},
		{"authorization details", func(x *awscontext.Context) (string, error) {
			d, err := x.AuthorizationDetails(ctx)
			if err != nil || len(d.RoleDetailList) == 0 {
				return "", err
			}
			r := d.RoleDetailList[0]
			return aws.ToString(r.RoleName) + " " + aws.ToString(r.RolePolicyList[0].PolicyName), nil
		}, "orders-execution orders-table", "iam:GetAccountAuthorizationDetails", map[string]string{"Filter.member.1": "Role"}},
		{"table", func(x *awscontext.Context) (string, error) {
			tb, err := x.Table(ctx, "orders")
			if err != nil {
				return "", err
			}
			return string(tb.TableStatus) + " " + tb.ProvisionedThroughput.LastDecreaseDateTime.UTC().Format(time.RFC3339), nil
		}, "ACTIVE 2026-11-20T13:27:00Z", "dynamodb:DescribeTable", map[string]string{"TableName": "orders"}},
		{"queue attributes", func(x *awscontext.Context) (string, error) {
			a, err := x.QueueAttributes(ctx, "orders-queue")
			return a["VisibilityTimeout"], err
		}, "30", "sqs:GetQueueAttributes", map[string]string{"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/orders-queue", "AttributeNames.0": "All"}},
		{"event source mappings", func(x *awscontext.Context) (string, error) {
			m, err := x.EventSourceMappings(ctx, "orders")
			return strings.Repeat("esm ", len(m)) + "none", err
		}, "none", "lambda:ListEventSourceMappings", map[string]string{"FunctionName": "orders"}},
		{"log events", func(x *awscontext.Context) (string, error) {
			ev, err := x.LogEvents(ctx, explain.LogQuery{LogGroup: "/aws/lambda/orders", Start: alarmTime.Add(-15 * time.Minute), End: alarmTime, Pattern: `"Task timed out"`})
			if err != nil || len(ev) == 0 {
				return "", err
			}
			return strings.Fields(aws.ToString(ev[0].Message))[0], nil
		}, "START", "logs:FilterLogEvents", map[string]string{"logGroupName": "/aws/lambda/orders", "startTime": "1795182600000", "endTime": "1795183500000", "filterPattern": `"Task timed out"`}},
		{"metric statistics over CBOR", func(x *awscontext.Context) (string, error) {
			d, err := x.MetricStatistics(ctx, explain.MetricQuery{Namespace: "AWS/Lambda", Name: "Duration", Dimensions: map[string]string{"FunctionName": "orders"},
				Start: alarmTime.Add(-time.Hour), End: alarmTime, Period: time.Minute, Statistics: []cwtypes.Statistic{cwtypes.StatisticMaximum}})
			if err != nil || len(d) == 0 {
				return "", err
			}
			last := d[len(d)-1]
			return last.Timestamp.UTC().Format(time.RFC3339) + " " + strings.TrimRight(strings.TrimRight(strconvF(aws.ToFloat64(last.Maximum)), "0"), "."), nil
		}, "2026-11-20T14:04:00Z 30030.41", "cloudwatch:GetMetricStatistics", map[string]string{"MetricName": "Duration", "Dimensions.0.Value": "orders", "StartTime": "2026-11-20T13:05:00Z", "EndTime": "2026-11-20T14:05:00Z"}},
		{"trail events", func(x *awscontext.Context) (string, error) {
			ev, err := x.TrailEvents(ctx, explain.TrailQuery{Start: alarmTime.Add(-6 * time.Hour), End: alarmTime, ResourceName: "orders"})
			if err != nil || len(ev) < 2 {
				return "", err
			}
			return aws.ToString(ev[1].EventName) + " " + ev[1].EventTime.UTC().Format(time.RFC3339), nil
		}, "UpdateFunctionConfiguration20150331v2 2026-11-20T13:41:07Z", "cloudtrail:LookupEvents", map[string]string{"LookupAttributes.0.AttributeValue": "orders", "EndTime": "1795183500"}},
		{"alarms over CBOR", func(x *awscontext.Context) (string, error) {
			a, err := x.DescribeAlarms(ctx, []string{"orders-errors"})
			if err != nil || len(a.MetricAlarms) != 1 {
				return "", err
			}
			return aws.ToString(a.MetricAlarms[0].AlarmName) + " " + a.MetricAlarms[0].StateUpdatedTimestamp.UTC().Format(time.RFC3339), nil
		}, "orders-errors 2026-11-20T14:05:00Z", "cloudwatch:DescribeAlarms", map[string]string{"AlarmNames.0": "orders-errors"}},
		{"key metadata", func(x *awscontext.Context) (string, error) {
			k, err := x.KeyMetadata(ctx, "arn:aws:kms:us-east-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab")
			if err != nil {
				return "", err
			}
			return string(k.KeyState), nil
		}, "Enabled", "kms:DescribeKey", nil},
		{"key policy", func(x *awscontext.Context) (string, error) {
			p, err := x.KeyPolicy(ctx, "1234abcd-12ab-34cd-56ef-1234567890ab")
			if err != nil {
				return "", err
			}
			return strings.Fields(p)[0], nil
		}, "{", "kms:GetKeyPolicy", map[string]string{"PolicyName": "default"}},
		{"state machine definition", func(x *awscontext.Context) (string, error) {
			sm, err := x.StateMachine(ctx, "arn:aws:states:us-east-1:123456789012:stateMachine:orders-flow")
			if err != nil {
				return "", err
			}
			return aws.ToString(sm.Name) + " " + strings.Fields(aws.ToString(sm.Definition))[0], nil
		}, "orders-flow {\"Comment\":", "states:DescribeStateMachine", map[string]string{"stateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:orders-flow"}},
		{"function policy: none is empty, not unknown", func(x *awscontext.Context) (string, error) {
			p, err := x.FunctionPolicy(ctx, "orders")
			if err != nil {
				return "", err
			}
			return "policy " + aws.ToString(p.Policy), nil
		}, "policy ", "lambda:GetPolicy", nil},
		{"function policy", func(x *awscontext.Context) (string, error) {
			p, err := x.FunctionPolicy(ctx, "orders-api")
			if err != nil {
				return "", err
			}
			return strings.Fields(strings.NewReplacer("{", " ", "}", " ", ",", " ").Replace(aws.ToString(p.Policy)))[0], nil
		}, `"Version":"2012-10-17"`, "lambda:GetPolicy", nil},
		{"provisioned concurrency", func(x *awscontext.Context) (string, error) {
			c, err := x.ProvisionedConcurrencyConfigs(ctx, "orders")
			if err != nil || len(c) == 0 {
				return "", err
			}
			return fmt.Sprintf("%s %d", string(c[0].Status), aws.ToInt32(c[0].AllocatedProvisionedConcurrentExecutions)), nil
		}, "READY 50", "lambda:ListProvisionedConcurrencyConfigs", map[string]string{"List": "ALL"}},
		{"aliases", func(x *awscontext.Context) (string, error) {
			a, err := x.Aliases(ctx, "orders")
			if err != nil || len(a) == 0 {
				return "", err
			}
			return aws.ToString(a[0].Name) + " " + aws.ToString(a[0].FunctionVersion), nil
		}, "live 7", "lambda:ListAliases", nil},
		{"account settings", func(x *awscontext.Context) (string, error) {
			a, err := x.AccountSettings(ctx)
			if err != nil {
				return "", err
			}
			return strconvI(aws.ToInt32(a.AccountLimit.UnreservedConcurrentExecutions)), nil
		}, "1000", "lambda:GetAccountSettings", nil},
		{"function concurrency", func(x *awscontext.Context) (string, error) {
			c, err := x.FunctionConcurrency(ctx, "orders")
			if err != nil {
				return "", err
			}
			if c.ReservedConcurrentExecutions == nil {
				return "none reserved", nil
			}
			return "reserved", nil
		}, "none reserved", "lambda:GetFunctionConcurrency", nil},
		{"config history", func(x *awscontext.Context) (string, error) {
			items, err := x.ResourceConfigHistory(ctx, "AWS::Lambda::Function", "orders")
			if err != nil || len(items) == 0 {
				return "", err
			}
			return aws.ToString(items[0].ResourceName) + " " + items[0].ConfigurationItemCaptureTime.UTC().Format(time.RFC3339), nil
		}, "orders 2026-11-20T13:41:20Z", "config:GetResourceConfigHistory", map[string]string{"resourceType": "AWS::Lambda::Function", "resourceId": "orders"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, srv := replay(t)
			got, err := tt.call(x)
			if err != nil {
				t.Fatalf("err = %v; want an answer (requests %+v)", err, srv.Requests())
			}
			if got != tt.want {
				t.Errorf("got %q; want %q", got, tt.want)
			}
			var seen *awsreplay.Request
			for _, r := range srv.Requests() {
				if r.Service+":"+r.Operation == tt.op {
					r := r
					seen = &r
				}
			}
			if seen == nil {
				t.Fatalf("no %s request; got %+v", tt.op, srv.Requests())
			}
			for k, v := range tt.params {
				if seen.Params[k] != v {
					t.Errorf("%s %s = %q; want %q (the call must be scoped)", tt.op, k, seen.Params[k], v)
				}
			}
			calls := x.Calls()
			if len(calls) != 1 || calls[0].Err != nil {
				t.Errorf("calls = %+v; want one successful call recorded", calls)
			}
		})
	}
}

func TestDeniedCallsAreUnknownWithTheirAction(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name, deny, action, code string
		call                     func(x *awscontext.Context) error
	}{
		{"EC2 query", "ec2:DescribeRouteTables", "ec2:DescribeRouteTables", "UnauthorizedOperation", func(x *awscontext.Context) error {
			_, err := x.RouteTables(ctx, "vpc-1")
			return err
		}},
		{"IAM query", "iam:GetAccountAuthorizationDetails", "iam:GetAccountAuthorizationDetails", "AccessDenied", func(x *awscontext.Context) error {
			_, err := x.AuthorizationDetails(ctx)
			return err
		}},
		{"Lambda REST-JSON", "lambda:GetFunctionConfiguration", "lambda:GetFunctionConfiguration", "AccessDeniedException", func(x *awscontext.Context) error {
			_, err := x.FunctionConfiguration(ctx, "orders")
			return err
		}},
		{"Logs JSON 1.1", "logs:FilterLogEvents", "logs:FilterLogEvents", "AccessDeniedException", func(x *awscontext.Context) error {
			_, err := x.LogEvents(ctx, explain.LogQuery{LogGroup: "/aws/lambda/orders"})
			return err
		}},
		{"CloudWatch CBOR", "cloudwatch:GetMetricStatistics", "cloudwatch:GetMetricStatistics", "AccessDenied", func(x *awscontext.Context) error {
			_, err := x.MetricStatistics(ctx, explain.MetricQuery{Namespace: "AWS/Lambda", Name: "Duration"})
			return err
		}},
		{"SQS JSON 1.0", "sqs:GetQueueUrl", "sqs:GetQueueAttributes", "AccessDenied", func(x *awscontext.Context) error {
			_, err := x.QueueAttributes(ctx, "orders-queue")
			return err
		}},
		{"Config JSON 1.1", "config:GetResourceConfigHistory", "config:GetResourceConfigHistory", "AccessDeniedException", func(x *awscontext.Context) error {
			_, err := x.ResourceConfigHistory(ctx, "AWS::Lambda::Function", "orders")
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x, srv := replay(t)
			srv.Deny(tt.deny)
			err := tt.call(x)
			var u *explain.UnknownError
			if !errors.As(err, &u) {
				t.Fatalf("err = %v; want an *explain.UnknownError", err)
			}
			if u.Need != tt.action {
				t.Errorf("Need = %q; want %q", u.Need, tt.action)
			}
			if !strings.Contains(err.Error(), tt.code) {
				t.Errorf("err = %v; want the service's code %s", err, tt.code)
			}
			if c := x.Calls(); len(c) != 1 || c[0].Err == nil {
				t.Errorf("calls = %+v; want the failure recorded", c)
			}
		})
	}
}

func TestBudgetLeavesTheReserve(t *testing.T) {
	x, srv := replay(t, awscontext.WithReserve(2*time.Second))
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err := x.Subnets(ctx, "vpc-0a1b2c3d4e5f60718")
	if !errors.Is(err, awscontext.ErrBudgetExhausted) || !explain.IsUnknown(err) {
		t.Errorf("err = %v; want unknown for an exhausted budget", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("made %d requests; want none once the budget is spent", n)
	}

	// With time left, the call runs and is cut at the budget, not at the per-call timeout.
	srv.Delay("ec2:DescribeSubnets", 10*time.Second)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 2300*time.Millisecond)
	defer cancel2()
	start := time.Now()
	_, err = x.Subnets(ctx2, "vpc-0a1b2c3d4e5f60718")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v; want the budget's deadline", err)
	}
	if d := time.Since(start); d > 1500*time.Millisecond {
		t.Errorf("call took %v; want it cut at about 300ms (deadline less the 2s reserve)", d)
	}
}

func strconvF(f float64) string { return fmt.Sprintf("%f", f) }

func strconvI(i int32) string { return fmt.Sprint(i) }

func TestOptionalReadersWithoutClientAreUnknown(t *testing.T) {
	x := awscontext.New(awscontext.Clients{})
	ctx := context.Background()
	checks := []struct {
		name string
		call func() error
	}{
		{"key policy", func() error { _, err := x.KeyPolicy(ctx, "k"); return err }},
		{"function policy", func() error { _, err := x.FunctionPolicy(ctx, "orders"); return err }},
		{"aliases", func() error { _, err := x.Aliases(ctx, "orders"); return err }},
		{"provisioned concurrency", func() error { _, err := x.ProvisionedConcurrencyConfigs(ctx, "orders"); return err }},
		{"config history", func() error { _, err := x.ResourceConfigHistory(ctx, "AWS::Lambda::Function", "orders"); return err }},
		{"internet gateways", func() error { _, err := x.InternetGateways(ctx, "vpc-1"); return err }},
		{"state machine", func() error { _, err := x.StateMachine(ctx, "arn:aws:states:us-east-1:1:stateMachine:s"); return err }},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if err := c.call(); !errors.Is(err, awscontext.ErrNoClient) || !explain.IsUnknown(err) {
				t.Errorf("err = %v; want unknown caused by ErrNoClient", err)
			}
		})
	}
}
