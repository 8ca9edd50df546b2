package awscontext_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/awscontext"
)

// fakeAWS answers the Lambda REST-JSON and EC2 query protocols the way the services do, and records the
// requests it saw.
type fakeAWS struct {
	mu       sync.Mutex
	requests []string
}

const functionJSON = `{
  "FunctionName": "orders",
  "FunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:orders",
  "Runtime": "python3.12",
  "MemorySize": 512,
  "Timeout": 30,
  "LastModified": "2026-11-20T13:41:07.000+0000",
  "State": "Active",
  "LastUpdateStatus": "Successful",
  "Architectures": ["x86_64"],
  "VpcConfig": {"SubnetIds": ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"], "SecurityGroupIds": ["sg-0a1b2c3d4e5f60003"], "VpcId": "vpc-0a1b2c3d4e5f60718"}
}`

const routeTablesXML = `<?xml version="1.0" encoding="UTF-8"?>
<DescribeRouteTablesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
  <requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId>
  <routeTableSet>
    <item>
      <routeTableId>rtb-0a1b2c3d4e5f60021</routeTableId>
      <vpcId>vpc-0a1b2c3d4e5f60718</vpcId>
      <ownerId>123456789012</ownerId>
      <routeSet>
        <item>
          <destinationCidrBlock>10.0.0.0/16</destinationCidrBlock>
          <gatewayId>local</gatewayId>
          <state>active</state>
          <origin>CreateRouteTable</origin>
        </item>
      </routeSet>
      <associationSet>
        <item>
          <routeTableAssociationId>rtbassoc-0a1b2c3d4e5f60061</routeTableAssociationId>
          <routeTableId>rtb-0a1b2c3d4e5f60021</routeTableId>
          <subnetId>subnet-0a1b2c3d4e5f60001</subnetId>
          <main>false</main>
          <associationState><state>associated</state></associationState>
        </item>
      </associationSet>
      <propagatingVgwSet/>
      <tagSet/>
    </item>
  </routeTableSet>
</DescribeRouteTablesResponse>`

const unauthorizedXML = `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation. User: arn:aws:sts::123456789012:assumed-role/explain/fn is not authorized to perform: ec2:DescribeNatGateways</Message></Error></Errors><RequestID>b1f7e4c2-0d7a-4a53-9b1e-EXAMPLE</RequestID></Response>`

func (f *fakeAWS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	f.requests = append(f.requests, r.Method+" "+r.URL.Path+" "+string(body))
	f.mu.Unlock()
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/2015-03-31/functions/orders/configuration":
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, functionJSON)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/2015-03-31/functions/"):
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-Errortype", "ResourceNotFoundException")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"Type":"User","Message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing"}`)
	case r.Method == http.MethodPost:
		form, _ := url.ParseQuery(string(body))
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		switch form.Get("Action") {
		case "DescribeRouteTables":
			if form.Get("Filter.1.Name") != "vpc-id" || form.Get("Filter.1.Value.1") != "vpc-0a1b2c3d4e5f60718" {
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, `<Response><Errors><Error><Code>InvalidParameterValue</Code><Message>missing vpc-id filter</Message></Error></Errors></Response>`)
				return
			}
			io.WriteString(w, routeTablesXML)
		default:
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, unauthorizedXML)
		}
	default:
		http.NotFound(w, r)
	}
}

func newContext(t *testing.T) (*awscontext.Context, *fakeAWS) {
	t.Helper()
	fake := &fakeAWS{}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	cfg := aws.Config{
		Region:           "us-east-1",
		Credentials:      credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		RetryMaxAttempts: 1,
		HTTPClient:       srv.Client(),
	}
	lc := lambda.NewFromConfig(cfg, func(o *lambda.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	ec := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	return awscontext.New(awscontext.Clients{Lambda: lc, EC2: ec}, awscontext.WithCallTimeout(2*time.Second)), fake
}

func TestFunctionConfiguration(t *testing.T) {
	x, _ := newContext(t)
	tests := []struct {
		name        string
		function    string
		wantUnknown bool
	}{
		{"found", "orders", false},
		{"not found is unknown, not empty", "missing", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fn, err := x.FunctionConfiguration(context.Background(), tt.function)
			if tt.wantUnknown {
				if !explain.IsUnknown(err) {
					t.Fatalf("err = %v; want unknown", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := aws.ToInt32(fn.Timeout); got != 30 {
				t.Errorf("Timeout = %d; want 30", got)
			}
			if got := aws.ToString(fn.LastModified); got != "2026-11-20T13:41:07.000+0000" {
				t.Errorf("LastModified = %q; want the wire string", got)
			}
			if fn.VpcConfig == nil || len(fn.VpcConfig.SubnetIds) != 2 || aws.ToString(fn.VpcConfig.VpcId) != "vpc-0a1b2c3d4e5f60718" {
				t.Errorf("VpcConfig = %+v; want two subnets in vpc-0a1b2c3d4e5f60718", fn.VpcConfig)
			}
			if string(fn.State) != "Active" {
				t.Errorf("State = %q; want Active", fn.State)
			}
		})
	}
}

func TestRouteTablesOverEC2Query(t *testing.T) {
	x, fake := newContext(t)
	rts, err := x.RouteTables(context.Background(), "vpc-0a1b2c3d4e5f60718")
	if err != nil {
		t.Fatalf("RouteTables: %v (requests %q)", err, fake.requests)
	}
	if len(rts) != 1 {
		t.Fatalf("got %d route tables; want 1", len(rts))
	}
	rt := rts[0]
	if got := aws.ToString(rt.RouteTableId); got != "rtb-0a1b2c3d4e5f60021" {
		t.Errorf("RouteTableId = %q; want rtb-0a1b2c3d4e5f60021", got)
	}
	if len(rt.Routes) != 1 || aws.ToString(rt.Routes[0].GatewayId) != "local" {
		t.Errorf("Routes = %+v; want only the local route", rt.Routes)
	}
	if len(rt.Associations) != 1 || aws.ToString(rt.Associations[0].SubnetId) != "subnet-0a1b2c3d4e5f60001" {
		t.Errorf("Associations = %+v; want subnet-0a1b2c3d4e5f60001", rt.Associations)
	}
}

func TestDeniedCallIsUnknownAndRecorded(t *testing.T) {
	x, _ := newContext(t)
	nats, err := x.NatGateways(context.Background(), "vpc-0a1b2c3d4e5f60718")
	if !explain.IsUnknown(err) {
		t.Fatalf("err = %v; want unknown", err)
	}
	if nats != nil {
		t.Errorf("got %d NAT gateways with an error; want none", len(nats))
	}
	var u *explain.UnknownError
	if !errors.As(err, &u) || u.Need != "ec2:DescribeNatGateways" || !strings.Contains(u.Err.Error(), "UnauthorizedOperation") {
		t.Errorf("err = %#v; want the action ec2:DescribeNatGateways and the UnauthorizedOperation cause", err)
	}
	calls := x.Calls()
	if len(calls) != 1 || calls[0].Name != "ec2.describe-nat-gateways" || calls[0].Err == nil {
		t.Errorf("calls = %+v; want one failed ec2.describe-nat-gateways", calls)
	}
}

func TestMissingClientIsUnknown(t *testing.T) {
	x := awscontext.New(awscontext.Clients{})
	ctx := context.Background()
	checks := []struct {
		name string
		call func() error
	}{
		{"logs", func() error { _, err := x.LogEvents(ctx, explain.LogQuery{LogGroup: "/aws/lambda/orders"}); return err }},
		{"metrics", func() error { _, err := x.MetricStatistics(ctx, explain.MetricQuery{Name: "Duration"}); return err }},
		{"trail", func() error { _, err := x.TrailEvents(ctx, explain.TrailQuery{}); return err }},
		{"subnets", func() error { _, err := x.Subnets(ctx, "vpc-1"); return err }},
		{"security groups", func() error { _, err := x.SecurityGroups(ctx, "vpc-1"); return err }},
		{"network ACLs", func() error { _, err := x.NetworkAcls(ctx, "vpc-1"); return err }},
		{"KMS key", func() error { _, err := x.KeyMetadata(ctx, "alias/env"); return err }},
		{"account settings", func() error { _, err := x.AccountSettings(ctx); return err }},
		{"function concurrency", func() error { _, err := x.FunctionConcurrency(ctx, "orders"); return err }},
		{"alarms", func() error { _, err := x.DescribeAlarms(ctx, []string{"orders-errors"}); return err }},
		{"authorization details", func() error { _, err := x.AuthorizationDetails(ctx); return err }},
		{"table", func() error { _, err := x.Table(ctx, "orders"); return err }},
		{"queue attributes", func() error { _, err := x.QueueAttributes(ctx, "orders"); return err }},
		{"event source mappings", func() error { _, err := x.EventSourceMappings(ctx, "orders"); return err }},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if err := c.call(); !errors.Is(err, awscontext.ErrNoClient) || !explain.IsUnknown(err) {
				t.Errorf("err = %v; want unknown caused by ErrNoClient", err)
			}
		})
	}
}

func TestCallTimeout(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(block)
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKID", "s", ""), RetryMaxAttempts: 1, HTTPClient: srv.Client()}
	ec := ec2.NewFromConfig(cfg, func(o *ec2.Options) { o.BaseEndpoint = aws.String(srv.URL) })
	x := awscontext.New(awscontext.Clients{EC2: ec}, awscontext.WithCallTimeout(100*time.Millisecond))
	start := time.Now()
	_, err := x.VpcEndpoints(context.Background(), "vpc-1")
	if !explain.IsUnknown(err) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v; want unknown caused by the deadline", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("call took %v; want it cut at the 100ms budget", d)
	}
}

func TestCallLogIsBounded(t *testing.T) {
	x := awscontext.New(awscontext.Clients{})
	for i := 0; i < 300; i++ {
		_, _ = x.Subnets(context.Background(), "vpc-1")
	}
	_, _ = x.RouteTables(context.Background(), "vpc-1")
	calls := x.Calls()
	if len(calls) != 256 {
		t.Fatalf("kept %d calls; want 256", len(calls))
	}
	if last := calls[len(calls)-1].Name; last != "ec2.describe-route-tables" {
		t.Errorf("last call = %s; want the most recent, ec2.describe-route-tables", last)
	}
}

// fakeCloudWatch holds alarms as state and pages DescribeAlarms one alarm per page, as CloudWatch may.
type fakeCloudWatch struct {
	alarms   []cwtypes.MetricAlarm
	requests [][]string
}

func (f *fakeCloudWatch) GetMetricStatistics(context.Context, *cloudwatch.GetMetricStatisticsInput, ...func(*cloudwatch.Options)) (*cloudwatch.GetMetricStatisticsOutput, error) {
	return &cloudwatch.GetMetricStatisticsOutput{}, nil
}

func (f *fakeCloudWatch) DescribeAlarms(_ context.Context, in *cloudwatch.DescribeAlarmsInput, _ ...func(*cloudwatch.Options)) (*cloudwatch.DescribeAlarmsOutput, error) {
	f.requests = append(f.requests, in.AlarmNames)
	want := map[string]bool{}
	for _, n := range in.AlarmNames {
		want[n] = true
	}
	var match []cwtypes.MetricAlarm
	for _, a := range f.alarms {
		if len(want) == 0 || want[aws.ToString(a.AlarmName)] {
			match = append(match, a)
		}
	}
	start := 0
	if in.NextToken != nil {
		fmt.Sscan(*in.NextToken, &start)
	}
	out := &cloudwatch.DescribeAlarmsOutput{}
	if start < len(match) {
		out.MetricAlarms = match[start : start+1]
		if start+1 < len(match) {
			out.NextToken = aws.String(fmt.Sprint(start + 1))
		}
	}
	return out, nil
}

func TestDescribeAlarms(t *testing.T) {
	f := &fakeCloudWatch{}
	for i := 0; i < 150; i++ {
		f.alarms = append(f.alarms, cwtypes.MetricAlarm{AlarmName: aws.String(fmt.Sprintf("alarm-%03d", i))})
	}
	x := awscontext.New(awscontext.Clients{CloudWatch: f})
	tests := []struct {
		name     string
		names    []string
		want     int
		requests int
	}{
		{"two names, paged", []string{"alarm-001", "alarm-002"}, 2, 2},
		{"names in batches of 100", func() []string {
			var n []string
			for i := 0; i < 120; i++ {
				n = append(n, fmt.Sprintf("alarm-%03d", i))
			}
			return n
		}(), 20, 0}, // pages bound each batch: 10 + 10
		{"unknown name", []string{"nope"}, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.requests = nil
			out, err := x.DescribeAlarms(context.Background(), tt.names)
			if err != nil {
				t.Fatal(err)
			}
			if len(out.MetricAlarms) != tt.want {
				t.Errorf("got %d alarms; want %d", len(out.MetricAlarms), tt.want)
			}
			for _, r := range f.requests {
				if len(r) > 100 {
					t.Errorf("request with %d names; want at most 100", len(r))
				}
			}
			if tt.requests > 0 && len(f.requests) != tt.requests {
				t.Errorf("made %d requests; want %d", len(f.requests), tt.requests)
			}
		})
	}
	if _, err := awscontext.New(awscontext.Clients{}).DescribeAlarms(context.Background(), []string{"a"}); !explain.IsUnknown(err) {
		t.Errorf("no client: err = %v; want unknown", err)
	}
}
