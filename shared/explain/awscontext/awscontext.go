package awscontext

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	kmstypes "github.com/aws/aws-sdk-go-v2/service/kms/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"

	"github.com/attestdev/attest/shared/explain"
)

// LambdaAPI is the part of the Lambda client the context calls.
type LambdaAPI interface {
	GetFunctionConfiguration(ctx context.Context, in *lambda.GetFunctionConfigurationInput, opts ...func(*lambda.Options)) (*lambda.GetFunctionConfigurationOutput, error)
	GetAccountSettings(ctx context.Context, in *lambda.GetAccountSettingsInput, opts ...func(*lambda.Options)) (*lambda.GetAccountSettingsOutput, error)
	GetFunctionConcurrency(ctx context.Context, in *lambda.GetFunctionConcurrencyInput, opts ...func(*lambda.Options)) (*lambda.GetFunctionConcurrencyOutput, error)
	GetPolicy(ctx context.Context, in *lambda.GetPolicyInput, opts ...func(*lambda.Options)) (*lambda.GetPolicyOutput, error)
	lambda.ListEventSourceMappingsAPIClient
	lambda.ListProvisionedConcurrencyConfigsAPIClient
	lambda.ListAliasesAPIClient
}

// DynamoDBAPI is the part of the DynamoDB client the context calls.
type DynamoDBAPI interface {
	DescribeTable(ctx context.Context, in *dynamodb.DescribeTableInput, opts ...func(*dynamodb.Options)) (*dynamodb.DescribeTableOutput, error)
}

// SQSAPI is the part of the SQS client the context calls.
type SQSAPI interface {
	GetQueueUrl(ctx context.Context, in *sqs.GetQueueUrlInput, opts ...func(*sqs.Options)) (*sqs.GetQueueUrlOutput, error)
	GetQueueAttributes(ctx context.Context, in *sqs.GetQueueAttributesInput, opts ...func(*sqs.Options)) (*sqs.GetQueueAttributesOutput, error)
}

// IAMAPI is the part of the IAM client the context calls.
type IAMAPI interface {
	iam.GetAccountAuthorizationDetailsAPIClient
}

// KMSAPI is the part of the KMS client the context calls.
type KMSAPI interface {
	DescribeKey(ctx context.Context, in *kms.DescribeKeyInput, opts ...func(*kms.Options)) (*kms.DescribeKeyOutput, error)
	GetKeyPolicy(ctx context.Context, in *kms.GetKeyPolicyInput, opts ...func(*kms.Options)) (*kms.GetKeyPolicyOutput, error)
}

// ConfigAPI is the part of the AWS Config client the context calls.
type ConfigAPI interface {
	configservice.GetResourceConfigHistoryAPIClient
}

// EC2API is the part of the EC2 client the context calls.
type EC2API interface {
	ec2.DescribeSubnetsAPIClient
	ec2.DescribeRouteTablesAPIClient
	ec2.DescribeNatGatewaysAPIClient
	ec2.DescribeVpcEndpointsAPIClient
	ec2.DescribeSecurityGroupsAPIClient
	ec2.DescribeNetworkAclsAPIClient
	ec2.DescribeInternetGatewaysAPIClient
}

// LogsAPI is the part of the CloudWatch Logs client the context calls.
type LogsAPI interface {
	cloudwatchlogs.FilterLogEventsAPIClient
}

// CloudWatchAPI is the part of the CloudWatch client the context calls.
type CloudWatchAPI interface {
	GetMetricStatistics(ctx context.Context, in *cloudwatch.GetMetricStatisticsInput, opts ...func(*cloudwatch.Options)) (*cloudwatch.GetMetricStatisticsOutput, error)
	cloudwatch.DescribeAlarmsAPIClient
}

// CloudTrailAPI is the part of the CloudTrail client the context calls.
type CloudTrailAPI interface {
	cloudtrail.LookupEventsAPIClient
}

// Clients are the SDK clients the context uses; a nil client makes its calls unknown.
type Clients struct {
	Lambda     LambdaAPI
	EC2        EC2API
	Logs       LogsAPI
	CloudWatch CloudWatchAPI
	CloudTrail CloudTrailAPI
	KMS        KMSAPI
	IAM        IAMAPI
	DynamoDB   DynamoDBAPI
	SQS        SQSAPI
	Config     ConfigAPI
	// StepFunctions reads state machine definitions (Step Functions alarms).
	StepFunctions StepFunctionsAPI
}

// DefaultCallTimeout is each call's time budget (pagination included): an explanation that waits on one slow
// API is worth less than one that says which call it could not make.
const DefaultCallTimeout = 5 * time.Second

// DefaultReserve is the part of the caller's deadline no call may use: when the explain step runs under
// Lambda's deadline, the time left after the context is read is what writes the explanation.
const DefaultReserve = 3 * time.Second

// maxPages bounds pagination; the VPC-scoped calls fit in one or two pages.
const maxPages = 10

// maxCalls bounds the call log of a long-lived Context (a warm Lambda); the oldest records go first.
const maxCalls = 256

// Call is the record of one API call.
type Call struct {
	// Name is the call in AWS CLI form: "ec2.describe-route-tables".
	Name     string
	Duration time.Duration
	// Err is the error, nil when the call succeeded.
	Err error
}

// Context reads live AWS context. It implements explain.Context and is safe for concurrent use.
type Context struct {
	c       Clients
	timeout time.Duration
	reserve time.Duration

	mu    sync.Mutex
	calls []Call
}

var _ explain.Context = (*Context)(nil)

// Option configures a Context.
type Option func(*Context)

// WithCallTimeout sets each call's time budget.
func WithCallTimeout(d time.Duration) Option {
	return func(c *Context) {
		if d > 0 {
			c.timeout = d
		}
	}
}

// WithReserve sets how much of the caller's deadline (the context passed to each call) the calls leave
// unused: together the calls stay within the caller's budget minus the reserve, and a call that would
// start with no time left answers unknown at once with ErrBudgetExhausted. Without a deadline on the
// caller's context only the per-call timeout applies.
func WithReserve(d time.Duration) Option {
	return func(c *Context) {
		if d >= 0 {
			c.reserve = d
		}
	}
}

// New returns a Context over the given clients.
func New(c Clients, opts ...Option) *Context {
	x := &Context{c: c, timeout: DefaultCallTimeout, reserve: DefaultReserve}
	for _, o := range opts {
		o(x)
	}
	return x
}

// Calls returns the most recent calls (at most 256), oldest first, with their errors.
func (x *Context) Calls() []Call {
	x.mu.Lock()
	defer x.mu.Unlock()
	return append([]Call(nil), x.calls...)
}

// ErrNoClient is the cause of an unknown answer when the Context has no client for the service.
var ErrNoClient = errors.New("no client configured")

// ErrBudgetExhausted is the cause of an unknown answer when the caller's deadline, less the reserve, has
// passed before the call could start.
var ErrBudgetExhausted = errors.New("time budget exhausted")

// do runs one call within the time budget, records it, and turns any failure into unknown context that
// names the IAM action the call needs.
func (x *Context) do(ctx context.Context, name, action string, hasClient bool, f func(ctx context.Context) error) error {
	if !hasClient {
		err := &explain.UnknownError{Call: name, Need: action, Err: ErrNoClient}
		x.record(Call{Name: name, Err: err})
		return err
	}
	start := time.Now()
	deadline := start.Add(x.timeout)
	if d, ok := ctx.Deadline(); ok {
		if budget := d.Add(-x.reserve); budget.Before(deadline) {
			deadline = budget
		}
	}
	if !deadline.After(start) {
		err := &explain.UnknownError{Call: name, Need: action, Err: ErrBudgetExhausted}
		x.record(Call{Name: name, Err: err})
		return err
	}
	cctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	err := runSafely(cctx, f)
	c := Call{Name: name, Duration: time.Since(start)}
	if err != nil {
		err = &explain.UnknownError{Call: name, Need: action, Err: err}
		c.Err = err
	}
	x.record(c)
	return err
}

// runSafely runs f and turns a panic inside the SDK or a paginator (a malformed answer) into an error:
// a context source never takes the explanation down with it.
func runSafely(ctx context.Context, f func(ctx context.Context) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error reading the answer: %v", r)
		}
	}()
	return f(ctx)
}

func (x *Context) record(c Call) {
	x.mu.Lock()
	if len(x.calls) >= maxCalls {
		x.calls = append(x.calls[:0], x.calls[len(x.calls)-maxCalls+1:]...)
	}
	x.calls = append(x.calls, c)
	x.mu.Unlock()
}

// FunctionConfiguration calls lambda:GetFunctionConfiguration.
func (x *Context) FunctionConfiguration(ctx context.Context, name string) (*lambdatypes.FunctionConfiguration, error) {
	var out *lambdatypes.FunctionConfiguration
	err := x.do(ctx, "lambda.get-function-configuration", "lambda:GetFunctionConfiguration", x.c.Lambda != nil, func(ctx context.Context) error {
		res, err := x.c.Lambda.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String(name)})
		if err != nil {
			return err
		}
		out = &lambdatypes.FunctionConfiguration{}
		copyFields(out, res)
		return nil
	})
	return out, err
}

func vpcFilter(vpcID string) []ec2types.Filter {
	if vpcID == "" {
		return nil
	}
	return []ec2types.Filter{{Name: aws.String("vpc-id"), Values: []string{vpcID}}}
}

// Subnets calls ec2:DescribeSubnets for the VPC.
func (x *Context) Subnets(ctx context.Context, vpcID string) ([]ec2types.Subnet, error) {
	var out []ec2types.Subnet
	err := x.do(ctx, "ec2.describe-subnets", "ec2:DescribeSubnets", x.c.EC2 != nil, func(ctx context.Context) error {
		p := ec2.NewDescribeSubnetsPaginator(x.c.EC2, &ec2.DescribeSubnetsInput{Filters: vpcFilter(vpcID)})
		for i := 0; p.HasMorePages() && i < maxPages; i++ {
			page, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			out = append(out, page.Subnets...)
		}
		return nil
	})
	return out, err
}

// RouteTables calls ec2:DescribeRouteTables for the VPC.
func (x *Context) RouteTables(ctx context.Context, vpcID string) ([]ec2types.RouteTable, error) {
	var out []ec2types.RouteTable
	err := x.do(ctx, "ec2.describe-route-tables", "ec2:DescribeRouteTables", x.c.EC2 != nil, func(ctx context.Context) error {
		p := ec2.NewDescribeRouteTablesPaginator(x.c.EC2, &ec2.DescribeRouteTablesInput{Filters: vpcFilter(vpcID)})
		for i := 0; p.HasMorePages() && i < maxPages; i++ {
			page, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			out = append(out, page.RouteTables...)
		}
		return nil
	})
	return out, err
}

// NatGateways calls ec2:DescribeNatGateways for the VPC.
func (x *Context) NatGateways(ctx context.Context, vpcID string) ([]ec2types.NatGateway, error) {
	var out []ec2types.NatGateway
	err := x.do(ctx, "ec2.describe-nat-gateways", "ec2:DescribeNatGateways", x.c.EC2 != nil, func(ctx context.Context) error {
		p := ec2.NewDescribeNatGatewaysPaginator(x.c.EC2, &ec2.DescribeNatGatewaysInput{Filter: vpcFilter(vpcID)})
		for i := 0; p.HasMorePages() && i < maxPages; i++ {
			page, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			out = append(out, page.NatGateways...)
		}
		return nil
	})
	return out, err
}

// VpcEndpoints calls ec2:DescribeVpcEndpoints for the VPC.
func (x *Context) VpcEndpoints(ctx context.Context, vpcID string) ([]ec2types.VpcEndpoint, error) {
	var out []ec2types.VpcEndpoint
	err := x.do(ctx, "ec2.describe-vpc-endpoints", "ec2:DescribeVpcEndpoints", x.c.EC2 != nil, func(ctx context.Context) error {
		p := ec2.NewDescribeVpcEndpointsPaginator(x.c.EC2, &ec2.DescribeVpcEndpointsInput{Filters: vpcFilter(vpcID)})
		for i := 0; p.HasMorePages() && i < maxPages; i++ {
			page, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			out = append(out, page.VpcEndpoints...)
		}
		return nil
	})
	return out, err
}

// SecurityGroups calls ec2:DescribeSecurityGroups for the VPC.
func (x *Context) SecurityGroups(ctx context.Context, vpcID string) ([]ec2types.SecurityGroup, error) {
	var out []ec2types.SecurityGroup
	err := x.do(ctx, "ec2.describe-security-groups", "ec2:DescribeSecurityGroups", x.c.EC2 != nil, func(ctx context.Context) error {
		p := ec2.NewDescribeSecurityGroupsPaginator(x.c.EC2, &ec2.DescribeSecurityGroupsInput{Filters: vpcFilter(vpcID)})
		for i := 0; p.HasMorePages() && i < maxPages; i++ {
			page, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			out = append(out, page.SecurityGroups...)
		}
		return nil
	})
	return out, err
}

// NetworkAcls calls ec2:DescribeNetworkAcls for the VPC.
func (x *Context) NetworkAcls(ctx context.Context, vpcID string) ([]ec2types.NetworkAcl, error) {
	var out []ec2types.NetworkAcl
	err := x.do(ctx, "ec2.describe-network-acls", "ec2:DescribeNetworkAcls", x.c.EC2 != nil, func(ctx context.Context) error {
		p := ec2.NewDescribeNetworkAclsPaginator(x.c.EC2, &ec2.DescribeNetworkAclsInput{Filters: vpcFilter(vpcID)})
		for i := 0; p.HasMorePages() && i < maxPages; i++ {
			page, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			out = append(out, page.NetworkAcls...)
		}
		return nil
	})
	return out, err
}

// defaultLogLimit caps the events read when the query sets no limit.
const defaultLogLimit = 500

// LogEvents calls logs:FilterLogEvents on the log group within the window.
func (x *Context) LogEvents(ctx context.Context, q explain.LogQuery) ([]cwltypes.FilteredLogEvent, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = defaultLogLimit
	}
	var out []cwltypes.FilteredLogEvent
	err := x.do(ctx, "logs.filter-log-events", "logs:FilterLogEvents", x.c.Logs != nil, func(ctx context.Context) error {
		in := &cloudwatchlogs.FilterLogEventsInput{
			LogGroupName: aws.String(q.LogGroup),
			StartTime:    aws.Int64(q.Start.UnixMilli()),
			EndTime:      aws.Int64(q.End.UnixMilli()),
			Limit:        aws.Int32(limit),
		}
		if q.Pattern != "" {
			in.FilterPattern = aws.String(q.Pattern)
		}
		p := cloudwatchlogs.NewFilterLogEventsPaginator(x.c.Logs, in)
		for i := 0; p.HasMorePages() && i < maxPages && int32(len(out)) < limit; i++ {
			page, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			out = append(out, page.Events...)
		}
		if int32(len(out)) > limit {
			out = out[:limit]
		}
		return nil
	})
	return out, err
}

// MetricStatistics calls cloudwatch:GetMetricStatistics.
func (x *Context) MetricStatistics(ctx context.Context, q explain.MetricQuery) ([]cwtypes.Datapoint, error) {
	var out []cwtypes.Datapoint
	err := x.do(ctx, "cloudwatch.get-metric-statistics", "cloudwatch:GetMetricStatistics", x.c.CloudWatch != nil, func(ctx context.Context) error {
		period := int32(q.Period / time.Second)
		if period < 60 {
			period = 60
		}
		in := &cloudwatch.GetMetricStatisticsInput{
			Namespace:  aws.String(q.Namespace),
			MetricName: aws.String(q.Name),
			StartTime:  aws.Time(q.Start),
			EndTime:    aws.Time(q.End),
			Period:     aws.Int32(period),
			Statistics: q.Statistics,
		}
		for k, v := range q.Dimensions {
			in.Dimensions = append(in.Dimensions, cwtypes.Dimension{Name: aws.String(k), Value: aws.String(v)})
		}
		res, err := x.c.CloudWatch.GetMetricStatistics(ctx, in)
		if err != nil {
			return err
		}
		out = res.Datapoints
		return nil
	})
	return out, err
}

// TrailEvents calls cloudtrail:LookupEvents within the window, for one resource when the query names it.
func (x *Context) TrailEvents(ctx context.Context, q explain.TrailQuery) ([]cttypes.Event, error) {
	var out []cttypes.Event
	err := x.do(ctx, "cloudtrail.lookup-events", "cloudtrail:LookupEvents", x.c.CloudTrail != nil, func(ctx context.Context) error {
		in := &cloudtrail.LookupEventsInput{StartTime: aws.Time(q.Start), EndTime: aws.Time(q.End)}
		if q.ResourceName != "" {
			in.LookupAttributes = []cttypes.LookupAttribute{{AttributeKey: cttypes.LookupAttributeKeyResourceName, AttributeValue: aws.String(q.ResourceName)}}
		}
		p := cloudtrail.NewLookupEventsPaginator(x.c.CloudTrail, in)
		for i := 0; p.HasMorePages() && i < maxPages; i++ {
			page, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			out = append(out, page.Events...)
		}
		return nil
	})
	return out, err
}

// AuthorizationDetails calls iam:GetAccountAuthorizationDetails for roles and customer managed policies (AWS
// managed policies are many and the same in every account; their documents are not read).
func (x *Context) AuthorizationDetails(ctx context.Context) (*iam.GetAccountAuthorizationDetailsOutput, error) {
	out := &iam.GetAccountAuthorizationDetailsOutput{}
	err := x.do(ctx, "iam.get-account-authorization-details", "iam:GetAccountAuthorizationDetails", x.c.IAM != nil, func(ctx context.Context) error {
		p := iam.NewGetAccountAuthorizationDetailsPaginator(x.c.IAM, &iam.GetAccountAuthorizationDetailsInput{
			Filter: []iamtypes.EntityType{iamtypes.EntityTypeRole, iamtypes.EntityTypeLocalManagedPolicy}})
		for i := 0; p.HasMorePages() && i < maxPages; i++ {
			page, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			out.RoleDetailList = append(out.RoleDetailList, page.RoleDetailList...)
			out.Policies = append(out.Policies, page.Policies...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Table calls dynamodb:DescribeTable.
func (x *Context) Table(ctx context.Context, name string) (*ddbtypes.TableDescription, error) {
	var out *ddbtypes.TableDescription
	err := x.do(ctx, "dynamodb.describe-table", "dynamodb:DescribeTable", x.c.DynamoDB != nil, func(ctx context.Context) error {
		res, err := x.c.DynamoDB.DescribeTable(ctx, &dynamodb.DescribeTableInput{TableName: aws.String(name)})
		if err != nil {
			return err
		}
		if res.Table == nil {
			return errors.New("no Table in the answer")
		}
		out = res.Table
		return nil
	})
	return out, err
}

// QueueAttributes calls sqs:GetQueueUrl and sqs:GetQueueAttributes (All).
func (x *Context) QueueAttributes(ctx context.Context, queue string) (map[string]string, error) {
	var out map[string]string
	err := x.do(ctx, "sqs.get-queue-attributes", "sqs:GetQueueAttributes", x.c.SQS != nil, func(ctx context.Context) error {
		u, err := x.c.SQS.GetQueueUrl(ctx, &sqs.GetQueueUrlInput{QueueName: aws.String(queue)})
		if err != nil {
			return err
		}
		res, err := x.c.SQS.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: u.QueueUrl,
			AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameAll}})
		if err != nil {
			return err
		}
		out = res.Attributes
		return nil
	})
	return out, err
}

// EventSourceMappings calls lambda:ListEventSourceMappings for the function.
func (x *Context) EventSourceMappings(ctx context.Context, function string) ([]lambdatypes.EventSourceMappingConfiguration, error) {
	var out []lambdatypes.EventSourceMappingConfiguration
	err := x.do(ctx, "lambda.list-event-source-mappings", "lambda:ListEventSourceMappings", x.c.Lambda != nil, func(ctx context.Context) error {
		p := lambda.NewListEventSourceMappingsPaginator(x.c.Lambda, &lambda.ListEventSourceMappingsInput{FunctionName: aws.String(function)})
		for i := 0; p.HasMorePages() && i < maxPages; i++ {
			page, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			out = append(out, page.EventSourceMappings...)
		}
		return nil
	})
	return out, err
}

// KeyMetadata calls kms:DescribeKey.
func (x *Context) KeyMetadata(ctx context.Context, keyID string) (*kmstypes.KeyMetadata, error) {
	var out *kmstypes.KeyMetadata
	err := x.do(ctx, "kms.describe-key", "kms:DescribeKey", x.c.KMS != nil, func(ctx context.Context) error {
		res, err := x.c.KMS.DescribeKey(ctx, &kms.DescribeKeyInput{KeyId: aws.String(keyID)})
		if err != nil {
			return err
		}
		if res.KeyMetadata == nil {
			return errors.New("no KeyMetadata in the answer")
		}
		out = res.KeyMetadata
		return nil
	})
	return out, err
}

// AccountSettings calls lambda:GetAccountSettings.
func (x *Context) AccountSettings(ctx context.Context) (*lambda.GetAccountSettingsOutput, error) {
	var out *lambda.GetAccountSettingsOutput
	err := x.do(ctx, "lambda.get-account-settings", "lambda:GetAccountSettings", x.c.Lambda != nil, func(ctx context.Context) error {
		var err error
		out, err = x.c.Lambda.GetAccountSettings(ctx, &lambda.GetAccountSettingsInput{})
		return err
	})
	return out, err
}

// FunctionConcurrency calls lambda:GetFunctionConcurrency.
func (x *Context) FunctionConcurrency(ctx context.Context, name string) (*lambda.GetFunctionConcurrencyOutput, error) {
	var out *lambda.GetFunctionConcurrencyOutput
	err := x.do(ctx, "lambda.get-function-concurrency", "lambda:GetFunctionConcurrency", x.c.Lambda != nil, func(ctx context.Context) error {
		var err error
		out, err = x.c.Lambda.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String(name)})
		return err
	})
	return out, err
}

// maxAlarmNames is the most names one DescribeAlarms request takes.
const maxAlarmNames = 100

// DescribeAlarms calls cloudwatch:DescribeAlarms for the named metric and composite alarms, in batches of
// 100 names.
func (x *Context) DescribeAlarms(ctx context.Context, names []string) (*cloudwatch.DescribeAlarmsOutput, error) {
	out := &cloudwatch.DescribeAlarmsOutput{}
	err := x.do(ctx, "cloudwatch.describe-alarms", "cloudwatch:DescribeAlarms", x.c.CloudWatch != nil, func(ctx context.Context) error {
		batches := [][]string{nil}
		if len(names) > 0 {
			batches = nil
			for i := 0; i < len(names); i += maxAlarmNames {
				batches = append(batches, names[i:min(i+maxAlarmNames, len(names))])
			}
		}
		for _, b := range batches {
			in := &cloudwatch.DescribeAlarmsInput{AlarmNames: b,
				AlarmTypes: []cwtypes.AlarmType{cwtypes.AlarmTypeMetricAlarm, cwtypes.AlarmTypeCompositeAlarm}}
			p := cloudwatch.NewDescribeAlarmsPaginator(x.c.CloudWatch, in)
			for i := 0; p.HasMorePages() && i < maxPages; i++ {
				page, err := p.NextPage(ctx)
				if err != nil {
					return err
				}
				out.MetricAlarms = append(out.MetricAlarms, page.MetricAlarms...)
				out.CompositeAlarms = append(out.CompositeAlarms, page.CompositeAlarms...)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// copyFields copies the exported fields of src into the same-named, same-typed fields of dst: an API output
// struct into the type its fields describe (GetFunctionConfigurationOutput → FunctionConfiguration).
func copyFields(dst, src any) {
	dv, sv := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem()
	for i := 0; i < dv.NumField(); i++ {
		f := dv.Type().Field(i)
		if !f.IsExported() {
			continue
		}
		s := sv.FieldByName(f.Name)
		if s.IsValid() && s.Type() == f.Type {
			dv.Field(i).Set(s)
		}
	}
}
