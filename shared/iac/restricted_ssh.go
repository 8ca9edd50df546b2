package iac

import "github.com/attestdev/attest/shared/finding"

func restrictedSSH() Rule {
	return newRule(finding.Rule{
		ID:    "restricted-ssh",
		Title: "Security group does not open SSH to the internet",
		Description: "SSH open to 0.0.0.0/0 or ::/0 exposes every instance in the group to password guessing and to " +
			"any SSH vulnerability, from anywhere. Reach instances through Session Manager or a bastion with a " +
			"narrow source range instead.",
		Remediation: "Admit SSH only from a known range, or remove the rule and use Session Manager:\n\n" +
			"  SecurityGroupIngress:\n" +
			"    - IpProtocol: tcp\n" +
			"      FromPort: 22\n" +
			"      ToPort: 22\n" +
			"      CidrIp: 10.0.0.0/16\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/restricted-ssh.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "restricted-ssh",
		Controls:    []string{"HIPAA/164.312(a)(1)", "HIPAA/164.312(e)(1)", "PCI-DSS-4.0/1.3.1", "SOC2/CC6.6"},
		CWE:         []int{284},
		Permissions: []string{"ec2:DescribeSecurityGroups"},
	}, TypeEC2SecurityGroup, func(g *EC2SecurityGroup) Result {
		return openPorts(g, []int64{22})
	})
}
