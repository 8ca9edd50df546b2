package iac

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/cfn"
)

// benchCorpusDir, when set, makes TestWriteBenchCorpus write the generated corpus there (for .ci/compare-trivy).
var benchCorpusDir = flag.String("benchcorpus", "", "write the generated benchmark corpus to this directory")

// benchTemplateCount is the size of the generated corpus.
const benchTemplateCount = 500

// benchBlocks are the building blocks of generated templates: each writes one or a few resources, the way real
// stacks combine them, with parameters, conditions, Fn::If, Sub and GetAtt where such stacks use them. %[1]s is a
// unique suffix.
var benchBlocks = []string{
	`  Bucket%[1]s:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Sub "${AppName}-data-%[1]s-${AWS::AccountId}"
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: !If [IsProd, "aws:kms", AES256]
      VersioningConfiguration: {Status: Enabled}
      PublicAccessBlockConfiguration:
        BlockPublicAcls: true
        BlockPublicPolicy: true
        IgnorePublicAcls: true
        RestrictPublicBuckets: true
      Tags:
        - {Key: owner, Value: !Ref Owner}
  BucketPolicy%[1]s:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket%[1]s
      PolicyDocument:
        Statement:
          - Effect: Deny
            Principal: "*"
            Action: "s3:*"
            Resource: [!GetAtt Bucket%[1]s.Arn, !Sub "${Bucket%[1]s.Arn}/*"]
            Condition: {Bool: {aws:SecureTransport: "false"}}
`,
	`  Table%[1]s:
    Type: AWS::DynamoDB::Table
    Properties:
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{AttributeName: pk, AttributeType: S}, {AttributeName: sk, AttributeType: S}]
      KeySchema: [{AttributeName: pk, KeyType: HASH}, {AttributeName: sk, KeyType: RANGE}]
      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: !If [IsProd, true, false]}
      SSESpecification: {SSEEnabled: true}
`,
	`  FunctionRole%[1]s:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]
      Policies:
        - PolicyName: data
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: [dynamodb:GetItem, dynamodb:PutItem, dynamodb:Query]
                Resource: !Sub "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*"
  Function%[1]s:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Timeout: 30
      MemorySize: 512
      Role: !GetAtt FunctionRole%[1]s.Arn
      Code: {S3Bucket: !Ref ArtifactBucket, S3Key: !Sub "functions/%[1]s.zip"}
      Environment:
        Variables: {STAGE: !Ref Env, TABLE: !Sub "${AppName}-table"}
      DeadLetterConfig: {TargetArn: !GetAtt Queue%[1]s.Arn}
  Queue%[1]s:
    Type: AWS::SQS::Queue
    Properties:
      KmsMasterKeyId: alias/aws/sqs
      VisibilityTimeout: 180
`,
	`  Topic%[1]s:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: !If [IsProd, !Ref AWS::NoValue, alias/aws/sns]
  LogGroup%[1]s:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: !Sub "/${AppName}/%[1]s"
      RetentionInDays: !If [IsProd, 400, 30]
`,
	`  Db%[1]s:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    UpdateReplacePolicy: Snapshot
    Properties:
      Engine: postgres
      DBInstanceClass: !FindInMap [Sizes, !Ref Env, Db]
      AllocatedStorage: "100"
      MasterUsername: app
      ManageMasterUserPassword: true
      StorageEncrypted: true
      MultiAZ: !If [IsProd, true, false]
      DeletionProtection: !If [IsProd, true, false]
      BackupRetentionPeriod: 14
      PubliclyAccessible: false
      EnableCloudwatchLogsExports: [postgresql]
`,
	`  Vpc%[1]s:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.%[2]d.0.0/16, EnableDnsSupport: true}
  Subnet%[1]sA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc%[1]s
      CidrBlock: 10.%[2]d.1.0/24
      AvailabilityZone: !Select [0, !GetAZs ""]
  Subnet%[1]sB:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc%[1]s
      CidrBlock: 10.%[2]d.2.0/24
      MapPublicIpOnLaunch: true
      AvailabilityZone: !Select [1, !GetAZs ""]
  FlowLog%[1]s:
    Type: AWS::EC2::FlowLog
    Properties: {ResourceId: !Ref Vpc%[1]s, ResourceType: VPC, TrafficType: ALL, LogDestinationType: s3, LogDestination: !Sub "arn:aws:s3:::${AppName}-flow-logs"}
  Sg%[1]s:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
      VpcId: !Ref Vpc%[1]s
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0}
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref AdminCidr}
`,
	`  Key%[1]s:
    Type: AWS::KMS::Key
    Properties:
      EnableKeyRotation: true
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}
            Action: "kms:*"
            Resource: "*"
  Secret%[1]s:
    Type: AWS::SecretsManager::Secret
    Properties:
      KmsKeyId: !Ref Key%[1]s
      GenerateSecretString: {PasswordLength: 32}
`,
	`  Alb%[1]s:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: !Ref Subnets
      LoadBalancerAttributes:
        - {Key: access_logs.s3.enabled, Value: !If [IsProd, "true", "false"]}
  Http%[1]s:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb%[1]s
      Port: 80
      Protocol: HTTP
      DefaultActions: [{Type: redirect, RedirectConfig: {Protocol: HTTPS, Port: "443", StatusCode: HTTP_301}}]
  Stage%[1]s:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref ApiId
      StageName: !Ref Env
      MethodSettings: [{ResourcePath: "/*", HttpMethod: "*", LoggingLevel: INFO}]
`,
}

// benchHeader starts every generated template.
const benchHeader = `AWSTemplateFormatVersion: "2010-09-09"
Description: Generated service stack %d for the scanner benchmark.
Parameters:
  Env: {Type: String, AllowedValues: [dev, prod], Default: prod}
  AppName: {Type: String, Default: svc%d}
  Owner: {Type: String, Default: team-%d}
  AdminCidr: {Type: String}
  ArtifactBucket: {Type: String, Default: artifacts}
  ApiId: {Type: String}
  Subnets: {Type: List<AWS::EC2::Subnet::Id>}
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Mappings:
  Sizes:
    prod: {Db: db.r6g.large}
    dev: {Db: db.t4g.medium}
Resources:
`

// generateBenchTemplates writes n realistic templates of 4 to 14 blocks each (about 10 to 50 resources),
// deterministically.
func generateBenchTemplates(n int) map[string][]byte {
	r := rand.New(rand.NewPCG(1, 2))
	out := make(map[string][]byte, n)
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, benchHeader, i, i, i%17)
		blocks := 4 + r.IntN(11)
		for j := range blocks {
			fmt.Fprintf(&b, benchBlocks[r.IntN(len(benchBlocks))], fmt.Sprintf("X%d", j), j%250)
		}
		out[fmt.Sprintf("stack-%03d/template.yaml", i)] = []byte(b.String())
	}
	return out
}

func TestGeneratedBenchTemplatesScan(t *testing.T) {
	tpls := generateBenchTemplates(20)
	for name, data := range tpls {
		rep, err := ScanTemplate(name, data)
		if err != nil {
			t.Fatalf("%s: %v\n%s", name, err, data)
		}
		if len(rep.Evaluations) == 0 {
			t.Errorf("%s: got no evaluations", name)
		}
	}
}

// TestWriteBenchCorpus writes the generated corpus to -benchcorpus, for .ci/compare-trivy.
func TestWriteBenchCorpus(t *testing.T) {
	if *benchCorpusDir == "" {
		t.Skip("no -benchcorpus directory")
	}
	for name, data := range generateBenchTemplates(benchTemplateCount) {
		p := filepath.Join(*benchCorpusDir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkScanTemplates500 parses and evaluates 500 generated templates per iteration.
func BenchmarkScanTemplates500(b *testing.B) {
	tpls := generateBenchTemplates(benchTemplateCount)
	var size int64
	for _, d := range tpls {
		size += int64(len(d))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for name, data := range tpls {
			tpl, err := cfn.Parse(name, data)
			if err != nil {
				b.Fatal(err)
			}
			ScanParsed(tpl, data, nil)
		}
	}
	b.ReportMetric(float64(benchTemplateCount*b.N)/b.Elapsed().Seconds(), "templates/s")
}
