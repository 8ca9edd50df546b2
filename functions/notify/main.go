// Command notify is the Lambda step that publishes a run's notification to SNS.
package main

import (
	"context"
	"fmt"
	"os"

	"github.com/attestdev/attest/shared/notify"
	"github.com/attestdev/attest/shared/notify/snspublish"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

func main() {
	topic := os.Getenv("TOPIC_ARN")
	if topic == "" {
		fmt.Fprintln(os.Stderr, "notify: TOPIC_ARN must be set")
		os.Exit(1)
	}
	cfg, err := config.LoadDefaultConfig(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "notify: load AWS config:", err)
		os.Exit(1)
	}
	step := &notify.Step{
		Publisher: &snspublish.Publisher{API: sns.NewFromConfig(cfg), TopicARN: topic},
		PortalURL: os.Getenv("PORTAL_URL"),
	}
	lambda.Start(step.Run)
}
