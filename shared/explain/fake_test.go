package explain_test

import (
	"context"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/attestdev/attest/shared/explain"
)

// fakeContext holds a world as state; a nil slice with known set to false answers "unknown".
type fakeContext struct {
	fn       *lambdatypes.FunctionConfiguration
	subnets  []ec2types.Subnet
	tables   []ec2types.RouteTable
	nats     []ec2types.NatGateway
	eps      []ec2types.VpcEndpoint
	logs     []cwltypes.FilteredLogEvent
	duration []cwtypes.Datapoint
	trail    []cttypes.Event
	alarms   *cloudwatch.DescribeAlarmsOutput
	metrics  map[string][]cwtypes.Datapoint // metrics other than Duration, by name
	keys     map[string]*kmstypes.KeyMetadata
	groups   []ec2types.SecurityGroup // nil: unknown
	iam      *iam.GetAccountAuthorizationDetailsOutput
	ddb      map[string]*ddbtypes.TableDescription
	queues   map[string]map[string]string
	mappings []lambdatypes.EventSourceMappingConfiguration // nil: unknown
	acls     []ec2types.NetworkAcl                         // nil: unknown
	account  *lambda.GetAccountSettingsOutput
	reserved *lambda.GetFunctionConcurrencyOutput

	unknown map[string]bool // call name → unknown
}

func unknownErr(call string) error {
	return &explain.UnknownError{Call: call, Need: call + ".json"}
}

func (f *fakeContext) FunctionConfiguration(_ context.Context, name string) (*lambdatypes.FunctionConfiguration, error) {
	if f.unknown["lambda.get-function-configuration"] || f.fn == nil || aws.ToString(f.fn.FunctionName) != name {
		return nil, unknownErr("lambda.get-function-configuration")
	}
	return f.fn, nil
}

func (f *fakeContext) Subnets(context.Context, string) ([]ec2types.Subnet, error) {
	if f.unknown["ec2.describe-subnets"] {
		return nil, unknownErr("ec2.describe-subnets")
	}
	return f.subnets, nil
}

func (f *fakeContext) RouteTables(context.Context, string) ([]ec2types.RouteTable, error) {
	if f.unknown["ec2.describe-route-tables"] {
		return nil, unknownErr("ec2.describe-route-tables")
	}
	return f.tables, nil
}

func (f *fakeContext) NatGateways(context.Context, string) ([]ec2types.NatGateway, error) {
	if f.unknown["ec2.describe-nat-gateways"] {
		return nil, unknownErr("ec2.describe-nat-gateways")
	}
	return f.nats, nil
}

func (f *fakeContext) VpcEndpoints(context.Context, string) ([]ec2types.VpcEndpoint, error) {
	if f.unknown["ec2.describe-vpc-endpoints"] {
		return nil, unknownErr("ec2.describe-vpc-endpoints")
	}
	return f.eps, nil
}

func (f *fakeContext) LogEvents(context.Context, explain.LogQuery) ([]cwltypes.FilteredLogEvent, error) {
	if f.unknown["logs.filter-log-events"] {
		return nil, unknownErr("logs.filter-log-events")
	}
	return f.logs, nil
}

func (f *fakeContext) MetricStatistics(_ context.Context, q explain.MetricQuery) ([]cwtypes.Datapoint, error) {
	if f.unknown["cloudwatch.get-metric-statistics"] {
		return nil, unknownErr("cloudwatch.get-metric-statistics")
	}
	if q.Name != "Duration" {
		dps, ok := f.metrics[q.Name]
		if !ok {
			return nil, unknownErr("cloudwatch.get-metric-statistics." + q.Name)
		}
		return dps, nil
	}
	return f.duration, nil
}

func (f *fakeContext) TrailEvents(context.Context, explain.TrailQuery) ([]cttypes.Event, error) {
	if f.unknown["cloudtrail.lookup-events"] {
		return nil, unknownErr("cloudtrail.lookup-events")
	}
	return f.trail, nil
}

func (f *fakeContext) DescribeAlarms(_ context.Context, names []string) (*cloudwatch.DescribeAlarmsOutput, error) {
	if f.unknown["cloudwatch.describe-alarms"] || f.alarms == nil {
		return nil, unknownErr("cloudwatch.describe-alarms")
	}
	want := map[string]bool{}
	for _, n := range names {
		want[n] = true
	}
	out := &cloudwatch.DescribeAlarmsOutput{}
	for _, m := range f.alarms.MetricAlarms {
		if want[aws.ToString(m.AlarmName)] {
			out.MetricAlarms = append(out.MetricAlarms, m)
		}
	}
	for _, c := range f.alarms.CompositeAlarms {
		if want[aws.ToString(c.AlarmName)] {
			out.CompositeAlarms = append(out.CompositeAlarms, c)
		}
	}
	return out, nil
}

func (f *fakeContext) KeyMetadata(_ context.Context, id string) (*kmstypes.KeyMetadata, error) {
	if k, ok := f.keys[id]; ok {
		return k, nil
	}
	return nil, unknownErr("kms.describe-key")
}

func (f *fakeContext) SecurityGroups(context.Context, string) ([]ec2types.SecurityGroup, error) {
	if f.groups == nil {
		return nil, unknownErr("ec2.describe-security-groups")
	}
	return f.groups, nil
}

func (f *fakeContext) NetworkAcls(context.Context, string) ([]ec2types.NetworkAcl, error) {
	if f.acls == nil {
		return nil, unknownErr("ec2.describe-network-acls")
	}
	return f.acls, nil
}

func (f *fakeContext) AuthorizationDetails(context.Context) (*iam.GetAccountAuthorizationDetailsOutput, error) {
	if f.iam == nil {
		return nil, unknownErr("iam.get-account-authorization-details")
	}
	return f.iam, nil
}

func (f *fakeContext) Table(_ context.Context, name string) (*ddbtypes.TableDescription, error) {
	if t, ok := f.ddb[name]; ok {
		return t, nil
	}
	return nil, unknownErr("dynamodb.describe-table")
}

func (f *fakeContext) QueueAttributes(_ context.Context, queue string) (map[string]string, error) {
	if q, ok := f.queues[queue]; ok {
		return q, nil
	}
	return nil, unknownErr("sqs.get-queue-attributes")
}

func (f *fakeContext) EventSourceMappings(context.Context, string) ([]lambdatypes.EventSourceMappingConfiguration, error) {
	if f.mappings == nil {
		return nil, unknownErr("lambda.list-event-source-mappings")
	}
	return f.mappings, nil
}

func (f *fakeContext) AccountSettings(context.Context) (*lambda.GetAccountSettingsOutput, error) {
	if f.account == nil {
		return nil, unknownErr("lambda.get-account-settings")
	}
	return f.account, nil
}

func (f *fakeContext) FunctionConcurrency(context.Context, string) (*lambda.GetFunctionConcurrencyOutput, error) {
	if f.reserved == nil {
		return nil, unknownErr("lambda.get-function-concurrency")
	}
	return f.reserved, nil
}

const (
	vpcID    = "vpc-0a1b2c3d4e5f60718"
	subnetA  = "subnet-0a1b2c3d4e5f60001"
	subnetB  = "subnet-0a1b2c3d4e5f60002"
	subnetP  = "subnet-0a1b2c3d4e5f60011"
	sgID     = "sg-0a1b2c3d4e5f60003"
	rtbMain  = "rtb-0a1b2c3d4e5f60020"
	rtbA     = "rtb-0a1b2c3d4e5f60021"
	rtbPub   = "rtb-0a1b2c3d4e5f60023"
	natID    = "nat-0a1b2c3d4e5f60040"
	igwID    = "igw-0a1b2c3d4e5f60030"
	alarmISO = "2026-11-20T14:05:00Z"
)

var alarmAt = time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)

func route(dst string, set func(*ec2types.Route)) ec2types.Route {
	r := ec2types.Route{DestinationCidrBlock: aws.String(dst), State: ec2types.RouteStateActive}
	if set != nil {
		set(&r)
	}
	return r
}

var localRoute = route("10.0.0.0/16", func(r *ec2types.Route) { r.GatewayId = aws.String("local") })

func table(id string, subnet string, main bool, routes ...ec2types.Route) ec2types.RouteTable {
	a := ec2types.RouteTableAssociation{RouteTableId: aws.String(id), Main: aws.Bool(main)}
	if subnet != "" {
		a.SubnetId = aws.String(subnet)
	}
	return ec2types.RouteTable{RouteTableId: aws.String(id), VpcId: aws.String(vpcID), Associations: []ec2types.RouteTableAssociation{a},
		Routes: append([]ec2types.Route{localRoute}, routes...)}
}

func logEvent(at time.Time, msg string) cwltypes.FilteredLogEvent {
	return cwltypes.FilteredLogEvent{Timestamp: aws.Int64(at.UnixMilli()), Message: aws.String(msg)}
}

// baseWorld is the sample world: orders in two private subnets with only local routes, a public subnet with
// an internet gateway, no NAT, no endpoints, timeouts in the logs.
func baseWorld() *fakeContext {
	return &fakeContext{
		fn: &lambdatypes.FunctionConfiguration{
			FunctionName: aws.String("orders"), Timeout: aws.Int32(30), MemorySize: aws.Int32(512),
			State: lambdatypes.StateActive, LastUpdateStatus: lambdatypes.LastUpdateStatusSuccessful,
			VpcConfig: &lambdatypes.VpcConfigResponse{VpcId: aws.String(vpcID), SubnetIds: []string{subnetA, subnetB}, SecurityGroupIds: []string{sgID}},
		},
		subnets: []ec2types.Subnet{
			{SubnetId: aws.String(subnetA), VpcId: aws.String(vpcID), AvailabilityZone: aws.String("us-east-1a")},
			{SubnetId: aws.String(subnetB), VpcId: aws.String(vpcID), AvailabilityZone: aws.String("us-east-1b")},
			{SubnetId: aws.String(subnetP), VpcId: aws.String(vpcID), AvailabilityZone: aws.String("us-east-1a")},
		},
		tables: []ec2types.RouteTable{
			table(rtbMain, "", true),
			table(rtbA, subnetA, false),
			table(rtbPub, subnetP, false, route("0.0.0.0/0", func(r *ec2types.Route) { r.GatewayId = aws.String(igwID) })),
		},
		nats: []ec2types.NatGateway{},
		eps:  []ec2types.VpcEndpoint{},
		logs: []cwltypes.FilteredLogEvent{
			logEvent(alarmAt.Add(-3*time.Minute), "2026-11-20T14:02:00.000Z 3f6c2b1e-8d4a-4f0b-9c5e-2a7d1e6b4c90 Task timed out after 30.03 seconds"),
		},
		duration: []cwtypes.Datapoint{{Timestamp: aws.Time(alarmAt.Add(-3 * time.Minute)), Maximum: aws.Float64(30030)}},
		unknown:  map[string]bool{},
	}
}

func ordersAlarm(metric string) explain.Alarm {
	return explain.Alarm{
		Name: "orders-errors", Region: "us-east-1", Account: "123456789012", Time: alarmAt, State: "ALARM", Period: time.Minute,
		Metrics: []explain.Metric{{ID: "m1", Namespace: "AWS/Lambda", Name: metric, Dimensions: map[string]string{"FunctionName": "orders"}, Stat: "Sum", Period: time.Minute}},
	}
}
