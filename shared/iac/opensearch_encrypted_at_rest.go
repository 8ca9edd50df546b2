package iac

import "github.com/attestdev/attest/shared/finding"

func openSearchEncryptedAtRest() Rule {
	return newRule(finding.Rule{
		ID:    "opensearch-encrypted-at-rest",
		Title: "OpenSearch domain encrypts data at rest",
		Description: "Indexes, logs, swap files and automated snapshots of a domain are encrypted at rest only when " +
			"EncryptionAtRestOptions is enabled; it is off by default.",
		Remediation: "Turn on encryption at rest, node-to-node encryption and HTTPS on the domain:\n\n" +
			openSearchRemediation,
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/opensearch-encrypted-at-rest.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "opensearch-encrypted-at-rest",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/3.5.1", "SOC2/CC6.1"},
		CWE:         []int{311},
		Permissions: []string{"es:DescribeDomain"},
	}, TypeOpenSearchDomain, func(d *OpenSearchDomain) Result {
		return requireTrue(d.EncryptionAtRest, "EncryptionAtRestOptions.Enabled", false)
	})
}
