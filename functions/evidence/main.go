// Command evidence is the Lambda step that writes a run's signed evidence pack.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/evidence/kmssign"
	"github.com/attestdev/attest/shared/store/s3store"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

func fail(err error) {
	fmt.Fprintln(os.Stderr, "evidence:", err)
	os.Exit(1)
}

func main() {
	ctx := context.Background()
	signingKey := os.Getenv("SIGNING_KEY_ID")
	if signingKey == "" {
		fail(fmt.Errorf("SIGNING_KEY_ID must be set"))
	}
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fail(fmt.Errorf("load AWS config: %w", err))
	}
	s3c := s3.NewFromConfig(cfg)
	work, err := s3store.FromEnv(s3c, os.Getenv, "WORK_BUCKET", "WORK_KMS_KEY_ARN")
	if err != nil {
		fail(err)
	}
	packs, err := s3store.FromEnv(s3c, os.Getenv, "EVIDENCE_BUCKET", "EVIDENCE_KMS_KEY_ARN")
	if err != nil {
		fail(err)
	}
	signer, err := kmssign.New(ctx, kms.NewFromConfig(cfg), signingKey)
	if err != nil {
		fail(err)
	}
	// The public key is published beside the packs, once, so that auditors can verify offline.
	if err := evidence.PublishKey(ctx, packs, signer.Public()); err != nil {
		fail(err)
	}
	step := &evidence.Step{
		Work:   work,
		Writer: &evidence.Writer{Store: packs, Signer: signer, Now: time.Now, Generator: "attest"},
	}
	lambda.Start(step.Run)
}
