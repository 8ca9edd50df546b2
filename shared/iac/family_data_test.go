package iac

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
)

// Configuration items below follow the shapes AWS Config records: DescribeDBInstances / DescribeTable /
// DescribeSubnets fields in lower camel case for the older types, CloudFormation property names for the
// types Config records from their CloudFormation schema.
func TestDataConfigItems(t *testing.T) {
	const (
		P  = finding.StatusPass
		F  = finding.StatusFail
		NA = finding.StatusNotAssessed
	)
	cases := []struct {
		name   string
		typ    string
		config string
		supp   map[string]string
		want   map[string]finding.Status
		inText map[string]string
	}{
		{"rds good", TypeRDSDBInstance,
			`{"engine":"postgres","storageEncrypted":true,"publiclyAccessible":false,"backupRetentionPeriod":7,"deletionProtection":true,"multiAZ":true,"enabledCloudwatchLogsExports":["postgresql"],"dBSubnetGroup":{"dBSubnetGroupName":"private"}}`, nil,
			map[string]finding.Status{"rds-storage-encrypted": P, "rds-instance-public-access-check": P, "db-instance-backup-enabled": P,
				"rds-instance-deletion-protection-enabled": P, "rds-logging-enabled": P, "rds-multi-az-support": P}, nil},
		{"rds bad", TypeRDSDBInstance,
			`{"engine":"mysql","storageEncrypted":false,"publiclyAccessible":true,"backupRetentionPeriod":0,"deletionProtection":false,"multiAZ":false}`, nil,
			map[string]finding.Status{"rds-storage-encrypted": F, "rds-instance-public-access-check": F, "db-instance-backup-enabled": F,
				"rds-instance-deletion-protection-enabled": F, "rds-logging-enabled": F, "rds-multi-az-support": F},
			map[string]string{"db-instance-backup-enabled": "is 0", "rds-logging-enabled": "empty"}},
		{"rds older item without deletionProtection", TypeRDSDBInstance,
			`{"engine":"postgres","storageEncrypted":true,"publiclyAccessible":false,"backupRetentionPeriod":1,"multiAZ":false}`, nil,
			map[string]finding.Status{"rds-storage-encrypted": P, "rds-instance-public-access-check": P, "db-instance-backup-enabled": P,
				"rds-instance-deletion-protection-enabled": NA, "rds-logging-enabled": F, "rds-multi-az-support": F},
			map[string]string{"rds-instance-deletion-protection-enabled": "no configuration.deletionProtection"}},
		{"rds aurora", TypeRDSDBInstance,
			`{"engine":"aurora-postgresql","storageEncrypted":true,"publiclyAccessible":false,"backupRetentionPeriod":1,"deletionProtection":true,"multiAZ":false,"enabledCloudwatchLogsExports":["postgresql"]}`, nil,
			map[string]finding.Status{"rds-storage-encrypted": NA, "rds-instance-public-access-check": P, "db-instance-backup-enabled": NA,
				"rds-instance-deletion-protection-enabled": P, "rds-logging-enabled": P, "rds-multi-az-support": NA}, nil},
		{"rds no configuration", TypeRDSDBInstance, ``, nil,
			map[string]finding.Status{"rds-storage-encrypted": NA, "rds-instance-public-access-check": NA, "db-instance-backup-enabled": NA,
				"rds-instance-deletion-protection-enabled": NA, "rds-logging-enabled": NA, "rds-multi-az-support": NA},
			map[string]string{"rds-logging-enabled": "no configuration"}},
		{"rds configuration as a JSON string with wrong types", TypeRDSDBInstance,
			`"{\"engine\":\"postgres\",\"storageEncrypted\":\"yes\",\"publiclyAccessible\":false,\"backupRetentionPeriod\":\"7\",\"deletionProtection\":true,\"multiAZ\":true,\"enabledCloudwatchLogsExports\":\"postgresql\"}"`, nil,
			map[string]finding.Status{"rds-storage-encrypted": NA, "rds-instance-public-access-check": P, "db-instance-backup-enabled": NA,
				"rds-instance-deletion-protection-enabled": P, "rds-logging-enabled": NA, "rds-multi-az-support": P},
			map[string]string{"rds-storage-encrypted": "unreadable"}},
		{"dynamodb cmk and pitr", TypeDynamoDBTable,
			`{"tableName":"orders","ssedescription":{"status":"ENABLED","ssetype":"KMS","kmsmasterKeyArn":"arn:aws:kms:us-east-1:123456789012:key/k"}}`,
			map[string]string{"ContinuousBackupsDescription": `{"continuousBackupsStatus":"ENABLED","pointInTimeRecoveryDescription":{"pointInTimeRecoveryStatus":"ENABLED"}}`},
			map[string]finding.Status{"dynamodb-table-encrypted-kms": P, "dynamodb-pitr-enabled": P}, map[string]string{"dynamodb-table-encrypted-kms": "key/k"}},
		{"dynamodb owned key, pitr off", TypeDynamoDBTable, `{"tableName":"orders"}`,
			map[string]string{"ContinuousBackupsDescription": `"{\"continuousBackupsStatus\":\"ENABLED\",\"pointInTimeRecoveryDescription\":{\"pointInTimeRecoveryStatus\":\"DISABLED\"}}"`},
			map[string]finding.Status{"dynamodb-table-encrypted-kms": F, "dynamodb-pitr-enabled": F}, map[string]string{"dynamodb-table-encrypted-kms": "AWS owned"}},
		{"dynamodb nothing recorded", TypeDynamoDBTable, ``, nil,
			map[string]finding.Status{"dynamodb-table-encrypted-kms": NA, "dynamodb-pitr-enabled": NA},
			map[string]string{"dynamodb-pitr-enabled": "ContinuousBackupsDescription"}},
		{"subnet public", TypeEC2Subnet, `{"subnetId":"subnet-1","mapPublicIpOnLaunch":true}`, nil,
			map[string]finding.Status{"subnet-auto-assign-public-ip-disabled": F}, nil},
		{"subnet private", TypeEC2Subnet, `{"subnetId":"subnet-1","mapPublicIpOnLaunch":false}`, nil,
			map[string]finding.Status{"subnet-auto-assign-public-ip-disabled": P}, nil},
		{"subnet field missing", TypeEC2Subnet, `{"subnetId":"subnet-1"}`, nil,
			map[string]finding.Status{"subnet-auto-assign-public-ip-disabled": NA}, nil},
		{"efs encrypted", TypeEFSFileSystem, `{"FileSystemId":"fs-1","Encrypted":true,"KmsKeyId":"arn:aws:kms:us-east-1:123456789012:key/k"}`, nil,
			map[string]finding.Status{"efs-encrypted-check": P}, nil},
		{"efs unencrypted", TypeEFSFileSystem, `{"FileSystemId":"fs-1"}`, nil,
			map[string]finding.Status{"efs-encrypted-check": F}, nil},
		{"efs configuration broken", TypeEFSFileSystem, `{"FileSystemId":`, nil,
			map[string]finding.Status{"efs-encrypted-check": NA}, map[string]string{"efs-encrypted-check": "unreadable"}},
		{"kinesis kms", TypeKinesisStream, `{"Name":"clicks","StreamEncryption":{"EncryptionType":"KMS","KeyId":"alias/aws/kinesis"}}`, nil,
			map[string]finding.Status{"kinesis-stream-encrypted": P}, nil},
		{"kinesis plain", TypeKinesisStream, `{"Name":"clicks"}`, nil,
			map[string]finding.Status{"kinesis-stream-encrypted": F}, nil},
		{"secret cmk", TypeSecretsManagerSecret, `{"Name":"db","KMSKeyId":"arn:aws:kms:us-east-1:123456789012:key/k"}`, nil,
			map[string]finding.Status{"secretsmanager-using-cmk": P, "secretsmanager-rotation-enabled-check": F}, nil},
		{"secret default key, rotating", TypeSecretsManagerSecret, `{"Name":"db","RotationEnabled":true}`, nil,
			map[string]finding.Status{"secretsmanager-using-cmk": F, "secretsmanager-rotation-enabled-check": P}, nil},
		{"notebook key", TypeSageMakerNotebookInstance, `{"NotebookInstanceName":"n","KmsKeyId":"k"}`, nil,
			map[string]finding.Status{"sagemaker-notebook-instance-kms-key-configured": P}, nil},
		{"notebook no key", TypeSageMakerNotebookInstance, `{"NotebookInstanceName":"n"}`, nil,
			map[string]finding.Status{"sagemaker-notebook-instance-kms-key-configured": F}, nil},
		{"redshift good", TypeRedshiftCluster, `{"clusterIdentifier":"w","encrypted":true,"publiclyAccessible":false}`,
			map[string]string{"LoggingStatus": `{"loggingEnabled":true,"bucketName":"audit"}`},
			map[string]finding.Status{"redshift-cluster-configuration-check": P, "redshift-cluster-public-access-check": P}, nil},
		{"redshift public, logging off", TypeRedshiftCluster, `{"clusterIdentifier":"w","encrypted":true,"publiclyAccessible":true}`,
			map[string]string{"LoggingStatus": `{"loggingEnabled":false}`},
			map[string]finding.Status{"redshift-cluster-configuration-check": F, "redshift-cluster-public-access-check": F}, nil},
		{"redshift logging not recorded", TypeRedshiftCluster, `{"clusterIdentifier":"w","encrypted":true,"publiclyAccessible":false}`, nil,
			map[string]finding.Status{"redshift-cluster-configuration-check": NA, "redshift-cluster-public-access-check": P},
			map[string]string{"redshift-cluster-configuration-check": "LoggingStatus"}},
		{"sqs kms", TypeSQSQueue, `{"QueueName":"jobs","KmsMasterKeyId":"alias/jobs","SqsManagedSseEnabled":"false"}`, nil,
			map[string]finding.Status{"sqs-queue-encrypted": P}, nil},
		{"sqs sse-sqs", TypeSQSQueue, `{"QueueName":"jobs","SqsManagedSseEnabled":"true"}`, nil,
			map[string]finding.Status{"sqs-queue-encrypted": P}, nil},
		{"sqs unencrypted", TypeSQSQueue, `{"QueueName":"jobs","SqsManagedSseEnabled":"false"}`, nil,
			map[string]finding.Status{"sqs-queue-encrypted": F}, nil},
		{"sqs odd flag", TypeSQSQueue, `{"QueueName":"jobs","SqsManagedSseEnabled":"maybe"}`, nil,
			map[string]finding.Status{"sqs-queue-encrypted": NA}, nil},
		{"security group open", TypeEC2SecurityGroup,
			`{"groupId":"sg-1","ipPermissions":[{"ipProtocol":"tcp","fromPort":22,"toPort":22,"ipRanges":["0.0.0.0/0"],"ipv4Ranges":[{"cidrIp":"0.0.0.0/0"}]},{"ipProtocol":"tcp","fromPort":6379,"toPort":6379,"ipv6Ranges":[{"cidrIpv6":"::/0"}]}]}`, nil,
			map[string]finding.Status{"restricted-ssh": F, "restricted-common-ports": F}, map[string]string{"restricted-common-ports": "port 6379"}},
		{"security group all traffic from a group", TypeEC2SecurityGroup,
			`{"groupId":"sg-1","ipPermissions":[{"ipProtocol":"-1","userIdGroupPairs":[{"groupId":"sg-2"}]},{"ipProtocol":"tcp","fromPort":443,"toPort":443,"ipv4Ranges":[{"cidrIp":"0.0.0.0/0"}]}]}`, nil,
			map[string]finding.Status{"restricted-ssh": P, "restricted-common-ports": P}, nil},
		{"security group all traffic from anywhere", TypeEC2SecurityGroup,
			`{"groupId":"sg-1","ipPermissions":[{"ipProtocol":"-1","ipv4Ranges":[{"cidrIp":"0.0.0.0/0"}]}]}`, nil,
			map[string]finding.Status{"restricted-ssh": F, "restricted-common-ports": F}, map[string]string{"restricted-ssh": "all ports"}},
		{"security group permissions not recorded", TypeEC2SecurityGroup, `{"groupId":"sg-1"}`, nil,
			map[string]finding.Status{"restricted-ssh": NA, "restricted-common-ports": NA}, nil},
		{"volume encrypted", TypeEC2Volume, `{"volumeId":"vol-1","encrypted":true,"snapshotId":""}`, nil,
			map[string]finding.Status{"encrypted-volumes": P}, nil},
		{"volume plain", TypeEC2Volume, `{"volumeId":"vol-1","encrypted":false}`, nil,
			map[string]finding.Status{"encrypted-volumes": F}, nil},
		{"opensearch secure", TypeOpenSearchDomain,
			`{"DomainName":"s","EncryptionAtRestOptions":{"Enabled":true,"KmsKeyId":"k"},"NodeToNodeEncryptionOptions":{"Enabled":true},"DomainEndpointOptions":{"EnforceHTTPS":true}}`, nil,
			map[string]finding.Status{"opensearch-encrypted-at-rest": P, "opensearch-node-to-node-encryption-check": P, "opensearch-https-required": P}, nil},
		{"opensearch defaults", TypeOpenSearchDomain, `{"DomainName":"s","DomainEndpointOptions":{"EnforceHTTPS":false}}`, nil,
			map[string]finding.Status{"opensearch-encrypted-at-rest": F, "opensearch-node-to-node-encryption-check": F, "opensearch-https-required": F}, nil},
		{"opensearch unreadable", TypeOpenSearchDomain, `[]`, nil,
			map[string]finding.Status{"opensearch-encrypted-at-rest": NA, "opensearch-node-to-node-encryption-check": NA, "opensearch-https-required": NA}, nil},
		{"elasticache not confirmed", TypeElastiCacheReplicationGroup, `{"atRestEncryptionEnabled":true}`, nil,
			map[string]finding.Status{"elasticache-repl-grp-encrypted-at-rest": NA, "elasticache-repl-grp-encrypted-in-transit": NA},
			map[string]string{"elasticache-repl-grp-encrypted-at-rest": "DescribeReplicationGroups"}},
		{"backup plan daily", TypeBackupPlan,
			`{"BackupPlan":{"BackupPlanName":"p","BackupPlanRule":[{"RuleName":"d","ScheduleExpression":"cron(0 5 ? * * *)","Lifecycle":{"DeleteAfterDays":35}}]}}`, nil,
			map[string]finding.Status{"backup-plan-min-frequency-and-min-retention-check": P}, nil},
		{"backup plan weekly", TypeBackupPlan,
			`{"BackupPlan":{"BackupPlanName":"p","BackupPlanRule":[{"RuleName":"w","ScheduleExpression":"cron(0 5 ? * SUN *)"}]}}`, nil,
			map[string]finding.Status{"backup-plan-min-frequency-and-min-retention-check": F}, map[string]string{"backup-plan-min-frequency-and-min-retention-check": "less than daily"}},
		{"backup plan missing", TypeBackupPlan, `{"BackupPlanId":"x"}`, nil,
			map[string]finding.Status{"backup-plan-min-frequency-and-min-retention-check": NA}, nil},
		{"instance hardened", TypeEC2Instance, `{"instanceId":"i-1","metadataOptions":{"httpTokens":"required","httpEndpoint":"enabled"},"privateIpAddress":"10.0.1.5"}`, nil,
			map[string]finding.Status{"ec2-instance-no-public-ip": P, "ec2-imdsv2-check": P}, nil},
		{"instance exposed", TypeEC2Instance, `{"instanceId":"i-1","metadataOptions":{"httpTokens":"optional"},"publicIpAddress":"203.0.113.7"}`, nil,
			map[string]finding.Status{"ec2-instance-no-public-ip": F, "ec2-imdsv2-check": F}, nil},
		{"instance without metadata options", TypeEC2Instance, `{"instanceId":"i-1"}`, nil,
			map[string]finding.Status{"ec2-instance-no-public-ip": P, "ec2-imdsv2-check": NA}, nil},
		{"vpc flow logs not in item", TypeEC2VPC, `{"vpcId":"vpc-1"}`, nil,
			map[string]finding.Status{"vpc-flow-logs-enabled": NA}, map[string]string{"vpc-flow-logs-enabled": "DescribeFlowLogs"}},
		{"ecr good", TypeECRRepository, `{"RepositoryName":"images","ImageScanningConfiguration":{"ScanOnPush":true},"ImageTagMutability":"IMMUTABLE"}`, nil,
			map[string]finding.Status{"ecr-private-image-scanning-enabled": P, "ecr-private-tag-immutability-enabled": P}, nil},
		{"ecr defaults", TypeECRRepository, `{"RepositoryName":"images"}`, nil,
			map[string]finding.Status{"ecr-private-image-scanning-enabled": F, "ecr-private-tag-immutability-enabled": F}, nil},
		{"ecr null configuration", TypeECRRepository, `null`, nil,
			map[string]finding.Status{"ecr-private-image-scanning-enabled": NA, "ecr-private-tag-immutability-enabled": NA}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ci := ConfigItem{ResourceType: c.typ, ResourceID: "r-1", Configuration: json.RawMessage(c.config), Supplementary: map[string]json.RawMessage{}}
			for k, v := range c.supp {
				ci.Supplementary[k] = json.RawMessage(v)
			}
			evals := only(EvaluateConfigItem(ci), c.want)
			if len(evals) != len(c.want) {
				t.Fatalf("got %d evaluations; want %d", len(evals), len(c.want))
			}
			for _, e := range evals {
				want, ok := c.want[e.RuleID]
				if !ok {
					t.Errorf("got an evaluation of %s; want none", e.RuleID)
					continue
				}
				if e.Status != want {
					t.Errorf("%s: got %s (%s); want %s", e.RuleID, e.Status, e.Message, want)
				}
				if s := c.inText[e.RuleID]; s != "" && !strings.Contains(e.Message, s) {
					t.Errorf("%s: got message %q; want it to contain %q", e.RuleID, e.Message, s)
				}
			}
		})
	}
}

// TestDataSameOutcomeBothSources checks that a template and a Config item describing the same resource get the
// same status from every rule of the family.
func TestDataSameOutcomeBothSources(t *testing.T) {
	cases := []struct {
		name, typ, template, config string
	}{
		{"rds", TypeRDSDBInstance, "Engine: postgres\n      StorageEncrypted: true\n      PubliclyAccessible: true\n      BackupRetentionPeriod: 0\n      DeletionProtection: true\n      EnableCloudwatchLogsExports: [postgresql]",
			`{"engine":"postgres","storageEncrypted":true,"publiclyAccessible":true,"backupRetentionPeriod":0,"deletionProtection":true,"multiAZ":false,"enabledCloudwatchLogsExports":["postgresql"]}`},
		{"security group", TypeEC2SecurityGroup, "GroupDescription: g\n      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 20, ToPort: 23, CidrIp: 0.0.0.0/0}]",
			`{"groupName":"web","ipPermissions":[{"ipProtocol":"tcp","fromPort":20,"toPort":23,"ipv4Ranges":[{"cidrIp":"0.0.0.0/0"}]}]}`},
		{"subnet", TypeEC2Subnet, "MapPublicIpOnLaunch: true", `{"mapPublicIpOnLaunch":true}`},
		{"efs", TypeEFSFileSystem, "PerformanceMode: generalPurpose", `{"PerformanceMode":"generalPurpose"}`},
		{"kinesis", TypeKinesisStream, "StreamEncryption: {EncryptionType: KMS, KeyId: alias/aws/kinesis}", `{"StreamEncryption":{"EncryptionType":"KMS","KeyId":"alias/aws/kinesis"}}`},
		{"secret", TypeSecretsManagerSecret, "Description: db", `{"Description":"db"}`},
		{"notebook", TypeSageMakerNotebookInstance, "KmsKeyId: k", `{"KmsKeyId":"k"}`},
		{"ecr", TypeECRRepository, "ImageTagMutability: IMMUTABLE", `{"ImageTagMutability":"IMMUTABLE"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "Resources:\n  R:\n    Type: " + c.typ + "\n    Properties:\n      " + c.template + "\n"
			rep, err := ScanTemplate("t.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			live := EvaluateConfigItem(ConfigItem{ResourceType: c.typ, ResourceID: "r", Configuration: json.RawMessage(c.config)})
			if len(live) != len(rep.Evaluations) || len(live) == 0 {
				t.Fatalf("got %d template and %d Config evaluations; want the same, non-zero", len(rep.Evaluations), len(live))
			}
			for i, e := range rep.Evaluations {
				if live[i].RuleID != e.RuleID || live[i].Status != e.Status {
					t.Errorf("template gives %s %s (%s); Config item gives %s %s (%s)", e.RuleID, e.Status, e.Message, live[i].RuleID, live[i].Status, live[i].Message)
				}
			}
		})
	}
}

// FuzzDataConfigItem feeds arbitrary configuration and supplementary JSON to every view of the family: any
// input must give one evaluation per rule, never a panic.
func FuzzDataConfigItem(f *testing.F) {
	f.Add(`{"storageEncrypted":true,"enabledCloudwatchLogsExports":["a"],"dBSubnetGroup":{"dBSubnetGroupName":"x"}}`, `{"pointInTimeRecoveryDescription":{}}`)
	f.Add(`"{\"ssedescription\":{\"status\":\"DISABLED\"}}"`, `null`)
	f.Add(`{"ImageScanningConfiguration":[1],"StreamEncryption":"x"}`, `"{"`)
	f.Fuzz(func(t *testing.T, config, supp string) {
		for typ := range dataBuilders() {
			ci := ConfigItem{ResourceType: typ, Configuration: json.RawMessage(config),
				Supplementary: map[string]json.RawMessage{"ContinuousBackupsDescription": json.RawMessage(supp)}}
			// Rules that do not concern an item (a security group that is not a default group) give none.
			if got, max := len(EvaluateConfigItem(ci)), len(rulesFor(Registry(), typ)); got == 0 || got > max {
				t.Fatalf("%s: got %d evaluations; want 1 to %d", typ, got, max)
			}
		}
	})
}

func TestDataDrift(t *testing.T) {
	src := "Resources:\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      StorageEncrypted: true\n      MultiAZ: true\n"
	tpl, err := cfn.Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got, nc, err := Drift(tpl, "Db", nil, ConfigItem{ResourceType: TypeRDSDBInstance, Configuration: json.RawMessage(
		`{"engine":"postgres","storageEncrypted":true,"backupRetentionPeriod":1,"deletionProtection":false,"multiAZ":false}`)})
	if err != nil {
		t.Fatal(err)
	}
	want := []DriftEntry{{Property: "MultiAZ", Template: "true", Live: "false"}}
	if len(got) != len(want) || got[0] != want[0] || len(nc) != 0 {
		t.Errorf("got %+v, not compared %v; want %+v and nothing uncompared", got, nc, want)
	}
}

func TestScheduleHours(t *testing.T) {
	cases := []struct {
		expr string
		want float64
		err  bool
	}{
		{"cron(0 5 ? * * *)", 24, false},
		{"cron(0 */4 * * ? *)", 24, false},
		{"cron(0 5 ? * MON-FRI *)", 168, false},
		{"cron(0 5 1 * ? *)", 744, false},
		{"rate(1 hour)", 1, false},
		{"rate(12 hours)", 12, false},
		{"rate(2 days)", 48, false},
		{"rate(30 minutes)", 0.5, false},
		{"rate(0 days)", 0, true},
		{"rate(NaN hours)", 0, true},
		{"rate(Inf days)", 0, true},
		{"rate(1 fortnight)", 0, true},
		{"cron(0 5 * *)", 0, true},
		{"every day", 0, true},
		{"", 0, true},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			got, err := scheduleHours(c.expr)
			if (err != nil) != c.err || got != c.want {
				t.Errorf("got %v, %v; want %v, error %v", got, err, c.want, c.err)
			}
		})
	}
}

func FuzzScheduleHours(f *testing.F) {
	for _, s := range []string{"cron(0 5 ? * * *)", "rate(1 hour)", "rate( )", "cron()"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, expr string) {
		if h, err := scheduleHours(expr); err == nil && !(h > 0 && h < 1e9) {
			t.Errorf("scheduleHours(%q) = %v with no error; want a positive gap", expr, h)
		}
	})
}

// BenchmarkDataTemplate scans a template with one resource of each data-family type per copy.
func BenchmarkDataTemplate(b *testing.B) {
	var src strings.Builder
	src.WriteString("Resources:\n")
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&src, "  Db%d:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: postgres, StorageEncrypted: true, EnableCloudwatchLogsExports: [postgresql]}\n", i)
		fmt.Fprintf(&src, "  Sg%d:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: g\n      SecurityGroupIngress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}]\n", i)
		fmt.Fprintf(&src, "  Vpc%d:\n    Type: AWS::EC2::VPC\n    Properties: {CidrBlock: 10.0.0.0/16}\n", i)
		fmt.Fprintf(&src, "  Log%d:\n    Type: AWS::EC2::FlowLog\n    Properties: {ResourceId: !Ref Vpc%d, ResourceType: VPC}\n", i, i)
		fmt.Fprintf(&src, "  Table%d:\n    Type: AWS::DynamoDB::Table\n    Properties: {SSESpecification: {SSEEnabled: true}}\n", i)
	}
	data := []byte(src.String())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ScanTemplate("bench.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDataConfigItem evaluates one RDS configuration item, the Config flow's unit of work.
func BenchmarkDataConfigItem(b *testing.B) {
	ci := ConfigItem{ResourceType: TypeRDSDBInstance, Configuration: json.RawMessage(
		`{"engine":"postgres","storageEncrypted":true,"publiclyAccessible":false,"backupRetentionPeriod":7,"deletionProtection":true,"multiAZ":true,"enabledCloudwatchLogsExports":["postgresql"]}`)}
	b.ReportAllocs()
	for b.Loop() {
		EvaluateConfigItem(ci)
	}
}

// FuzzDataTemplate mutates the family's example templates: any input must scan or fail to parse, and every
// resource of a family type must get one evaluation per rule, never a panic.
func FuzzDataTemplate(f *testing.F) {
	for _, r := range dataRules() {
		files, _ := filepath.Glob(filepath.Join("testdata", r.ID, "*"))
		for _, file := range files {
			if data, err := os.ReadFile(file); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := ScanTemplate("fuzz.yaml", data)
		if err != nil {
			return
		}
		for _, e := range rep.Evaluations {
			if e.Status != finding.StatusPass && e.Status != finding.StatusFail && e.Status != finding.StatusNotAssessed {
				t.Fatalf("evaluation %+v has no valid status", e)
			}
		}
	})
}
