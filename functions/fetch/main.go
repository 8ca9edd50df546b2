// Command fetch is the Lambda step that downloads the files a CodeCommit push changed into the work bucket.
package main

import (
	"context"
	"fmt"
	"os"
	"strconv"

	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/source"
	"github.com/attestdev/attest/shared/source/codecommit"
	"github.com/attestdev/attest/shared/store/s3store"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	codecommitsdk "github.com/aws/aws-sdk-go-v2/service/codecommit"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

type env struct {
	WorkBucket   string // WORK_BUCKET
	WorkKey      string // WORK_KMS_KEY_ARN
	MaxFileBytes int64  // MAX_FILE_BYTES, default source.DefaultMaxFileBytes
}

func loadEnv(getenv func(string) string) (env, error) {
	e := env{WorkBucket: getenv("WORK_BUCKET"), WorkKey: getenv("WORK_KMS_KEY_ARN"), MaxFileBytes: source.DefaultMaxFileBytes}
	if e.WorkBucket == "" {
		return e, fmt.Errorf("WORK_BUCKET must be set")
	}
	if s := getenv("MAX_FILE_BYTES"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n <= 0 {
			return e, fmt.Errorf("MAX_FILE_BYTES %q is not a positive number of bytes", s)
		}
		e.MaxFileBytes = n
	}
	return e, nil
}

func handler(svc *source.Service) func(context.Context, run.State) (run.State, error) {
	return svc.Fetch
}

func main() {
	e, err := loadEnv(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "fetch:", err)
		os.Exit(1)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "fetch: load AWS config:", err)
		os.Exit(1)
	}
	var opts []s3store.Option
	if e.WorkKey != "" {
		opts = append(opts, s3store.WithKMSKey(e.WorkKey))
	}
	svc := &source.Service{
		Repo:         codecommit.New(codecommitsdk.NewFromConfig(cfg)),
		Work:         s3store.New(s3.NewFromConfig(cfg), e.WorkBucket, opts...),
		MaxFileBytes: e.MaxFileBytes,
	}
	lambda.Start(handler(svc))
}
