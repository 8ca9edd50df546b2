package iac

import "github.com/attestdev/attest/shared/finding"

func subnetAutoAssignPublicIPDisabled() Rule {
	return newRule(finding.Rule{
		ID:    "subnet-auto-assign-public-ip-disabled",
		Title: "Subnet does not give instances public IP addresses",
		Description: "A subnet with MapPublicIpOnLaunch gives every instance, container task or endpoint launched in " +
			"it a public IPv4 address, reachable from the internet whenever a route and security group allow it, " +
			"whether or not the workload was meant to be public.",
		Remediation: "Leave public addresses off and expose workloads through a load balancer or NAT:\n\n" +
			"  MapPublicIpOnLaunch: false\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/subnet-auto-assign-public-ip-disabled.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "subnet-auto-assign-public-ip-disabled",
		Controls:    []string{"HIPAA/164.312(a)(1)", "PCI-DSS-4.0/1.4.4", "SOC2/CC6.6"},
		CWE:         []int{284},
		Permissions: []string{"ec2:DescribeSubnets"},
	}, TypeEC2Subnet, func(s *EC2Subnet) Result {
		f := s.MapPublicIPOnLaunch
		switch {
		case f.State == Unknown:
			return NotAssessedAt(f.Line, "%s", f.Why)
		case f.State == Set && f.Value:
			return Fail(f.Line, "MapPublicIpOnLaunch is true: instances launched here get public IP addresses")
		}
		return Pass("instances launched in the subnet get no public IP address")
	})
}
