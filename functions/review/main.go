// Command review is the Lambda step that comments on a pull request with the run's result and sets Attest's
// approval of its revision (the merge gate).
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/attestdev/attest/shared/policy"
	"github.com/attestdev/attest/shared/policy/s3policy"
	"github.com/attestdev/attest/shared/review"
	"github.com/attestdev/attest/shared/review/codecommitreview"
	"github.com/attestdev/attest/shared/store/s3store"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	codecommitsdk "github.com/aws/aws-sdk-go-v2/service/codecommit"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

type env struct {
	WorkBucket string        // WORK_BUCKET
	WorkKey    string        // WORK_KMS_KEY_ARN
	PortalURL  string        // PORTAL_URL
	Policy     policy.Policy // POLICY: the policy file's YAML; ATTEST_POLICY (s3://bucket/key) overrides it; default policy.Default()
	// FromDeployment is set when POLICY or ATTEST_POLICY gave the policy: it then overrides the repository's.
	FromDeployment bool
}

func loadEnv(getenv func(string) string) (env, error) {
	e := env{WorkBucket: getenv("WORK_BUCKET"), WorkKey: getenv("WORK_KMS_KEY_ARN"), PortalURL: getenv("PORTAL_URL"), Policy: policy.Default()}
	if e.WorkBucket == "" {
		return e, fmt.Errorf("WORK_BUCKET must be set")
	}
	if y := getenv("POLICY"); y != "" {
		p, err := policy.Parse([]byte(y))
		if err != nil {
			return e, fmt.Errorf("POLICY: %w", err)
		}
		e.Policy = p
		e.FromDeployment = true
	}
	return e, nil
}

func main() {
	e, err := loadEnv(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "review:", err)
		os.Exit(1)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "review: load AWS config:", err)
		os.Exit(1)
	}
	var opts []s3store.Option
	if e.WorkKey != "" {
		opts = append(opts, s3store.WithKMSKey(e.WorkKey))
	}
	// The deployment's policy file, the one the scan function applies, decides what blocks a merge.
	if uri := os.Getenv(policy.EnvVar); uri != "" {
		pol, err := s3policy.Load(context.Background(), s3.NewFromConfig(cfg), uri)
		if err != nil {
			fmt.Fprintln(os.Stderr, "review:", err)
			os.Exit(1)
		}
		e.Policy = pol
		e.FromDeployment = true
	}
	step := &review.Step{
		Work:           s3store.New(s3.NewFromConfig(cfg), e.WorkBucket, opts...),
		Host:           &codecommitreview.Host{API: codecommitsdk.NewFromConfig(cfg)},
		Policy:         e.Policy,
		FromDeployment: e.FromDeployment,
		PortalURL:      e.PortalURL,
	}
	lambda.Start(step.Run)
}
