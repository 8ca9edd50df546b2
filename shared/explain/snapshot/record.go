package snapshot

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
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

// Recorder is an explain.Context that passes every call to Source and keeps what it answered, file by
// file, so that the answers can be written as a snapshot directory (Write) which Open reads back to the
// same values. Answers to repeated calls for the same file are merged (the subnets of two VPCs, the
// datapoints of two windows); a call that failed is kept as a failure and writes no file, so the snapshot
// says "unknown" exactly where the source did. Recorder is safe for concurrent use.
type Recorder struct {
	// Source answers the calls: live AWS (awscontext) when taking a snapshot.
	Source explain.Context

	mu        sync.Mutex
	files     map[string]any
	attempted map[string]bool
	failures  []Failure
	notes     []string
	// scope remembers the log group and each metric's dimensions a file was first captured for.
	scope map[string]string
}

// Failure is a call that could not be answered.
type Failure struct {
	// Call is the AWS CLI form of the call: "ec2.describe-nat-gateways".
	Call string
	// File is the snapshot file the call would have written.
	File string
	// Err is the cause.
	Err error
}

var _ explain.Context = (*Recorder)(nil)

// NewRecorder returns a Recorder over source.
func NewRecorder(source explain.Context) *Recorder {
	return &Recorder{Source: source, files: map[string]any{}, attempted: map[string]bool{}, scope: map[string]string{}}
}

// Attempted reports whether a call for file was made, whether or not it succeeded.
func (r *Recorder) Attempted(file string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.attempted[file]
}

// Failures returns the calls that failed, in the order they failed.
func (r *Recorder) Failures() []Failure {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Failure(nil), r.failures...)
}

// Notes returns what the snapshot could not hold as it was read (a second log group, a metric read with
// other dimensions).
func (r *Recorder) Notes() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.notes...)
}

// FileNames lists the files recorded so far, sorted.
func (r *Recorder) FileNames() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]string, 0, len(r.files))
	for f := range r.files {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

// Record keeps one answer: v is the value the file holds (the CLI output type of the call), merge
// combines it with an answer already kept for the same file (nil replaces it). A non-nil err records a
// failure instead. It is how calls outside explain.Context (kms.get-key-policy, config history) enter a
// snapshot.
func (r *Recorder) Record(call, file string, v any, err error, merge func(old, new any) any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempted[file] = true
	if err != nil {
		r.failures = append(r.failures, Failure{Call: call, File: file, Err: err})
		return
	}
	if old, ok := r.files[file]; ok && merge != nil {
		v = merge(old, v)
	}
	r.files[file] = v
}

func (r *Recorder) note(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := fmt.Sprintf(format, args...)
	for _, x := range r.notes {
		if x == n {
			return
		}
	}
	r.notes = append(r.notes, n)
}

// sameScope reports whether file was first captured for scope, remembering scope on first use.
func (r *Recorder) sameScope(file, scope string) (first string, same bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s, ok := r.scope[file]; ok {
		return s, s == scope
	}
	r.scope[file] = scope
	return scope, true
}

// FunctionConfigurationFile is the snapshot file of a function's configuration.
func FunctionConfigurationFile(name string) string {
	return "lambda.get-function-configuration." + name + ".json"
}

// FunctionConfiguration records lambda.get-function-configuration.<name>.json.
func (r *Recorder) FunctionConfiguration(ctx context.Context, name string) (*lambdatypes.FunctionConfiguration, error) {
	fn, err := r.Source.FunctionConfiguration(ctx, name)
	if resourceName.MatchString(name) {
		r.Record("lambda.get-function-configuration", FunctionConfigurationFile(name), fn, err, nil)
	}
	return fn, err
}

// unionBy merges two lists, keeping the first of each key (an empty key is always kept).
func unionBy[T any](old, new []T, key func(T) string) []T {
	seen := map[string]bool{}
	out := make([]T, 0, len(old)+len(new))
	for _, list := range [][]T{old, new} {
		for _, it := range list {
			k := key(it)
			if k != "" && seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, it)
		}
	}
	return out
}

func str(p *string) string { return deref(p) }

// Subnets records ec2.describe-subnets.json.
func (r *Recorder) Subnets(ctx context.Context, vpcID string) ([]ec2types.Subnet, error) {
	v, err := r.Source.Subnets(ctx, vpcID)
	r.Record("ec2.describe-subnets", "ec2.describe-subnets.json", &ec2.DescribeSubnetsOutput{Subnets: nonNil(v)}, err, func(o, n any) any {
		return &ec2.DescribeSubnetsOutput{Subnets: unionBy(o.(*ec2.DescribeSubnetsOutput).Subnets, n.(*ec2.DescribeSubnetsOutput).Subnets,
			func(x ec2types.Subnet) string { return str(x.SubnetId) })}
	})
	return v, err
}

// RouteTables records ec2.describe-route-tables.json.
func (r *Recorder) RouteTables(ctx context.Context, vpcID string) ([]ec2types.RouteTable, error) {
	v, err := r.Source.RouteTables(ctx, vpcID)
	r.Record("ec2.describe-route-tables", "ec2.describe-route-tables.json", &ec2.DescribeRouteTablesOutput{RouteTables: nonNil(v)}, err, func(o, n any) any {
		return &ec2.DescribeRouteTablesOutput{RouteTables: unionBy(o.(*ec2.DescribeRouteTablesOutput).RouteTables, n.(*ec2.DescribeRouteTablesOutput).RouteTables,
			func(x ec2types.RouteTable) string { return str(x.RouteTableId) })}
	})
	return v, err
}

// NatGateways records ec2.describe-nat-gateways.json.
func (r *Recorder) NatGateways(ctx context.Context, vpcID string) ([]ec2types.NatGateway, error) {
	v, err := r.Source.NatGateways(ctx, vpcID)
	r.Record("ec2.describe-nat-gateways", "ec2.describe-nat-gateways.json", &ec2.DescribeNatGatewaysOutput{NatGateways: nonNil(v)}, err, func(o, n any) any {
		return &ec2.DescribeNatGatewaysOutput{NatGateways: unionBy(o.(*ec2.DescribeNatGatewaysOutput).NatGateways, n.(*ec2.DescribeNatGatewaysOutput).NatGateways,
			func(x ec2types.NatGateway) string { return str(x.NatGatewayId) })}
	})
	return v, err
}

// VpcEndpoints records ec2.describe-vpc-endpoints.json.
func (r *Recorder) VpcEndpoints(ctx context.Context, vpcID string) ([]ec2types.VpcEndpoint, error) {
	v, err := r.Source.VpcEndpoints(ctx, vpcID)
	r.Record("ec2.describe-vpc-endpoints", "ec2.describe-vpc-endpoints.json", &ec2.DescribeVpcEndpointsOutput{VpcEndpoints: nonNil(v)}, err, func(o, n any) any {
		return &ec2.DescribeVpcEndpointsOutput{VpcEndpoints: unionBy(o.(*ec2.DescribeVpcEndpointsOutput).VpcEndpoints, n.(*ec2.DescribeVpcEndpointsOutput).VpcEndpoints,
			func(x ec2types.VpcEndpoint) string { return str(x.VpcEndpointId) })}
	})
	return v, err
}

// SecurityGroups records ec2.describe-security-groups.json.
func (r *Recorder) SecurityGroups(ctx context.Context, vpcID string) ([]ec2types.SecurityGroup, error) {
	v, err := r.Source.SecurityGroups(ctx, vpcID)
	r.Record("ec2.describe-security-groups", "ec2.describe-security-groups.json", &ec2.DescribeSecurityGroupsOutput{SecurityGroups: nonNil(v)}, err, func(o, n any) any {
		return &ec2.DescribeSecurityGroupsOutput{SecurityGroups: unionBy(o.(*ec2.DescribeSecurityGroupsOutput).SecurityGroups, n.(*ec2.DescribeSecurityGroupsOutput).SecurityGroups,
			func(x ec2types.SecurityGroup) string { return str(x.GroupId) })}
	})
	return v, err
}

// NetworkAcls records ec2.describe-network-acls.json.
func (r *Recorder) NetworkAcls(ctx context.Context, vpcID string) ([]ec2types.NetworkAcl, error) {
	v, err := r.Source.NetworkAcls(ctx, vpcID)
	r.Record("ec2.describe-network-acls", "ec2.describe-network-acls.json", &ec2.DescribeNetworkAclsOutput{NetworkAcls: nonNil(v)}, err, func(o, n any) any {
		return &ec2.DescribeNetworkAclsOutput{NetworkAcls: unionBy(o.(*ec2.DescribeNetworkAclsOutput).NetworkAcls, n.(*ec2.DescribeNetworkAclsOutput).NetworkAcls,
			func(x ec2types.NetworkAcl) string { return str(x.NetworkAclId) })}
	})
	return v, err
}

// AuthorizationDetails records iam.get-account-authorization-details.json.
func (r *Recorder) AuthorizationDetails(ctx context.Context) (*iam.GetAccountAuthorizationDetailsOutput, error) {
	v, err := r.Source.AuthorizationDetails(ctx)
	r.Record("iam.get-account-authorization-details", "iam.get-account-authorization-details.json", v, err, nil)
	return v, err
}

// Table records dynamodb.describe-table.<table>.json.
func (r *Recorder) Table(ctx context.Context, name string) (*ddbtypes.TableDescription, error) {
	v, err := r.Source.Table(ctx, name)
	if resourceName.MatchString(name) {
		r.Record("dynamodb.describe-table", "dynamodb.describe-table."+name+".json", &dynamodb.DescribeTableOutput{Table: v}, err, nil)
	}
	return v, err
}

// QueueAttributes records sqs.get-queue-attributes.<queue>.json.
func (r *Recorder) QueueAttributes(ctx context.Context, queue string) (map[string]string, error) {
	v, err := r.Source.QueueAttributes(ctx, queue)
	if resourceName.MatchString(queue) {
		r.Record("sqs.get-queue-attributes", "sqs.get-queue-attributes."+queue+".json", &sqs.GetQueueAttributesOutput{Attributes: v}, err, nil)
	}
	return v, err
}

// EventSourceMappings records lambda.list-event-source-mappings.json.
func (r *Recorder) EventSourceMappings(ctx context.Context, function string) ([]lambdatypes.EventSourceMappingConfiguration, error) {
	v, err := r.Source.EventSourceMappings(ctx, function)
	r.Record("lambda.list-event-source-mappings", "lambda.list-event-source-mappings.json", &lambda.ListEventSourceMappingsOutput{EventSourceMappings: nonNil(v)}, err, func(o, n any) any {
		return &lambda.ListEventSourceMappingsOutput{EventSourceMappings: unionBy(o.(*lambda.ListEventSourceMappingsOutput).EventSourceMappings,
			n.(*lambda.ListEventSourceMappingsOutput).EventSourceMappings, func(x lambdatypes.EventSourceMappingConfiguration) string { return str(x.UUID) })}
	})
	return v, err
}

// LogEvents records logs.filter-log-events.json. The file holds one log group: events of another group are
// passed on but not kept, with a note.
func (r *Recorder) LogEvents(ctx context.Context, q explain.LogQuery) ([]cwltypes.FilteredLogEvent, error) {
	const file = "logs.filter-log-events.json"
	v, err := r.Source.LogEvents(ctx, q)
	if first, same := r.sameScope(file, q.LogGroup); !same {
		r.note("%s holds the log group %s; the events read from %s are not in the snapshot", file, first, q.LogGroup)
		return v, err
	}
	r.Record("logs.filter-log-events", file, &cloudwatchlogs.FilterLogEventsOutput{Events: nonNil(v)}, err, func(o, n any) any {
		ev := unionBy(o.(*cloudwatchlogs.FilterLogEventsOutput).Events, n.(*cloudwatchlogs.FilterLogEventsOutput).Events, logEventKey)
		sort.SliceStable(ev, func(i, j int) bool { return ptrInt64(ev[i].Timestamp) < ptrInt64(ev[j].Timestamp) })
		return &cloudwatchlogs.FilterLogEventsOutput{Events: ev}
	})
	return v, err
}

func logEventKey(e cwltypes.FilteredLogEvent) string {
	if e.EventId != nil {
		return *e.EventId
	}
	return fmt.Sprintf("%s/%d/%s", str(e.LogStreamName), ptrInt64(e.Timestamp), str(e.Message))
}

func ptrInt64(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// MetricStatisticsFile is the snapshot file of a metric's statistics.
func MetricStatisticsFile(metric string) string {
	return "cloudwatch.get-metric-statistics." + metric + ".json"
}

// MetricStatistics records cloudwatch.get-metric-statistics.<metric>.json. Datapoints of repeated reads
// are merged by timestamp (each read may ask for other statistics); the file holds one set of dimensions,
// so a read with other dimensions is passed on but not kept, with a note.
func (r *Recorder) MetricStatistics(ctx context.Context, q explain.MetricQuery) ([]cwtypes.Datapoint, error) {
	v, err := r.Source.MetricStatistics(ctx, q)
	if !resourceName.MatchString(q.Name) {
		return v, err
	}
	file := MetricStatisticsFile(q.Name)
	if first, same := r.sameScope(file, q.Namespace+" "+dimsKey(q.Dimensions)); !same {
		r.note("%s holds %s; the datapoints read for %s %s are not in the snapshot", file, first, q.Namespace, dimsKey(q.Dimensions))
		return v, err
	}
	r.Record("cloudwatch.get-metric-statistics", file, &cloudwatch.GetMetricStatisticsOutput{Label: &q.Name, Datapoints: nonNil(v)}, err, func(o, n any) any {
		out := o.(*cloudwatch.GetMetricStatisticsOutput)
		return &cloudwatch.GetMetricStatisticsOutput{Label: out.Label, Datapoints: mergeDatapoints(out.Datapoints, n.(*cloudwatch.GetMetricStatisticsOutput).Datapoints)}
	})
	return v, err
}

func dimsKey(d map[string]string) string {
	if len(d) == 0 {
		return "(no dimensions)"
	}
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+"="+d[k])
	}
	return strings.Join(parts, ",")
}

// mergeDatapoints merges datapoints by timestamp, each statistic taken from whichever read has it.
func mergeDatapoints(old, new []cwtypes.Datapoint) []cwtypes.Datapoint {
	byTime := map[int64]int{}
	out := append([]cwtypes.Datapoint(nil), old...)
	for i, d := range out {
		if d.Timestamp != nil {
			byTime[d.Timestamp.UnixNano()] = i
		}
	}
	for _, d := range new {
		if d.Timestamp == nil {
			out = append(out, d)
			continue
		}
		i, ok := byTime[d.Timestamp.UnixNano()]
		if !ok {
			byTime[d.Timestamp.UnixNano()] = len(out)
			out = append(out, d)
			continue
		}
		m := &out[i]
		for _, f := range []struct{ dst, src **float64 }{{&m.Average, &d.Average}, {&m.Maximum, &d.Maximum}, {&m.Minimum, &d.Minimum}, {&m.SampleCount, &d.SampleCount}, {&m.Sum, &d.Sum}} {
			if *f.dst == nil {
				*f.dst = *f.src
			}
		}
		if m.ExtendedStatistics == nil && d.ExtendedStatistics != nil {
			m.ExtendedStatistics = d.ExtendedStatistics
		}
		if m.Unit == "" {
			m.Unit = d.Unit
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i].Timestamp, out[j].Timestamp
		return a != nil && b != nil && a.Before(*b)
	})
	return out
}

// TrailEvents records cloudtrail.lookup-events.json, newest first as LookupEvents answers.
func (r *Recorder) TrailEvents(ctx context.Context, q explain.TrailQuery) ([]cttypes.Event, error) {
	v, err := r.Source.TrailEvents(ctx, q)
	r.Record("cloudtrail.lookup-events", "cloudtrail.lookup-events.json", &cloudtrail.LookupEventsOutput{Events: nonNil(v)}, err, func(o, n any) any {
		ev := unionBy(o.(*cloudtrail.LookupEventsOutput).Events, n.(*cloudtrail.LookupEventsOutput).Events, func(e cttypes.Event) string { return str(e.EventId) })
		sort.SliceStable(ev, func(i, j int) bool {
			a, b := ev[i].EventTime, ev[j].EventTime
			return a != nil && b != nil && a.After(*b)
		})
		return &cloudtrail.LookupEventsOutput{Events: ev}
	})
	return v, err
}

// DescribeAlarms records cloudwatch.describe-alarms.json.
func (r *Recorder) DescribeAlarms(ctx context.Context, names []string) (*cloudwatch.DescribeAlarmsOutput, error) {
	v, err := r.Source.DescribeAlarms(ctx, names)
	r.Record("cloudwatch.describe-alarms", "cloudwatch.describe-alarms.json", v, err, func(o, n any) any {
		a, b := o.(*cloudwatch.DescribeAlarmsOutput), n.(*cloudwatch.DescribeAlarmsOutput)
		return &cloudwatch.DescribeAlarmsOutput{
			MetricAlarms:    unionBy(a.MetricAlarms, b.MetricAlarms, func(x cwtypes.MetricAlarm) string { return str(x.AlarmName) }),
			CompositeAlarms: unionBy(a.CompositeAlarms, b.CompositeAlarms, func(x cwtypes.CompositeAlarm) string { return str(x.AlarmName) }),
		}
	})
	return v, err
}

// KeyFileID is the <key-id> part of the kms.* file names: a key ARN or alias ARN is reduced to its last
// part, as Snapshot.KeyMetadata looks it up.
func KeyFileID(keyID string) string {
	id := keyID
	if i := strings.LastIndexAny(id, "/:"); strings.HasPrefix(id, "arn:") && i >= 0 {
		id = id[i+1:]
	}
	return id
}

// KeyMetadata records kms.describe-key.<key-id>.json.
func (r *Recorder) KeyMetadata(ctx context.Context, keyID string) (*kmstypes.KeyMetadata, error) {
	v, err := r.Source.KeyMetadata(ctx, keyID)
	if id := KeyFileID(keyID); resourceName.MatchString(id) {
		r.Record("kms.describe-key", "kms.describe-key."+id+".json", &kms.DescribeKeyOutput{KeyMetadata: v}, err, nil)
	}
	return v, err
}

// AccountSettings records lambda.get-account-settings.json.
func (r *Recorder) AccountSettings(ctx context.Context) (*lambda.GetAccountSettingsOutput, error) {
	v, err := r.Source.AccountSettings(ctx)
	r.Record("lambda.get-account-settings", "lambda.get-account-settings.json", v, err, nil)
	return v, err
}

// FunctionConcurrency records lambda.get-function-concurrency.<function>.json.
func (r *Recorder) FunctionConcurrency(ctx context.Context, name string) (*lambda.GetFunctionConcurrencyOutput, error) {
	v, err := r.Source.FunctionConcurrency(ctx, name)
	if resourceName.MatchString(name) {
		r.Record("lambda.get-function-concurrency", "lambda.get-function-concurrency."+name+".json", v, err, nil)
	}
	return v, err
}

// The optional readers of package explain, passed on when Source has them; when it does not, the answer
// is unknown, as explain itself would read it.

var (
	_ explain.KeyPolicyReader              = (*Recorder)(nil)
	_ explain.FunctionPolicyReader         = (*Recorder)(nil)
	_ explain.ProvisionedConcurrencyReader = (*Recorder)(nil)
	_ explain.ConfigHistoryReader          = (*Recorder)(nil)
)

func unsupported(call, file string) error {
	return &explain.UnknownError{Call: call, Need: file, Err: fmt.Errorf("the context source does not provide %s", call)}
}

// KeyPolicy records kms.get-key-policy.<key-id>.json.
func (r *Recorder) KeyPolicy(ctx context.Context, keyID string) (string, error) {
	const call = "kms.get-key-policy"
	file := call + "." + KeyFileID(keyID) + ".json"
	src, ok := r.Source.(explain.KeyPolicyReader)
	if !ok {
		return "", unsupported(call, file)
	}
	p, err := src.KeyPolicy(ctx, keyID)
	if resourceName.MatchString(KeyFileID(keyID)) {
		policy, name := p, "default"
		r.Record(call, file, &kms.GetKeyPolicyOutput{Policy: &policy, PolicyName: &name}, err, nil)
	}
	return p, err
}

// FunctionPolicy records lambda.get-policy.<function>.json ({} when the function has none).
func (r *Recorder) FunctionPolicy(ctx context.Context, name string) (*lambda.GetPolicyOutput, error) {
	const call = "lambda.get-policy"
	file := call + "." + name + ".json"
	src, ok := r.Source.(explain.FunctionPolicyReader)
	if !ok {
		return nil, unsupported(call, file)
	}
	v, err := src.FunctionPolicy(ctx, name)
	if resourceName.MatchString(name) {
		r.Record(call, file, v, err, nil)
	}
	return v, err
}

// ProvisionedConcurrencyConfigs records lambda.list-provisioned-concurrency-configs.<function>.json.
func (r *Recorder) ProvisionedConcurrencyConfigs(ctx context.Context, name string) ([]lambdatypes.ProvisionedConcurrencyConfigListItem, error) {
	const call = "lambda.list-provisioned-concurrency-configs"
	file := call + "." + name + ".json"
	src, ok := r.Source.(explain.ProvisionedConcurrencyReader)
	if !ok {
		return nil, unsupported(call, file)
	}
	v, err := src.ProvisionedConcurrencyConfigs(ctx, name)
	if resourceName.MatchString(name) {
		r.Record(call, file, &lambda.ListProvisionedConcurrencyConfigsOutput{ProvisionedConcurrencyConfigs: nonNil(v)}, err, nil)
	}
	return v, err
}

// Aliases records lambda.list-aliases.<function>.json.
func (r *Recorder) Aliases(ctx context.Context, name string) ([]lambdatypes.AliasConfiguration, error) {
	const call = "lambda.list-aliases"
	file := call + "." + name + ".json"
	src, ok := r.Source.(explain.ProvisionedConcurrencyReader)
	if !ok {
		return nil, unsupported(call, file)
	}
	v, err := src.Aliases(ctx, name)
	if resourceName.MatchString(name) {
		r.Record(call, file, &lambda.ListAliasesOutput{Aliases: nonNil(v)}, err, nil)
	}
	return v, err
}

// ResourceConfigHistory records config.get-resource-config-history.json; the items of several resources
// are kept together, as the reader picks each resource's own.
func (r *Recorder) ResourceConfigHistory(ctx context.Context, resourceType, resourceID string) ([]cfgtypes.ConfigurationItem, error) {
	const call, file = "config.get-resource-config-history", "config.get-resource-config-history.json"
	src, ok := r.Source.(explain.ConfigHistoryReader)
	if !ok {
		return nil, unsupported(call, file)
	}
	v, err := src.ResourceConfigHistory(ctx, resourceType, resourceID)
	r.Record(call, file, &configservice.GetResourceConfigHistoryOutput{ConfigurationItems: nonNil(v)}, err, func(o, n any) any {
		return &configservice.GetResourceConfigHistoryOutput{ConfigurationItems: unionBy(o.(*configservice.GetResourceConfigHistoryOutput).ConfigurationItems,
			n.(*configservice.GetResourceConfigHistoryOutput).ConfigurationItems, func(x cfgtypes.ConfigurationItem) string {
				return string(x.ResourceType) + "/" + str(x.ResourceId) + "/" + str(x.ConfigurationStateId)
			})}
	})
	return v, err
}

// InternetGatewayReader is a source of ec2.describe-internet-gateways (awscontext.Context is one).
type InternetGatewayReader interface {
	InternetGateways(ctx context.Context, vpcID string) ([]ec2types.InternetGateway, error)
}

// InternetGateways records ec2.describe-internet-gateways.json.
func (r *Recorder) InternetGateways(ctx context.Context, vpcID string) ([]ec2types.InternetGateway, error) {
	const call, file = "ec2.describe-internet-gateways", "ec2.describe-internet-gateways.json"
	src, ok := r.Source.(InternetGatewayReader)
	if !ok {
		return nil, unsupported(call, file)
	}
	v, err := src.InternetGateways(ctx, vpcID)
	r.Record(call, file, &ec2.DescribeInternetGatewaysOutput{InternetGateways: nonNil(v)}, err, func(o, n any) any {
		return &ec2.DescribeInternetGatewaysOutput{InternetGateways: unionBy(o.(*ec2.DescribeInternetGatewaysOutput).InternetGateways,
			n.(*ec2.DescribeInternetGatewaysOutput).InternetGateways, func(x ec2types.InternetGateway) string { return str(x.InternetGatewayId) })}
	})
	return v, err
}

// nonNil makes "answered, nothing" an empty list, which the CLI prints as [].
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
