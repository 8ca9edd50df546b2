// Command explain is the Lambda step that explains a CloudWatch alarm from live AWS context, with an
// optional narrative from Amazon Bedrock.
package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/awscontext"
	"github.com/attestdev/attest/shared/explain/narrative"
	"github.com/attestdev/attest/shared/explain/narrative/bedrockconverse"
	"github.com/attestdev/attest/shared/explain/snapshot"
	"github.com/attestdev/attest/shared/store/s3store"
)

type env struct {
	// CallTimeout is each AWS call's budget: EXPLAIN_CALL_TIMEOUT (a Go duration), else the default.
	CallTimeout time.Duration
	// ModelID is the Bedrock model of the narrative: BEDROCK_MODEL_ID; empty turns the narrative off.
	ModelID string
	// NarrativeTimeout bounds the Bedrock call: NARRATIVE_TIMEOUT (a Go duration), else the default.
	NarrativeTimeout time.Duration
}

func duration(name string, def time.Duration) (time.Duration, error) {
	s := os.Getenv(name)
	if s == "" {
		return def, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s %q is not a positive duration", name, s)
	}
	return d, nil
}

func loadEnv() (env, error) {
	var e env
	var err error
	if e.CallTimeout, err = duration("EXPLAIN_CALL_TIMEOUT", awscontext.DefaultCallTimeout); err != nil {
		return e, err
	}
	if e.NarrativeTimeout, err = duration("NARRATIVE_TIMEOUT", narrative.DefaultTimeout); err != nil {
		return e, err
	}
	e.ModelID = os.Getenv("BEDROCK_MODEL_ID")
	return e, nil
}

func main() {
	e, err := loadEnv()
	if err != nil {
		fmt.Fprintln(os.Stderr, "explain:", err)
		os.Exit(1)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "explain: load AWS config:", err)
		os.Exit(1)
	}
	live := awscontext.FromConfig(cfg, awscontext.WithCallTimeout(e.CallTimeout))
	work, err := s3store.FromEnv(s3.NewFromConfig(cfg), os.Getenv, "WORK_BUCKET", "WORK_KMS_KEY_ARN")
	if err != nil {
		fmt.Fprintln(os.Stderr, "explain:", err)
		os.Exit(1)
	}
	x := &explain.Explainer{Context: live}
	if os.Getenv("EVIDENCE_BUCKET") != "" {
		packs, err := s3store.FromEnv(s3.NewFromConfig(cfg), os.Getenv, "EVIDENCE_BUCKET", "EVIDENCE_KMS_KEY_ARN")
		if err != nil {
			fmt.Fprintln(os.Stderr, "explain:", err)
			os.Exit(1)
		}
		// Attest's own push packs join CloudTrail and Config history in "what changed".
		x.Packs = &explain.StorePacks{Evidence: packs, Work: work}
	}
	// The context each explanation used goes into its pack (context/), redacted.
	step := &explain.Step{Work: work, Explainer: x, Record: snapshot.Record}
	if e.ModelID != "" {
		model := bedrockconverse.New(bedrockruntime.NewFromConfig(cfg), bedrockconverse.WithModelID(e.ModelID))
		step.Narrator = &narrative.Narrator{Model: model, Timeout: e.NarrativeTimeout}
	}
	lambda.Start(step.Run)
}
