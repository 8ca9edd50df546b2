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

type env struct {
	WorkBucket, WorkKey, EvidenceBucket, EvidenceKey, SigningKey string
}

func loadEnv() (env, error) {
	e := env{
		WorkBucket: os.Getenv("WORK_BUCKET"), WorkKey: os.Getenv("WORK_KMS_KEY_ARN"),
		EvidenceBucket: os.Getenv("EVIDENCE_BUCKET"), EvidenceKey: os.Getenv("EVIDENCE_KMS_KEY_ARN"),
		SigningKey: os.Getenv("SIGNING_KEY_ID"),
	}
	if e.WorkBucket == "" || e.EvidenceBucket == "" || e.SigningKey == "" {
		return e, fmt.Errorf("WORK_BUCKET, EVIDENCE_BUCKET and SIGNING_KEY_ID must be set")
	}
	return e, nil
}

func main() {
	e, err := loadEnv()
	if err != nil {
		fmt.Fprintln(os.Stderr, "evidence:", err)
		os.Exit(1)
	}
	ctx := context.Background()
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "evidence: load AWS config:", err)
		os.Exit(1)
	}
	s3c := s3.NewFromConfig(cfg)
	signer, err := kmssign.New(ctx, kms.NewFromConfig(cfg), e.SigningKey)
	if err != nil {
		fmt.Fprintln(os.Stderr, "evidence:", err)
		os.Exit(1)
	}
	packs := s3store.New(s3c, e.EvidenceBucket, s3store.WithKMSKey(e.EvidenceKey))
	if err := evidence.PublishKey(ctx, packs, signer.Public()); err != nil {
		fmt.Fprintln(os.Stderr, "evidence:", err)
		os.Exit(1)
	}
	step := &evidence.Step{
		Work:   s3store.New(s3c, e.WorkBucket, s3store.WithKMSKey(e.WorkKey)),
		Writer: &evidence.Writer{Store: packs, Signer: signer, Now: time.Now, Generator: "attest"},
	}
	lambda.Start(step.Run)
}
