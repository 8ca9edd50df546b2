// Command forecast is the Lambda step that prices the templates of a push, base against head.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/attestdev/attest/shared/forecast"
	"github.com/attestdev/attest/shared/store/s3store"
)

type env struct {
	WorkBucket string // WORK_BUCKET
	WorkKey    string // WORK_KMS_KEY_ARN
	// Region prices the templates: FORECAST_REGION, else the function's own AWS_REGION.
	Region string
}

func loadEnv() (env, error) {
	e := env{WorkBucket: os.Getenv("WORK_BUCKET"), WorkKey: os.Getenv("WORK_KMS_KEY_ARN"), Region: os.Getenv("FORECAST_REGION")}
	if e.Region == "" {
		e.Region = os.Getenv("AWS_REGION")
	}
	if e.WorkBucket == "" {
		return e, fmt.Errorf("WORK_BUCKET must be set")
	}
	return e, nil
}

func main() {
	e, err := loadEnv()
	if err != nil {
		fmt.Fprintln(os.Stderr, "forecast:", err)
		os.Exit(1)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "forecast: load AWS config:", err)
		os.Exit(1)
	}
	var opts []s3store.Option
	if e.WorkKey != "" {
		opts = append(opts, s3store.WithKMSKey(e.WorkKey))
	}
	step := &forecast.Step{
		Work:    s3store.New(s3.NewFromConfig(cfg), e.WorkBucket, opts...),
		Service: forecast.New(),
		Options: forecast.Options{Region: e.Region},
	}
	lambda.Start(step.Run)
}
