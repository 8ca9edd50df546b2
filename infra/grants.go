package main

import (
	"github.com/attestdev/attest/infra/statemachine"
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"
)

// storeAccess is a bucket used as a store and the key its objects are encrypted with.
type storeAccess struct {
	bucket awss3.Bucket
	key    awskms.Key
}

// The grants are written out action by action instead of using the L2 grant helpers, which add
// s3:DeleteObject*, s3:List* and s3:GetBucket* that no step calls.

// read allows GetObject, and the decryption S3 does for it on the caller's behalf.
func read(fn awslambda.Function, sid string, s storeAccess) {
	allow(fn, sid+"Read", []string{"s3:GetObject"}, s.bucket.ArnForObjects(jsii.String("*")))
	allowVia(fn, sid+"Decrypt", []string{"kms:Decrypt"}, s.key.KeyArn(), "s3")
}

// write allows PutObject (also conditional puts), with the data key S3 generates for SSE-KMS. A writer
// never needs kms:Encrypt: S3 encrypts with a generated data key.
func write(fn awslambda.Function, sid string, s storeAccess) {
	allow(fn, sid+"Write", []string{"s3:PutObject"}, s.bucket.ArnForObjects(jsii.String("*")))
	allowVia(fn, sid+"Encrypt", []string{"kms:GenerateDataKey"}, s.key.KeyArn(), "s3")
}

func allow(fn awslambda.Function, sid string, actions []string, resources ...*string) {
	fn.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:       jsii.String(sid),
		Actions:   jsii.Strings(actions...),
		Resources: &resources,
	}))
}

// allowVia allows KMS actions on a key only through the given service (s3, sns), so the role cannot use the
// key directly.
func allowVia(fn awslambda.Function, sid string, actions []string, key *string, service string) {
	fn.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:       jsii.String(sid),
		Actions:   jsii.Strings(actions...),
		Resources: &[]*string{key},
		Conditions: &map[string]any{"StringEquals": map[string]any{
			"kms:ViaService": jsii.Sprintf("%s.%s.amazonaws.com", service, *awscdk.Aws_REGION()),
		}},
	}))
}

// grants gives each function exactly the calls it makes.
func (b *builder) grants(s *AttestStack, work, evidence storeAccess, topicKey awskms.Key) {
	arn := func(service, resource string, sep awscdk.ArnFormat) *string {
		return b.stack.FormatArn(&awscdk.ArnComponents{Service: jsii.String(service), Resource: jsii.String(resource), ArnFormat: sep})
	}
	fn := s.Functions

	// router: stores the event, starts the execution (granted with the state machine).
	read(fn[routerName], "Work", work)
	write(fn[routerName], "Work", work)

	// fetch: reads the pushed commits from the watched repositories (all of this account and region when
	// none are named) and writes their files to the work store. GetMergeCommit finds the merge base of a
	// new branch; there is no IAM action "GetMergeBase".
	fetch := fn[statemachine.Fetch.Name]
	var repos []*string
	for _, r := range b.cfg.Repositories {
		repos = append(repos, arn("codecommit", r, awscdk.ArnFormat_NO_RESOURCE_NAME))
	}
	if len(repos) == 0 {
		repos = []*string{arn("codecommit", "*", awscdk.ArnFormat_NO_RESOURCE_NAME)}
	}
	allow(fetch, "ReadRepositories", []string{
		"codecommit:GetDifferences", "codecommit:GetBlob", "codecommit:GetBranch", "codecommit:GetRepository",
		"codecommit:GetMergeCommit", "codecommit:GetFile",
	}, repos...)
	read(fetch, "Work", work)
	write(fetch, "Work", work)

	// scan and forecast: the work store.
	for _, name := range []string{statemachine.Scan.Name, statemachine.Forecast.Name} {
		read(fn[name], "Work", work)
		write(fn[name], "Work", work)
	}
	// forecast: list prices from the Price List API (cached in the work store for 7 days).
	// pricing:GetProducts has no resource-level permissions, hence "*".
	allow(fn[statemachine.Forecast.Name], "PriceList", []string{"pricing:GetProducts"}, jsii.String("*"))

	// explain: read-only context around the alarmed resource, scoped to this account and region where the
	// API has resource-level permissions.
	explain := fn[statemachine.Explain.Name]
	allow(explain, "DescribeWithoutResourceLevelPermissions", []string{
		"lambda:ListFunctions", "lambda:GetAccountSettings", "lambda:ListEventSourceMappings",
		"ec2:DescribeSubnets", "ec2:DescribeRouteTables", "ec2:DescribeNatGateways", "ec2:DescribeVpcEndpoints",
		"ec2:DescribeSecurityGroups", "ec2:DescribeNetworkAcls", "ec2:DescribeInternetGateways",
		"iam:GetAccountAuthorizationDetails", "cloudwatch:GetMetricStatistics", "cloudtrail:LookupEvents",
		"config:GetResourceConfigHistory",
	}, jsii.String("*"))
	allow(explain, "ReadFunctions", []string{"lambda:GetFunctionConfiguration", "lambda:GetFunctionConcurrency",
		"lambda:GetPolicy", "lambda:ListAliases", "lambda:ListProvisionedConcurrencyConfigs"},
		arn("lambda", "function:*", awscdk.ArnFormat_COLON_RESOURCE_NAME))
	allow(explain, "ReadKeys", []string{"kms:DescribeKey", "kms:GetKeyPolicy"}, arn("kms", "key/*", awscdk.ArnFormat_SLASH_RESOURCE_NAME))
	allow(explain, "ReadLogs", []string{"logs:FilterLogEvents"}, arn("logs", "log-group:*", awscdk.ArnFormat_COLON_RESOURCE_NAME))
	allow(explain, "ReadAlarms", []string{"cloudwatch:DescribeAlarms"}, arn("cloudwatch", "alarm:*", awscdk.ArnFormat_COLON_RESOURCE_NAME))
	allow(explain, "ReadTables", []string{"dynamodb:DescribeTable"}, arn("dynamodb", "table/*", awscdk.ArnFormat_SLASH_RESOURCE_NAME))
	allow(explain, "ReadStateMachines", []string{"states:DescribeStateMachine"}, arn("states", "stateMachine:*", awscdk.ArnFormat_COLON_RESOURCE_NAME))
	allow(explain, "ReadQueues", []string{"sqs:GetQueueUrl", "sqs:GetQueueAttributes"}, arn("sqs", "*", awscdk.ArnFormat_NO_RESOURCE_NAME))
	read(explain, "Work", work)
	write(explain, "Work", work)
	// recent push packs for "what changed": list and read manifests, never write
	read(explain, "Evidence", evidence)
	allow(explain, "ListPacks", []string{"s3:ListBucket"}, evidence.bucket.BucketArn())
	b.bedrock(s)   // the narrative model, when attest:bedrockModelId names one
	b.orgPolicy(s) // the organisation's policy file, when attest:policyUri names one

	// evaluate: the work store, and oversized configuration items from the named Config delivery buckets
	// only. With none named it gets no S3 read beyond the work bucket: an oversized item is then reported
	// as not assessed rather than read from anywhere.
	evaluate := fn[statemachine.Evaluate.Name]
	read(evaluate, "Work", work)
	write(evaluate, "Work", work)
	if len(b.cfg.ConfigDeliveryBuckets) > 0 {
		var objs []*string
		for _, bucket := range b.cfg.ConfigDeliveryBuckets {
			objs = append(objs, jsii.Sprintf("arn:%s:s3:::%s/*", *awscdk.Aws_PARTITION(), bucket))
		}
		allow(evaluate, "ReadOversizedConfigItems", []string{"s3:GetObject"}, objs...)
	}

	// evidence: reads the run's outputs, writes the pack and its chain entry (conditional puts, list of the
	// chain, reads of the previous manifest), sets retention, and signs with the signing key.
	ev := fn[statemachine.Evidence.Name]
	read(ev, "Work", work)
	read(ev, "Evidence", evidence)
	write(ev, "Evidence", evidence)
	allow(ev, "ListEvidence", []string{"s3:ListBucket"}, evidence.bucket.BucketArn())
	allow(ev, "RetainEvidence", []string{"s3:PutObjectRetention"}, evidence.bucket.ArnForObjects(jsii.String("*")))
	allow(ev, "SignPacks", []string{"kms:Sign", "kms:GetPublicKey"}, s.SigningKey.KeyArn())

	// notify: reads the run's outputs and the pack, publishes to the encrypted topic.
	nt := fn[statemachine.Notify.Name]
	read(nt, "Work", work)
	read(nt, "Evidence", evidence)
	allow(nt, "Publish", []string{"sns:Publish"}, s.Topic.TopicArn())
	allowVia(nt, "TopicKey", []string{"kms:GenerateDataKey", "kms:Decrypt"}, topicKey.KeyArn(), "sns")
	// With Security Hub: imports as the account's own product (the default product ARN), and keeps the
	// findings last imported per branch or resource in the work store.
	if b.cfg.SecurityHub {
		allow(nt, "ImportFindings", []string{"securityhub:BatchImportFindings"},
			arn("securityhub", "product/"+*b.stack.Account()+"/default", awscdk.ArnFormat_NO_RESOURCE_NAME))
		write(nt, "Work", work)
	}
	// With the daily digest: lists the day's packs in the evidence bucket.
	if b.cfg.DailyDigest {
		allow(nt, "ListPacks", []string{"s3:ListBucket"}, evidence.bucket.BucketArn())
	}

	// review: reads the run's findings and forecast, comments on the pull request and sets its approval, in
	// the watched repositories only.
	rv := fn[statemachine.Review.Name]
	read(rv, "Work", work)
	allow(rv, "ReviewPullRequests", []string{
		"codecommit:GetCommentsForPullRequest", "codecommit:PostCommentForPullRequest", "codecommit:UpdateComment",
		"codecommit:UpdatePullRequestApprovalState",
	}, repos...)
}
