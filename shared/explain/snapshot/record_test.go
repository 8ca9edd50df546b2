package snapshot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/awscontext"
	"github.com/attestdev/attest/shared/explain/awscontext/awsreplay"
	"github.com/attestdev/attest/shared/explain/snapshot"
)

const recordedDir = "../../../testdata/aws-recorded"

func liveReplay(t *testing.T) (*awscontext.Context, *awsreplay.Server) {
	t.Helper()
	srv := awsreplay.Start(recordedDir)
	t.Cleanup(srv.Close)
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		RetryMaxAttempts: 1, HTTPClient: srv.Client(), BaseEndpoint: aws.String(srv.URL)}
	return awscontext.FromConfig(cfg), srv
}

func sampleAlarm(t *testing.T) explain.Alarm {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(sampleDir, "event.json"))
	if err != nil {
		t.Fatal(err)
	}
	a, err := explain.DecodeAlarmEvent(raw)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func cli(t *testing.T, v any) string {
	t.Helper()
	b, err := snapshot.MarshalCLI(v, snapshot.CLIOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// canonical is v as the CLI writes it, with object keys sorted (policy documents keep the API's key
// order live and come back sorted from a snapshot) and nil lists as empty ones (both mean "answered,
// nothing").
func canonical(t *testing.T, v any) string {
	t.Helper()
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice && rv.IsNil() {
		v = reflect.MakeSlice(rv.Type(), 0, 0).Interface()
	}
	var tree any
	if err := json.Unmarshal([]byte(cli(t, v)), &tree); err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(tree, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestTakeWriteOpenRoundTrip takes a snapshot from recorded responses over the real SDK clients, writes it,
// reads it back, and checks every call answers from the snapshot what it answered live.
func TestTakeWriteOpenRoundTrip(t *testing.T) {
	live, _ := liveReplay(t)
	ctx := context.Background()
	a := sampleAlarm(t)
	rec, exp, err := snapshot.Take(ctx, live, a)
	if err != nil {
		t.Fatal(err)
	}
	if f := rec.Failures(); len(f) != 0 {
		t.Fatalf("failures %+v; want none against the full recording", f)
	}
	dir := filepath.Join(t.TempDir(), "snap")
	written, err := rec.Write(dir, snapshot.Capture{Alarm: a.Name, Region: "us-east-1", Taken: time.Now(), Redact: false})
	if err != nil {
		t.Fatal(err)
	}
	if len(written) < 20 {
		t.Errorf("wrote %d files %v; want the whole table for a function in a VPC", len(written), written)
	}
	snap, err := snapshot.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	const vpc = "vpc-0a1b2c3d4e5f60718"
	window := func(d time.Duration) (time.Time, time.Time) { return a.Time.Add(-d), a.Time.Add(5 * time.Minute) }
	ls, le := window(30 * time.Minute)
	ms, me := window(3 * time.Hour)
	ts, te := window(24 * time.Hour)
	type answer func(explain.Context) (any, error)
	calls := []struct {
		name string
		call answer
	}{
		{"function", func(c explain.Context) (any, error) { return c.FunctionConfiguration(ctx, "orders") }},
		{"subnets", func(c explain.Context) (any, error) { return c.Subnets(ctx, vpc) }},
		{"route tables", func(c explain.Context) (any, error) { return c.RouteTables(ctx, vpc) }},
		{"NAT gateways", func(c explain.Context) (any, error) { return c.NatGateways(ctx, vpc) }},
		{"VPC endpoints", func(c explain.Context) (any, error) { return c.VpcEndpoints(ctx, vpc) }},
		{"security groups", func(c explain.Context) (any, error) { return c.SecurityGroups(ctx, vpc) }},
		{"network ACLs", func(c explain.Context) (any, error) { return c.NetworkAcls(ctx, vpc) }},
		{"authorization details", func(c explain.Context) (any, error) { return c.AuthorizationDetails(ctx) }},
		{"event source mappings", func(c explain.Context) (any, error) { return c.EventSourceMappings(ctx, "orders") }},
		{"logs", func(c explain.Context) (any, error) {
			return c.LogEvents(ctx, explain.LogQuery{LogGroup: "/aws/lambda/orders", Start: ls, End: le})
		}},
		{"Duration", func(c explain.Context) (any, error) {
			return c.MetricStatistics(ctx, explain.MetricQuery{Namespace: "AWS/Lambda", Name: "Duration", Dimensions: map[string]string{"FunctionName": "orders"}, Start: ms, End: me,
				Statistics: []cwtypes.Statistic{cwtypes.StatisticMaximum, cwtypes.StatisticAverage}})
		}},
		{"Errors", func(c explain.Context) (any, error) {
			return c.MetricStatistics(ctx, explain.MetricQuery{Namespace: "AWS/Lambda", Name: "Errors", Dimensions: map[string]string{"FunctionName": "orders"}, Start: ms, End: me,
				Statistics: []cwtypes.Statistic{cwtypes.StatisticSum}})
		}},
		{"trail", func(c explain.Context) (any, error) {
			return c.TrailEvents(ctx, explain.TrailQuery{Start: ts, End: te, ResourceName: "orders"})
		}},
		{"alarms", func(c explain.Context) (any, error) { return c.DescribeAlarms(ctx, []string{"orders-errors"}) }},
		{"account settings", func(c explain.Context) (any, error) { return c.AccountSettings(ctx) }},
		{"function concurrency", func(c explain.Context) (any, error) { return c.FunctionConcurrency(ctx, "orders") }},
		{"aliases", func(c explain.Context) (any, error) {
			return c.(explain.ProvisionedConcurrencyReader).Aliases(ctx, "orders")
		}},
		{"provisioned concurrency", func(c explain.Context) (any, error) {
			return c.(explain.ProvisionedConcurrencyReader).ProvisionedConcurrencyConfigs(ctx, "orders")
		}},
		{"function policy", func(c explain.Context) (any, error) {
			return c.(explain.FunctionPolicyReader).FunctionPolicy(ctx, "orders")
		}},
		{"config history", func(c explain.Context) (any, error) {
			return c.(explain.ConfigHistoryReader).ResourceConfigHistory(ctx, "AWS::Lambda::Function", "orders")
		}},
		{"internet gateways", func(c explain.Context) (any, error) {
			return c.(snapshot.InternetGatewayReader).InternetGateways(ctx, vpc)
		}},
	}
	for _, c := range calls {
		t.Run(c.name, func(t *testing.T) {
			want, err := c.call(live)
			if err != nil {
				t.Fatalf("live: %v", err)
			}
			got, err := c.call(snap)
			if err != nil {
				t.Fatalf("snapshot: %v", err)
			}
			if g, w := canonical(t, got), canonical(t, want); g != w {
				t.Errorf("snapshot answers\n%s\nlive answered\n%s", g, w)
			}
		})
	}
	again, err := (&explain.Explainer{Context: snap}).Explain(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again, exp) {
		g, _ := again.MarshalIndent()
		w, _ := exp.MarshalIndent()
		t.Errorf("explained from the snapshot:\n%s\nwhile taking it:\n%s", g, w)
	}
}

// stub is an explain.Context whose answers are set per test; calls it has no answer for are unknown.
type stub struct {
	explain.Context
	datapoints map[string][]cwtypes.Datapoint
	fn         *lambdatypes.FunctionConfiguration
}

func (s *stub) MetricStatistics(_ context.Context, q explain.MetricQuery) ([]cwtypes.Datapoint, error) {
	return s.datapoints[q.Name+" "+q.Dimensions["FunctionName"]+" "+string(q.Statistics[0])], nil
}

func (s *stub) FunctionConfiguration(context.Context, string) (*lambdatypes.FunctionConfiguration, error) {
	if s.fn == nil {
		return nil, &explain.UnknownError{Call: "lambda.get-function-configuration", Err: errors.New("AccessDeniedException")}
	}
	return s.fn, nil
}

func TestRecorderMerges(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
	t1 := t0.Add(time.Minute)
	s := &stub{datapoints: map[string][]cwtypes.Datapoint{
		"Duration orders Maximum":             {{Timestamp: &t0, Maximum: aws.Float64(900)}, {Timestamp: &t1, Maximum: aws.Float64(30000)}},
		"Duration orders Average":             {{Timestamp: &t1, Average: aws.Float64(29000)}},
		"ConcurrentExecutions orders Maximum": {{Timestamp: &t0, Maximum: aws.Float64(5)}},
		"ConcurrentExecutions  Maximum":       {{Timestamp: &t0, Maximum: aws.Float64(900)}},
	}}
	r := snapshot.NewRecorder(s)
	ctx := context.Background()
	q := func(name, fn string, stat cwtypes.Statistic) explain.MetricQuery {
		d := map[string]string{}
		if fn != "" {
			d["FunctionName"] = fn
		}
		return explain.MetricQuery{Namespace: "AWS/Lambda", Name: name, Dimensions: d, Statistics: []cwtypes.Statistic{stat}}
	}
	for _, mq := range []explain.MetricQuery{q("Duration", "orders", cwtypes.StatisticMaximum), q("Duration", "orders", cwtypes.StatisticAverage),
		q("ConcurrentExecutions", "orders", cwtypes.StatisticMaximum), q("ConcurrentExecutions", "", cwtypes.StatisticMaximum)} {
		if _, err := r.MetricStatistics(ctx, mq); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.FunctionConfiguration(ctx, "orders"); err == nil {
		t.Fatal("want the stub's error passed on")
	}
	dir := filepath.Join(t.TempDir(), "s")
	if _, err := r.Write(dir, snapshot.Capture{Alarm: "a"}); err != nil {
		t.Fatal(err)
	}
	snap, err := snapshot.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Run("datapoints of two reads merge by timestamp", func(t *testing.T) {
		dps, err := snap.MetricStatistics(ctx, q("Duration", "orders", cwtypes.StatisticMaximum))
		if err != nil {
			t.Fatal(err)
		}
		if len(dps) != 2 || aws.ToFloat64(dps[1].Maximum) != 30000 || aws.ToFloat64(dps[1].Average) != 29000 {
			t.Errorf("got %s; want two datapoints, the second with Maximum 30000 and Average 29000", cli(t, dps))
		}
	})
	t.Run("another dimension set is noted, not mixed in", func(t *testing.T) {
		dps, _ := snap.MetricStatistics(ctx, q("ConcurrentExecutions", "orders", cwtypes.StatisticMaximum))
		if len(dps) != 1 || aws.ToFloat64(dps[0].Maximum) != 5 {
			t.Errorf("got %s; want only the function's datapoint", cli(t, dps))
		}
		if n := r.Notes(); len(n) != 1 || !strings.Contains(n[0], "(no dimensions)") {
			t.Errorf("notes %q; want one about the account-wide read", n)
		}
	})
	t.Run("a failed call writes no file and is listed", func(t *testing.T) {
		if _, err := snap.FunctionConfiguration(ctx, "orders"); !explain.IsUnknown(err) {
			t.Errorf("err = %v; want unknown", err)
		}
		readme, _ := os.ReadFile(filepath.Join(dir, snapshot.ReadmeFile))
		if !strings.Contains(string(readme), "| lambda.get-function-configuration | lambda.get-function-configuration.orders.json | ") {
			t.Errorf("README does not list the failure:\n%s", readme)
		}
	})
}

func TestWriteRefusesANonEmptyDirectory(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "x"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := snapshot.NewRecorder(&stub{}).Write(dir, snapshot.Capture{})
	if !errors.Is(err, snapshot.ErrNotEmpty) {
		t.Errorf("err = %v; want ErrNotEmpty", err)
	}
}

func TestMarshalCLI(t *testing.T) {
	trust := "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D"
	tests := []struct {
		name string
		v    any
		o    snapshot.CLIOptions
		want string
	}{
		{"absent members left out", &lambdatypes.FunctionConfiguration{FunctionName: aws.String("orders"), VpcConfig: &lambdatypes.VpcConfigResponse{}},
			snapshot.CLIOptions{}, `{"CodeSize":0,"FunctionName":"orders"}`},
		{"environment values redacted, names kept", &lambdatypes.FunctionConfiguration{Environment: &lambdatypes.EnvironmentResponse{Variables: map[string]string{"DB_PASSWORD": "hunter2", "A": "b"}}},
			snapshot.CLIOptions{Redact: true}, `{"CodeSize":0,"Environment":{"Variables":{"A":"REDACTED","DB_PASSWORD":"REDACTED"}}}`},
		{"environment kept without redaction", &lambdatypes.FunctionConfiguration{Environment: &lambdatypes.EnvironmentResponse{Variables: map[string]string{"A": "b"}}},
			snapshot.CLIOptions{}, `{"CodeSize":0,"Environment":{"Variables":{"A":"b"}}}`},
		{"URL-encoded policy documents as JSON", &iam.GetAccountAuthorizationDetailsOutput{RoleDetailList: []iamtypes.RoleDetail{{RoleName: aws.String("r"), AssumeRolePolicyDocument: &trust}}},
			snapshot.CLIOptions{}, `{"IsTruncated":false,"RoleDetailList":[{"AssumeRolePolicyDocument":{"Version":"2012-10-17","Statement":[]},"RoleName":"r"}]}`},
		{"timestamps in ISO 8601, camelCase for Logs and Config, map keys as they are", &struct {
			StateUpdatedTimestamp *time.Time
			Tags                  map[string]string
		}{aws.Time(time.Date(2026, 11, 20, 14, 5, 0, 12000000, time.UTC)), map[string]string{"Name": "x"}},
			snapshot.CLIOptions{CamelCase: true}, `{"stateUpdatedTimestamp":"2026-11-20T14:05:00.012+00:00","tags":{"Name":"x"}}`},
		{"response metadata dropped, HTML kept", &cloudwatch.DescribeAlarmsOutput{MetricAlarms: []cwtypes.MetricAlarm{{AlarmName: aws.String("a<b>&c")}}},
			snapshot.CLIOptions{}, `{"MetricAlarms":[{"AlarmName":"a<b>&c"}]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := snapshot.MarshalCLI(tt.v, tt.o)
			if err != nil {
				t.Fatal(err)
			}
			var got bytes.Buffer
			if err := json.Compact(&got, b); err != nil {
				t.Fatal(err)
			}
			if got.String() != tt.want {
				t.Errorf("got %s; want %s", got.String(), tt.want)
			}
			if !bytes.HasPrefix(b, []byte("{\n    ")) && len(b) > 3 {
				t.Errorf("got %q; want four-space indentation as the CLI prints", b)
			}
		})
	}
}

// FuzzCLIRoundTrip: whatever a snapshot file decodes into, MarshalCLI writes back something that decodes
// into the same values.
func FuzzCLIRoundTrip(f *testing.F) {
	entries, _ := os.ReadDir(sampleDir)
	for _, e := range entries {
		if b, err := os.ReadFile(filepath.Join(sampleDir, e.Name())); err == nil && strings.HasPrefix(e.Name(), "lambda.get-function-configuration") {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"FunctionName":"x","Timeout":3,"Environment":{"Variables":{"K":"V"}},"LastModified":"2024-01-01T00:00:00.000+0000"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var first lambdatypes.FunctionConfiguration
		if snapshot.Decode(data, &first) != nil {
			return
		}
		out, err := snapshot.MarshalCLI(&first, snapshot.CLIOptions{})
		if err != nil {
			return // NaN or infinite numbers cannot be JSON; reported, not written
		}
		var second lambdatypes.FunctionConfiguration
		if err := snapshot.Decode(out, &second); err != nil {
			t.Fatalf("written snapshot does not read back: %v\n%s", err, out)
		}
		again, err := snapshot.MarshalCLI(&second, snapshot.CLIOptions{})
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("round trip changed the value:\n%s\n%s", out, again)
		}
	})
}

func BenchmarkMarshalCLI(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(sampleDir, "ec2.describe-subnets.json"))
	if err != nil {
		b.Fatal(err)
	}
	var out ec2.DescribeSubnetsOutput
	if err := snapshot.Decode(data, &out); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := snapshot.MarshalCLI(&out, snapshot.CLIOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestWriteLeavesNothingHalfWritten(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "snap")
	_, err := snapshot.NewRecorder(&stub{}).Write(dir, snapshot.Capture{Extra: map[string][]byte{"../escape.json": []byte("{}")}})
	if err == nil {
		t.Fatal("want an error for an extra file outside the snapshot")
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 0 {
		t.Errorf("left %v behind; want nothing", entries)
	}
}
