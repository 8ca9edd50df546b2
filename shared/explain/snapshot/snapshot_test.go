package snapshot_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/snapshot"
)

const sampleDir = "../../../testdata/context/vpc-no-egress"

func TestDecodeTimestamps(t *testing.T) {
	want := time.Date(2024, 1, 1, 12, 30, 5, 0, time.UTC)
	tests := []struct {
		name string
		json string
		want time.Time
	}{
		{"CLI v2 ISO 8601", `"2024-01-01T12:30:05+00:00"`, want},
		{"Z suffix", `"2024-01-01T12:30:05Z"`, want},
		{"Lambda +0000", `"2024-01-01T12:30:05.000+0000"`, want},
		{"other offset", `"2024-01-01T13:30:05+01:00"`, want},
		{"fractional seconds", `"2024-01-01T12:30:05.250000+00:00"`, want.Add(250 * time.Millisecond)},
		{"epoch seconds (cli_timestamp_format=wire)", `1704112205`, want},
		{"epoch seconds as a string", `"1704112205.5"`, want.Add(500 * time.Millisecond)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out ec2.DescribeNatGatewaysOutput
			err := snapshot.Decode([]byte(`{"NatGateways":[{"NatGatewayId":"nat-1","CreateTime":`+tt.json+`}]}`), &out)
			if err != nil {
				t.Fatal(err)
			}
			if got := aws.ToTime(out.NatGateways[0].CreateTime); !got.Equal(tt.want) {
				t.Errorf("CreateTime = %v; want %v", got, tt.want)
			}
		})
	}
}

func TestDecodeShapes(t *testing.T) {
	t.Run("keys match case-insensitively and unknown keys are ignored", func(t *testing.T) {
		var fn lambdatypes.FunctionConfiguration
		if err := snapshot.Decode([]byte(`{"functionName":"orders","MEMORYSIZE":512,"LastModified":"2024-01-01T00:00:00.000+0000","Unknown":{"x":1}}`), &fn); err != nil {
			t.Fatal(err)
		}
		if aws.ToString(fn.FunctionName) != "orders" || aws.ToInt32(fn.MemorySize) != 512 {
			t.Errorf("got name %q memory %d; want orders 512", aws.ToString(fn.FunctionName), aws.ToInt32(fn.MemorySize))
		}
		if aws.ToString(fn.LastModified) != "2024-01-01T00:00:00.000+0000" {
			t.Errorf("LastModified = %q; want the string as written", aws.ToString(fn.LastModified))
		}
	})
	t.Run("maps of floats", func(t *testing.T) {
		var out cloudwatch.GetMetricStatisticsOutput
		if err := snapshot.Decode([]byte(`{"Datapoints":[{"Maximum":30030.41,"ExtendedStatistics":{"p99":29999.5},"Unit":"Milliseconds"}]}`), &out); err != nil {
			t.Fatal(err)
		}
		if d := out.Datapoints[0]; aws.ToFloat64(d.Maximum) != 30030.41 || d.ExtendedStatistics["p99"] != 29999.5 || d.Unit != "Milliseconds" {
			t.Errorf("datapoint = %+v; want Maximum 30030.41, p99 29999.5, Milliseconds", d)
		}
	})
	errs := []struct {
		name, json, want string
		into             any
	}{
		{"type mismatch names the path", `{"RouteTables":[{"Routes":[{"DestinationCidrBlock":{"a":1}}]}]}`, "RouteTables[0].Routes[0].DestinationCidrBlock: want string, got object", &ec2.DescribeRouteTablesOutput{}},
		{"integer overflow", `{"Functions":[{"MemorySize":99999999999}]}`, "Functions[0].MemorySize: want int32", &lambda.ListFunctionsOutput{}},
		{"fraction in an integer", `{"Functions":[{"Timeout":1.5}]}`, "Functions[0].Timeout: want int32", &lambda.ListFunctionsOutput{}},
		{"bad timestamp", `{"NatGateways":[{"CreateTime":"yesterday"}]}`, `unrecognised timestamp "yesterday"`, &ec2.DescribeNatGatewaysOutput{}},
		{"epoch out of range", `{"NatGateways":[{"CreateTime":1e300}]}`, "out of range", &ec2.DescribeNatGatewaysOutput{}},
		{"not an object", `[1,2]`, "top-level value is array", &ec2.DescribeRouteTablesOutput{}},
		{"trailing data", `{} {}`, "data after the top-level value", &ec2.DescribeRouteTablesOutput{}},
		{"truncated", `{"RouteTables":[`, "decode JSON", &ec2.DescribeRouteTablesOutput{}},
		{"not a pointer", `{}`, "non-nil pointer", ec2.DescribeRouteTablesOutput{}},
	}
	for _, tt := range errs {
		t.Run(tt.name, func(t *testing.T) {
			err := snapshot.Decode([]byte(tt.json), tt.into)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Decode(%s) error = %v; want one containing %q", tt.json, err, tt.want)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	for _, name := range []string{"ec2.describe-route-tables.json", "ec2.describe-subnets.json", "logs.filter-log-events.json", "cloudtrail.lookup-events.json"} {
		b, err := os.ReadFile(filepath.Join(sampleDir, name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"NatGateways":[{"CreateTime":1e300}]}`))
	f.Add([]byte(`{"Functions":[{"MemorySize":"12"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var rt ec2.DescribeRouteTablesOutput
		_ = snapshot.Decode(data, &rt)
		var nat ec2.DescribeNatGatewaysOutput
		_ = snapshot.Decode(data, &nat)
		var fn lambdatypes.FunctionConfiguration
		_ = snapshot.Decode(data, &fn)
	})
}

func TestSnapshotReads(t *testing.T) {
	ctx := context.Background()
	snap, err := snapshot.Open(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	fn, err := snap.FunctionConfiguration(ctx, "orders")
	if err != nil {
		t.Fatal(err)
	}
	if string(fn.State) != "Active" || aws.ToInt32(fn.Timeout) != 30 || len(fn.VpcConfig.SubnetIds) != 2 {
		t.Errorf("orders = State %q, Timeout %d, %d subnets; want Active, 30, 2", fn.State, aws.ToInt32(fn.Timeout), len(fn.VpcConfig.SubnetIds))
	}
	rts, err := snap.RouteTables(ctx, "vpc-0a1b2c3d4e5f60718")
	if err != nil || len(rts) != 3 {
		t.Errorf("RouteTables = %d, %v; want 3 tables", len(rts), err)
	}
	if other, err := snap.RouteTables(ctx, "vpc-other"); err != nil || len(other) != 0 {
		t.Errorf("RouteTables(other VPC) = %d, %v; want none, known", len(other), err)
	}
	nats, err := snap.NatGateways(ctx, "vpc-0a1b2c3d4e5f60718")
	if err != nil || len(nats) != 0 {
		t.Errorf("NatGateways = %d, %v; want known and empty", len(nats), err)
	}
	start := time.Date(2026, 11, 20, 14, 2, 0, 0, time.UTC)
	logs, err := snap.LogEvents(ctx, explain.LogQuery{LogGroup: "/aws/lambda/orders", Start: start, End: start.Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range logs {
		if at := time.UnixMilli(aws.ToInt64(e.Timestamp)); at.Before(start) || at.After(start.Add(time.Minute)) {
			t.Errorf("event at %v is outside the window", at)
		}
	}
	if len(logs) == 0 {
		t.Error("no log events in a window that has some")
	}
	dps, err := snap.MetricStatistics(ctx, explain.MetricQuery{Name: "Duration"})
	if err != nil || len(dps) != 4 {
		t.Errorf("Duration = %d datapoints, %v; want 4", len(dps), err)
	}
	for i := 1; i < len(dps); i++ {
		if dps[i].Timestamp.Before(*dps[i-1].Timestamp) {
			t.Errorf("datapoints out of order at %d", i)
		}
	}
	alarms, err := snap.DescribeAlarms(ctx, []string{"orders-errors", "orders-service-health"})
	if err != nil {
		t.Fatal(err)
	}
	if len(alarms.MetricAlarms) != 1 || aws.ToString(alarms.MetricAlarms[0].MetricName) != "Errors" || aws.ToInt32(alarms.MetricAlarms[0].Period) != 60 ||
		string(alarms.MetricAlarms[0].StateValue) != "ALARM" || len(alarms.CompositeAlarms) != 1 {
		t.Errorf("DescribeAlarms = %d metric alarms (%+v), %d composites; want orders-errors (Errors, 60 s, ALARM) and one composite",
			len(alarms.MetricAlarms), alarms.MetricAlarms, len(alarms.CompositeAlarms))
	}
	if all, err := snap.DescribeAlarms(ctx, nil); err != nil || len(all.MetricAlarms) != 2 {
		t.Errorf("DescribeAlarms(all) = %v; want both metric alarms", err)
	}
}

func TestSnapshotUnknown(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	write := func(name, body string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("lambda.list-functions.json", `{"Functions":[{"FunctionName":"orders","Timeout":30}]}`)
	write("ec2.describe-route-tables.json", `{"RouteTables": [`)
	snap, err := snapshot.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name     string
		call     func() error
		wantNeed string
		wantErr  string
	}{
		{"missing file is unknown, not empty", func() error { _, err := snap.NatGateways(ctx, "vpc-1"); return err }, "ec2.describe-nat-gateways.json", ""},
		{"corrupt file is unknown with the parse error", func() error { _, err := snap.RouteTables(ctx, "vpc-1"); return err }, "ec2.describe-route-tables.json", "parse"},
		{"function absent from list-functions", func() error { _, err := snap.FunctionConfiguration(ctx, "billing"); return err }, "lambda.get-function-configuration.billing.json", "not in lambda.list-functions.json"},
		{"path traversal in a function name", func() error { _, err := snap.FunctionConfiguration(ctx, "../../etc/passwd"); return err }, "lambda.get-function-configuration.<function>.json", "invalid function name"},
		{"path traversal in a metric name", func() error {
			_, err := snap.MetricStatistics(ctx, explain.MetricQuery{Name: "../x"})
			return err
		}, "cloudwatch.get-metric-statistics.<metric>.json", "invalid metric name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			var u *explain.UnknownError
			if !errors.As(err, &u) || !errors.Is(err, explain.ErrUnknown) {
				t.Fatalf("err = %v; want an *UnknownError", err)
			}
			if u.Need != tt.wantNeed {
				t.Errorf("Need = %q; want %q", u.Need, tt.wantNeed)
			}
			if tt.wantErr == "" && u.Err != nil {
				t.Errorf("Err = %v; want none for a missing file", u.Err)
			}
			if tt.wantErr != "" && (u.Err == nil || !strings.Contains(u.Err.Error(), tt.wantErr)) {
				t.Errorf("Err = %v; want it to mention %q", u.Err, tt.wantErr)
			}
		})
	}
	t.Run("list-functions fallback", func(t *testing.T) {
		fn, err := snap.FunctionConfiguration(ctx, "orders")
		if err != nil || aws.ToInt32(fn.Timeout) != 30 {
			t.Errorf("orders = %+v, %v; want Timeout 30 from lambda.list-functions.json", fn, err)
		}
	})
}

func TestOpen(t *testing.T) {
	if _, err := snapshot.Open(filepath.Join(t.TempDir(), "absent")); err == nil {
		t.Error("Open(absent dir) = nil error")
	}
	f := filepath.Join(t.TempDir(), "file.json")
	if err := os.WriteFile(f, []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := snapshot.Open(f); err == nil {
		t.Error("Open(file) = nil error; want not a directory")
	}
}

func BenchmarkExplainSnapshot(b *testing.B) {
	a := explain.Alarm{Name: "orders-errors", Region: "us-east-1", Account: "123456789012", Time: time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC),
		Metrics: []explain.Metric{{Namespace: "AWS/Lambda", Name: "Errors", Dimensions: map[string]string{"FunctionName": "orders"}}}}
	for i := 0; i < b.N; i++ {
		snap, err := snapshot.Open(sampleDir)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := (&explain.Explainer{Context: snap}).Explain(context.Background(), a); err != nil {
			b.Fatal(err)
		}
	}
}

func TestSnapshotNewCalls(t *testing.T) {
	ctx := context.Background()
	kmsSnap, err := snapshot.Open(filepath.Join(filepath.Dir(sampleDir), "kms-env-access-denied"))
	if err != nil {
		t.Fatal(err)
	}
	const key = "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b"
	for _, id := range []string{key, "arn:aws:kms:us-east-1:123456789012:key/" + key} {
		t.Run("key "+id, func(t *testing.T) {
			md, err := kmsSnap.KeyMetadata(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if string(md.KeyState) != "PendingDeletion" || md.DeletionDate == nil {
				t.Errorf("KeyState = %s, DeletionDate %v; want PendingDeletion with a date", md.KeyState, md.DeletionDate)
			}
		})
	}
	if _, err := kmsSnap.KeyMetadata(ctx, "../../etc/passwd"); !explain.IsUnknown(err) {
		t.Errorf("KeyMetadata(path) err = %v; want unknown", err)
	}
	conc, err := snapshot.Open(filepath.Join(filepath.Dir(sampleDir), "account-concurrency-exhausted"))
	if err != nil {
		t.Fatal(err)
	}
	fc, err := conc.FunctionConcurrency(ctx, "orders-sync")
	if err != nil || fc.ReservedConcurrentExecutions != nil {
		t.Errorf("FunctionConcurrency = %+v, %v; want known, none reserved", fc, err)
	}
	acct, err := conc.AccountSettings(ctx)
	if err != nil || acct.AccountLimit == nil || acct.AccountLimit.ConcurrentExecutions != 1000 || aws.ToInt32(acct.AccountLimit.UnreservedConcurrentExecutions) != 900 {
		t.Errorf("AccountSettings = %+v, %v; want limit 1000, unreserved 900", acct, err)
	}
	nacl, err := snapshot.Open(filepath.Join(filepath.Dir(sampleDir), "egress-blocked-nacl"))
	if err != nil {
		t.Fatal(err)
	}
	acls, err := nacl.NetworkAcls(ctx, "vpc-0a1b2c3d4e5f60718")
	if err != nil || len(acls) != 2 || len(acls[1].Entries) != 5 {
		t.Errorf("NetworkAcls = %d, %v; want 2 ACLs, the second with 5 entries", len(acls), err)
	}
	groups, err := nacl.SecurityGroups(ctx, "vpc-0a1b2c3d4e5f60718")
	if err != nil || len(groups) != 1 || len(groups[0].IpPermissionsEgress) != 1 {
		t.Errorf("SecurityGroups = %d, %v; want 1 group with 1 egress rule", len(groups), err)
	}
	if _, err := nacl.FunctionConcurrency(ctx, "orders"); !explain.IsUnknown(err) {
		t.Errorf("FunctionConcurrency without its file: err = %v; want unknown", err)
	}
}

func TestSnapshotDataCalls(t *testing.T) {
	ctx := context.Background()
	open := func(name string) *snapshot.Snapshot {
		s, err := snapshot.Open(filepath.Join(filepath.Dir(sampleDir), name))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	iamSnap := open("iam-missing-permission")
	details, err := iamSnap.AuthorizationDetails(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(details.RoleDetailList) != 1 || len(details.RoleDetailList[0].RolePolicyList) != 1 || len(details.Policies) != 1 {
		t.Fatalf("details = %d roles, %d policies; want 1 role with 1 inline policy, 1 managed policy", len(details.RoleDetailList), len(details.Policies))
	}
	// The CLI prints inline documents as JSON objects and managed versions URL-encoded: both arrive as text.
	if doc := aws.ToString(details.RoleDetailList[0].RolePolicyList[0].PolicyDocument); !strings.HasPrefix(doc, "{") || !strings.Contains(doc, "s3:PutObject") {
		t.Errorf("inline PolicyDocument = %q; want the JSON object as text", doc)
	}
	if doc := aws.ToString(details.Policies[0].PolicyVersionList[0].Document); !strings.HasPrefix(doc, "%7B") {
		t.Errorf("managed Document = %q; want it URL-encoded as captured", doc)
	}
	table, err := open("dynamodb-capacity-exceeded").Table(ctx, "orders-table")
	if err != nil || aws.ToInt64(table.ProvisionedThroughput.WriteCapacityUnits) != 25 || table.ProvisionedThroughput.LastDecreaseDateTime == nil {
		t.Errorf("Table = %+v, %v; want 25 WCU with a decrease time", table, err)
	}
	sq := open("sqs-visibility-timeout")
	attrs, err := sq.QueueAttributes(ctx, "orders-intake")
	if err != nil || attrs["VisibilityTimeout"] != "30" {
		t.Errorf("QueueAttributes = %v, %v; want VisibilityTimeout 30", attrs, err)
	}
	mine, err := sq.EventSourceMappings(ctx, "orders-worker")
	if err != nil || len(mine) != 1 {
		t.Errorf("EventSourceMappings(orders-worker) = %d, %v; want 1 of the 2", len(mine), err)
	}
	all, err := sq.EventSourceMappings(ctx, "")
	if err != nil || len(all) != 2 {
		t.Errorf("EventSourceMappings(all) = %d, %v; want 2", len(all), err)
	}
}
