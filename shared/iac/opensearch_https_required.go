package iac

import "github.com/attestdev/attest/shared/finding"

func openSearchHTTPSRequired() Rule {
	return newRule(finding.Rule{
		ID:    "opensearch-https-required",
		Title: "OpenSearch domain accepts only HTTPS",
		Description: "Unless EnforceHTTPS is true the domain endpoint also answers plain HTTP, so queries, results and " +
			"credentials can cross the network unencrypted; it is off by default.",
		Remediation: "Turn on encryption at rest, node-to-node encryption and HTTPS on the domain:\n\n" +
			openSearchRemediation,
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/opensearch-https-required.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "opensearch-https-required",
		Controls:    []string{"HIPAA/164.312(e)(2)(ii)", "PCI-DSS-4.0/4.2.1", "SOC2/CC6.7"},
		CWE:         []int{319},
		Permissions: []string{"es:DescribeDomain"},
	}, TypeOpenSearchDomain, func(d *OpenSearchDomain) Result {
		return requireTrue(d.EnforceHTTPS, "DomainEndpointOptions.EnforceHTTPS", false)
	})
}
