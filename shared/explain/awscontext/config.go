package awscontext

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/kms"
	lambdasvc "github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sfn"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

// FromConfig builds a Context with a client of every service it reads, from one AWS configuration: the
// explain Lambda and `attest explain --live` read live AWS the same way.
func FromConfig(cfg aws.Config, opts ...Option) *Context {
	return New(Clients{
		Lambda:        lambdasvc.NewFromConfig(cfg),
		EC2:           ec2.NewFromConfig(cfg),
		Logs:          cloudwatchlogs.NewFromConfig(cfg),
		CloudWatch:    cloudwatch.NewFromConfig(cfg),
		CloudTrail:    cloudtrail.NewFromConfig(cfg),
		KMS:           kms.NewFromConfig(cfg),
		IAM:           iam.NewFromConfig(cfg),
		DynamoDB:      dynamodb.NewFromConfig(cfg),
		SQS:           sqs.NewFromConfig(cfg),
		Config:        configservice.NewFromConfig(cfg),
		StepFunctions: sfn.NewFromConfig(cfg),
	}, opts...)
}
