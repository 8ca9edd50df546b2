// Command infra is the CDK app of Attest: one stack, AttestStack, with the EventBridge rules, the router and
// step functions, the Step Functions pipeline, the evidence, work and logs buckets, the signing key and the
// notification topic. Run it through the CDK CLI from the repository root (cdk.json: "go run ./infra"); it
// builds the Lambda binaries of functions/ for linux/arm64 during synth.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

func main() {
	defer jsii.Close()
	app := newApp("", nil)
	// Deploy into the account and region of the CLI's credentials when known; the stack is region-aware
	// (ARNs of watched repositories, KMS key specs), not region-agnostic.
	var env *awscdk.Environment
	if acct, region := os.Getenv("CDK_DEFAULT_ACCOUNT"), os.Getenv("CDK_DEFAULT_REGION"); acct != "" || region != "" {
		env = &awscdk.Environment{}
		if acct != "" {
			env.Account = jsii.String(acct)
		}
		if region != "" {
			env.Region = jsii.String(region)
		}
	}
	if _, err := synth(context.Background(), app, env, os.Getenv); err != nil {
		jsii.Close()
		fmt.Fprintln(os.Stderr, "attest infra:", err)
		os.Exit(1)
	}
}
