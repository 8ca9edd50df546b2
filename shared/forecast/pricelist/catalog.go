package pricelist

// product says how to find one price of the table in the Price List: the service, TERM_MATCH filters on
// product attributes (regionCode is always added), the usagetype that tells the product apart when the
// filters leave several (AWS prefixes it with a region code outside us-east-1), the Price List units the
// price may be quoted in, and the factor from that unit to the table's (1e6 for "per million").
type product struct {
	serviceCode string
	filters     [][2]string
	usageType   string
	units       []string
	scale       float64
}

// catalog maps the table's price ids to Price List products. The attribute values are those the Price List
// publishes for these products (the same product filters Infracost's AWS resources use); a product that no
// longer matches fails the refresh of that price loudly rather than yielding a wrong one.
var catalog = map[string]product{
	"lambda.requests": {
		serviceCode: "AWSLambda", filters: [][2]string{{"group", "AWS-Lambda-Requests"}},
		usageType: "Request", units: []string{"Requests"}, scale: 1e6,
	},
	"lambda.duration.x86_64": {
		serviceCode: "AWSLambda", filters: [][2]string{{"group", "AWS-Lambda-Duration"}},
		usageType: "Lambda-GB-Second", units: []string{"Lambda-GB-Second", "seconds"}, scale: 1,
	},
	"lambda.duration.arm64": {
		serviceCode: "AWSLambda", filters: [][2]string{{"group", "AWS-Lambda-Duration-ARM"}},
		usageType: "Lambda-GB-Second-ARM", units: []string{"Lambda-GB-Second", "seconds"}, scale: 1,
	},
	"dynamodb.ondemand.write": {
		serviceCode: "AmazonDynamoDB", filters: [][2]string{{"productFamily", "Amazon DynamoDB PayPerRequest Throughput"}, {"group", "DDB-WriteUnits"}},
		usageType: "WriteRequestUnits", units: []string{"WriteRequestUnits"}, scale: 1e6,
	},
	"dynamodb.ondemand.read": {
		serviceCode: "AmazonDynamoDB", filters: [][2]string{{"productFamily", "Amazon DynamoDB PayPerRequest Throughput"}, {"group", "DDB-ReadUnits"}},
		usageType: "ReadRequestUnits", units: []string{"ReadRequestUnits"}, scale: 1e6,
	},
	"dynamodb.provisioned.wcu": {
		serviceCode: "AmazonDynamoDB", filters: [][2]string{{"productFamily", "Provisioned IOPS"}, {"group", "DDB-WriteUnits"}},
		usageType: "WriteCapacityUnit-Hrs", units: []string{"WriteCapacityUnit-Hrs"}, scale: 1,
	},
	"dynamodb.provisioned.rcu": {
		serviceCode: "AmazonDynamoDB", filters: [][2]string{{"productFamily", "Provisioned IOPS"}, {"group", "DDB-ReadUnits"}},
		usageType: "ReadCapacityUnit-Hrs", units: []string{"ReadCapacityUnit-Hrs"}, scale: 1,
	},
	"dynamodb.storage": {
		serviceCode: "AmazonDynamoDB", filters: [][2]string{{"productFamily", "Database Storage"}, {"volumeType", "Amazon DynamoDB - Indexed DataStore"}},
		usageType: "TimedStorage-ByteHrs", units: []string{"GB-Mo"}, scale: 1,
	},
	"natgateway.hours": {
		serviceCode: "AmazonEC2", filters: [][2]string{{"productFamily", "NAT Gateway"}},
		usageType: "NatGateway-Hours", units: []string{"Hrs"}, scale: 1,
	},
	"natgateway.data": {
		serviceCode: "AmazonEC2", filters: [][2]string{{"productFamily", "NAT Gateway"}},
		usageType: "NatGateway-Bytes", units: []string{"GB"}, scale: 1,
	},
	"vpcendpoint.interface.hours": {
		serviceCode: "AmazonVPC", filters: [][2]string{{"productFamily", "VpcEndpoint"}},
		usageType: "VpcEndpoint-Hours", units: []string{"Hrs"}, scale: 1,
	},
	"vpcendpoint.interface.data": {
		serviceCode: "AmazonVPC", filters: [][2]string{{"productFamily", "VpcEndpoint"}},
		usageType: "VpcEndpoint-Bytes", units: []string{"GB"}, scale: 1,
	},
	"ec2.publicipv4.hours": {
		serviceCode: "AmazonVPC", filters: [][2]string{{"productFamily", "VPC Public IPv4 Address"}},
		usageType: "PublicIPv4:InUseAddress", units: []string{"Hrs"}, scale: 1,
	},
	"ebs.gp3.storage": {
		serviceCode: "AmazonEC2", filters: [][2]string{{"productFamily", "Storage"}, {"volumeApiName", "gp3"}},
		usageType: "EBS:VolumeUsage.gp3", units: []string{"GB-Mo"}, scale: 1,
	},
	"ebs.gp2.storage": {
		serviceCode: "AmazonEC2", filters: [][2]string{{"productFamily", "Storage"}, {"volumeApiName", "gp2"}},
		usageType: "EBS:VolumeUsage.gp2", units: []string{"GB-Mo"}, scale: 1,
	},
	"elb.application.hours": {
		serviceCode: "AmazonEC2", filters: [][2]string{{"productFamily", "Load Balancer-Application"}},
		usageType: "LoadBalancerUsage", units: []string{"Hrs"}, scale: 1,
	},
	"elb.application.lcu": {
		serviceCode: "AmazonEC2", filters: [][2]string{{"productFamily", "Load Balancer-Application"}},
		usageType: "LCUUsage", units: []string{"LCU-Hrs"}, scale: 1,
	},
	"elb.network.hours": {
		serviceCode: "AmazonEC2", filters: [][2]string{{"productFamily", "Load Balancer-Network"}},
		usageType: "LoadBalancerUsage", units: []string{"Hrs"}, scale: 1,
	},
	"elb.network.nlcu": {
		serviceCode: "AmazonEC2", filters: [][2]string{{"productFamily", "Load Balancer-Network"}},
		usageType: "LCUUsage", units: []string{"LCU-Hrs"}, scale: 1,
	},
	"kms.key": {
		serviceCode: "awskms", filters: [][2]string{{"productFamily", "Encryption Key"}},
		usageType: "KMS-Keys", units: []string{"Keys", "Key-Mo"}, scale: 1,
	},
	"s3.standard.storage": {
		serviceCode: "AmazonS3", filters: [][2]string{{"productFamily", "Storage"}, {"volumeType", "Standard"}},
		usageType: "TimedStorage-ByteHrs", units: []string{"GB-Mo"}, scale: 1,
	},
}

// instanceProduct is the Price List product of an EC2 instance type: on-demand Linux, shared tenancy, no
// pre-installed software, no license, capacity in use (not reserved), as the forecast prices instances.
func instanceProduct(instanceType string) product {
	return product{
		serviceCode: "AmazonEC2",
		filters: [][2]string{
			{"productFamily", "Compute Instance"},
			{"instanceType", instanceType},
			{"operatingSystem", "Linux"},
			{"tenancy", "Shared"},
			{"preInstalledSw", "NA"},
			{"licenseModel", "No License required"},
			{"capacitystatus", "Used"},
		},
		usageType: "BoxUsage:" + instanceType,
		units:     []string{"Hrs"},
		scale:     1,
	}
}
