// Command portal is the Lambda behind the auditor portal's HTTP API (API Gateway, JWT authorizer on a
// Cognito user pool): the same API and page as attest portal, over the evidence bucket. Downloads and
// exports are built in /tmp, uploaded to the work bucket and handed out as presigned URLs valid for at most
// 15 minutes, since a Lambda response cannot exceed 6 MB; each is recorded as a signed access record first.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/evidence/kmssign"
	"github.com/attestdev/attest/shared/export"
	"github.com/attestdev/attest/shared/portal"
	"github.com/attestdev/attest/shared/portal/s3outbox"
	"github.com/attestdev/attest/shared/store/s3store"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// settings is the function's configuration, from the environment the stack sets.
type settings struct {
	evidenceBucket, evidenceKey string
	workBucket, workKey         string
	signingKey                  string
	group                       string
}

func fromEnv(getenv func(string) string) (settings, error) {
	s := settings{
		evidenceBucket: getenv("EVIDENCE_BUCKET"), evidenceKey: getenv("EVIDENCE_KMS_KEY_ARN"),
		workBucket: getenv("WORK_BUCKET"), workKey: getenv("WORK_KMS_KEY_ARN"),
		signingKey: getenv("SIGNING_KEY_ID"), group: getenv("AUDITORS_GROUP"),
	}
	for name, v := range map[string]string{"EVIDENCE_BUCKET": s.evidenceBucket, "WORK_BUCKET": s.workBucket, "SIGNING_KEY_ID": s.signingKey} {
		if v == "" {
			return s, fmt.Errorf("%s must be set", name)
		}
	}
	if s.group == "" {
		s.group = portal.DefaultGroup
	}
	return s, nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "portal:", err)
	os.Exit(1)
}

func main() {
	ctx := context.Background()
	cfg, err := fromEnv(os.Getenv)
	if err != nil {
		fail(err)
	}
	aws, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fail(fmt.Errorf("load AWS config: %w", err))
	}
	s3c := s3.NewFromConfig(aws)
	var evOpts []s3store.Option
	if cfg.evidenceKey != "" {
		evOpts = append(evOpts, s3store.WithKMSKey(cfg.evidenceKey))
	}
	packs := s3store.New(s3c, cfg.evidenceBucket, evOpts...)
	signer, err := kmssign.New(ctx, kms.NewFromConfig(aws), cfg.signingKey)
	if err != nil {
		fail(err)
	}
	var outOpts []s3outbox.Option
	if cfg.workKey != "" {
		outOpts = append(outOpts, s3outbox.WithKMSKey(cfg.workKey))
	}
	outbox, err := s3outbox.New(s3c, s3.NewPresignClient(s3c), cfg.workBucket, outOpts...)
	if err != nil {
		fail(err)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, nil))
	writer := &evidence.Writer{Store: packs, Signer: signer, Now: time.Now, Generator: "attest portal"}
	srv := &portal.Server{
		Store: packs, Logger: logger, Outbox: outbox, TempDir: os.TempDir(), Now: time.Now,
		Exporter: &export.Exporter{Store: packs, Signer: signer, Now: time.Now, Generator: "attest portal"},
		Recorder: &export.Recorder{Writer: writer},
	}
	gw := &portal.APIGateway{Handler: srv.Handler(), Group: cfg.group, Now: time.Now, Logger: logger}
	lambda.Start(gw.Handle)
}
