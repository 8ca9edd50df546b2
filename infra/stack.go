package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/attestdev/attest/infra/settings"
	"github.com/attestdev/attest/infra/statemachine"
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudtrail"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatch"
	"github.com/aws/aws-cdk-go/awscdk/v2/awscloudwatchactions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsevents"
	"github.com/aws/aws-cdk-go/awscdk/v2/awseventstargets"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslogs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssns"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssnssubscriptions"
	"github.com/aws/aws-cdk-go/awscdk/v2/awssqs"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsstepfunctions"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

// AttestStackProps configures the stack.
type AttestStackProps struct {
	awscdk.StackProps
	// Config holds the checked context options.
	Config settings.Config
	// Binaries maps every function name to the directory that holds its bootstrap executable.
	Binaries map[string]string
}

// AttestStack is the synthesized stack with the resources other code (and tests) refer to.
type AttestStack struct {
	awscdk.Stack
	EvidenceBucket awss3.Bucket
	WorkBucket     awss3.Bucket
	LogsBucket     awss3.Bucket
	SigningKey     awskms.Key
	Topic          awssns.Topic
	StateMachine   awsstepfunctions.StateMachine
	Functions      map[string]awslambda.Function
}

// Event sources and detail types of the three triggers.
const (
	pushDetailType   = "CodeCommit Repository State Change"
	alarmDetailType  = "CloudWatch Alarm State Change"
	configDetailType = "Config Configuration Item Change"
)

// The EventBridge targets retry delivery to the router with backoff for up to four hours (long enough to
// ride out a Lambda outage or throttling), then park the event in the rule's dead-letter queue, which keeps
// it for 14 days.
const (
	targetRetryAttempts = 64
	targetMaxEventAge   = 4 // hours
	dlqRetentionDays    = 14
	workExpiryDays      = 14
)

var logRetention = map[int]awslogs.RetentionDays{
	1: awslogs.RetentionDays_ONE_DAY, 3: awslogs.RetentionDays_THREE_DAYS, 5: awslogs.RetentionDays_FIVE_DAYS,
	7: awslogs.RetentionDays_ONE_WEEK, 14: awslogs.RetentionDays_TWO_WEEKS, 30: awslogs.RetentionDays_ONE_MONTH,
	60: awslogs.RetentionDays_TWO_MONTHS, 90: awslogs.RetentionDays_THREE_MONTHS, 120: awslogs.RetentionDays_FOUR_MONTHS,
	150: awslogs.RetentionDays_FIVE_MONTHS, 180: awslogs.RetentionDays_SIX_MONTHS, 365: awslogs.RetentionDays_ONE_YEAR,
	400: awslogs.RetentionDays_THIRTEEN_MONTHS, 545: awslogs.RetentionDays_EIGHTEEN_MONTHS, 731: awslogs.RetentionDays_TWO_YEARS,
	1096: awslogs.RetentionDays_THREE_YEARS, 1827: awslogs.RetentionDays_FIVE_YEARS, 2192: awslogs.RetentionDays_SIX_YEARS,
	2557: awslogs.RetentionDays_SEVEN_YEARS, 2922: awslogs.RetentionDays_EIGHT_YEARS, 3288: awslogs.RetentionDays_NINE_YEARS,
	3653: awslogs.RetentionDays_TEN_YEARS,
}

// NewAttestStack defines the stack. It returns an error for a configuration the stack cannot express (a
// missing binary, an unknown log retention); CDK itself panics on invalid constructs, which the checked
// configuration rules out.
func NewAttestStack(scope constructs.Construct, id string, props *AttestStackProps) (*AttestStack, error) {
	cfg := props.Config
	retention, ok := logRetention[cfg.LogRetentionDays]
	if !ok {
		return nil, fmt.Errorf("log retention of %d days is not supported by CloudWatch Logs", cfg.LogRetentionDays)
	}
	for _, f := range functions() {
		if props.Binaries[f.name] == "" {
			return nil, fmt.Errorf("no bootstrap binary for function %s", f.name)
		}
	}

	stack := awscdk.NewStack(scope, jsii.String(id), &props.StackProps)
	s := &AttestStack{Stack: stack, Functions: map[string]awslambda.Function{}}
	b := &builder{stack: stack, cfg: cfg, retention: retention}

	s.LogsBucket = b.logsBucket()
	workKey := b.key("WorkKey", "Attest work bucket: run intermediates")
	s.WorkBucket = b.workBucket(workKey, s.LogsBucket)
	evidenceKey := b.key("EvidenceKey", "Attest evidence bucket: evidence packs")
	s.EvidenceBucket = b.evidenceBucket(evidenceKey, s.LogsBucket)
	if cfg.CloudTrail {
		b.trail(s.EvidenceBucket, s.LogsBucket)
	}
	s.SigningKey = awskms.NewKey(stack, jsii.String("SigningKey"), &awskms.KeyProps{
		Description: jsii.String("Attest evidence pack signing key (" + cfg.SigningKeySpec + ")"),
		KeySpec:     awskms.KeySpec(cfg.SigningKeySpec),
		KeyUsage:    awskms.KeyUsage_SIGN_VERIFY,
		// Packs signed with this key are verified for years: never delete it with the stack.
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
	topicKey := b.key("TopicKey", "Attest notification topic")
	s.Topic = b.topic(topicKey)

	work := storeAccess{bucket: s.WorkBucket, key: workKey}
	evidence := storeAccess{bucket: s.EvidenceBucket, key: evidenceKey}
	for _, f := range functions() {
		s.Functions[f.name] = b.function(f, props.Binaries[f.name])
	}
	b.environment(s, workKey, evidenceKey)
	b.grants(s, work, evidence, topicKey)

	def, err := statemachine.Definition(statemachine.Placeholders())
	if err != nil {
		return nil, err
	}
	subs := map[string]*string{}
	for _, step := range statemachine.Steps() {
		subs[statemachine.SubstitutionKey(step)] = s.Functions[step.Name].FunctionArn()
	}
	smLogs := awslogs.NewLogGroup(stack, jsii.String("PipelineLogs"), &awslogs.LogGroupProps{
		// The vended-logs prefix keeps the account's CloudWatch Logs resource policy small.
		LogGroupName:  jsii.Sprintf("/aws/vendedlogs/states/%s-pipeline", id),
		Retention:     retention,
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
	s.StateMachine = awsstepfunctions.NewStateMachine(stack, jsii.String("Pipeline"), &awsstepfunctions.StateMachineProps{
		Comment:                 jsii.String("Attest pipeline: fetch, scan and forecast, explain or evaluate, then evidence and notify"),
		DefinitionBody:          awsstepfunctions.DefinitionBody_FromString(jsii.String(string(def))),
		DefinitionSubstitutions: &subs,
		StateMachineType:        awsstepfunctions.StateMachineType_STANDARD,
		TracingEnabled:          jsii.Bool(true),
		Logs: &awsstepfunctions.LogOptions{
			Destination: smLogs,
			Level:       awsstepfunctions.LogLevel_ALL,
			// Run states hold repository names and store keys, not secrets, but the history already
			// records them: the logs keep only the events.
			IncludeExecutionData: jsii.Bool(false),
		},
	})
	for _, step := range statemachine.Steps() {
		s.Functions[step.Name].GrantInvoke(s.StateMachine)
	}
	router := s.Functions[routerName]
	router.AddEnvironment(jsii.String("STATE_MACHINE_ARN"), s.StateMachine.StateMachineArn(), nil)
	router.AddToRolePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:       jsii.String("StartPipeline"),
		Actions:   jsii.Strings("states:StartExecution"),
		Resources: &[]*string{s.StateMachine.StateMachineArn()},
	}))

	b.rules(router)
	b.feedback(s, router)
	if err := b.portal(s, props.Binaries[portalName], work, evidence); err != nil {
		return nil, err
	}
	b.alarms(s)
	b.outputs(s)
	return s, nil
}

type builder struct {
	stack     awscdk.Stack
	cfg       settings.Config
	retention awslogs.RetentionDays
	dlqs      []awssqs.Queue
}

// key is a customer managed symmetric key with yearly rotation, kept when the stack is deleted (data it
// encrypted would otherwise become unreadable).
func (b *builder) key(id, description string) awskms.Key {
	return awskms.NewKey(b.stack, jsii.String(id), &awskms.KeyProps{
		Description:       jsii.String(description),
		EnableKeyRotation: jsii.Bool(true),
		RemovalPolicy:     awscdk.RemovalPolicy_RETAIN,
	})
}

// logsBucket receives the server access logs of the other buckets and the CloudTrail data events of the
// evidence bucket. S3 server access logs can only be delivered to a bucket with SSE-S3, and not to one with
// Object Lock; CloudTrail still encrypts its own log files with the trail key.
func (b *builder) logsBucket() awss3.Bucket {
	return awss3.NewBucket(b.stack, jsii.String("LogsBucket"), &awss3.BucketProps{
		Encryption:        awss3.BucketEncryption_S3_MANAGED,
		BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
		ObjectOwnership:   awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
		EnforceSSL:        jsii.Bool(true),
		MinimumTLSVersion: jsii.Number(1.2),
		Versioned:         jsii.Bool(true),
		LifecycleRules: &[]*awss3.LifecycleRule{{
			Id: jsii.String("expire-logs"),
			// Access records are kept as long as the evidence they are about.
			Expiration:                          awscdk.Duration_Days(jsii.Number(float64(b.cfg.EvidenceRetentionDays()))),
			NoncurrentVersionExpiration:         awscdk.Duration_Days(jsii.Number(30)),
			AbortIncompleteMultipartUploadAfter: awscdk.Duration_Days(jsii.Number(7)),
		}},
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
}

// workBucket holds run intermediates (events, fetched files, step outputs) for two weeks.
func (b *builder) workBucket(key awskms.Key, logs awss3.Bucket) awss3.Bucket {
	return awss3.NewBucket(b.stack, jsii.String("WorkBucket"), &awss3.BucketProps{
		Encryption:             awss3.BucketEncryption_KMS,
		EncryptionKey:          key,
		BucketKeyEnabled:       jsii.Bool(true),
		BlockPublicAccess:      awss3.BlockPublicAccess_BLOCK_ALL(),
		ObjectOwnership:        awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
		EnforceSSL:             jsii.Bool(true),
		MinimumTLSVersion:      jsii.Number(1.2),
		ServerAccessLogsBucket: logs,
		ServerAccessLogsPrefix: jsii.String("work/"),
		LifecycleRules: &[]*awss3.LifecycleRule{
			{
				Id:         jsii.String("expire-runs"),
				Prefix:     jsii.String("runs/"),
				Expiration: awscdk.Duration_Days(jsii.Number(workExpiryDays)),
			},
			{
				Id:                                  jsii.String("abort-uploads"),
				AbortIncompleteMultipartUploadAfter: awscdk.Duration_Days(jsii.Number(1)),
			},
		},
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
}

// evidenceBucket holds the packs: versioned, Object Lock in compliance mode (nobody, root included, can
// shorten or remove a retention), SSE-KMS with a bucket key, and a policy that refuses plain HTTP, uploads
// not encrypted with the evidence key, deletions and any weakening of the lock.
func (b *builder) evidenceBucket(key awskms.Key, logs awss3.Bucket) awss3.Bucket {
	bucket := awss3.NewBucket(b.stack, jsii.String("EvidenceBucket"), &awss3.BucketProps{
		ObjectLockEnabled:      jsii.Bool(true),
		Versioned:              jsii.Bool(true),
		Encryption:             awss3.BucketEncryption_KMS,
		EncryptionKey:          key,
		BucketKeyEnabled:       jsii.Bool(true),
		BlockPublicAccess:      awss3.BlockPublicAccess_BLOCK_ALL(),
		ObjectOwnership:        awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
		EnforceSSL:             jsii.Bool(true),
		MinimumTLSVersion:      jsii.Number(1.2),
		ServerAccessLogsBucket: logs,
		ServerAccessLogsPrefix: jsii.String("evidence/"),
		RemovalPolicy:          awscdk.RemovalPolicy_RETAIN,
	})
	// The L2 construct writes the default retention in days only; six years are better said as years.
	retention := &awss3.CfnBucket_DefaultRetentionProperty{Mode: jsii.String("COMPLIANCE")}
	if b.cfg.RetentionDays > 0 {
		retention.Days = jsii.Number(float64(b.cfg.RetentionDays))
	} else {
		retention.Years = jsii.Number(float64(b.cfg.RetentionYears))
	}
	cfn := bucket.Node().DefaultChild().(awss3.CfnBucket)
	cfn.SetObjectLockConfiguration(&awss3.CfnBucket_ObjectLockConfigurationProperty{
		ObjectLockEnabled: jsii.String("Enabled"),
		Rule:              &awss3.CfnBucket_ObjectLockRuleProperty{DefaultRetention: retention},
	})

	objects := bucket.ArnForObjects(jsii.String("*"))
	anyone := &[]awsiam.IPrincipal{awsiam.NewAnyPrincipal()}
	deny := func(sid string, actions []string, resources []*string, conditions map[string]any) {
		props := &awsiam.PolicyStatementProps{
			Sid:        jsii.String(sid),
			Effect:     awsiam.Effect_DENY,
			Principals: anyone,
			Actions:    jsii.Strings(actions...),
			Resources:  &resources,
		}
		if conditions != nil {
			props.Conditions = &conditions
		}
		bucket.AddToResourcePolicy(awsiam.NewPolicyStatement(props))
	}
	// Default encryption would encrypt an upload anyway; requiring the header with our key makes a
	// misconfigured writer fail loudly instead of writing under another key.
	deny("DenyUploadsWithoutKMS", []string{"s3:PutObject"}, []*string{objects}, map[string]any{
		"StringNotEquals": map[string]any{"s3:x-amz-server-side-encryption": "aws:kms"},
	})
	deny("DenyUploadsWithOtherKeys", []string{"s3:PutObject"}, []*string{objects}, map[string]any{
		"StringNotEqualsIfExists": map[string]any{"s3:x-amz-server-side-encryption-aws-kms-key-id": key.KeyArn()},
	})
	// Object Lock already refuses to delete a locked version; a plain DeleteObject would still hide the
	// pack behind a delete marker, and governance bypass or a new lock configuration would weaken future
	// packs. Changing the retention therefore means editing this policy first (the account root can).
	deny("DenyDeletion", []string{"s3:DeleteObject", "s3:DeleteObjectVersion", "s3:BypassGovernanceRetention"}, []*string{objects}, nil)
	deny("DenyLockChanges", []string{"s3:PutBucketObjectLockConfiguration"}, []*string{bucket.BucketArn()}, nil)
	return bucket
}

// trail records every read and write of the evidence bucket (S3 data events) into the logs bucket, with
// log file validation and KMS encryption. Server access logs are best effort; these are the complete record
// of downloads.
func (b *builder) trail(evidence, logs awss3.Bucket) {
	key := b.key("TrailKey", "Attest CloudTrail log files of evidence bucket access")
	account := awscdk.Aws_ACCOUNT_ID()
	key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("CloudTrailEncryptLogs"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("cloudtrail.amazonaws.com"), nil)},
		Actions:    jsii.Strings("kms:GenerateDataKey*"),
		Resources:  jsii.Strings("*"),
		Conditions: &map[string]any{
			// CloudTrail puts the trail's ARN in the encryption context: only trails of this account.
			"StringLike": map[string]any{
				"kms:EncryptionContext:aws:cloudtrail:arn": jsii.Sprintf("arn:%s:cloudtrail:*:%s:trail/*", *awscdk.Aws_PARTITION(), *account),
			},
		},
	}), jsii.Bool(false))
	key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("CloudTrailDescribeKey"),
		Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("cloudtrail.amazonaws.com"), nil)},
		Actions:    jsii.Strings("kms:DescribeKey"),
		Resources:  jsii.Strings("*"),
	}), jsii.Bool(false))

	trail := awscloudtrail.NewTrail(b.stack, jsii.String("EvidenceAccessTrail"), &awscloudtrail.TrailProps{
		Bucket:                     logs,
		S3KeyPrefix:                jsii.String("cloudtrail"),
		EncryptionKey:              key,
		EnableFileValidation:       jsii.Bool(true),
		IncludeGlobalServiceEvents: jsii.Bool(false),
		IsMultiRegionTrail:         jsii.Bool(false),
		// Management events are the account trail's job; a second copy here would be billed.
		ManagementEvents:     awscloudtrail.ReadWriteType_NONE,
		SendToCloudWatchLogs: jsii.Bool(false),
	})
	trail.AddS3EventSelector(&[]*awscloudtrail.S3EventSelector{{Bucket: evidence}}, &awscloudtrail.AddEventSelectorOptions{
		ReadWriteType:           awscloudtrail.ReadWriteType_ALL,
		IncludeManagementEvents: jsii.Bool(false),
	})
	// The trail checks its bucket policy and key policy when it is created.
	trail.Node().AddDependency(key)
}

// topic is the notification topic, encrypted with its own key so that CloudWatch alarms (which cannot use
// the AWS managed SNS key) may publish to it.
func (b *builder) topic(key awskms.Key) awssns.Topic {
	topic := awssns.NewTopic(b.stack, jsii.String("NotificationTopic"), &awssns.TopicProps{
		DisplayName: jsii.String("Attest"),
		MasterKey:   key,
		EnforceSSL:  jsii.Bool(true),
	})
	cloudwatch := awsiam.NewServicePrincipal(jsii.String("cloudwatch.amazonaws.com"), nil)
	key.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("CloudWatchAlarmsUseKey"),
		Principals: &[]awsiam.IPrincipal{cloudwatch},
		Actions:    jsii.Strings("kms:Decrypt", "kms:GenerateDataKey*"),
		Resources:  jsii.Strings("*"),
	}), jsii.Bool(false))
	// The topic policy replaces SNS's default one, which is what lets alarms publish: allow the alarms of
	// this account explicitly.
	topic.AddToResourcePolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:        jsii.String("CloudWatchAlarmsPublish"),
		Principals: &[]awsiam.IPrincipal{cloudwatch},
		Actions:    jsii.Strings("sns:Publish"),
		Resources:  &[]*string{topic.TopicArn()},
		Conditions: &map[string]any{
			"StringEquals": map[string]any{"aws:SourceAccount": awscdk.Aws_ACCOUNT_ID()},
			"ArnLike": map[string]any{"aws:SourceArn": b.stack.FormatArn(&awscdk.ArnComponents{
				Service: jsii.String("cloudwatch"), Resource: jsii.String("alarm:*"), ArnFormat: awscdk.ArnFormat_COLON_RESOURCE_NAME,
			})},
		},
	}))
	if b.cfg.NotificationEmail != "" {
		topic.AddSubscription(awssnssubscriptions.NewEmailSubscription(jsii.String(b.cfg.NotificationEmail), nil))
	}
	return topic
}

// function defines one Lambda function with its own role (CloudWatch Logs for its own log group only; the
// X-Ray permissions come with active tracing) and its own log group.
func (b *builder) function(f function, asset string) awslambda.Function {
	id := "Fn" + strings.ToUpper(f.name[:1]) + f.name[1:]
	logs := awslogs.NewLogGroup(b.stack, jsii.String(id+"Logs"), &awslogs.LogGroupProps{
		Retention:     b.retention,
		RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
	})
	role := awsiam.NewRole(b.stack, jsii.String(id+"Role"), &awsiam.RoleProps{
		AssumedBy:   awsiam.NewServicePrincipal(jsii.String("lambda.amazonaws.com"), nil),
		Description: jsii.String("Attest " + f.name + " function"),
	})
	role.AddToPolicy(awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
		Sid:       jsii.String("WriteOwnLogs"),
		Actions:   jsii.Strings("logs:CreateLogStream", "logs:PutLogEvents"),
		Resources: &[]*string{logs.LogGroupArn()},
	}))
	props := &awslambda.FunctionProps{
		Description:  jsii.String("Attest " + f.name),
		Runtime:      awslambda.Runtime_PROVIDED_AL2023(),
		Architecture: awslambda.Architecture_ARM_64(),
		Handler:      jsii.String("bootstrap"),
		Code:         awslambda.Code_FromAsset(jsii.String(asset), nil),
		MemorySize:   jsii.Number(float64(f.memory)),
		Timeout:      awscdk.Duration_Seconds(jsii.Number(f.timeout.Seconds())),
		Tracing:      awslambda.Tracing_ACTIVE,
		LogGroup:     logs,
		Role:         role,
	}
	if f.name == routerName {
		// EventBridge invokes the router asynchronously: an event the router fails on twice is kept here.
		dlq := b.queue("RouterDeadLetterQueue")
		props.DeadLetterQueue = dlq
		props.RetryAttempts = jsii.Number(2)
		props.MaxEventAge = awscdk.Duration_Hours(jsii.Number(6))
	}
	return awslambda.NewFunction(b.stack, jsii.String(id), props)
}

// queue is a dead-letter queue: encrypted, TLS only, kept 14 days (SQS's maximum).
func (b *builder) queue(id string) awssqs.Queue {
	q := awssqs.NewQueue(b.stack, jsii.String(id), &awssqs.QueueProps{
		Encryption:      awssqs.QueueEncryption_SQS_MANAGED,
		EnforceSSL:      jsii.Bool(true),
		RetentionPeriod: awscdk.Duration_Days(jsii.Number(dlqRetentionDays)),
	})
	b.dlqs = append(b.dlqs, q)
	return q
}

func (b *builder) environment(s *AttestStack, workKey, evidenceKey awskms.Key) {
	set := func(fn string, kv ...*string) {
		for i := 0; i+1 < len(kv); i += 2 {
			s.Functions[fn].AddEnvironment(kv[i], kv[i+1], nil)
		}
	}
	for _, f := range functions() {
		set(f.name, jsii.String("WORK_BUCKET"), s.WorkBucket.BucketName(), jsii.String("WORK_KMS_KEY_ARN"), workKey.KeyArn())
	}
	set(routerName,
		jsii.String("WATCH_REPOSITORIES"), jsii.String(strings.Join(b.cfg.Repositories, ",")),
		jsii.String("SCAN_TAGS"), jsii.String(strconv.FormatBool(b.cfg.ScanTags)))
	set(statemachine.Fetch.Name, jsii.String("MAX_FILE_BYTES"), jsii.String(strconv.Itoa(b.cfg.MaxFileBytes)))
	set(statemachine.Evaluate.Name, jsii.String("CONFIG_DELIVERY_BUCKETS"), jsii.String(strings.Join(b.cfg.ConfigDeliveryBuckets, ",")))
	set(statemachine.Evidence.Name,
		jsii.String("EVIDENCE_BUCKET"), s.EvidenceBucket.BucketName(),
		jsii.String("EVIDENCE_KMS_KEY_ARN"), evidenceKey.KeyArn(),
		jsii.String("SIGNING_KEY_ID"), s.SigningKey.KeyArn(),
		jsii.String("RETENTION_DAYS"), jsii.String(strconv.Itoa(b.cfg.EvidenceRetentionDays())))
	set(statemachine.Explain.Name,
		jsii.String("EVIDENCE_BUCKET"), s.EvidenceBucket.BucketName(),
		jsii.String("EVIDENCE_KMS_KEY_ARN"), evidenceKey.KeyArn())
	set(statemachine.Notify.Name,
		jsii.String("TOPIC_ARN"), s.Topic.TopicArn(),
		jsii.String("EVIDENCE_BUCKET"), s.EvidenceBucket.BucketName(),
		jsii.String("PORTAL_URL"), jsii.String(b.cfg.PortalURL))
}

// rules routes the three event types to the router, each through a target with retries and its own
// dead-letter queue.
func (b *builder) rules(router awslambda.Function) {
	refTypes := []string{"branch"}
	if b.cfg.ScanTags {
		refTypes = append(refTypes, "tag")
	}
	push := map[string]any{
		// A deleted reference has no commit to scan.
		"event":         []string{"referenceCreated", "referenceUpdated"},
		"referenceType": refTypes,
	}
	if len(b.cfg.Repositories) > 0 {
		push["repositoryName"] = b.cfg.Repositories
	}
	b.rule("PushRule", "A push to a CodeCommit branch starts a scan and forecast run",
		"aws.codecommit", pushDetailType, push, router)
	b.rule("AlarmRule", "A CloudWatch alarm entering ALARM starts an explanation run",
		"aws.cloudwatch", alarmDetailType, map[string]any{"state": map[string]any{"value": []string{"ALARM"}}}, router)
	b.rule("ConfigRule", "An AWS Config configuration item change starts an evaluation run",
		"aws.config", configDetailType, map[string]any{
			"messageType": []string{"ConfigurationItemChangeNotification", "OversizedConfigurationItemChangeNotification"},
		}, router)
}

func (b *builder) rule(id, description, source, detailType string, detail map[string]any, router awslambda.Function) {
	rule := awsevents.NewRule(b.stack, jsii.String(id), &awsevents.RuleProps{
		Description: jsii.String(description),
		EventPattern: &awsevents.EventPattern{
			Source:     jsii.Strings(source),
			DetailType: jsii.Strings(detailType),
			Detail:     &detail,
		},
	})
	rule.AddTarget(awseventstargets.NewLambdaFunction(router, &awseventstargets.LambdaFunctionProps{
		DeadLetterQueue: b.queue(id + "DeadLetterQueue"),
		RetryAttempts:   jsii.Number(targetRetryAttempts),
		MaxEventAge:     awscdk.Duration_Hours(jsii.Number(targetMaxEventAge)),
	}))
}

// alarms tell the topic when an event is parked in a dead-letter queue, when a run fails (an incomplete
// pack, or no pack) and when the router itself errs.
func (b *builder) alarms(s *AttestStack) {
	action := awscloudwatchactions.NewSnsAction(s.Topic)
	alarm := func(id, description string, metric awscloudwatch.Metric) {
		a := metric.CreateAlarm(b.stack, jsii.String(id), &awscloudwatch.CreateAlarmOptions{
			AlarmDescription:   jsii.String(description),
			Threshold:          jsii.Number(1),
			EvaluationPeriods:  jsii.Number(1),
			ComparisonOperator: awscloudwatch.ComparisonOperator_GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
			TreatMissingData:   awscloudwatch.TreatMissingData_NOT_BREACHING,
		})
		a.AddAlarmAction(action)
	}
	five := &awscloudwatch.MetricOptions{Period: awscdk.Duration_Minutes(jsii.Number(5)), Statistic: jsii.String("Maximum")}
	for _, q := range b.dlqs {
		alarm(*q.Node().Id()+"Alarm", "Events wait in this dead-letter queue: they started no run",
			q.MetricApproximateNumberOfMessagesVisible(five))
	}
	sum := &awscloudwatch.MetricOptions{Period: awscdk.Duration_Minutes(jsii.Number(5)), Statistic: jsii.String("Sum")}
	alarm("PipelineFailedAlarm", "A run failed: its pack is incomplete or missing, or its notification was not sent",
		s.StateMachine.MetricFailed(sum))
	alarm("PipelineTimedOutAlarm", "A run timed out before writing its evidence pack", s.StateMachine.MetricTimedOut(sum))
	alarm("RouterErrorsAlarm", "The router failed on an event", s.Functions[routerName].MetricErrors(sum))
}

func (b *builder) outputs(s *AttestStack) {
	out := func(id, description string, value *string) {
		awscdk.NewCfnOutput(b.stack, jsii.String(id), &awscdk.CfnOutputProps{Description: jsii.String(description), Value: value})
	}
	out("EvidenceBucketName", "Bucket of the evidence packs (Object Lock, compliance mode)", s.EvidenceBucket.BucketName())
	out("WorkBucketName", "Bucket of run intermediates (expire after 14 days)", s.WorkBucket.BucketName())
	out("LogsBucketName", "Bucket of access logs and CloudTrail data events", s.LogsBucket.BucketName())
	out("TopicArn", "Notification topic", s.Topic.TopicArn())
	out("StateMachineArn", "Pipeline state machine", s.StateMachine.StateMachineArn())
	out("SigningKeyArn", "KMS key that signs pack manifests", s.SigningKey.KeyArn())
	out("SigningKeyId", "Key ID of the signing key (aws kms get-public-key --key-id …)", s.SigningKey.KeyId())
}
