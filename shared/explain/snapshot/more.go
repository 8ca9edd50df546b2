package snapshot

import (
	"context"
	"errors"
	"fmt"

	"github.com/aws/aws-sdk-go-v2/service/configservice"
	configtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"

	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/attestdev/attest/shared/explain"
)

var (
	_ explain.KeyPolicyReader              = (*Snapshot)(nil)
	_ explain.FunctionPolicyReader         = (*Snapshot)(nil)
	_ explain.ProvisionedConcurrencyReader = (*Snapshot)(nil)
	_ explain.ConfigHistoryReader          = (*Snapshot)(nil)
	_ explain.NetworkInterfaceReader       = (*Snapshot)(nil)
)

// NetworkInterfaces reads ec2.describe-network-interfaces.json and keeps the interfaces of the VPC.
func (s *Snapshot) NetworkInterfaces(_ context.Context, vpcID string) ([]ec2types.NetworkInterface, error) {
	out, err := load[ec2.DescribeNetworkInterfacesOutput](s, "ec2.describe-network-interfaces", "ec2.describe-network-interfaces.json")
	if err != nil {
		return nil, err
	}
	return inVPC(out.NetworkInterfaces, vpcID, func(x ec2types.NetworkInterface) *string { return x.VpcId }), nil
}

// FunctionPolicy reads lambda.get-policy.<function>.json; {} (no Policy) means the function has no
// resource-based policy.
func (s *Snapshot) FunctionPolicy(_ context.Context, name string) (*lambda.GetPolicyOutput, error) {
	const call = "lambda.get-policy"
	if !resourceName.MatchString(name) {
		return nil, &explain.UnknownError{Call: call, Need: call + ".<function>.json", Err: fmt.Errorf("invalid function name %q", name)}
	}
	return load[lambda.GetPolicyOutput](s, call, fmt.Sprintf("%s.%s.json", call, name))
}

// ProvisionedConcurrencyConfigs reads lambda.list-provisioned-concurrency-configs.<function>.json.
func (s *Snapshot) ProvisionedConcurrencyConfigs(_ context.Context, name string) ([]lambdatypes.ProvisionedConcurrencyConfigListItem, error) {
	const call = "lambda.list-provisioned-concurrency-configs"
	if !resourceName.MatchString(name) {
		return nil, &explain.UnknownError{Call: call, Need: call + ".<function>.json", Err: fmt.Errorf("invalid function name %q", name)}
	}
	out, err := load[lambda.ListProvisionedConcurrencyConfigsOutput](s, call, fmt.Sprintf("%s.%s.json", call, name))
	if err != nil {
		return nil, err
	}
	return out.ProvisionedConcurrencyConfigs, nil
}

// Aliases reads lambda.list-aliases.<function>.json.
func (s *Snapshot) Aliases(_ context.Context, name string) ([]lambdatypes.AliasConfiguration, error) {
	const call = "lambda.list-aliases"
	if !resourceName.MatchString(name) {
		return nil, &explain.UnknownError{Call: call, Need: call + ".<function>.json", Err: fmt.Errorf("invalid function name %q", name)}
	}
	out, err := load[lambda.ListAliasesOutput](s, call, fmt.Sprintf("%s.%s.json", call, name))
	if err != nil {
		return nil, err
	}
	return out.Aliases, nil
}

// KeyPolicy reads kms.get-key-policy.<key-id>.json and returns the policy document; an ARN is reduced to
// its key id.
func (s *Snapshot) KeyPolicy(_ context.Context, keyID string) (string, error) {
	const call = "kms.get-key-policy"
	id := KeyFileID(keyID)
	if !resourceName.MatchString(id) {
		return "", &explain.UnknownError{Call: call, Need: call + ".<key-id>.json", Err: fmt.Errorf("invalid key id %q", keyID)}
	}
	file := fmt.Sprintf("%s.%s.json", call, id)
	out, err := load[kms.GetKeyPolicyOutput](s, call, file)
	if err != nil {
		return "", err
	}
	if out.Policy == nil {
		return "", &explain.UnknownError{Call: call, Need: file, Err: errors.New("no Policy")}
	}
	return *out.Policy, nil
}

// ResourceConfigHistory reads config.get-resource-config-history.json and keeps the items of the resource
// (matched by resource id or name). The file holds one capture; items of other resources in it are dropped
// rather than shown as this resource's history.
func (s *Snapshot) ResourceConfigHistory(_ context.Context, resourceType, resourceID string) ([]configtypes.ConfigurationItem, error) {
	const call = "config.get-resource-config-history"
	out, err := load[configservice.GetResourceConfigHistoryOutput](s, call, call+".json")
	if err != nil {
		return nil, err
	}
	var items []configtypes.ConfigurationItem
	for _, it := range out.ConfigurationItems {
		if resourceType != "" && string(it.ResourceType) != resourceType {
			continue
		}
		if resourceID != "" && deref(it.ResourceId) != resourceID && deref(it.ResourceName) != resourceID {
			continue
		}
		items = append(items, it)
	}
	return items, nil
}
