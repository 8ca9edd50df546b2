// Command notify is the Lambda step that imports a run's findings into Security Hub (branch pushes and
// Config evaluations) and publishes its notification to SNS.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/attestdev/attest/shared/notify"
	"github.com/attestdev/attest/shared/notify/snspublish"
	"github.com/attestdev/attest/shared/securityhub"
	"github.com/attestdev/attest/shared/securityhub/securityhubimport"
	"github.com/attestdev/attest/shared/store/s3store"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	securityhubsdk "github.com/aws/aws-sdk-go-v2/service/securityhub"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

type env struct {
	Topic       string // TOPIC_ARN
	PortalURL   string // PORTAL_URL
	WorkBucket  string // WORK_BUCKET: the run's outputs, and the findings last imported per stream
	WorkKey     string // WORK_KMS_KEY_ARN
	SecurityHub bool   // SECURITY_HUB=true imports findings
	Evidence    string // EVIDENCE_BUCKET: the packs a digest summarises
	Digest      bool   // DIGEST=true answers digest requests
}

func loadEnv(getenv func(string) string) (env, error) {
	e := env{Topic: getenv("TOPIC_ARN"), PortalURL: getenv("PORTAL_URL"), WorkBucket: getenv("WORK_BUCKET"),
		WorkKey: getenv("WORK_KMS_KEY_ARN"), SecurityHub: getenv("SECURITY_HUB") == "true",
		Evidence: getenv("EVIDENCE_BUCKET"), Digest: getenv("DIGEST") == "true"}
	if e.Topic == "" {
		return e, fmt.Errorf("TOPIC_ARN must be set")
	}
	if e.SecurityHub && e.WorkBucket == "" {
		return e, fmt.Errorf("SECURITY_HUB needs WORK_BUCKET")
	}
	if e.Digest && e.Evidence == "" {
		return e, fmt.Errorf("DIGEST needs EVIDENCE_BUCKET")
	}
	return e, nil
}

func main() {
	e, err := loadEnv(os.Getenv)
	if err != nil {
		fmt.Fprintln(os.Stderr, "notify:", err)
		os.Exit(1)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "notify: load AWS config:", err)
		os.Exit(1)
	}
	publisher := &snspublish.Publisher{API: sns.NewFromConfig(cfg), TopicARN: e.Topic}
	s3client := s3.NewFromConfig(cfg)
	step := &notify.Step{Publisher: publisher, PortalURL: e.PortalURL}
	if e.Digest {
		step.Digest = &notify.DigestStep{Packs: s3store.New(s3client, e.Evidence), Publisher: publisher, PortalURL: e.PortalURL}
	}
	if e.SecurityHub {
		var opts []s3store.Option
		if e.WorkKey != "" {
			opts = append(opts, s3store.WithKMSKey(e.WorkKey))
		}
		hub := securityhubsdk.NewFromConfig(cfg, func(o *securityhubsdk.Options) { o.Retryer = securityhubimport.Retryer() })
		step.Exporters = map[string]notify.Exporter{"securityhub": &securityhub.Exporter{
			Importer: &securityhubimport.Importer{API: hub},
			Work:     s3store.New(s3client, e.WorkBucket, opts...),
		}}
	}
	lambda.Start(step.Run)
}
