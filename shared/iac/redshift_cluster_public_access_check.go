package iac

import "github.com/attestdev/attest/shared/finding"

func redshiftClusterPublicAccessCheck() Rule {
	return newRule(finding.Rule{
		ID:    "redshift-cluster-public-access-check",
		Title: "Redshift cluster is not publicly accessible",
		Description: "A publicly accessible cluster gets a public endpoint, leaving only its security groups " +
			"between the warehouse and the internet. PubliclyAccessible defaults to false.",
		Remediation: "Keep the cluster private:\n\n" +
			"  PubliclyAccessible: false\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/redshift-cluster-public-access-check.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "redshift-cluster-public-access-check",
		Controls:    []string{"HIPAA/164.312(a)(1)", "PCI-DSS-4.0/1.4.4", "SOC2/CC6.6"},
		CWE:         []int{284},
		Permissions: []string{"redshift:DescribeClusters"},
	}, TypeRedshiftCluster, func(r *RedshiftCluster) Result {
		pa := r.PubliclyAccessible
		switch {
		case pa.State == Unknown:
			return NotAssessedAt(pa.Line, "%s", pa.Why)
		case pa.State == Set && pa.Value:
			return Fail(pa.Line, "PubliclyAccessible is true: the cluster has a public endpoint")
		}
		return Pass("the cluster is not publicly accessible")
	})
}
