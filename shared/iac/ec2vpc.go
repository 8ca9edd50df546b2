package iac

// TypeEC2VPC is the CloudFormation and AWS Config type of a VPC.
const TypeEC2VPC = "AWS::EC2::VPC"

// TypeEC2FlowLog is the type of a flow log, which names the VPC, subnet or interface it records.
const TypeEC2FlowLog = "AWS::EC2::FlowLog"

// EC2VPC is what rules know about a VPC.
type EC2VPC struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// FlowLogs is whether an AWS::EC2::FlowLog records the VPC.
	FlowLogs Tri
}

func ec2VPCFromTemplate(p templateProps) *EC2VPC {
	v := &EC2VPC{Line: p.res.Line}
	logs, why := p.referrers(TypeEC2FlowLog, "ResourceId")
	switch {
	case len(logs) > 0:
		v.FlowLogs = Known(true, logs[0].Line)
	case why != "":
		v.FlowLogs = Unknowable[bool](why, p.res.Line)
	default:
		v.FlowLogs = Missing[bool](p.res.Line)
	}
	return v
}

// ec2VPCFromConfig cannot tell: a VPC's configuration item (DescribeVpcs) does not record its flow logs, which
// the managed rule reads with ec2:DescribeFlowLogs.
func ec2VPCFromConfig(ConfigItem) *EC2VPC {
	return &EC2VPC{FlowLogs: Unknowable[bool]("a VPC's configuration item does not record its flow logs; "+
		"check with ec2:DescribeFlowLogs", 0)}
}

// settings are the VPC's effective settings for drift.
func (v *EC2VPC) settings() []setting {
	return []setting{effective("FlowLogs", v.FlowLogs, false)}
}
