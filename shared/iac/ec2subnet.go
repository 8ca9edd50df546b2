package iac

// TypeEC2Subnet is the CloudFormation and AWS Config type of a VPC subnet.
const TypeEC2Subnet = "AWS::EC2::Subnet"

// EC2Subnet is what rules know about a subnet.
type EC2Subnet struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// MapPublicIPOnLaunch gives instances launched in the subnet a public IPv4 address; false by default for
	// subnets a template creates (only default subnets turn it on).
	MapPublicIPOnLaunch Tri
}

func ec2SubnetFromTemplate(p templateProps) *EC2Subnet {
	return &EC2Subnet{Line: p.res.Line, MapPublicIPOnLaunch: p.tri(p.props, "", "MapPublicIpOnLaunch")}
}

// ec2SubnetFromConfig reads configuration.mapPublicIpOnLaunch, as DescribeSubnets reports it.
func ec2SubnetFromConfig(ci ConfigItem) *EC2Subnet {
	return &EC2Subnet{MapPublicIPOnLaunch: configField[bool](ci.fields(), "mapPublicIpOnLaunch")}
}

// settings are the subnet's effective settings for drift.
func (s *EC2Subnet) settings() []setting {
	return []setting{effective("MapPublicIpOnLaunch", s.MapPublicIPOnLaunch, false)}
}
