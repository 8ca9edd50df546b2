package iac

import "github.com/attestdev/attest/shared/finding"

func vpcFlowLogsEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "vpc-flow-logs-enabled",
		Title: "VPC records flow logs",
		Description: "Flow logs record the connections accepted and rejected in a VPC, the evidence an " +
			"investigation of exfiltration or lateral movement starts from. In a template, a VPC is covered when " +
			"an AWS::EC2::FlowLog names it as its ResourceId.",
		Remediation: "Add a flow log for the VPC:\n\n" +
			"  VpcFlowLog:\n" +
			"    Type: AWS::EC2::FlowLog\n" +
			"    Properties:\n" +
			"      ResourceId: !Ref Vpc\n" +
			"      ResourceType: VPC\n" +
			"      TrafficType: ALL\n" +
			"      LogDestinationType: cloud-watch-logs\n" +
			"      LogGroupName: !Ref FlowLogGroup\n" +
			"      DeliverLogsPermissionArn: !GetAtt FlowLogRole.Arn\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/vpc-flow-logs-enabled.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "vpc-flow-logs-enabled",
		Controls:    []string{"HIPAA/164.312(b)", "PCI-DSS-4.0/10.2.1", "SOC2/CC7.2"},
		CWE:         []int{778},
		Permissions: []string{"ec2:DescribeFlowLogs"},
	}, TypeEC2VPC, func(v *EC2VPC) Result {
		f := v.FlowLogs
		switch {
		case f.State == Unknown:
			return NotAssessedAt(f.Line, "%s", f.Why)
		case f.State == Absent || !f.Value:
			return Fail(lineOf(f.Line, v.Line), "no AWS::EC2::FlowLog in the template records this VPC")
		}
		return Pass("a flow log records the VPC")
	})
}
