package iac

import "github.com/attestdev/attest/shared/finding"

// commonPorts are the database, remote-desktop, cache, search and FTP ports that must not face the internet.
var commonPorts = []int64{20, 21, 3389, 3306, 5432, 1433, 1521, 6379, 9200, 27017}

func restrictedCommonPorts() Rule {
	return newRule(finding.Rule{
		ID:    "restricted-common-ports",
		Title: "Security group does not open administrative or database ports to the internet",
		Description: "Ports 20, 21 (FTP), 3389 (RDP), 3306 (MySQL), 5432 (PostgreSQL), 1433 (SQL Server), 1521 " +
			"(Oracle), 6379 (Redis), 9200 (Elasticsearch) and 27017 (MongoDB) open to 0.0.0.0/0 or ::/0 put a " +
			"service built for private networks in front of the whole internet.",
		Remediation: "Admit these ports only from the application's own security group or a private range:\n\n" +
			"  SecurityGroupIngress:\n" +
			"    - IpProtocol: tcp\n" +
			"      FromPort: 5432\n" +
			"      ToPort: 5432\n" +
			"      SourceSecurityGroupId: !Ref AppSecurityGroup\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/restricted-common-ports.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "restricted-common-ports",
		Controls:    []string{"HIPAA/164.312(a)(1)", "HIPAA/164.312(e)(1)", "PCI-DSS-4.0/1.3.1", "SOC2/CC6.6"},
		CWE:         []int{284},
		Permissions: []string{"ec2:DescribeSecurityGroups"},
	}, TypeEC2SecurityGroup, func(g *EC2SecurityGroup) Result {
		return openPorts(g, commonPorts)
	})
}
