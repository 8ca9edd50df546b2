package explain

import (
	"context"
	"errors"
	"fmt"
	"time"

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
)

// Context is the AWS context the root-cause rules read. It returns the AWS SDK's own types, so a snapshot
// of AWS CLI output and live SDK responses are read the same way.
//
// A method that could not find out returns an error for which errors.Is(err, ErrUnknown) holds (an
// *UnknownError naming the call): the caller must treat that as "unknown", never as "none". A nil error
// with an empty slice means the call answered and there is nothing.
type Context interface {
	// FunctionConfiguration returns the configuration of a Lambda function by name.
	FunctionConfiguration(ctx context.Context, name string) (*lambdatypes.FunctionConfiguration, error)
	// Subnets returns the subnets of a VPC.
	Subnets(ctx context.Context, vpcID string) ([]ec2types.Subnet, error)
	// RouteTables returns the route tables of a VPC, the main one included.
	RouteTables(ctx context.Context, vpcID string) ([]ec2types.RouteTable, error)
	// NatGateways returns the NAT gateways of a VPC, in any state.
	NatGateways(ctx context.Context, vpcID string) ([]ec2types.NatGateway, error)
	// VpcEndpoints returns the VPC endpoints of a VPC, in any state.
	VpcEndpoints(ctx context.Context, vpcID string) ([]ec2types.VpcEndpoint, error)
	// SecurityGroups returns the security groups of a VPC. Snapshot file: ec2.describe-security-groups.json.
	SecurityGroups(ctx context.Context, vpcID string) ([]ec2types.SecurityGroup, error)
	// NetworkAcls returns the network ACLs of a VPC. Snapshot file: ec2.describe-network-acls.json.
	NetworkAcls(ctx context.Context, vpcID string) ([]ec2types.NetworkAcl, error)
	// AuthorizationDetails returns the account's roles (inline, attached and boundary policies) and local
	// managed policies with their versions. Snapshot file: iam.get-account-authorization-details.json.
	AuthorizationDetails(ctx context.Context) (*iam.GetAccountAuthorizationDetailsOutput, error)
	// Table describes a DynamoDB table. Snapshot file: dynamodb.describe-table.<table>.json.
	Table(ctx context.Context, name string) (*ddbtypes.TableDescription, error)
	// QueueAttributes returns all attributes of an SQS queue by name.
	// Snapshot file: sqs.get-queue-attributes.<queue>.json.
	QueueAttributes(ctx context.Context, queue string) (map[string]string, error)
	// EventSourceMappings returns the event source mappings of a function.
	// Snapshot file: lambda.list-event-source-mappings.json.
	EventSourceMappings(ctx context.Context, function string) ([]lambdatypes.EventSourceMappingConfiguration, error)
	// LogEvents returns the log events of a log group in a time window.
	LogEvents(ctx context.Context, q LogQuery) ([]cwltypes.FilteredLogEvent, error)
	// MetricStatistics returns the datapoints of one metric in a time window.
	MetricStatistics(ctx context.Context, q MetricQuery) ([]cwtypes.Datapoint, error)
	// TrailEvents returns the CloudTrail management events of a time window.
	TrailEvents(ctx context.Context, q TrailQuery) ([]cttypes.Event, error)
	// DescribeAlarms returns the definitions and states of the named alarms (metric and composite): what
	// a composite alarm's event does not carry about its members. Names not found are simply absent.
	// Snapshot file: cloudwatch.describe-alarms.json (aws cloudwatch describe-alarms --alarm-names …).
	DescribeAlarms(ctx context.Context, names []string) (*cloudwatch.DescribeAlarmsOutput, error)
	// KeyMetadata returns a KMS key's metadata (KeyState, deletion date) by key ID or ARN.
	// Snapshot file: kms.describe-key.<key-id>.json.
	KeyMetadata(ctx context.Context, keyID string) (*kmstypes.KeyMetadata, error)
	// AccountSettings returns the Lambda account limits and usage.
	// Snapshot file: lambda.get-account-settings.json.
	AccountSettings(ctx context.Context) (*lambda.GetAccountSettingsOutput, error)
	// FunctionConcurrency returns a function's reserved concurrency; ReservedConcurrentExecutions is nil
	// when none is set. Snapshot file: lambda.get-function-concurrency.<function>.json.
	FunctionConcurrency(ctx context.Context, name string) (*lambda.GetFunctionConcurrencyOutput, error)
}

// LogQuery selects log events.
type LogQuery struct {
	LogGroup string
	Start    time.Time
	End      time.Time
	// Pattern is a CloudWatch Logs filter pattern; a snapshot holds whatever its capture returned and
	// ignores it, so rules must still match the messages themselves.
	Pattern string
	// Limit caps the number of events; 0 means the implementation's default.
	Limit int32
}

// MetricQuery selects the statistics of one metric.
type MetricQuery struct {
	Namespace  string
	Name       string
	Dimensions map[string]string
	Start      time.Time
	End        time.Time
	Period     time.Duration
	Statistics []cwtypes.Statistic
}

// TrailQuery selects CloudTrail events.
type TrailQuery struct {
	Start time.Time
	End   time.Time
	// ResourceName, when set, keeps only events about that resource.
	ResourceName string
}

// ErrUnknown marks context that could not be read: a missing snapshot file, a denied or failed API call.
var ErrUnknown = errors.New("context unknown")

// UnknownError says which call could not be answered and why. errors.Is(err, ErrUnknown) holds for it.
type UnknownError struct {
	// Call is the AWS CLI form of the call: "ec2.describe-route-tables".
	Call string
	// Need is what would decide: a snapshot file name, or an API action and the permission it needs.
	Need string
	// Err is the cause (file not found, access denied, timeout …).
	Err error
}

func (e *UnknownError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("%s unknown", e.Call)
	}
	return fmt.Sprintf("%s unknown: %v", e.Call, e.Err)
}

// Unwrap returns the cause.
func (e *UnknownError) Unwrap() error { return e.Err }

// Is reports whether target is ErrUnknown.
func (e *UnknownError) Is(target error) bool { return target == ErrUnknown }

// IsUnknown reports whether err means "could not find out".
func IsUnknown(err error) bool { return errors.Is(err, ErrUnknown) }

// missingOf describes what would have decided an unknown call, for an explanation's missingContext.
func missingOf(err error) string {
	var u *UnknownError
	if errors.As(err, &u) {
		need := u.Need
		if need == "" {
			need = u.Call
		}
		if u.Err != nil {
			return fmt.Sprintf("%s (%v)", need, u.Err)
		}
		return need
	}
	return err.Error()
}
