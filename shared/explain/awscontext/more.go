package awscontext

import (
	"context"
	"errors"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/attestdev/attest/shared/explain"
)

var (
	_ explain.KeyPolicyReader              = (*Context)(nil)
	_ explain.FunctionPolicyReader         = (*Context)(nil)
	_ explain.ProvisionedConcurrencyReader = (*Context)(nil)
	_ explain.ConfigHistoryReader          = (*Context)(nil)
)

// The calls below answer the optional readers of package explain (KeyPolicyReader, FunctionPolicyReader,
// ProvisionedConcurrencyReader, ConfigHistoryReader) and complete the design's snapshot table
// (ec2.describe-internet-gateways).

// KeyPolicy calls kms:GetKeyPolicy for the key's default policy (the only policy name KMS has) and
// returns the policy document.
func (x *Context) KeyPolicy(ctx context.Context, keyID string) (string, error) {
	var out string
	err := x.do(ctx, "kms.get-key-policy", "kms:GetKeyPolicy", x.c.KMS != nil, func(ctx context.Context) error {
		res, err := x.c.KMS.GetKeyPolicy(ctx, &kms.GetKeyPolicyInput{KeyId: aws.String(keyID), PolicyName: aws.String("default")})
		if err != nil {
			return err
		}
		if res.Policy == nil {
			return errors.New("no Policy in the answer")
		}
		out = *res.Policy
		return nil
	})
	return out, err
}

// FunctionPolicy calls lambda:GetPolicy. A function without a resource-based policy (the API answers
// ResourceNotFoundException) is an empty answer, not an unknown one.
func (x *Context) FunctionPolicy(ctx context.Context, name string) (*lambda.GetPolicyOutput, error) {
	var out *lambda.GetPolicyOutput
	err := x.do(ctx, "lambda.get-policy", "lambda:GetPolicy", x.c.Lambda != nil, func(ctx context.Context) error {
		res, err := x.c.Lambda.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String(name)})
		var nf *lambdatypes.ResourceNotFoundException
		if errors.As(err, &nf) {
			out = &lambda.GetPolicyOutput{}
			return nil
		}
		if err != nil {
			return err
		}
		out = res
		return nil
	})
	return out, err
}

// ProvisionedConcurrencyConfigs calls lambda:ListProvisionedConcurrencyConfigs for the function.
func (x *Context) ProvisionedConcurrencyConfigs(ctx context.Context, name string) ([]lambdatypes.ProvisionedConcurrencyConfigListItem, error) {
	var out []lambdatypes.ProvisionedConcurrencyConfigListItem
	err := x.do(ctx, "lambda.list-provisioned-concurrency-configs", "lambda:ListProvisionedConcurrencyConfigs", x.c.Lambda != nil, func(ctx context.Context) error {
		p := lambda.NewListProvisionedConcurrencyConfigsPaginator(x.c.Lambda, &lambda.ListProvisionedConcurrencyConfigsInput{FunctionName: aws.String(name)})
		for i := 0; p.HasMorePages() && i < maxPages; i++ {
			page, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			out = append(out, page.ProvisionedConcurrencyConfigs...)
		}
		return nil
	})
	return out, err
}

// Aliases calls lambda:ListAliases for the function.
func (x *Context) Aliases(ctx context.Context, name string) ([]lambdatypes.AliasConfiguration, error) {
	var out []lambdatypes.AliasConfiguration
	err := x.do(ctx, "lambda.list-aliases", "lambda:ListAliases", x.c.Lambda != nil, func(ctx context.Context) error {
		p := lambda.NewListAliasesPaginator(x.c.Lambda, &lambda.ListAliasesInput{FunctionName: aws.String(name)})
		for i := 0; p.HasMorePages() && i < maxPages; i++ {
			page, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			out = append(out, page.Aliases...)
		}
		return nil
	})
	return out, err
}

// InternetGateways calls ec2:DescribeInternetGateways for the gateways attached to the VPC.
func (x *Context) InternetGateways(ctx context.Context, vpcID string) ([]ec2types.InternetGateway, error) {
	var out []ec2types.InternetGateway
	err := x.do(ctx, "ec2.describe-internet-gateways", "ec2:DescribeInternetGateways", x.c.EC2 != nil, func(ctx context.Context) error {
		in := &ec2.DescribeInternetGatewaysInput{}
		if vpcID != "" {
			in.Filters = []ec2types.Filter{{Name: aws.String("attachment.vpc-id"), Values: []string{vpcID}}}
		}
		p := ec2.NewDescribeInternetGatewaysPaginator(x.c.EC2, in)
		for i := 0; p.HasMorePages() && i < maxPages; i++ {
			page, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			out = append(out, page.InternetGateways...)
		}
		return nil
	})
	return out, err
}

// maxConfigItems bounds the history read: the items around an alarm, not a resource's whole life.
const maxConfigItems = 100

// ResourceConfigHistory calls config:GetResourceConfigHistory for one resource, newest first and at
// most 100 items (the caller keeps those of its window). A resource Config does not record
// (ResourceNotDiscoveredException) is unknown, not "no changes".
func (x *Context) ResourceConfigHistory(ctx context.Context, resourceType, resourceID string) ([]cfgtypes.ConfigurationItem, error) {
	var out []cfgtypes.ConfigurationItem
	err := x.do(ctx, "config.get-resource-config-history", "config:GetResourceConfigHistory", x.c.Config != nil, func(ctx context.Context) error {
		p := configservice.NewGetResourceConfigHistoryPaginator(x.c.Config, &configservice.GetResourceConfigHistoryInput{
			ResourceType: cfgtypes.ResourceType(resourceType),
			ResourceId:   aws.String(resourceID),
			Limit:        maxConfigItems,
		})
		for i := 0; p.HasMorePages() && i < maxPages && len(out) < maxConfigItems; i++ {
			page, err := p.NextPage(ctx)
			if err != nil {
				return err
			}
			out = append(out, page.ConfigurationItems...)
		}
		if len(out) > maxConfigItems {
			out = out[:maxConfigItems]
		}
		return nil
	})
	return out, err
}
