package main

import (
	"github.com/attestdev/attest/infra/settings"
	"github.com/attestdev/attest/infra/statemachine"
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// orgPolicy gives the scan and review functions the organisation's policy file named by attest:policyUri:
// its location in ATTEST_POLICY, and the read of that one object. Without the setting, each repository's
// .attest.yml (when a push changes it) and the default policy apply. A file encrypted with a customer
// managed key also needs kms:Decrypt on that key, which the key's own policy must grant to these roles.
func (b *builder) orgPolicy(s *AttestStack) {
	uri := b.cfg.PolicyURI
	if uri == "" {
		return
	}
	bucket, key, _ := settings.SplitS3URI(uri) // checked when the settings were parsed
	object := b.stack.FormatArn(&awscdk.ArnComponents{Service: jsii.String("s3"), Region: jsii.String(""),
		Account: jsii.String(""), Resource: jsii.String(bucket), ResourceName: jsii.String(key),
		ArnFormat: awscdk.ArnFormat_SLASH_RESOURCE_NAME})
	for _, name := range []string{statemachine.Scan.Name, statemachine.Review.Name} {
		fn, ok := s.Functions[name]
		if !ok {
			continue
		}
		fn.AddEnvironment(jsii.String("ATTEST_POLICY"), jsii.String(uri), nil)
		allow(fn, "OrganisationPolicy", []string{"s3:GetObject"}, object)
	}
}
