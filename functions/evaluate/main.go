// Command evaluate is the Lambda step of the Config flow: it evaluates a changed resource's configuration item
// against Attest's guardrails and writes evaluation.json to the work bucket.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/attestdev/attest/shared/evaluate"
	"github.com/attestdev/attest/shared/evaluate/s3item"
	"github.com/attestdev/attest/shared/store/s3store"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func main() {
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "evaluate: load AWS config:", err)
		os.Exit(1)
	}
	s3c := s3.NewFromConfig(cfg)
	work, err := s3store.FromEnv(s3c, os.Getenv, "WORK_BUCKET", "WORK_KMS_KEY_ARN")
	if err != nil {
		fmt.Fprintln(os.Stderr, "evaluate:", err)
		os.Exit(1)
	}
	step := &evaluate.Step{
		Work: work,
		// Oversized items are read from AWS Config's delivery bucket with the same client; templates for drift
		// are not wired yet, so drift is reported as not assessed.
		Service: &evaluate.Service{Fetcher: s3item.New(s3c)},
	}
	lambda.Start(step.Run)
}
