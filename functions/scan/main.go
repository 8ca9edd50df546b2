// Command scan is the Lambda step that scans the changed files of a push for weak and quantum-vulnerable
// cryptography and IaC guardrails.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/attestdev/attest/shared/policy"
	"github.com/attestdev/attest/shared/policy/s3policy"
	"github.com/attestdev/attest/shared/scan"
	"github.com/attestdev/attest/shared/store/s3store"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "scan: load AWS config:", err)
		os.Exit(1)
	}
	work, err := s3store.FromEnv(s3.NewFromConfig(cfg), os.Getenv, "WORK_BUCKET", "WORK_KMS_KEY_ARN")
	if err != nil {
		fmt.Fprintln(os.Stderr, "scan:", err)
		os.Exit(1)
	}
	step := &scan.Step{Work: work, Service: scan.New()}
	if uri := os.Getenv(policy.EnvVar); uri != "" {
		pol, err := s3policy.Load(context.Background(), s3.NewFromConfig(cfg), uri)
		if err != nil {
			fmt.Fprintln(os.Stderr, "scan:", err)
			os.Exit(1)
		}
		step.Policy = &pol
	}
	lambda.Start(step.Run)
}
