// Command router is the Lambda function that EventBridge invokes for every CodeCommit push, CloudWatch alarm
// state change and AWS Config item change: it decides what runs, stores the event and starts the state
// machine, once per event identity.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"

	"github.com/attestdev/attest/shared/router"
	"github.com/attestdev/attest/shared/router/sfnstart"
	"github.com/attestdev/attest/shared/store/s3store"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
)

type env struct {
	StateMachineARN string // STATE_MACHINE_ARN
	WorkBucket      string // WORK_BUCKET
	WorkKey         string // WORK_KMS_KEY_ARN
	Router          router.Config
}

// loadEnv reads the configuration: STATE_MACHINE_ARN and WORK_BUCKET are required; WATCH_REPOSITORIES is a
// comma-separated list (empty: every repository); SCAN_TAGS is a boolean.
func loadEnv(getenv func(string) string) (env, error) {
	e := env{StateMachineARN: getenv("STATE_MACHINE_ARN"), WorkBucket: getenv("WORK_BUCKET"), WorkKey: getenv("WORK_KMS_KEY_ARN")}
	if e.StateMachineARN == "" {
		return e, fmt.Errorf("STATE_MACHINE_ARN must be set")
	}
	if e.WorkBucket == "" {
		return e, fmt.Errorf("WORK_BUCKET must be set")
	}
	for _, r := range strings.Split(getenv("WATCH_REPOSITORIES"), ",") {
		if r = strings.TrimSpace(r); r != "" {
			e.Router.WatchRepositories = append(e.Router.WatchRepositories, r)
		}
	}
	if s := strings.TrimSpace(getenv("SCAN_TAGS")); s != "" {
		v, err := strconv.ParseBool(s)
		if err != nil {
			return e, fmt.Errorf("SCAN_TAGS %q is not a boolean", s)
		}
		e.Router.ScanTags = v
	}
	return e, nil
}

// handler takes the raw event, so that a malformed one reaches the parser and is reported by its error type.
func handler(svc *router.Service) func(context.Context, json.RawMessage) (router.Result, error) {
	return svc.Handle
}

func main() {
	e, err := loadEnv(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "router:", err)
		os.Exit(1)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "router: load AWS config:", err)
		os.Exit(1)
	}
	var opts []s3store.Option
	if e.WorkKey != "" {
		opts = append(opts, s3store.WithKMSKey(e.WorkKey))
	}
	svc := &router.Service{
		Starter: sfnstart.New(sfn.NewFromConfig(cfg), e.StateMachineARN),
		Work:    s3store.New(s3.NewFromConfig(cfg), e.WorkBucket, opts...),
		Config:  e.Router,
		Logger:  slog.New(slog.NewJSONHandler(os.Stdout, nil)),
	}
	lambda.Start(handler(svc))
}
