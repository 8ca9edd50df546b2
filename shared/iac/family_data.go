package iac

// dataRules are the rules of the data-store family: S3 (beyond the two core rules), DynamoDB, RDS, EC2
// volumes, instances and launch templates, VPC networking, EFS, ElastiCache, Redshift, Kinesis, SNS, SQS,
// Secrets Manager, OpenSearch, SageMaker, Backup and ECR, in registry order.
func dataRules() []Rule {
	return nil
}

// dataBuilders are the views of the data-store family's resource types.
func dataBuilders() map[string]viewBuilder {
	return map[string]viewBuilder{}
}
