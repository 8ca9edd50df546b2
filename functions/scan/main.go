// Command scan is the Lambda step that scans the changed files of a push for weak and quantum-vulnerable
// cryptography and IaC guardrails.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/attestdev/attest/shared/scan"
	"github.com/attestdev/attest/shared/store/s3store"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

type env struct {
	WorkBucket, WorkKey string
}

func loadEnv() (env, error) {
	e := env{WorkBucket: os.Getenv("WORK_BUCKET"), WorkKey: os.Getenv("WORK_KMS_KEY_ARN")}
	if e.WorkBucket == "" {
		return e, fmt.Errorf("WORK_BUCKET must be set")
	}
	return e, nil
}

func main() {
	e, err := loadEnv()
	if err != nil {
		fmt.Fprintln(os.Stderr, "scan:", err)
		os.Exit(1)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "scan: load AWS config:", err)
		os.Exit(1)
	}
	var opts []s3store.Option
	if e.WorkKey != "" {
		opts = append(opts, s3store.WithKMSKey(e.WorkKey))
	}
	step := &scan.Step{
		Work:    s3store.New(s3.NewFromConfig(cfg), e.WorkBucket, opts...),
		Service: scan.New(),
	}
	lambda.Start(step.Run)
}
