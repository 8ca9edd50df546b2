package explain

import (
	"context"
	"errors"

	configtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
)

// The interfaces below are context that newer rules read beyond Context. Each is a separate small interface
// so that a Context implementation can add them one at a time; a Context that does not implement one is
// read as answering ErrUnknown for it (the explanation names the snapshot file that would decide), never as
// "nothing there".

// KeyPolicyReader returns a KMS key's policy.
type KeyPolicyReader interface {
	// KeyPolicy returns the policy document (JSON) of a key's default policy, by key ID or ARN.
	// Snapshot file: kms.get-key-policy.<key-id>.json (aws kms get-key-policy --key-id K --policy-name default).
	KeyPolicy(ctx context.Context, keyID string) (string, error)
}

// FunctionPolicyReader returns a Lambda function's resource-based policy.
type FunctionPolicyReader interface {
	// FunctionPolicy returns the resource-based policy of a function (unqualified). A function without
	// one answers with a nil Policy and a nil error (the API's ResourceNotFoundException for the policy).
	// Snapshot file: lambda.get-policy.<function>.json (aws lambda get-policy --function-name F); a
	// snapshot records "no policy" as {}.
	FunctionPolicy(ctx context.Context, name string) (*lambda.GetPolicyOutput, error)
}

// ProvisionedConcurrencyReader returns a function's provisioned concurrency and aliases.
type ProvisionedConcurrencyReader interface {
	// ProvisionedConcurrencyConfigs returns the provisioned concurrency configurations of every version
	// and alias of a function. Snapshot file: lambda.list-provisioned-concurrency-configs.<function>.json.
	ProvisionedConcurrencyConfigs(ctx context.Context, name string) ([]lambdatypes.ProvisionedConcurrencyConfigListItem, error)
	// Aliases returns a function's aliases. Snapshot file: lambda.list-aliases.<function>.json.
	Aliases(ctx context.Context, name string) ([]lambdatypes.AliasConfiguration, error)
}

// NetworkInterfaceReader returns the network interfaces of a VPC: among them the EFS mount targets' (whose
// security groups are the mount targets' security groups, and whose description names the file system).
type NetworkInterfaceReader interface {
	// NetworkInterfaces returns the network interfaces of a VPC. Snapshot file:
	// ec2.describe-network-interfaces.json (aws ec2 describe-network-interfaces --filters Name=vpc-id,Values=V).
	NetworkInterfaces(ctx context.Context, vpcID string) ([]ec2types.NetworkInterface, error)
}

// ConfigHistoryReader returns AWS Config's recorded history of a resource.
type ConfigHistoryReader interface {
	// ResourceConfigHistory returns the configuration items AWS Config recorded for one resource (type
	// AWS::Lambda::Function, id the function's name), in any order; the caller keeps those of its window.
	// Snapshot file: config.get-resource-config-history.json (aws configservice
	// get-resource-config-history --resource-type T --resource-id ID).
	ResourceConfigHistory(ctx context.Context, resourceType, resourceID string) ([]configtypes.ConfigurationItem, error)
}

// errNotProvided marks context the Context implementation cannot give at all (it lacks the reader), as
// opposed to context it could not read this time.
var errNotProvided = errors.New("the context source does not provide this call")

// notImplemented is the answer for context the Context implementation cannot give at all.
func notImplemented(call, file string) error {
	return &UnknownError{Call: call, Need: file, Err: errNotProvided}
}

// keyPolicy reads a key policy through the Context when it can.
func keyPolicy(ctx context.Context, c Context, keyID string) (string, error) {
	if r, ok := c.(KeyPolicyReader); ok {
		return r.KeyPolicy(ctx, keyID)
	}
	return "", notImplemented("kms.get-key-policy", "kms.get-key-policy."+keyIDOf(keyID)+".json")
}

// functionPolicy reads a function's resource policy through the Context when it can.
func functionPolicy(ctx context.Context, c Context, name string) (*lambda.GetPolicyOutput, error) {
	if r, ok := c.(FunctionPolicyReader); ok {
		return r.FunctionPolicy(ctx, name)
	}
	return nil, notImplemented("lambda.get-policy", "lambda.get-policy."+name+".json")
}

// provisionedConfigs reads a function's provisioned concurrency through the Context when it can.
func provisionedConfigs(ctx context.Context, c Context, name string) ([]lambdatypes.ProvisionedConcurrencyConfigListItem, error) {
	if r, ok := c.(ProvisionedConcurrencyReader); ok {
		return r.ProvisionedConcurrencyConfigs(ctx, name)
	}
	return nil, notImplemented("lambda.list-provisioned-concurrency-configs", "lambda.list-provisioned-concurrency-configs."+name+".json")
}

// aliases reads a function's aliases through the Context when it can.
func aliases(ctx context.Context, c Context, name string) ([]lambdatypes.AliasConfiguration, error) {
	if r, ok := c.(ProvisionedConcurrencyReader); ok {
		return r.Aliases(ctx, name)
	}
	return nil, notImplemented("lambda.list-aliases", "lambda.list-aliases."+name+".json")
}

// configHistory reads AWS Config's history of a resource through the Context when it can.
func configHistory(ctx context.Context, c Context, resourceType, resourceID string) ([]configtypes.ConfigurationItem, error) {
	r, ok := c.(ConfigHistoryReader)
	if !ok {
		return nil, notImplemented("config.get-resource-config-history", "config.get-resource-config-history.json")
	}
	return r.ResourceConfigHistory(ctx, resourceType, resourceID)
}

// networkInterfaces reads a VPC's network interfaces through the Context when it can.
func networkInterfaces(ctx context.Context, c Context, vpcID string) ([]ec2types.NetworkInterface, error) {
	if r, ok := c.(NetworkInterfaceReader); ok {
		return r.NetworkInterfaces(ctx, vpcID)
	}
	return nil, notImplemented("ec2.describe-network-interfaces", "ec2.describe-network-interfaces.json")
}

// keyIDOf reduces a key ARN (arn:aws:kms:…:key/<id>) to its id, the name snapshot files use.
func keyIDOf(key string) string {
	for i := len(key) - 1; i >= 0; i-- {
		if key[i] == '/' || key[i] == ':' {
			return key[i+1:]
		}
	}
	return key
}

// StateMachineReader reads a state machine's definition (stepfunctions.describe-state-machine.<name>.json),
// through which a Step Functions alarm is explained by the Lambda functions its tasks invoke.
type StateMachineReader interface {
	StateMachine(ctx context.Context, arn string) (*sfn.DescribeStateMachineOutput, error)
}
