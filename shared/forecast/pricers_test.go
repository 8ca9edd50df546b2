package forecast_test

import (
	"context"
	"math"
	"math/rand"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/forecast"
)

// comp is a component a case expects: its name and quantity.
type comp struct {
	name string
	qty  float64
}

type pricerCase struct {
	name     string
	template string
	id       string
	region   string
	usage    forecast.Usage
	// wantUSD is the monthly cost computed by hand from the cited us-east-1 prices (see each case).
	wantUSD        float64
	wantComponents []comp
	wantUnpriced   string
	wantAssume     string
}

// checkCase forecasts a case's template as an added file and checks the resource against it.
func checkCase(t *testing.T, tt pricerCase) {
	t.Helper()
	fc := one(t, "", tt.template, forecast.Options{Usage: tt.usage, Region: tt.region})
	r := resource(fc, tt.id)
	if tt.wantUnpriced != "" {
		if r != nil {
			t.Fatalf("%s priced at $%v (%+v); want unpriced", tt.id, r.Head.MonthlyUSD, r.Head.Components)
		}
		for _, u := range fc.Unpriced {
			if u.LogicalID == tt.id && strings.Contains(u.Reason, tt.wantUnpriced) {
				return
			}
		}
		t.Fatalf("unpriced = %+v; want %s with a reason containing %q", fc.Unpriced, tt.id, tt.wantUnpriced)
	}
	if r == nil {
		t.Fatalf("%s not priced; unpriced = %+v", tt.id, fc.Unpriced)
	}
	// The resource total is rounded once, to cents, from the exact products.
	if math.Abs(r.Head.MonthlyUSD-tt.wantUSD) > 0.005+1e-9 {
		t.Errorf("monthlyUSD = %v; want %.4f (components %+v)", r.Head.MonthlyUSD, tt.wantUSD, r.Head.Components)
	}
	for _, w := range tt.wantComponents {
		found := false
		for _, c := range r.Head.Components {
			if c.Name == w.name {
				found = true
				if math.Abs(c.Quantity-w.qty) > 1e-6 {
					t.Errorf("%s quantity = %v; want %v", w.name, c.Quantity, w.qty)
				}
			}
		}
		if !found {
			t.Errorf("no component %q in %+v", w.name, r.Head.Components)
		}
	}
	if tt.wantAssume != "" && !strings.Contains(strings.Join(r.Assumptions, "\n"), tt.wantAssume) {
		t.Errorf("assumptions %q lack %q", r.Assumptions, tt.wantAssume)
	}
	for _, c := range r.Head.Components {
		if c.Quantity < 0 || c.UnitPriceUSD < 0 || c.Name == "" || c.Unit == "" {
			t.Errorf("component %+v is malformed", c)
		}
	}
}

// res is a template holding the given resources (YAML, two-space indented under Resources).
func res(body string) string { return "Resources:\n" + body }

func TestComputeAndStoragePricers(t *testing.T) {
	tests := []pricerCase{
		{
			// 1M × 0.2 s × 1 GB = 200,000 GB-s × $0.0000077778 (duration with provisioned concurrency, arm64)
			// + $0.20 requests + 2 × 1 GB × 2,628,000 s × $0.0000033334 = $1.5556 + $0.20 + $17.5202
			name: "SAM function with provisioned concurrency", id: "Fn",
			template:       res("  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      MemorySize: 1024\n      Architectures: [arm64]\n      AutoPublishAlias: live\n      ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 2}\n"),
			wantUSD:        200000*0.0000077778 + 0.20 + 2*2628000*0.0000033334,
			wantComponents: []comp{{"Provisioned concurrency (arm64, 1024 MB, 2)", 5256000}},
		},
		{
			// 1M requests: $0.20 + 200,000 × 0.125 GB = 25,000 GB-s × $0.0000166667 + 1M implicit REST API
			// calls × $3.50/M; the HTTP API event names its API, which is priced on its own
			name: "SAM function with an implicit REST API", id: "Fn",
			template: res(`  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Events:
        Get: {Type: Api, Properties: {Path: /, Method: get}}
        Put: {Type: Api, Properties: {Path: /, Method: put}}
        Http: {Type: HttpApi, Properties: {ApiId: !Ref Http}}
  Http:
    Type: AWS::Serverless::HttpApi
`),
			wantUSD:        0.20 + 25000*0.0000166667 + 3.50,
			wantComponents: []comp{{"Requests (implicit REST API)", 1}},
			wantAssume:     "SAM's implicit API ServerlessRestApi",
		},
		{
			// 512 MB: 100,000 GB-s × $0.0000166667 + $0.20; 2 GB extra ephemeral × 200,000 s × $0.0000000309
			name: "Lambda ephemeral storage beyond 512 MB", id: "Fn",
			template:       res("  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      MemorySize: 512\n      EphemeralStorage: {Size: 2560}\n"),
			wantUSD:        100000*0.0000166667 + 0.20 + 400000*0.0000000309,
			wantComponents: []comp{{"Ephemeral storage (2048 MB beyond the included 512 MB)", 400000}},
		},
		{
			// 5 × 2 GB × 2,628,000 s × $0.0000041667
			name: "alias with provisioned concurrency reads its function's memory", id: "Live",
			template: res("  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {MemorySize: 2048}\n  Live:\n    Type: AWS::Lambda::Alias\n    Properties:\n      FunctionName: !Ref Fn\n      FunctionVersion: '1'\n      Name: live\n      ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 5}\n"),
			wantUSD:  5 * 2 * 2628000 * 0.0000041667,
		},
		{
			name: "version without provisioned concurrency costs nothing", id: "V", wantUSD: 0,
			template:   res("  V:\n    Type: AWS::Lambda::Version\n    Properties: {FunctionName: !Ref Fn}\n  Fn:\n    Type: AWS::Lambda::Function\n"),
			wantAssume: "without provisioned concurrency has no charge of its own",
		},
		{
			name: "alias of a function outside the template is unpriced", id: "Live",
			template:     res("  Live:\n    Type: AWS::Lambda::Alias\n    Properties:\n      FunctionName: orders\n      ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 1}\n"),
			wantUnpriced: `FunctionName "orders" does not name a function of this template`,
		},
		{
			// $0.625 + $0.125 + 1 GB × $0.25 + 1 GB × $0.20 point-in-time recovery
			name: "DynamoDB on-demand with point-in-time recovery", id: "T",
			template: res("  T:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}\n"),
			wantUSD:  0.625 + 0.125 + 0.25 + 0.20,
		},
		{
			name: "SAM simple table is on-demand by default", id: "T", wantUSD: 0.625 + 0.125 + 0.25,
			template: res("  T:\n    Type: AWS::Serverless::SimpleTable\n"),
		},
		{
			// 5 WCU × 730 h × $0.00065 + 5 RCU × 730 h × $0.00013 + $0.25
			name: "SAM simple table with provisioned throughput", id: "T", wantUSD: 5*730*0.00065 + 5*730*0.00013 + 0.25,
			template: res("  T:\n    Type: AWS::Serverless::SimpleTable\n    Properties:\n      ProvisionedThroughput: {ReadCapacityUnits: 5, WriteCapacityUnits: 5}\n"),
		},
		{
			name: "DynamoDB Standard-IA table class is unpriced", id: "T",
			template:     res("  T:\n    Type: AWS::DynamoDB::Table\n    Properties: {BillingMode: PAY_PER_REQUEST, TableClass: STANDARD_INFREQUENT_ACCESS}\n"),
			wantUnpriced: "table class STANDARD_INFREQUENT_ACCESS is not priced",
		},
		{
			// 1M writes × 2 replicas × $0.625/M rWRU + $0.125 reads + 2 × 1 GB × $0.25
			name: "global table on-demand with two replicas", id: "G", wantUSD: 2*0.625 + 0.125 + 2*0.25,
			template:       res("  G:\n    Type: AWS::DynamoDB::GlobalTable\n    Properties:\n      BillingMode: PAY_PER_REQUEST\n      Replicas: [{Region: us-east-1}, {Region: eu-west-1}]\n"),
			wantComponents: []comp{{"Replicated write request units (2 replicas)", 2}},
		},
		{
			// 5 rWCU × 2 replicas × 730 h × $0.00065 + (10 + 5) RCU × 730 h × $0.00013 + 2 × 1 GB × $0.25
			name: "global table provisioned at the auto scaling minimum", id: "G",
			wantUSD: 5*2*730*0.00065 + 15*730*0.00013 + 0.5,
			template: res(`  G:
    Type: AWS::DynamoDB::GlobalTable
    Properties:
      WriteProvisionedThroughputSettings:
        WriteCapacityAutoScalingSettings: {MinCapacity: 5, MaxCapacity: 50, TargetTrackingScalingPolicyConfiguration: {TargetValue: 70}}
      Replicas:
        - Region: us-east-1
          ReadProvisionedThroughputSettings: {ReadCapacityUnits: 10}
        - Region: eu-west-1
          ReadProvisionedThroughputSettings: {ReadCapacityAutoScalingSettings: {MinCapacity: 5, MaxCapacity: 10}}
`),
		},
		{
			// 100 GB × $0.023 + 1,000 GB × $0.00099 + 10k PUT × $0.005/1k + 100k GET × $0.0004/1k
			name: "S3 storage classes from the usage file, and requests", id: "B",
			template:       res("  B:\n    Type: AWS::S3::Bucket\n"),
			usage:          forecast.Usage{"B": {"storageGB": 100, "deepArchiveStorageGB": 1000}},
			wantUSD:        2.30 + 0.99 + 0.05 + 0.04,
			wantComponents: []comp{{"Storage (S3 Glacier Deep Archive)", 1000}, {"PUT, COPY, POST, LIST requests", 10}},
		},
		{
			// t3.large 730 h × $0.0832 + gp3 50 GB × $0.08 + 3,000 extra IOPS × $0.005 + 125 extra MiB/s × $0.04
			name: "EC2 instance from a launch template with a gp3 volume", id: "Vm",
			wantUSD: 730*0.0832 + 50*0.08 + 3000*0.005 + 125*0.04,
			template: res(`  LT:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        InstanceType: t3.large
        BlockDeviceMappings:
          - DeviceName: /dev/xvda
            Ebs: {VolumeSize: 50, VolumeType: gp3, Iops: 6000, Throughput: 250}
  Vm:
    Type: AWS::EC2::Instance
    Properties:
      LaunchTemplate: {LaunchTemplateId: !Ref LT, Version: !GetAtt LT.LatestVersionNumber}
`),
			wantComponents: []comp{{"Provisioned IOPS beyond 3000 (gp3)", 3000}, {"Provisioned throughput beyond 125 MiB/s (gp3)", 125}},
		},
		{
			name: "EC2 instance with a launch template outside the template is unpriced", id: "Vm",
			template:     res("  Vm:\n    Type: AWS::EC2::Instance\n    Properties:\n      LaunchTemplate: {LaunchTemplateName: shared-web, Version: '3'}\n"),
			wantUnpriced: `the launch template "shared-web" is not in this template`,
		},
		{
			name: "EC2 Graviton3 is priced; its carbon is not estimated, and says why", id: "Vm", wantUSD: 730 * 0.0816,
			template:   res("  Vm:\n    Type: AWS::EC2::Instance\n    Properties: {InstanceType: m7g.large}\n"),
			wantAssume: "carbon not estimated: no CCF power coefficients for AWS Graviton3",
		},
		{
			// 3 × 730 h × $0.096
			name: "Auto Scaling group of a launch template at its desired capacity", id: "Asg", wantUSD: 3 * 730 * 0.096,
			template: res(`  LT:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData: {InstanceType: m5.large}
  Asg:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: '1'
      MaxSize: '6'
      DesiredCapacity: '3'
      LaunchTemplate: {LaunchTemplateId: !Ref LT, Version: '1'}
`),
			wantComponents: []comp{{"Instance usage (Linux/UNIX, on-demand, 3 × m5.large)", 2190}},
		},
		{
			// usage: 2 instances × 730 h × $0.085 + 2 × 20 GB gp2 × $0.10
			name: "Auto Scaling group of a launch configuration, instances from usage", id: "Asg",
			wantUSD: 2*730*0.085 + 2*20*0.10, usage: forecast.Usage{"AWS::AutoScaling::AutoScalingGroup": {"instances": 2}},
			template: res(`  LC:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      ImageId: ami-1
      InstanceType: c5.large
      BlockDeviceMappings: [{DeviceName: /dev/xvda, Ebs: {VolumeSize: 20}}]
  Asg:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties: {MinSize: '1', MaxSize: '4', LaunchConfigurationName: !Ref LC}
`),
			wantAssume: "instances: 2 from the usage file (AWS::AutoScaling::AutoScalingGroup)",
		},
		{
			// 1 × 730 h × $0.0168 (the first override)
			name: "Auto Scaling group with a mixed instances policy", id: "Asg", wantUSD: 730 * 0.0168,
			template: res(`  LT:
    Type: AWS::EC2::LaunchTemplate
    Properties: {LaunchTemplateData: {ImageId: ami-1}}
  Asg:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: '1'
      MaxSize: '3'
      MixedInstancesPolicy:
        LaunchTemplate:
          LaunchTemplateSpecification: {LaunchTemplateId: !Ref LT, Version: '1'}
          Overrides: [{InstanceType: t4g.small}, {InstanceType: t4g.medium}]
`),
			wantAssume: "priced with the first of 2 instance type overrides",
		},
		{
			name: "EBS gp2 by default", id: "Vol", wantUSD: 100 * 0.10,
			template: res("  Vol:\n    Type: AWS::EC2::Volume\n    Properties: {Size: 100, AvailabilityZone: us-east-1a}\n"),
		},
		{
			// 50 GB × $0.125 + 32,000 IOPS × $0.065 + 8,000 IOPS × $0.0455
			name: "EBS io2 across its IOPS tiers", id: "Vol", wantUSD: 50*0.125 + 32000*0.065 + 8000*0.0455,
			template:       res("  Vol:\n    Type: AWS::EC2::Volume\n    Properties: {Size: 50, VolumeType: io2, Iops: 40000, AvailabilityZone: us-east-1a}\n"),
			wantComponents: []comp{{"Provisioned IOPS (io2, tier 1)", 32000}, {"Provisioned IOPS (io2, tier 2)", 8000}},
		},
		{
			name: "EBS st1", id: "Vol", wantUSD: 500 * 0.045,
			template: res("  Vol:\n    Type: AWS::EC2::Volume\n    Properties: {Size: 500, VolumeType: st1, AvailabilityZone: us-east-1a}\n"),
		},
		{
			name: "EBS volume sized by its snapshot is unpriced", id: "Vol",
			template:     res("  Vol:\n    Type: AWS::EC2::Volume\n    Properties: {SnapshotId: snap-1, AvailabilityZone: us-east-1a}\n"),
			wantUnpriced: "the volume takes its snapshot's size",
		},
		{
			name: "EBS size from a parameter without default is unpriced", id: "Vol",
			template:     "Parameters:\n  Size: {Type: Number}\n" + res("  Vol:\n    Type: AWS::EC2::Volume\n    Properties: {Size: !Ref Size, AvailabilityZone: us-east-1a}\n"),
			wantUnpriced: "Size is not known before deployment: parameter Size has no default",
		},
		{
			// db.t3.micro MySQL 730 h × $0.017 + 20 GB gp2 × $0.115
			name: "RDS MySQL Single-AZ", id: "Db", wantUSD: 730*0.017 + 20*0.115,
			template: res("  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: mysql, DBInstanceClass: db.t3.micro, AllocatedStorage: '20'}\n"),
		},
		{
			name: "RDS MySQL Multi-AZ doubles instance and storage", id: "Db", wantUSD: 2 * (730*0.017 + 20*0.115),
			template:   res("  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: MySQL, DBInstanceClass: db.t3.micro, AllocatedStorage: '20', MultiAZ: true}\n"),
			wantAssume: "Multi-AZ (one standby)",
		},
		{
			// db.m5.large PostgreSQL 730 h × $0.178 + 100 GB io1 × $0.125 + 1,000 IOPS × $0.10
			name: "RDS PostgreSQL io1 by default when Iops is given", id: "Db", wantUSD: 730*0.178 + 100*0.125 + 1000*0.10,
			template:   res("  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: postgres, DBInstanceClass: db.m5.large, AllocatedStorage: 100, Iops: 1000}\n"),
			wantAssume: "StorageType: io1",
		},
		{
			name: "RDS Oracle is unpriced", id: "Db",
			template:     res("  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: oracle-ee, DBInstanceClass: db.m5.large, AllocatedStorage: 100}\n"),
			wantUnpriced: "engine oracle-ee is not priced",
		},
		{
			name: "RDS class without a price is unpriced", id: "Db",
			template:     res("  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: mysql, DBInstanceClass: db.x2g.16xlarge, AllocatedStorage: 100}\n"),
			wantUnpriced: "no embedded price rds.instance.mysql.db.x2g.16xlarge in us-east-1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkCase(t, tt) })
	}
}

func TestAuroraPricers(t *testing.T) {
	const cluster = `  Cluster:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      ServerlessV2ScalingConfiguration: {MinCapacity: 2, MaxCapacity: 8}
  Writer:
    Type: AWS::RDS::DBInstance
    Properties: {DBClusterIdentifier: !Ref Cluster, DBInstanceClass: db.r6g.large, Engine: aurora-postgresql}
  Serverless:
    Type: AWS::RDS::DBInstance
    Properties: {DBClusterIdentifier: !Ref Cluster, DBInstanceClass: db.serverless}
`
	tests := []pricerCase{
		// 10 GB × $0.10 + 10M I/O × $0.20/M
		{name: "cluster volume and I/O", id: "Cluster", template: res(cluster), wantUSD: 1.00 + 2.00},
		// 730 h × $0.26
		{name: "provisioned member", id: "Writer", template: res(cluster), wantUSD: 730 * 0.26,
			wantAssume: "the cluster's storage and I/O are priced on the cluster"},
		// 2 ACUs (the cluster's minimum) × 730 h × $0.12
		{name: "serverless v2 member at the cluster minimum", id: "Serverless", template: res(cluster), wantUSD: 2 * 730 * 0.12,
			wantComponents: []comp{{"Aurora Serverless v2 capacity (Aurora PostgreSQL)", 1460}}},
		{name: "serverless v2 member from usage", id: "Serverless", template: res(cluster), wantUSD: 4 * 730 * 0.12,
			usage: forecast.Usage{"Serverless": {"averageACUs": 4}}},
		{name: "I/O-Optimized cluster is unpriced", id: "C",
			template:     res("  C:\n    Type: AWS::RDS::DBCluster\n    Properties: {Engine: aurora-mysql, StorageType: aurora-iopt1}\n"),
			wantUnpriced: "Aurora I/O-Optimized prices are not in the snapshot"},
		{name: "Multi-AZ DB cluster is unpriced", id: "C",
			template:     res("  C:\n    Type: AWS::RDS::DBCluster\n    Properties: {Engine: mysql, DBClusterInstanceClass: db.m5d.large}\n"),
			wantUnpriced: "Multi-AZ DB clusters other than Aurora are not priced"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkCase(t, tt) })
	}
}

func TestNetworkAndEdgePricers(t *testing.T) {
	tests := []pricerCase{
		{
			// 2 AZs × 730 h × $0.01 + 10 GB × $0.01
			name: "interface endpoint in two subnets", id: "Ep", wantUSD: 2*730*0.01 + 10*0.01,
			template: res("  Ep:\n    Type: AWS::EC2::VPCEndpoint\n    Properties: {VpcEndpointType: Interface, ServiceName: com.amazonaws.us-east-1.sqs, VpcId: vpc-1, SubnetIds: [subnet-a, subnet-b]}\n"),
		},
		{
			name: "gateway endpoint is free", id: "Ep", wantUSD: 0,
			template:   res("  Ep:\n    Type: AWS::EC2::VPCEndpoint\n    Properties: {ServiceName: com.amazonaws.us-east-1.s3, VpcId: vpc-1}\n"),
			wantAssume: "gateway endpoints have no charge",
		},
		{
			name: "interface endpoint with subnets from an import is unpriced", id: "Ep",
			template:     res("  Ep:\n    Type: AWS::EC2::VPCEndpoint\n    Properties: {VpcEndpointType: Interface, ServiceName: x, VpcId: vpc-1, SubnetIds: !Split [',', !ImportValue subnets]}\n"),
			wantUnpriced: "SubnetIds is not known before deployment",
		},
		{
			// 730 h × $0.0225 + 1 LCU × 730 h × $0.008
			name: "application load balancer", id: "Lb", wantUSD: 730*0.0225 + 730*0.008,
			template: res("  Lb:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    Properties: {Subnets: [a, b]}\n"),
		},
		{
			// 730 h × $0.0225 + 2 NLCUs × 730 h × $0.006
			name: "network load balancer with usage", id: "Lb", wantUSD: 730*0.0225 + 2*730*0.006,
			usage:    forecast.Usage{"Lb": {"averageLCUs": 2}},
			template: res("  Lb:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    Properties: {Type: network, Scheme: internal, Subnets: [a, b]}\n"),
		},
		{
			name: "gateway load balancer is unpriced", id: "Lb",
			template:     res("  Lb:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    Properties: {Type: gateway}\n"),
			wantUnpriced: "load balancer type gateway is not priced",
		},
		{
			// 730 h × $0.025 + 10 GB × $0.008
			name: "classic load balancer", id: "Elb", wantUSD: 730*0.025 + 10*0.008,
			template: res("  Elb:\n    Type: AWS::ElasticLoadBalancing::LoadBalancer\n    Properties: {Listeners: []}\n"),
		},
		{
			name: "REST API", id: "Api", wantUSD: 3.50,
			template: res("  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties: {Name: api}\n"),
		},
		{
			// $3.50 + 0.5 GB cache 730 h × $0.02
			name: "SAM API with a cache from Globals", id: "Api", wantUSD: 3.50 + 730*0.02,
			template: "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Api:\n    CacheClusterEnabled: true\n" + res("  Api:\n    Type: AWS::Serverless::Api\n    Properties: {StageName: prod}\n"),
		},
		{
			name: "REST API stage cache of 6.1 GB", id: "Stage", wantUSD: 730 * 0.20,
			template: res("  Stage:\n    Type: AWS::ApiGateway::Stage\n    Properties: {RestApiId: x, CacheClusterEnabled: true, CacheClusterSize: '6.1'}\n"),
		},
		{
			name: "HTTP API", id: "Api", wantUSD: 1.00,
			template: res("  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {Name: api, ProtocolType: HTTP}\n"),
		},
		{
			name: "WebSocket API", id: "Api", wantUSD: 1.00 + 0.25,
			template: res("  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {Name: api, ProtocolType: WEBSOCKET, RouteSelectionExpression: $request.body.action}\n"),
		},
		{
			name: "SAM HTTP API", id: "Api", wantUSD: 2.00, usage: forecast.Usage{"Api": {"monthlyRequests": 2e6}},
			template: res("  Api:\n    Type: AWS::Serverless::HttpApi\n"),
		},
		{
			// 10 GB × $0.085 + 100 × 10k HTTPS requests × $0.01
			name: "CloudFront distribution", id: "Cdn", wantUSD: 0.85 + 1.00,
			template: res("  Cdn:\n    Type: AWS::CloudFront::Distribution\n    Properties: {DistributionConfig: {Enabled: true}}\n"),
		},
		{
			name: "CloudFront is priced the same from eu-west-1", id: "Cdn", wantUSD: 0.85 + 1.00, region: "eu-west-1",
			template:   res("  Cdn:\n    Type: AWS::CloudFront::Distribution\n    Properties: {DistributionConfig: {Enabled: true}}\n"),
			wantAssume: "not by the region of the stack",
		},
		{
			name: "Route 53 hosted zone", id: "Zone", wantUSD: 0.50 + 0.40,
			template: res("  Zone:\n    Type: AWS::Route53::HostedZone\n    Properties: {Name: example.com}\n"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkCase(t, tt) })
	}
}

func TestServerlessAndMessagingPricers(t *testing.T) {
	tests := []pricerCase{
		{
			// 10,000 executions × 10 transitions = 100 × 1k transitions × $0.025
			name: "Standard state machine", id: "Sm", wantUSD: 2.50,
			template: res("  Sm:\n    Type: AWS::StepFunctions::StateMachine\n    Properties: {RoleArn: r, DefinitionString: '{}'}\n"),
		},
		{
			// 1M × $1.00/M + 1M × 1 s × 64 MB = 62,500 GB-s × $0.00001667
			name: "SAM Express state machine", id: "Sm", wantUSD: 1.00 + 62500*0.00001667,
			template: res("  Sm:\n    Type: AWS::Serverless::StateMachine\n    Properties: {Type: EXPRESS, Definition: {}}\n"),
		},
		{name: "SQS standard queue", id: "Q", wantUSD: 0.40, template: res("  Q:\n    Type: AWS::SQS::Queue\n")},
		{name: "SQS FIFO queue", id: "Q", wantUSD: 0.50, template: res("  Q:\n    Type: AWS::SQS::Queue\n    Properties: {FifoQueue: true}\n")},
		{name: "SNS topic", id: "T", wantUSD: 0.50, template: res("  T:\n    Type: AWS::SNS::Topic\n")},
		{name: "SNS FIFO topic is unpriced", id: "T", wantUnpriced: "FIFO topic prices are not in the snapshot",
			template: res("  T:\n    Type: AWS::SNS::Topic\n    Properties: {FifoTopic: 'true', TopicName: t.fifo}\n")},
		{
			// 2 shards × 730 h × $0.015 + 1M PUT units × $0.014/M + 2 × 730 h × $0.02 extended retention
			name: "Kinesis provisioned with extended retention", id: "S", wantUSD: 2*730*0.015 + 0.014 + 2*730*0.02,
			template: res("  S:\n    Type: AWS::Kinesis::Stream\n    Properties: {ShardCount: 2, RetentionPeriodHours: 48}\n"),
		},
		{
			// 730 h × $0.04 + 10 GB × $0.08 + 10 GB × $0.04
			name: "Kinesis on-demand", id: "S", wantUSD: 730*0.04 + 0.8 + 0.4,
			template: res("  S:\n    Type: AWS::Kinesis::Stream\n    Properties: {StreamModeDetails: {StreamMode: ON_DEMAND}}\n"),
		},
		{
			name: "Kinesis shard count from a parameter without default is unpriced", id: "S",
			template:     "Parameters:\n  Shards: {Type: Number}\n" + res("  S:\n    Type: AWS::Kinesis::Stream\n    Properties: {ShardCount: !Ref Shards}\n"),
			wantUnpriced: "ShardCount is not known before deployment",
		},
		{name: "KMS key", id: "K", wantUSD: 1.00 + 0.03, template: res("  K:\n    Type: AWS::KMS::Key\n")},
		{
			name: "KMS key in eu-west-1 lacks a request price there", id: "K", region: "eu-west-1",
			template:     res("  K:\n    Type: AWS::KMS::Key\n"),
			wantUnpriced: "no embedded price kms.requests in eu-west-1",
		},
		{
			// 3 secrets (the secret and 2 replicas) × $0.40 + 1 × 10k calls × $0.05
			name: "secret with two replicas", id: "S", wantUSD: 3*0.40 + 0.05,
			template: res("  S:\n    Type: AWS::SecretsManager::Secret\n    Properties: {ReplicaRegions: [{Region: eu-west-1}, {Region: us-west-2}]}\n"),
		},
		{
			// 1 GB × $0.50 + 3 GB (90 days) × $0.03
			name: "log group with 90-day retention", id: "L", wantUSD: 0.50 + 3*0.03,
			template:       res("  L:\n    Type: AWS::Logs::LogGroup\n    Properties: {RetentionInDays: 90}\n"),
			wantComponents: []comp{{"Archival storage", 3}},
		},
		{
			name: "log group that never expires holds a year", id: "L", wantUSD: 0.50 + 12*0.03,
			template: res("  L:\n    Type: AWS::Logs::LogGroup\n"),
		},
		{
			name: "Infrequent Access log group", id: "L", wantUSD: 0.25 + 3*0.03,
			template: res("  L:\n    Type: AWS::Logs::LogGroup\n    Properties: {RetentionInDays: 90, LogGroupClass: INFREQUENT_ACCESS}\n"),
		},
		{name: "standard alarm", id: "A", wantUSD: 0.10,
			template: res("  A:\n    Type: AWS::CloudWatch::Alarm\n    Properties: {MetricName: Errors, Namespace: AWS/Lambda, Period: 60, Statistic: Sum, Threshold: 1, ComparisonOperator: GreaterThanThreshold, EvaluationPeriods: 1}\n")},
		{name: "high-resolution alarm", id: "A", wantUSD: 0.30,
			template: res("  A:\n    Type: AWS::CloudWatch::Alarm\n    Properties: {MetricName: Errors, Namespace: AWS/Lambda, Period: 10, Threshold: 1}\n")},
		{
			name: "metric math alarm is billed per metric it reads", id: "A", wantUSD: 0.20,
			template: res(`  A:
    Type: AWS::CloudWatch::Alarm
    Properties:
      Metrics:
        - {Id: e, Expression: 'm1/m2'}
        - {Id: m1, MetricStat: {Metric: {MetricName: Errors, Namespace: AWS/Lambda}, Period: 300, Stat: Sum}, ReturnData: false}
        - {Id: m2, MetricStat: {Metric: {MetricName: Invocations, Namespace: AWS/Lambda}, Period: 300, Stat: Sum}, ReturnData: false}
`),
		},
		{
			name: "anomaly detection alarm is billed for three metrics", id: "A", wantUSD: 0.30,
			template: res(`  A:
    Type: AWS::CloudWatch::Alarm
    Properties:
      ThresholdMetricId: band
      Metrics:
        - {Id: band, Expression: 'ANOMALY_DETECTION_BAND(m1, 2)'}
        - {Id: m1, MetricStat: {Metric: {MetricName: Latency, Namespace: AWS/ApiGateway}, Period: 300, Stat: Average}}
`),
		},
		{name: "composite alarm", id: "A", wantUSD: 0.50, template: res("  A:\n    Type: AWS::CloudWatch::CompositeAlarm\n    Properties: {AlarmRule: 'ALARM(x)'}\n")},
		{name: "dashboard", id: "D", wantUSD: 3.00, template: res("  D:\n    Type: AWS::CloudWatch::Dashboard\n    Properties: {DashboardBody: '{}'}\n")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkCase(t, tt) })
	}
}

func TestClusterPricers(t *testing.T) {
	const task = `  Task:
    Type: AWS::ECS::TaskDefinition
    Properties:
      Cpu: '512'
      Memory: 1 GB
      RequiresCompatibilities: [FARGATE]
      RuntimePlatform: {CpuArchitecture: %s, OperatingSystemFamily: LINUX}
`
	tests := []pricerCase{
		{
			name: "ElastiCache cluster of two nodes", id: "C", wantUSD: 2 * 730 * 0.017,
			template: res("  C:\n    Type: AWS::ElastiCache::CacheCluster\n    Properties: {Engine: redis, CacheNodeType: cache.t3.micro, NumCacheNodes: 2}\n"),
		},
		{
			// 2 shards × (1 primary + 1 replica) × 730 h × $0.206
			name: "ElastiCache replication group with shards", id: "G", wantUSD: 4 * 730 * 0.206,
			template: res("  G:\n    Type: AWS::ElastiCache::ReplicationGroup\n    Properties: {ReplicationGroupDescription: g, CacheNodeType: cache.r6g.large, NumNodeGroups: 2, ReplicasPerNodeGroup: 1}\n"),
		},
		{
			name: "ElastiCache unknown node type is unpriced", id: "C",
			template:     res("  C:\n    Type: AWS::ElastiCache::CacheCluster\n    Properties: {Engine: redis, CacheNodeType: cache.x9.huge, NumCacheNodes: 1}\n"),
			wantUnpriced: "no embedded price elasticache.node.cache.x9.huge",
		},
		{
			// 2 × 730 h × $0.128 + 3 masters × 730 h × $0.036 + 2 × 100 GB gp3 × $0.122
			name: "OpenSearch domain with dedicated masters and gp3", id: "Os", wantUSD: 2*730*0.128 + 3*730*0.036 + 200*0.122,
			template: res(`  Os:
    Type: AWS::OpenSearchService::Domain
    Properties:
      ClusterConfig: {InstanceType: m6g.large.search, InstanceCount: 2, DedicatedMasterEnabled: true, DedicatedMasterType: t3.small.search, DedicatedMasterCount: 3}
      EBSOptions: {EBSEnabled: true, VolumeType: gp3, VolumeSize: 100}
`),
		},
		{
			// 2 tasks × 0.5 vCPU × 730 h × $0.04048 + 2 × 1 GB × 730 h × $0.004445
			name: "ECS service on Fargate x86", id: "Svc", wantUSD: 730*0.04048 + 1460*0.004445,
			template:       res(strings.Replace(task, "%s", "X86_64", 1) + "  Svc:\n    Type: AWS::ECS::Service\n    Properties: {LaunchType: FARGATE, TaskDefinition: !Ref Task, DesiredCount: 2}\n"),
			wantComponents: []comp{{"vCPU (Fargate, Linux/x86, 2 × 0.5 vCPU)", 730}, {"Memory (Fargate, Linux/x86, 2 × 1 GB)", 1460}},
		},
		{
			name: "ECS service on Fargate ARM through a capacity provider", id: "Svc", wantUSD: 730*0.03238 + 1460*0.00356,
			template: res(strings.Replace(task, "%s", "ARM64", 1) + "  Svc:\n    Type: AWS::ECS::Service\n    Properties: {CapacityProviderStrategy: [{CapacityProvider: FARGATE, Weight: 1}], TaskDefinition: !Ref Task, DesiredCount: 2}\n"),
		},
		{
			name: "ECS service on EC2 has no charge of its own", id: "Svc", wantUSD: 0,
			template:   res(strings.Replace(task, "%s", "X86_64", 1) + "  Svc:\n    Type: AWS::ECS::Service\n    Properties: {TaskDefinition: !Ref Task}\n"),
			wantAssume: "tasks run on EC2 container instances",
		},
		{
			name: "ECS Fargate service with a task definition outside the template is unpriced", id: "Svc",
			template:     res("  Svc:\n    Type: AWS::ECS::Service\n    Properties: {LaunchType: FARGATE, TaskDefinition: 'arn:aws:ecs:us-east-1:1:task-definition/web:3'}\n"),
			wantUnpriced: "is not in this template, so its vCPU and memory are unknown",
		},
		{name: "EKS cluster", id: "Eks", wantUSD: 730 * 0.10, template: res("  Eks:\n    Type: AWS::EKS::Cluster\n    Properties: {RoleArn: r, ResourcesVpcConfig: {SubnetIds: [a]}}\n")},
		{
			// EKS defaults: 2 × t3.medium × 730 h × $0.0416 + 2 × 20 GB gp2 × $0.10
			name: "EKS node group with EKS defaults", id: "Ng", wantUSD: 2*730*0.0416 + 2*20*0.10,
			template:   res("  Ng:\n    Type: AWS::EKS::Nodegroup\n    Properties: {ClusterName: c, NodeRole: r, Subnets: [a]}\n"),
			wantAssume: "2 nodes (EKS's default desired size)",
		},
		{
			// 3 × m6g.large × 730 h × $0.077 + 3 × 30 GB gp3 × $0.08
			name: "EKS node group from a launch template named by Id", id: "Ng", wantUSD: 3*730*0.077 + 3*30*0.08,
			template: res(`  LT:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        InstanceType: m6g.large
        BlockDeviceMappings: [{DeviceName: /dev/xvda, Ebs: {VolumeSize: 30, VolumeType: gp3}}]
  Ng:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: c
      NodeRole: r
      Subnets: [a]
      ScalingConfig: {MinSize: 1, DesiredSize: 3, MaxSize: 5}
      LaunchTemplate: {Id: !Ref LT, Version: !GetAtt LT.LatestVersionNumber}
`),
		},
		{
			name: "EKS Spot node group is unpriced", id: "Ng", wantUnpriced: "capacity type SPOT is not priced",
			template: res("  Ng:\n    Type: AWS::EKS::Nodegroup\n    Properties: {ClusterName: c, NodeRole: r, Subnets: [a], CapacityType: SPOT}\n"),
		},
		{name: "EFS Standard", id: "Fs", wantUSD: 10 * 0.30, template: res("  Fs:\n    Type: AWS::EFS::FileSystem\n")},
		{name: "EFS One Zone", id: "Fs", wantUSD: 10 * 0.16, template: res("  Fs:\n    Type: AWS::EFS::FileSystem\n    Properties: {AvailabilityZoneName: us-east-1a}\n")},
		{
			// 10 GB × $0.30 + 10 MiB/s × $6.00
			name: "EFS provisioned throughput", id: "Fs", wantUSD: 3.00 + 60.00,
			template: res("  Fs:\n    Type: AWS::EFS::FileSystem\n    Properties: {ThroughputMode: provisioned, ProvisionedThroughputInMibps: 10}\n"),
		},
		{
			// $3.00 + 10 GB read × $0.03 + 10 GB written × $0.06 + 50 GB IA × $0.016
			name: "EFS elastic with Infrequent Access", id: "Fs", wantUSD: 3.00 + 0.30 + 0.60 + 50*0.016,
			usage:    forecast.Usage{"Fs": {"infrequentAccessStorageGB": 50}},
			template: res("  Fs:\n    Type: AWS::EFS::FileSystem\n    Properties: {ThroughputMode: elastic, LifecyclePolicies: [{TransitionToIA: AFTER_30_DAYS}]}\n"),
		},
		{
			name: "EC2 instance type without a price in eu-central-1", id: "Vm", region: "eu-central-1",
			template:     res("  Vm:\n    Type: AWS::EC2::Instance\n    Properties: {InstanceType: m6g.large}\n"),
			wantUnpriced: "no embedded price for instance type m6g.large in eu-central-1",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { checkCase(t, tt) })
	}
}

// TestCarbonOfManagedClasses checks that managed-service classes carry the carbon of the EC2 type they run on.
func TestCarbonOfManagedClasses(t *testing.T) {
	m, err := forecast.LoadCarbon()
	if err != nil {
		t.Fatal(err)
	}
	ec2, ok, why := m.EC2("r5.large", 730, "us-east-1")
	if !ok {
		t.Fatal(why)
	}
	for _, class := range []string{"db.r5.large", "cache.r5.large", "r5.large.search"} {
		t.Run(class, func(t *testing.T) {
			got, ok, why := m.EC2(class, 730, "us-east-1")
			if !ok || got != ec2 {
				t.Errorf("EC2(%s) = %+v, %v (%s); want %+v as r5.large", class, got, ok, why, ec2)
			}
		})
	}
	fc := one(t, "", res("  Db:\n    Type: AWS::RDS::DBInstance\n    Properties: {Engine: mysql, DBInstanceClass: db.r5.large, AllocatedStorage: 20}\n"), forecast.Options{})
	if r := resource(fc, "Db"); r == nil || r.Head.MonthlyKgCO2e < ec2.Total()-0.001 {
		t.Errorf("Db = %+v; want at least the r5.large estimate %.3f kg", r, ec2.Total())
	}
}

// coverageTemplate holds one resource of every priced type, with the properties each needs.
const coverageTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn: {Type: AWS::Lambda::Function, Properties: {MemorySize: 256}}
  SamFn: {Type: AWS::Serverless::Function, Properties: {MemorySize: 512}}
  Alias: {Type: AWS::Lambda::Alias, Properties: {FunctionName: !Ref Fn, FunctionVersion: '1', Name: a, ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 1}}}
  Table: {Type: AWS::DynamoDB::Table, Properties: {BillingMode: PAY_PER_REQUEST}}
  Simple: {Type: AWS::Serverless::SimpleTable}
  Global: {Type: AWS::DynamoDB::GlobalTable, Properties: {BillingMode: PAY_PER_REQUEST, Replicas: [{Region: us-east-1}]}}
  Bucket: {Type: AWS::S3::Bucket}
  LT: {Type: AWS::EC2::LaunchTemplate, Properties: {LaunchTemplateData: {InstanceType: t3.micro}}}
  Vm: {Type: AWS::EC2::Instance, Properties: {InstanceType: m5.large}}
  Asg: {Type: AWS::AutoScaling::AutoScalingGroup, Properties: {MinSize: '1', MaxSize: '2', LaunchTemplate: {LaunchTemplateId: !Ref LT, Version: '1'}}}
  Vol: {Type: AWS::EC2::Volume, Properties: {Size: 10, VolumeType: gp3, AvailabilityZone: a}}
  Db: {Type: AWS::RDS::DBInstance, Properties: {Engine: postgres, DBInstanceClass: db.t4g.micro, AllocatedStorage: 20}}
  Cluster: {Type: AWS::RDS::DBCluster, Properties: {Engine: aurora-mysql}}
  Member: {Type: AWS::RDS::DBInstance, Properties: {DBClusterIdentifier: !Ref Cluster, DBInstanceClass: db.t4g.medium}}
  Nat: {Type: AWS::EC2::NatGateway, Properties: {SubnetId: s}}
  Ep: {Type: AWS::EC2::VPCEndpoint, Properties: {VpcEndpointType: Interface, ServiceName: x, VpcId: v, SubnetIds: [a]}}
  Eip: {Type: AWS::EC2::EIP}
  Alb: {Type: AWS::ElasticLoadBalancingV2::LoadBalancer}
  Elb: {Type: AWS::ElasticLoadBalancing::LoadBalancer, Properties: {Listeners: []}}
  Rest: {Type: AWS::ApiGateway::RestApi}
  SamApi: {Type: AWS::Serverless::Api, Properties: {StageName: p}}
  Stage: {Type: AWS::ApiGateway::Stage, Properties: {RestApiId: !Ref Rest}}
  Http: {Type: AWS::ApiGatewayV2::Api, Properties: {ProtocolType: HTTP}}
  SamHttp: {Type: AWS::Serverless::HttpApi}
  Sm: {Type: AWS::StepFunctions::StateMachine, Properties: {RoleArn: r}}
  SamSm: {Type: AWS::Serverless::StateMachine, Properties: {Type: EXPRESS}}
  Queue: {Type: AWS::SQS::Queue}
  Topic: {Type: AWS::SNS::Topic}
  Stream: {Type: AWS::Kinesis::Stream, Properties: {ShardCount: 1}}
  Key: {Type: AWS::KMS::Key}
  Replica: {Type: AWS::KMS::ReplicaKey, Properties: {PrimaryKeyArn: x, KeyPolicy: {}}}
  Secret: {Type: AWS::SecretsManager::Secret}
  Logs: {Type: AWS::Logs::LogGroup}
  Alarm: {Type: AWS::CloudWatch::Alarm, Properties: {Period: 60}}
  Composite: {Type: AWS::CloudWatch::CompositeAlarm, Properties: {AlarmRule: x}}
  Dash: {Type: AWS::CloudWatch::Dashboard, Properties: {DashboardBody: '{}'}}
  Cache: {Type: AWS::ElastiCache::CacheCluster, Properties: {Engine: redis, CacheNodeType: cache.t4g.micro, NumCacheNodes: 1}}
  Group: {Type: AWS::ElastiCache::ReplicationGroup, Properties: {ReplicationGroupDescription: g, CacheNodeType: cache.m6g.large, NumCacheClusters: 2}}
  Search: {Type: AWS::OpenSearchService::Domain, Properties: {ClusterConfig: {InstanceType: t3.small.search}, EBSOptions: {EBSEnabled: true, VolumeSize: 10}}}
  Legacy: {Type: AWS::Elasticsearch::Domain, Properties: {ElasticsearchClusterConfig: {InstanceType: r6g.large.search}}}
  Task: {Type: AWS::ECS::TaskDefinition, Properties: {Cpu: '256', Memory: '512'}}
  Svc: {Type: AWS::ECS::Service, Properties: {LaunchType: FARGATE, TaskDefinition: !Ref Task}}
  Eks: {Type: AWS::EKS::Cluster, Properties: {RoleArn: r}}
  Nodes: {Type: AWS::EKS::Nodegroup, Properties: {ClusterName: c, NodeRole: r, Subnets: [a]}}
  Fs: {Type: AWS::EFS::FileSystem}
  Cdn: {Type: AWS::CloudFront::Distribution, Properties: {DistributionConfig: {Enabled: true}}}
  Zone: {Type: AWS::Route53::HostedZone, Properties: {Name: example.com}}
  Role: {Type: AWS::IAM::Role}
`

// TestEveryPricerInUSEast1 prices a template with every priced type: nothing may be unpriced in us-east-1,
// where the snapshot holds every price a pricer reads.
func TestEveryPricerInUSEast1(t *testing.T) {
	fc := one(t, "", coverageTemplate, forecast.Options{})
	if len(fc.Unpriced) != 0 {
		t.Errorf("unpriced in us-east-1: %+v", fc.Unpriced)
	}
	types := map[string]bool{}
	for _, r := range fc.Resources {
		types[r.Type] = true
		if r.Head.MonthlyUSD < 0 || r.Head.MonthlyKgCO2e < 0 {
			t.Errorf("%s: negative cost or carbon %+v", r.LogicalID, r.Head)
		}
	}
	for _, r := range fc.Resources {
		if r.Type == "AWS::IAM::Role" {
			continue
		}
		labelled := false
		for _, a := range r.Assumptions {
			labelled = labelled || strings.HasPrefix(a, "carbon")
		}
		if !labelled && len(r.Head.Components) > 0 {
			t.Errorf("%s (%s): no assumption says how its carbon was estimated, or that it was not", r.LogicalID, r.Type)
		}
	}
	if len(types) < 30 {
		t.Errorf("priced %d resource types; the coverage template should exercise at least 30", len(types))
	}
	for _, region := range []string{"us-west-2", "eu-west-1", "eu-central-1"} {
		t.Run(region, func(t *testing.T) {
			fc := one(t, "", coverageTemplate, forecast.Options{Region: region})
			for _, u := range fc.Unpriced {
				if !strings.Contains(u.Reason, region) || !strings.HasPrefix(u.Reason, "no embedded price") {
					t.Errorf("%s unpriced in %s for another reason than a missing regional price: %s", u.LogicalID, region, u.Reason)
				}
			}
			if r := resource(fc, "Cdn"); r == nil || r.Head.MonthlyUSD == 0 {
				t.Errorf("CloudFront not priced in %s: %+v", region, r)
			}
		})
	}
}

func FuzzForecastTemplate(f *testing.F) {
	// The whole coverage template is a slow seed under the fuzzer's instrumentation; its cross-resource
	// references are what matter, and this excerpt keeps them.
	f.Add([]byte(`Resources:
  LT: {Type: AWS::EC2::LaunchTemplate, Properties: {LaunchTemplateData: {InstanceType: t3.micro}}}
  Asg: {Type: AWS::AutoScaling::AutoScalingGroup, Properties: {MinSize: '1', LaunchTemplate: {LaunchTemplateId: !Ref LT}}}
  Fn: {Type: AWS::Lambda::Function, Properties: {MemorySize: 256}}
  Alias: {Type: AWS::Lambda::Alias, Properties: {FunctionName: !Ref Fn, ProvisionedConcurrencyConfig: {ProvisionedConcurrentExecutions: 1}}}
  Task: {Type: AWS::ECS::TaskDefinition, Properties: {Cpu: '256', Memory: '512'}}
  Svc: {Type: AWS::ECS::Service, Properties: {LaunchType: FARGATE, TaskDefinition: !Ref Task}}
  Cluster: {Type: AWS::RDS::DBCluster, Properties: {Engine: aurora-mysql}}
  Member: {Type: AWS::RDS::DBInstance, Properties: {DBClusterIdentifier: !Ref Cluster, DBInstanceClass: db.serverless}}
`))
	f.Add([]byte("Resources:\n  V:\n    Type: AWS::EC2::Volume\n    Properties: {Size: -1, VolumeType: io2, Iops: 1e400}\n"))
	f.Add([]byte("Resources:\n  S:\n    Type: AWS::ECS::Service\n    Properties: {LaunchType: FARGATE, TaskDefinition: !Ref T}\n  T:\n    Type: AWS::ECS::TaskDefinition\n    Properties: {Cpu: '0x1p3 vCPU', Memory: 'NaN GB'}\n"))
	svc := forecast.New()
	f.Fuzz(func(t *testing.T, data []byte) {
		fc, err := svc.Forecast(context.Background(), []forecast.FilePair{{Path: "t.yaml", Head: data}}, forecast.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range fc.Resources {
			for _, c := range r.Head.Components {
				if c.Quantity < 0 || c.MonthlyUSD < 0 || math.IsNaN(c.MonthlyUSD) || math.IsInf(c.MonthlyUSD, 0) {
					t.Errorf("%s: component %+v", r.LogicalID, c)
				}
			}
			if math.IsNaN(r.Head.MonthlyKgCO2e) || math.IsInf(r.Head.MonthlyKgCO2e, 0) {
				t.Errorf("%s: carbon %v", r.LogicalID, r.Head.MonthlyKgCO2e)
			}
		}
	})
}

// TestMutatedTemplates runs the forecast over deterministic byte-level mutations of the coverage template
// (the fuzzer is slow on inputs of this size): no input may panic or produce a negative or non-finite
// figure. It found a nil dereference in an alias without FunctionName.
func TestMutatedTemplates(t *testing.T) {
	if testing.Short() {
		t.Skip("mutation sweep")
	}
	svc := forecast.New()
	r := rand.New(rand.NewSource(7))
	seed := []byte(coverageTemplate)
	for i := 0; i < 300; i++ {
		data := append([]byte(nil), seed...)
		for k := 0; k < 1+r.Intn(4); k++ {
			p := r.Intn(len(data))
			switch r.Intn(3) {
			case 0:
				data[p] = byte(r.Intn(256))
			case 1:
				data = append(data[:p], data[p+1:]...)
			default:
				data = append(data[:p], append([]byte{data[r.Intn(len(data))]}, data[p:]...)...)
			}
		}
		fc, err := svc.Forecast(context.Background(), []forecast.FilePair{{Path: "t.yaml", Head: data}}, forecast.Options{})
		if err != nil {
			t.Fatalf("mutation %d: %v", i, err)
		}
		for _, res := range fc.Resources {
			if res.Head.MonthlyUSD < 0 || math.IsNaN(res.Head.MonthlyUSD) || math.IsInf(res.Head.MonthlyKgCO2e, 0) || math.IsNaN(res.Head.MonthlyKgCO2e) {
				t.Errorf("mutation %d: %s = %+v", i, res.LogicalID, res.Head)
			}
		}
	}
}

func BenchmarkEveryPricer(b *testing.B) {
	files := []forecast.FilePair{{Path: "t.yaml", Head: []byte(coverageTemplate)}}
	svc := forecast.New()
	for b.Loop() {
		if _, err := svc.Forecast(context.Background(), files, forecast.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestServerlessCarbon checks the serverless approximations against figures worked by hand from the CCF
// constants in prices/carbon.json (PUE 1.135, us-east-1 grid 0.379069 kg per kWh, AWS average processor
// 0.74–3.5 W per vCPU at 50% utilisation = 2.12 W, memory 0.000392 kWh per GB-hour).
func TestServerlessCarbon(t *testing.T) {
	const kgPerKWh = 1.135 * 0.379069
	tests := []struct {
		name, template, id string
		wantKg             float64
	}{
		{
			// CCF Lambda method: 1M × 0.2 s = 55.556 h × 1024 MB ÷ 1792 MB = 31.746 vCPU-hours × 2.12 W
			name: "Lambda", id: "Fn", wantKg: 200000.0 / 3600 * 1024 / 1792 * 2.12 / 1000 * kgPerKWh,
			template: res("  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {MemorySize: 1024}\n"),
		},
		{
			// 2 tasks × 0.5 vCPU × 730 h × 2.12 W, and 2 × 1 GB × 730 h × 0.000392 kWh
			name: "Fargate", id: "Svc", wantKg: (730*2.12/1000 + 1460*0.000392) * kgPerKWh,
			template: res("  Task:\n    Type: AWS::ECS::TaskDefinition\n    Properties: {Cpu: '512', Memory: '1024'}\n  Svc:\n    Type: AWS::ECS::Service\n    Properties: {LaunchType: FARGATE, TaskDefinition: !Ref Task, DesiredCount: 2}\n"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := resource(one(t, "", tt.template, forecast.Options{}), tt.id)
			if r == nil {
				t.Fatal("not priced")
			}
			if math.Abs(r.Head.MonthlyKgCO2e-tt.wantKg) > 0.0005+1e-9 {
				t.Errorf("monthlyKgCO2e = %v; want %.4f", r.Head.MonthlyKgCO2e, tt.wantKg)
			}
		})
	}
}
