// Command forecast is the Lambda step that prices the templates of a push, base against head.
package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"strconv"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/attestdev/attest/shared/forecast"
	"github.com/attestdev/attest/shared/forecast/pricelist"
	"github.com/attestdev/attest/shared/policy"
	"github.com/attestdev/attest/shared/store/s3store"
)

type env struct {
	// Region prices the templates: FORECAST_REGION, else the function's own AWS_REGION.
	Region string
	// EmbeddedPrices prices from the embedded snapshot (PRICES=embedded) instead of the live Price List
	// API behind a 7-day cache in the work store (the default).
	EmbeddedPrices bool
	// Cost holds the thresholds above which a push's cost increase blocks: COST_MAX_MONTHLY_DELTA_USD and
	// COST_MAX_MONTHLY_DELTA_PERCENT, each optional.
	Cost policy.Cost
}

func loadEnv() (env, error) {
	e := env{Region: os.Getenv("FORECAST_REGION")}
	if e.Region == "" {
		e.Region = os.Getenv("AWS_REGION")
	}
	switch v := os.Getenv("PRICES"); v {
	case "", "live":
	case "embedded":
		e.EmbeddedPrices = true
	default:
		return e, fmt.Errorf("PRICES=%q: want live or embedded", v)
	}
	for _, t := range []struct {
		name string
		dst  **float64
	}{{"COST_MAX_MONTHLY_DELTA_USD", &e.Cost.MaxMonthlyDeltaUSD}, {"COST_MAX_MONTHLY_DELTA_PERCENT", &e.Cost.MaxMonthlyDeltaPercent}} {
		v := os.Getenv(t.name)
		if v == "" {
			continue
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
			return e, fmt.Errorf("%s=%q: want a non-negative number", t.name, v)
		}
		*t.dst = &f
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
	svc := forecast.New()
	if !e.EmbeddedPrices {
		svc.WithSource(&forecast.Cached{Store: work, Live: &pricelist.Client{API: pricelist.NewAPI(cfg)}})
	}
	step := &forecast.Step{
		Work:    work,
		Service: svc,
		Options: forecast.Options{Region: e.Region, Cost: e.Cost},
	}
	lambda.Start(step.Run)
}
