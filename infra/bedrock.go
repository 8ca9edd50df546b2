package main

import (
	"strings"

	"github.com/attestdev/attest/infra/statemachine"
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// bedrockGeographies are the prefixes of cross-region inference profiles.
var bedrockGeographies = []string{"us.", "eu.", "apac.", "us-gov.", "global."}

// bedrock lets the explain step call the configured Bedrock model for its narrative, and nothing else of
// Bedrock; without attest:bedrockModelId it gets neither the permission nor the model. Converse is
// authorized by bedrock:InvokeModel on the model; an inference profile also needs the foundation model in
// each region the profile routes to.
func (b *builder) bedrock(s *AttestStack) {
	id := b.cfg.BedrockModelID
	if id == "" {
		return
	}
	explain := s.Functions[statemachine.Explain.Name]
	explain.AddEnvironment(jsii.String("BEDROCK_MODEL_ID"), jsii.String(id), nil)
	// FormatArn fills in this stack's partition, region and account; a foundation model has no account.
	model := func(region, account *string, resource string) *string {
		return b.stack.FormatArn(&awscdk.ArnComponents{Service: jsii.String("bedrock"), Region: region, Account: account,
			Resource: jsii.String(resource), ArnFormat: awscdk.ArnFormat_NO_RESOURCE_NAME})
	}
	resources := []*string{model(nil, jsii.String(""), "foundation-model/"+id)}
	for _, geo := range bedrockGeographies {
		if strings.HasPrefix(id, geo) {
			resources = []*string{
				model(nil, nil, "inference-profile/"+id),
				model(jsii.String("*"), jsii.String(""), "foundation-model/"+strings.TrimPrefix(id, geo)),
			}
			break
		}
	}
	allow(explain, "NarrativeModel", []string{"bedrock:InvokeModel"}, resources...)
}
