package iac

import "github.com/attestdev/attest/shared/finding"

func openSearchNodeToNodeEncryptionCheck() Rule {
	return newRule(finding.Rule{
		ID:    "opensearch-node-to-node-encryption-check",
		Title: "OpenSearch domain encrypts traffic between its nodes",
		Description: "Without node-to-node encryption, data moves between the domain's nodes in the clear inside the VPC; " +
			"it is off by default.",
		Remediation: "Turn on encryption at rest, node-to-node encryption and HTTPS on the domain:\n\n" +
			openSearchRemediation,
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/opensearch-node-to-node-encryption-check.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "opensearch-node-to-node-encryption-check",
		Controls:    []string{"HIPAA/164.312(e)(2)(ii)", "PCI-DSS-4.0/4.2.1", "SOC2/CC6.7"},
		CWE:         []int{319},
		Permissions: []string{"es:DescribeDomain"},
	}, TypeOpenSearchDomain, func(d *OpenSearchDomain) Result {
		return requireTrue(d.NodeToNode, "NodeToNodeEncryptionOptions.Enabled", false)
	})
}
