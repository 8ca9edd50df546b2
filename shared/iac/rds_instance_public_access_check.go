package iac

import "github.com/attestdev/attest/shared/finding"

func rdsInstancePublicAccessCheck() Rule {
	return newRule(finding.Rule{
		ID:    "rds-instance-public-access-check",
		Title: "RDS DB instance is not publicly accessible",
		Description: "A publicly accessible instance gets a DNS name that resolves to a public address, so only its " +
			"security groups stand between the database and the internet. When PubliclyAccessible is not set, RDS " +
			"makes an instance public if it has no DB subnet group (the default VPC) and private otherwise.",
		Remediation: "Keep the instance private, in subnets of your own VPC:\n\n" +
			"  PubliclyAccessible: false\n" +
			"  DBSubnetGroupName: !Ref PrivateSubnets\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/rds-instance-public-access-check.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "rds-instance-public-access-check",
		Controls:    []string{"HIPAA/164.312(a)(1)", "PCI-DSS-4.0/1.4.4", "SOC2/CC6.6"},
		CWE:         []int{284},
		Permissions: []string{"rds:DescribeDBInstances"},
	}, TypeRDSDBInstance, func(d *RDSDBInstance) Result {
		pa := d.PubliclyAccessible
		switch pa.State {
		case Unknown:
			return NotAssessedAt(pa.Line, "%s", pa.Why)
		case Set:
			if pa.Value {
				return Fail(pa.Line, "PubliclyAccessible is true: the instance has a public address")
			}
			return Pass("PubliclyAccessible is false")
		}
		switch d.DBSubnetGroupName.State {
		case Unknown:
			return NotAssessedAt(d.DBSubnetGroupName.Line, "PubliclyAccessible is not set and its default depends on "+
				"the subnet group: %s", d.DBSubnetGroupName.Why)
		case Absent:
			return Fail(pa.Line, "PubliclyAccessible is not set and the instance has no DBSubnetGroupName, so RDS "+
				"places it in the default VPC and makes it public")
		}
		return Pass("PubliclyAccessible is not set; with DB subnet group %s it defaults to false", d.DBSubnetGroupName.Value)
	})
}
