package snapshot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/attestdev/attest/shared/explain"
)

// MaxFileSize bounds one snapshot file: CLI outputs of the calls Attest reads are far smaller, and a larger
// file is more likely a mistake than context.
const MaxFileSize = 64 << 20

// Snapshot is a context snapshot directory. It implements explain.Context; decoded files are cached, so a
// Snapshot is cheap to query repeatedly and safe for concurrent use.
type Snapshot struct {
	dir string

	mu    sync.Mutex
	cache map[string]cached
}

type cached struct {
	v   any
	err error
}

var _ explain.Context = (*Snapshot)(nil)

// Open returns the snapshot in dir. It fails only when dir is not a readable directory; missing files are
// reported per call as unknown context.
func Open(dir string) (*Snapshot, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("open context snapshot %s: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("open context snapshot %s: not a directory", dir)
	}
	return &Snapshot{dir: dir, cache: map[string]cached{}}, nil
}

// Dir is the snapshot's directory.
func (s *Snapshot) Dir() string { return s.dir }

// Files lists the snapshot's JSON files by name.
func (s *Snapshot) Files() ([]string, error) {
	entries, err := os.ReadDir(s.dir)
	if err != nil {
		return nil, fmt.Errorf("list context snapshot %s: %w", s.dir, err)
	}
	var out []string
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".json") {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

// resourceName guards the <resource> part of a file name: function names, metric names.
var resourceName = regexp.MustCompile(`^[A-Za-z0-9_.-]{1,256}$`)

// load decodes a file into a new value of the type new returns, once per file.
func load[T any](s *Snapshot, call, file string) (*T, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.cache[file]; ok {
		if c.err != nil {
			return nil, c.err
		}
		return c.v.(*T), nil
	}
	v, err := s.read(call, file, new(T))
	s.cache[file] = cached{v, err}
	if err != nil {
		return nil, err
	}
	return v.(*T), nil
}

func (s *Snapshot) read(call, file string, out any) (any, error) {
	unknown := func(err error) error { return &explain.UnknownError{Call: call, Need: file, Err: err} }
	if strings.ContainsAny(file, `/\`) || strings.HasPrefix(file, ".") {
		return nil, unknown(errors.New("invalid file name"))
	}
	f, err := os.Open(filepath.Join(s.dir, file))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, unknown(nil)
	}
	if err != nil {
		return nil, unknown(err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, unknown(fmt.Errorf("read: %w", err))
	}
	if len(data) > MaxFileSize {
		return nil, unknown(fmt.Errorf("larger than %d MiB", MaxFileSize>>20))
	}
	if err := Decode(data, out); err != nil {
		return nil, unknown(fmt.Errorf("parse: %w", err))
	}
	return out, nil
}

// FunctionConfiguration reads lambda.get-function-configuration.<name>.json, or finds the function in
// lambda.list-functions.json (which lacks State and LastUpdateStatus).
func (s *Snapshot) FunctionConfiguration(_ context.Context, name string) (*lambdatypes.FunctionConfiguration, error) {
	const call = "lambda.get-function-configuration"
	if !resourceName.MatchString(name) {
		return nil, &explain.UnknownError{Call: call, Need: call + ".<function>.json", Err: fmt.Errorf("invalid function name %q", name)}
	}
	file := fmt.Sprintf("%s.%s.json", call, name)
	fn, err := load[lambdatypes.FunctionConfiguration](s, call, file)
	if err == nil {
		return fn, nil
	}
	if !notPresent(err) {
		return nil, err
	}
	list, lerr := load[lambda.ListFunctionsOutput](s, "lambda.list-functions", "lambda.list-functions.json")
	if lerr != nil {
		if notPresent(lerr) {
			return nil, &explain.UnknownError{Call: call, Need: file + " or lambda.list-functions.json"}
		}
		return nil, lerr
	}
	for i := range list.Functions {
		if f := &list.Functions[i]; f.FunctionName != nil && *f.FunctionName == name {
			return f, nil
		}
	}
	return nil, &explain.UnknownError{Call: call, Need: file, Err: fmt.Errorf("function %s is not in lambda.list-functions.json", name)}
}

// Subnets reads ec2.describe-subnets.json.
func (s *Snapshot) Subnets(_ context.Context, vpcID string) ([]ec2types.Subnet, error) {
	out, err := load[ec2.DescribeSubnetsOutput](s, "ec2.describe-subnets", "ec2.describe-subnets.json")
	if err != nil {
		return nil, err
	}
	return inVPC(out.Subnets, vpcID, func(x ec2types.Subnet) *string { return x.VpcId }), nil
}

// RouteTables reads ec2.describe-route-tables.json.
func (s *Snapshot) RouteTables(_ context.Context, vpcID string) ([]ec2types.RouteTable, error) {
	out, err := load[ec2.DescribeRouteTablesOutput](s, "ec2.describe-route-tables", "ec2.describe-route-tables.json")
	if err != nil {
		return nil, err
	}
	return inVPC(out.RouteTables, vpcID, func(x ec2types.RouteTable) *string { return x.VpcId }), nil
}

// NatGateways reads ec2.describe-nat-gateways.json.
func (s *Snapshot) NatGateways(_ context.Context, vpcID string) ([]ec2types.NatGateway, error) {
	out, err := load[ec2.DescribeNatGatewaysOutput](s, "ec2.describe-nat-gateways", "ec2.describe-nat-gateways.json")
	if err != nil {
		return nil, err
	}
	return inVPC(out.NatGateways, vpcID, func(x ec2types.NatGateway) *string { return x.VpcId }), nil
}

// VpcEndpoints reads ec2.describe-vpc-endpoints.json.
func (s *Snapshot) VpcEndpoints(_ context.Context, vpcID string) ([]ec2types.VpcEndpoint, error) {
	out, err := load[ec2.DescribeVpcEndpointsOutput](s, "ec2.describe-vpc-endpoints", "ec2.describe-vpc-endpoints.json")
	if err != nil {
		return nil, err
	}
	return inVPC(out.VpcEndpoints, vpcID, func(x ec2types.VpcEndpoint) *string { return x.VpcId }), nil
}

// SecurityGroups reads ec2.describe-security-groups.json.
func (s *Snapshot) SecurityGroups(_ context.Context, vpcID string) ([]ec2types.SecurityGroup, error) {
	out, err := load[ec2.DescribeSecurityGroupsOutput](s, "ec2.describe-security-groups", "ec2.describe-security-groups.json")
	if err != nil {
		return nil, err
	}
	return inVPC(out.SecurityGroups, vpcID, func(x ec2types.SecurityGroup) *string { return x.VpcId }), nil
}

// NetworkAcls reads ec2.describe-network-acls.json.
func (s *Snapshot) NetworkAcls(_ context.Context, vpcID string) ([]ec2types.NetworkAcl, error) {
	out, err := load[ec2.DescribeNetworkAclsOutput](s, "ec2.describe-network-acls", "ec2.describe-network-acls.json")
	if err != nil {
		return nil, err
	}
	return inVPC(out.NetworkAcls, vpcID, func(x ec2types.NetworkAcl) *string { return x.VpcId }), nil
}

// AuthorizationDetails reads iam.get-account-authorization-details.json; policy documents may be JSON
// objects (as the CLI prints them) or URL-encoded strings (as the API returns them).
func (s *Snapshot) AuthorizationDetails(_ context.Context) (*iam.GetAccountAuthorizationDetailsOutput, error) {
	return load[iam.GetAccountAuthorizationDetailsOutput](s, "iam.get-account-authorization-details", "iam.get-account-authorization-details.json")
}

// Table reads dynamodb.describe-table.<table>.json.
func (s *Snapshot) Table(_ context.Context, name string) (*ddbtypes.TableDescription, error) {
	const call = "dynamodb.describe-table"
	if !resourceName.MatchString(name) {
		return nil, &explain.UnknownError{Call: call, Need: call + ".<table>.json", Err: fmt.Errorf("invalid table name %q", name)}
	}
	file := fmt.Sprintf("%s.%s.json", call, name)
	out, err := load[dynamodb.DescribeTableOutput](s, call, file)
	if err != nil {
		return nil, err
	}
	if out.Table == nil {
		return nil, &explain.UnknownError{Call: call, Need: file, Err: errors.New("no Table")}
	}
	return out.Table, nil
}

// QueueAttributes reads sqs.get-queue-attributes.<queue>.json.
func (s *Snapshot) QueueAttributes(_ context.Context, queue string) (map[string]string, error) {
	const call = "sqs.get-queue-attributes"
	if !resourceName.MatchString(queue) {
		return nil, &explain.UnknownError{Call: call, Need: call + ".<queue>.json", Err: fmt.Errorf("invalid queue name %q", queue)}
	}
	out, err := load[sqs.GetQueueAttributesOutput](s, call, fmt.Sprintf("%s.%s.json", call, queue))
	if err != nil {
		return nil, err
	}
	return out.Attributes, nil
}

// EventSourceMappings reads lambda.list-event-source-mappings.json and keeps the function's mappings.
func (s *Snapshot) EventSourceMappings(_ context.Context, function string) ([]lambdatypes.EventSourceMappingConfiguration, error) {
	out, err := load[lambda.ListEventSourceMappingsOutput](s, "lambda.list-event-source-mappings", "lambda.list-event-source-mappings.json")
	if err != nil {
		return nil, err
	}
	var res []lambdatypes.EventSourceMappingConfiguration
	for _, m := range out.EventSourceMappings {
		if arn := deref(m.FunctionArn); function == "" || strings.HasSuffix(arn, ":function:"+function) || strings.Contains(arn, ":function:"+function+":") {
			res = append(res, m)
		}
	}
	return res, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// LogEvents reads logs.filter-log-events.json and keeps the events inside the query's window. The file
// holds one capture for the alarmed resource's log group; the query's group and pattern are not re-applied.
func (s *Snapshot) LogEvents(_ context.Context, q explain.LogQuery) ([]cwltypes.FilteredLogEvent, error) {
	out, err := load[cloudwatchlogs.FilterLogEventsOutput](s, "logs.filter-log-events", "logs.filter-log-events.json")
	if err != nil {
		return nil, err
	}
	var events []cwltypes.FilteredLogEvent
	for _, e := range out.Events {
		if e.Timestamp != nil && !within(time.UnixMilli(*e.Timestamp), q.Start, q.End) {
			continue
		}
		events = append(events, e)
	}
	return events, nil
}

// MetricStatistics reads cloudwatch.get-metric-statistics.<metric>.json and keeps the datapoints inside the
// query's window, sorted by time.
func (s *Snapshot) MetricStatistics(_ context.Context, q explain.MetricQuery) ([]cwtypes.Datapoint, error) {
	const call = "cloudwatch.get-metric-statistics"
	if !resourceName.MatchString(q.Name) {
		return nil, &explain.UnknownError{Call: call, Need: call + ".<metric>.json", Err: fmt.Errorf("invalid metric name %q", q.Name)}
	}
	out, err := load[cloudwatch.GetMetricStatisticsOutput](s, call, fmt.Sprintf("%s.%s.json", call, q.Name))
	if err != nil {
		return nil, err
	}
	var dps []cwtypes.Datapoint
	for _, d := range out.Datapoints {
		if d.Timestamp != nil && !within(*d.Timestamp, q.Start, q.End) {
			continue
		}
		dps = append(dps, d)
	}
	sort.SliceStable(dps, func(i, j int) bool {
		a, b := dps[i].Timestamp, dps[j].Timestamp
		return a != nil && b != nil && a.Before(*b)
	})
	return dps, nil
}

// TrailEvents reads cloudtrail.lookup-events.json and keeps the events inside the query's window.
func (s *Snapshot) TrailEvents(_ context.Context, q explain.TrailQuery) ([]cttypes.Event, error) {
	out, err := load[cloudtrail.LookupEventsOutput](s, "cloudtrail.lookup-events", "cloudtrail.lookup-events.json")
	if err != nil {
		return nil, err
	}
	var events []cttypes.Event
	for _, e := range out.Events {
		if e.EventTime != nil && !within(*e.EventTime, q.Start, q.End) {
			continue
		}
		events = append(events, e)
	}
	return events, nil
}

// DescribeAlarms reads cloudwatch.describe-alarms.json (aws cloudwatch describe-alarms --alarm-names …,
// MetricAlarms and CompositeAlarms) and keeps the named alarms; no names keeps them all.
func (s *Snapshot) DescribeAlarms(_ context.Context, names []string) (*cloudwatch.DescribeAlarmsOutput, error) {
	out, err := load[cloudwatch.DescribeAlarmsOutput](s, "cloudwatch.describe-alarms", "cloudwatch.describe-alarms.json")
	if err != nil {
		return nil, err
	}
	if len(names) == 0 {
		return &cloudwatch.DescribeAlarmsOutput{MetricAlarms: out.MetricAlarms, CompositeAlarms: out.CompositeAlarms}, nil
	}
	want := make(map[string]bool, len(names))
	for _, n := range names {
		want[n] = true
	}
	res := &cloudwatch.DescribeAlarmsOutput{}
	for _, m := range out.MetricAlarms {
		if m.AlarmName != nil && want[*m.AlarmName] {
			res.MetricAlarms = append(res.MetricAlarms, m)
		}
	}
	for _, c := range out.CompositeAlarms {
		if c.AlarmName != nil && want[*c.AlarmName] {
			res.CompositeAlarms = append(res.CompositeAlarms, c)
		}
	}
	return res, nil
}

// KeyMetadata reads kms.describe-key.<key-id>.json; an ARN or alias ARN is reduced to its last part.
func (s *Snapshot) KeyMetadata(_ context.Context, keyID string) (*kmstypes.KeyMetadata, error) {
	const call = "kms.describe-key"
	id := KeyFileID(keyID)
	if !resourceName.MatchString(id) {
		return nil, &explain.UnknownError{Call: call, Need: call + ".<key-id>.json", Err: fmt.Errorf("invalid key id %q", keyID)}
	}
	out, err := load[kms.DescribeKeyOutput](s, call, fmt.Sprintf("%s.%s.json", call, id))
	if err != nil {
		return nil, err
	}
	if out.KeyMetadata == nil {
		return nil, &explain.UnknownError{Call: call, Need: fmt.Sprintf("%s.%s.json", call, id), Err: errors.New("no KeyMetadata")}
	}
	return out.KeyMetadata, nil
}

// AccountSettings reads lambda.get-account-settings.json.
func (s *Snapshot) AccountSettings(_ context.Context) (*lambda.GetAccountSettingsOutput, error) {
	return load[lambda.GetAccountSettingsOutput](s, "lambda.get-account-settings", "lambda.get-account-settings.json")
}

// FunctionConcurrency reads lambda.get-function-concurrency.<function>.json ({} when none is reserved).
func (s *Snapshot) FunctionConcurrency(_ context.Context, name string) (*lambda.GetFunctionConcurrencyOutput, error) {
	const call = "lambda.get-function-concurrency"
	if !resourceName.MatchString(name) {
		return nil, &explain.UnknownError{Call: call, Need: call + ".<function>.json", Err: fmt.Errorf("invalid function name %q", name)}
	}
	return load[lambda.GetFunctionConcurrencyOutput](s, call, fmt.Sprintf("%s.%s.json", call, name))
}

// notPresent reports whether err is "the file is not in the snapshot", as opposed to a file that failed to
// read or parse.
func notPresent(err error) bool {
	var u *explain.UnknownError
	return errors.As(err, &u) && u.Err == nil
}

func inVPC[T any](items []T, vpcID string, vpc func(T) *string) []T {
	if vpcID == "" {
		return items
	}
	out := make([]T, 0, len(items))
	for _, it := range items {
		if v := vpc(it); v == nil || *v == vpcID {
			out = append(out, it)
		}
	}
	return out
}

func within(t, start, end time.Time) bool {
	if !start.IsZero() && t.Before(start) {
		return false
	}
	if !end.IsZero() && t.After(end) {
		return false
	}
	return true
}
