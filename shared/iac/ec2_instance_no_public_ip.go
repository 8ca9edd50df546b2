package iac

import "github.com/attestdev/attest/shared/finding"

func ec2InstanceNoPublicIP() Rule {
	return newRule(finding.Rule{
		ID:    "ec2-instance-no-public-ip",
		Title: "EC2 instance has no public IP address",
		Description: "An instance with a public IPv4 address is reachable from the internet whenever its security " +
			"groups and network ACLs allow, and is easy to expose by one bad rule. Whether it gets one depends on " +
			"AssociatePublicIpAddress or, without it, on the subnet's MapPublicIpOnLaunch.",
		Remediation: "Launch the instance without a public address, in a private subnet:\n\n" +
			"  NetworkInterfaces:\n" +
			"    - DeviceIndex: \"0\"\n" +
			"      AssociatePublicIpAddress: false\n" +
			"      SubnetId: !Ref PrivateSubnet\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/ec2-instance-no-public-ip.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "ec2-instance-no-public-ip",
		Controls:    []string{"HIPAA/164.312(a)(1)", "PCI-DSS-4.0/1.4.4", "SOC2/CC6.6"},
		CWE:         []int{284},
		Permissions: []string{"ec2:DescribeInstances"},
	}, TypeEC2Instance, func(i *EC2Instance) Result {
		ip := i.PublicIP
		switch {
		case ip.State == Unknown:
			return NotAssessedAt(ip.Line, "%s", ip.Why)
		case ip.State == Set && ip.Value:
			return Fail(lineOf(ip.Line, i.Line), "the instance gets a public IP address")
		}
		return Pass("the instance gets no public IP address")
	})
}
