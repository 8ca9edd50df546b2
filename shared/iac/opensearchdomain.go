package iac

// TypeOpenSearchDomain is the CloudFormation type of an OpenSearch Service domain. AWS Config records the
// same resource as AWS::OpenSearch::Domain.
const TypeOpenSearchDomain = "AWS::OpenSearchService::Domain"

// OpenSearchDomain is what rules know about an OpenSearch Service domain.
type OpenSearchDomain struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// EncryptionAtRest, NodeToNode and EnforceHTTPS all default to false.
	EncryptionAtRest Tri
	NodeToNode       Tri
	EnforceHTTPS     Tri
}

func openSearchDomainFromTemplate(p templateProps) *OpenSearchDomain {
	return &OpenSearchDomain{
		Line:             p.res.Line,
		EncryptionAtRest: p.tri(p.props, "", "EncryptionAtRestOptions", "Enabled"),
		NodeToNode:       p.tri(p.props, "", "NodeToNodeEncryptionOptions", "Enabled"),
		EnforceHTTPS:     p.tri(p.props, "", "DomainEndpointOptions", "EnforceHTTPS"),
	}
}

// openSearchDomainFromConfig reads EncryptionAtRestOptions.Enabled, NodeToNodeEncryptionOptions.Enabled and
// DomainEndpointOptions.EnforceHTTPS, which AWS Config records in the CloudFormation schema.
func openSearchDomainFromConfig(ci ConfigItem) *OpenSearchDomain {
	c := ci.fields()
	return &OpenSearchDomain{
		EncryptionAtRest: configOptional[bool](c.nestedOptional("EncryptionAtRestOptions"), "Enabled"),
		NodeToNode:       configOptional[bool](c.nestedOptional("NodeToNodeEncryptionOptions"), "Enabled"),
		EnforceHTTPS:     configOptional[bool](c.nestedOptional("DomainEndpointOptions"), "EnforceHTTPS"),
	}
}

// settings are the domain's effective settings for drift.
func (d *OpenSearchDomain) settings() []setting {
	return []setting{
		effective("EncryptionAtRestOptions.Enabled", d.EncryptionAtRest, false),
		effective("NodeToNodeEncryptionOptions.Enabled", d.NodeToNode, false),
		effective("DomainEndpointOptions.EnforceHTTPS", d.EnforceHTTPS, false),
	}
}

// openSearchRemediation is a domain block with all three settings on.
const openSearchRemediation = "  EncryptionAtRestOptions:\n" +
	"    Enabled: true\n" +
	"  NodeToNodeEncryptionOptions:\n" +
	"    Enabled: true\n" +
	"  DomainEndpointOptions:\n" +
	"    EnforceHTTPS: true\n" +
	"    TLSSecurityPolicy: Policy-Min-TLS-1-2-PFS-2023-10\n"
