// Command explain is the Lambda step that explains a CloudWatch alarm from live AWS context.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/awscontext"
	"github.com/attestdev/attest/shared/store/s3store"
)

type env struct {
	// CallTimeout is each AWS call's budget: EXPLAIN_CALL_TIMEOUT (a Go duration), else the default.
	CallTimeout time.Duration
}

func loadEnv() (env, error) {
	e := env{CallTimeout: awscontext.DefaultCallTimeout}
	if s := os.Getenv("EXPLAIN_CALL_TIMEOUT"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d <= 0 {
			return e, fmt.Errorf("EXPLAIN_CALL_TIMEOUT %q is not a positive duration", s)
		}
		e.CallTimeout = d
	}
	return e, nil
}

func main() {
	e, err := loadEnv()
	if err != nil {
		fmt.Fprintln(os.Stderr, "explain:", err)
		os.Exit(1)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "explain: load AWS config:", err)
		os.Exit(1)
	}
	live := awscontext.FromConfig(cfg, awscontext.WithCallTimeout(e.CallTimeout))
	work, err := s3store.FromEnv(s3.NewFromConfig(cfg), os.Getenv, "WORK_BUCKET", "WORK_KMS_KEY_ARN")
	if err != nil {
		fmt.Fprintln(os.Stderr, "explain:", err)
		os.Exit(1)
	}
	step := &explain.Step{
		Work:      work,
		Explainer: &explain.Explainer{Context: live},
	}
	lambda.Start(step.Run)
}
