package suppress

import "strings"

// foreignRule maps one check of another tool to the Attest rules that test the same thing on the same
// resource type, by rule ID or AWS Config identifier. A suppression written for that check then also
// accepts the Attest results, with the same reason.
type foreignRule struct {
	tool  string   // FormCfnNag or FormCheckov
	id    string   // the tool's own identifier
	check string   // what the tool's check tests, in its own words
	rules []string // Attest rule IDs or AWS Config identifiers
}

// foreignRules is the one table of other tools' checks that Attest honours. A check is listed only where its
// meaning matches an Attest rule: Attest's rule fails only where the listed check fails too, on the same
// resource. Partial overlaps are left out on purpose (cfn_nag W86 and checkov CKV_AWS_66 ask only that a log
// group sets a retention, where Attest asks for a year; checkov CKV_AWS_53–56 test one flag each of the four
// that s3-bucket-level-public-access-prohibited needs; the IAM wildcard checks differ in which statements
// they flag). An id missing here is reported as a note, never silently accepted.
//
// Sources: stelligent/cfn_nag lib/cfn-nag/custom_rules and bridgecrewio/checkov
// checkov/cloudformation/checks/resource/aws.
var foreignRules = []foreignRule{
	// cfn_nag
	{FormCfnNag, "W35", "S3 Bucket should have access logging configured", []string{"s3-bucket-logging-enabled"}},
	{FormCfnNag, "W41", "S3 Bucket should have encryption option set", []string{"s3-bucket-server-side-encryption-enabled"}},
	{FormCfnNag, "W31", "S3 Bucket likely should not have a public read acl", []string{"s3-bucket-public-read-prohibited"}},
	{FormCfnNag, "F14", "S3 Bucket should not have a public read-write acl", []string{"s3-bucket-public-write-prohibited", "s3-bucket-public-read-prohibited"}},
	{FormCfnNag, "F1", "EBS volume should have server-side encryption enabled", []string{"encrypted-volumes"}},
	{FormCfnNag, "F26", "RDS DBCluster should have StorageEncrypted enabled", []string{"rds-storage-encrypted"}},
	{FormCfnNag, "F27", "RDS DBInstance should have StorageEncrypted enabled", []string{"rds-storage-encrypted"}},
	{FormCfnNag, "F22", "RDS instance should not be publicly accessible", []string{"rds-instance-public-access-check"}},
	{FormCfnNag, "F32", "EFS FileSystem should have encryption enabled", []string{"efs-encrypted-check"}},
	{FormCfnNag, "F25", "ElastiCache ReplicationGroup should have encryption enabled for at rest", []string{"elasticache-repl-grp-encrypted-at-rest"}},
	{FormCfnNag, "F33", "ElastiCache ReplicationGroup should have encryption enabled for in transit", []string{"elasticache-repl-grp-encrypted-in-transit"}},
	{FormCfnNag, "W26", "Elastic Load Balancer should have access logging enabled", []string{"elb-logging-enabled"}},
	{FormCfnNag, "W52", "Elastic Load Balancer V2 should have access logging enabled", []string{"elb-logging-enabled"}},
	{FormCfnNag, "W54", "ElasticsearchDomain should specify EncryptionAtRestOptions", []string{"opensearch-encrypted-at-rest"}},
	{FormCfnNag, "W85", "ElasticsearchDomain should have NodeToNodeEncryptionOptions enabled", []string{"opensearch-node-to-node-encryption-check"}},
	{FormCfnNag, "F19", "EnableKeyRotation should not be false or absent on KMS::Key resource", []string{"cmk-backing-key-rotation-enabled"}},
	{FormCfnNag, "W10", "CloudFront Distribution should enable access logging", []string{"cloudfront-accesslogs-enabled"}},
	{FormCfnNag, "W70", "Cloudfront should use minimum protocol version TLS 1.2", []string{"ATT-CRYPTO-WEAK-TLS-POLICY"}},
	{FormCfnNag, "W74", "DynamoDB table should have encryption enabled using a CMK stored in KMS", []string{"dynamodb-table-encrypted-kms"}},
	{FormCfnNag, "W78", "DynamoDB table should have backup enabled, should be set using PointInTimeRecoveryEnabled", []string{"dynamodb-pitr-enabled"}},
	{FormCfnNag, "W33", "EC2 Subnet should not have MapPublicIpOnLaunch set to true", []string{"subnet-auto-assign-public-ip-disabled"}},
	{FormCfnNag, "W60", "VPC should have a flow log attached", []string{"vpc-flow-logs-enabled"}},
	{FormCfnNag, "W79", "ECR Repository should have scanOnPush enabled", []string{"ecr-private-image-scanning-enabled"}},
	{FormCfnNag, "W84", "CloudWatchLogs LogGroup should specify a KMS Key Id to encrypt the log data", []string{"cloudwatch-log-group-encrypted"}},
	{FormCfnNag, "W47", "SNS Topic should specify KmsMasterKeyId property", []string{"sns-encrypted-kms"}},
	{FormCfnNag, "W48", "SQS Queue should specify KmsMasterKeyId property", []string{"sqs-queue-encrypted"}},
	{FormCfnNag, "W77", "Secrets Manager Secret should explicitly specify KmsKeyId", []string{"secretsmanager-using-cmk"}},
	{FormCfnNag, "F81", "Secrets Manager Secret should explicitly specify KmsKeyId", []string{"secretsmanager-using-cmk"}},
	{FormCfnNag, "F13", "Lambda permission principal should not be wildcard", []string{"lambda-function-public-access-prohibited"}},
	{FormCfnNag, "W89", "Lambda functions should be deployed inside a VPC", []string{"lambda-inside-vpc"}},
	{FormCfnNag, "W92", "Lambda functions should define ReservedConcurrentExecutions", []string{"lambda-concurrency-check"}},

	// checkov
	{FormCheckov, "CKV_AWS_18", "Ensure the S3 bucket has access logging enabled", []string{"s3-bucket-logging-enabled"}},
	{FormCheckov, "CKV_AWS_19", "Ensure the S3 bucket has server-side-encryption enabled", []string{"s3-bucket-server-side-encryption-enabled"}},
	{FormCheckov, "CKV_AWS_20", "Ensure the S3 bucket does not allow READ permissions to everyone", []string{"s3-bucket-public-read-prohibited"}},
	{FormCheckov, "CKV_AWS_57", "Ensure the S3 bucket does not allow WRITE permissions to everyone", []string{"s3-bucket-public-write-prohibited"}},
	{FormCheckov, "CKV_AWS_21", "Ensure the S3 bucket has versioning enabled", []string{"s3-bucket-versioning-enabled"}},
	{FormCheckov, "CKV_AWS_2", "Ensure ALB protocol is HTTPS (an HTTP listener that redirects to HTTPS passes)", []string{"alb-http-to-https-redirection-check"}},
	{FormCheckov, "CKV_AWS_3", "Ensure all data stored in the EBS is securely encrypted", []string{"encrypted-volumes"}},
	{FormCheckov, "CKV_AWS_5", "Ensure all data stored in the Elasticsearch is securely encrypted at rest", []string{"opensearch-encrypted-at-rest"}},
	{FormCheckov, "CKV_AWS_6", "Ensure all Elasticsearch has node-to-node encryption enabled", []string{"opensearch-node-to-node-encryption-check"}},
	{FormCheckov, "CKV_AWS_83", "Ensure Elasticsearch Domain enforces HTTPS", []string{"opensearch-https-required"}},
	{FormCheckov, "CKV_AWS_7", "Ensure rotation for customer created CMKs is enabled", []string{"cmk-backing-key-rotation-enabled"}},
	{FormCheckov, "CKV_AWS_16", "Ensure all data stored in the RDS is securely encrypted at rest", []string{"rds-storage-encrypted"}},
	{FormCheckov, "CKV_AWS_17", "Ensure all data stored in RDS is not publicly accessible", []string{"rds-instance-public-access-check"}},
	{FormCheckov, "CKV_AWS_157", "Ensure that RDS instances have Multi-AZ enabled", []string{"rds-multi-az-support"}},
	{FormCheckov, "CKV_AWS_22", "Ensure SageMaker Notebook is encrypted at rest using KMS CMK", []string{"sagemaker-notebook-instance-kms-key-configured"}},
	{FormCheckov, "CKV_AWS_24", "Ensure no security groups allow ingress from 0.0.0.0:0 to port 22", []string{"restricted-ssh"}},
	{FormCheckov, "CKV_AWS_26", "Ensure all data stored in the SNS topic is encrypted", []string{"sns-encrypted-kms"}},
	{FormCheckov, "CKV_AWS_27", "Ensure all data stored in the SQS queue is encrypted", []string{"sqs-queue-encrypted"}},
	{FormCheckov, "CKV_AWS_28", "Ensure Dynamodb point in time recovery (backup) is enabled", []string{"dynamodb-pitr-enabled"}},
	{FormCheckov, "CKV_AWS_119", "Ensure DynamoDB Tables are encrypted using a KMS Customer Managed CMK", []string{"dynamodb-table-encrypted-kms"}},
	{FormCheckov, "CKV_AWS_29", "Ensure all data stored in the Elasticache Replication Group is securely encrypted at rest", []string{"elasticache-repl-grp-encrypted-at-rest"}},
	{FormCheckov, "CKV_AWS_30", "Ensure all data stored in the Elasticache Replication Group is securely encrypted at transit", []string{"elasticache-repl-grp-encrypted-in-transit"}},
	{FormCheckov, "CKV_AWS_34", "Ensure CloudFront Distribution ViewerProtocolPolicy is set to HTTPS", []string{"cloudfront-viewer-policy-https"}},
	{FormCheckov, "CKV_AWS_86", "Ensure Cloudfront distribution has Access Logging enabled", []string{"cloudfront-accesslogs-enabled"}},
	{FormCheckov, "CKV_AWS_35", "Ensure CloudTrail logs are encrypted at rest using KMS CMKs", []string{"cloud-trail-encryption-enabled"}},
	{FormCheckov, "CKV_AWS_36", "Ensure CloudTrail log file validation is enabled", []string{"cloud-trail-log-file-validation-enabled"}},
	{FormCheckov, "CKV_AWS_67", "Ensure CloudTrail is enabled in all Regions", []string{"multi-region-cloudtrail-enabled"}},
	{FormCheckov, "CKV_AWS_42", "Ensure EFS is securely encrypted", []string{"efs-encrypted-check"}},
	{FormCheckov, "CKV_AWS_43", "Ensure Kinesis Stream is securely encrypted", []string{"kinesis-stream-encrypted"}},
	{FormCheckov, "CKV_AWS_51", "Ensure ECR Image Tags are immutable", []string{"ecr-private-tag-immutability-enabled"}},
	{FormCheckov, "CKV_AWS_163", "Ensure ECR image scanning on push is enabled", []string{"ecr-private-image-scanning-enabled"}},
	{FormCheckov, "CKV_AWS_79", "Ensure Instance Metadata Service Version 1 is not enabled", []string{"ec2-imdsv2-check"}},
	{FormCheckov, "CKV_AWS_88", "EC2 instance should not have public IP.", []string{"ec2-instance-no-public-ip"}},
	{FormCheckov, "CKV_AWS_130", "Ensure VPC subnets do not assign public IP by default", []string{"subnet-auto-assign-public-ip-disabled"}},
	{FormCheckov, "CKV_AWS_87", "Redshift cluster should not be publicly accessible", []string{"redshift-cluster-public-access-check"}},
	{FormCheckov, "CKV_AWS_91", "Ensure the ELBv2 (Application/Network) has access logging enabled", []string{"elb-logging-enabled"}},
	{FormCheckov, "CKV_AWS_92", "Ensure the ELB has access logging enabled", []string{"elb-logging-enabled"}},
	{FormCheckov, "CKV_AWS_115", "Ensure that AWS Lambda function is configured for function-level concurrent execution limit", []string{"lambda-concurrency-check"}},
	{FormCheckov, "CKV_AWS_116", "Ensure that AWS Lambda function is configured for a Dead Letter Queue(DLQ)", []string{"lambda-dlq-check"}},
	{FormCheckov, "CKV_AWS_117", "Ensure that AWS Lambda function is configured inside a VPC", []string{"lambda-inside-vpc"}},
	{FormCheckov, "CKV_AWS_149", "Ensure that Secrets Manager secret is encrypted using KMS CMK", []string{"secretsmanager-using-cmk"}},
	{FormCheckov, "CKV_AWS_158", "Ensure that CloudWatch Log Group is encrypted by KMS", []string{"cloudwatch-log-group-encrypted"}},
}

// foreignIndex is foreignRules by tool and upper-case id (both tools write ids in upper case; users do not
// always).
var foreignIndex = func() map[string]map[string]foreignRule {
	idx := map[string]map[string]foreignRule{}
	for _, f := range foreignRules {
		if idx[f.tool] == nil {
			idx[f.tool] = map[string]foreignRule{}
		}
		idx[f.tool][upper(f.id)] = f
	}
	return idx
}()

// lookupForeign returns the table entry of another tool's check.
func lookupForeign(tool, id string) (foreignRule, bool) {
	f, ok := foreignIndex[tool][upper(id)]
	return f, ok
}

func upper(s string) string { return strings.ToUpper(strings.TrimSpace(s)) }
