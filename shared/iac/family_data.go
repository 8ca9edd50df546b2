package iac

// dataRules are the rules of the data-store family: S3 (beyond the two core rules), DynamoDB, RDS, EC2
// volumes, instances and launch templates, VPC networking, EFS, ElastiCache, Redshift, Kinesis, SNS, SQS,
// Secrets Manager, OpenSearch, SageMaker, Backup and ECR, in registry order.
func dataRules() []Rule {
	return append([]Rule{
		dynamoDBTableEncryptedKMS(),
		also(dynamoDBTableEncryptedKMS(), TypeDynamoDBGlobalTable),
		dynamoDBPITREnabled(),
		rdsStorageEncrypted(),
		also(rdsStorageEncrypted(), TypeRDSDBCluster),
		rdsInstancePublicAccessCheck(),
		dbInstanceBackupEnabled(),
		rdsInstanceDeletionProtectionEnabled(),
		also(rdsInstanceDeletionProtectionEnabled(), TypeRDSDBCluster),
		rdsLoggingEnabled(),
		rdsMultiAZSupport(),
		subnetAutoAssignPublicIPDisabled(),
		vpcFlowLogsEnabled(),
		restrictedSSH(),
		restrictedCommonPorts(),
		redshiftClusterConfigurationCheck(),
		redshiftClusterPublicAccessCheck(),
		sqsQueueEncrypted(),
		encryptedVolumes(),
		ec2InstanceNoPublicIP(),
		also(ec2InstanceNoPublicIP(), TypeEC2LaunchTemplate),
		ec2IMDSv2Check(),
		also(ec2IMDSv2Check(), TypeEC2LaunchTemplate),
		efsEncryptedCheck(),
		elastiCacheReplGrpEncryptedAtRest(),
		elastiCacheReplGrpEncryptedInTransit(),
		kinesisStreamEncrypted(),
		openSearchEncryptedAtRest(),
		openSearchNodeToNodeEncryptionCheck(),
		openSearchHTTPSRequired(),
		secretsManagerUsingCMK(),
		secretsManagerRotationEnabledCheck(),
		sageMakerNotebookInstanceKMSKeyConfigured(),
		backupPlanMinFrequencyAndMinRetentionCheck(),
		ecrPrivateImageScanningEnabled(),
		ecrPrivateTagImmutabilityEnabled(),
		snsEncryptedKMS(),
	}, append(vpcDefaultSecurityGroupClosed(), encryptedInstanceVolumes()...)...)
}

// dataBuilders are the views of the data-store family's resource types.
func dataBuilders() map[string]viewBuilder {
	return map[string]viewBuilder{
		TypeDynamoDBTable: {
			fromTemplate: func(p templateProps) any { return dynamoDBTableFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return dynamoDBTableFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*DynamoDBTable).settings() },
		},
		TypeEC2LaunchTemplate: {
			fromTemplate: func(p templateProps) any { return launchTemplateFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return launchTemplateFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*EC2Instance).settings() },
		},
		TypeDynamoDBGlobalTable: {
			fromTemplate: func(p templateProps) any { return dynamoDBTableFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return dynamoDBTableFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*DynamoDBTable).settings() },
		},
		TypeRDSDBInstance: {
			fromTemplate: func(p templateProps) any { return rdsDBInstanceFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return rdsDBInstanceFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*RDSDBInstance).settings() },
		},
		TypeRDSDBCluster: {
			fromTemplate: func(p templateProps) any { return rdsDBClusterFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return rdsDBClusterFromConfig(ci) },
			settings: func(v any) []setting {
				d := v.(*RDSDBInstance)
				return []setting{effective("StorageEncrypted", d.StorageEncrypted, false), effective("DeletionProtection", d.DeletionProtection, false)}
			},
		},
		TypeEC2Subnet: {
			fromTemplate: func(p templateProps) any { return ec2SubnetFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return ec2SubnetFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*EC2Subnet).settings() },
		},
		TypeEC2SecurityGroup: {
			fromTemplate: func(p templateProps) any { return ec2SecurityGroupFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return ec2SecurityGroupFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*EC2SecurityGroup).settings() },
		},
		TypeEC2Instance: {
			fromTemplate: func(p templateProps) any { return ec2InstanceFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return ec2InstanceFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*EC2Instance).settings() },
		},
		TypeEC2VPC: {
			fromTemplate: func(p templateProps) any { return ec2VPCFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return ec2VPCFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*EC2VPC).settings() },
		},
		TypeEC2Volume: {
			fromTemplate: func(p templateProps) any { return ec2VolumeFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return ec2VolumeFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*EC2Volume).settings() },
		},
		TypeOpenSearchDomain: {
			fromTemplate: func(p templateProps) any { return openSearchDomainFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return openSearchDomainFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*OpenSearchDomain).settings() },
		},
		TypeEFSFileSystem: {
			fromTemplate: func(p templateProps) any { return efsFileSystemFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return efsFileSystemFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*EFSFileSystem).settings() },
		},
		TypeElastiCacheReplicationGroup: {
			fromTemplate: func(p templateProps) any { return elastiCacheReplicationGroupFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return elastiCacheReplicationGroupFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*ElastiCacheReplicationGroup).settings() },
		},
		TypeKinesisStream: {
			fromTemplate: func(p templateProps) any { return kinesisStreamFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return kinesisStreamFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*KinesisStream).settings() },
		},
		TypeSecretsManagerSecret: {
			fromTemplate: func(p templateProps) any { return secretsManagerSecretFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return secretsManagerSecretFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*SecretsManagerSecret).settings() },
		},
		TypeSageMakerNotebookInstance: {
			fromTemplate: func(p templateProps) any { return sageMakerNotebookInstanceFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return sageMakerNotebookInstanceFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*SageMakerNotebookInstance).settings() },
		},
		TypeRedshiftCluster: {
			fromTemplate: func(p templateProps) any { return redshiftClusterFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return redshiftClusterFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*RedshiftCluster).settings() },
		},
		TypeSQSQueue: {
			fromTemplate: func(p templateProps) any { return sqsQueueFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return sqsQueueFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*SQSQueue).settings() },
		},
		TypeBackupPlan: {
			fromTemplate: func(p templateProps) any { return backupPlanFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return backupPlanFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*BackupPlan).settings() },
		},
		TypeSNSTopic: {
			fromTemplate: func(p templateProps) any { return snsTopicFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return snsTopicFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*SNSTopic).settings() },
		},
		TypeECRRepository: {
			fromTemplate: func(p templateProps) any { return ecrRepositoryFromTemplate(p) },
			fromConfig:   func(ci ConfigItem) any { return ecrRepositoryFromConfig(ci) },
			settings:     func(v any) []setting { return v.(*ECRRepository).settings() },
		},
	}
}
