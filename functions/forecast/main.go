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
	// Region prices the templates: FORECAST_REGION, else the function's own AWS_REGION.
	Region string
}

func loadEnv() (env, error) {
	e := env{Region: os.Getenv("FORECAST_REGION")}
	if e.Region == "" {
		e.Region = os.Getenv("AWS_REGION")
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
	work, err := s3store.FromEnv(s3.NewFromConfig(cfg), os.Getenv, "WORK_BUCKET", "WORK_KMS_KEY_ARN")
	if err != nil {
		fmt.Fprintln(os.Stderr, "forecast:", err)
		os.Exit(1)
	}
	step := &forecast.Step{
		Work:    work,
		Service: forecast.New(),
		Options: forecast.Options{Region: e.Region},
	}
	lambda.Start(step.Run)
}
