package iac

import "github.com/attestdev/attest/shared/finding"

func apiGwAssociatedWithWAF() Rule {
	return newRule(finding.Rule{
		ID:    "api-gw-associated-with-waf",
		Title: "API Gateway stage is protected by AWS WAF",
		Description: "A public REST API should sit behind a web application firewall that filters common attacks " +
			"(injection, known bad inputs, request floods) before they reach its integrations. The check looks " +
			"for a WAFv2 web ACL association whose ResourceArn is the stage's ARN.",
		Remediation: "Associate a regional WAFv2 web ACL with the stage:\n\n" +
			"  StageAcl:\n" +
			"    Type: AWS::WAFv2::WebACLAssociation\n" +
			"    Properties:\n" +
			"      ResourceArn: !Sub arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Prod}\n" +
			"      WebACLArn: !GetAtt WebAcl.Arn\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/api-gw-associated-with-waf.html",
		Level:       finding.LevelWarning,
		Confidence:  "medium",
		Class:       "iac",
		ConfigRule:  "api-gw-associated-with-waf",
		Controls:    []string{"PCI-DSS-4.0/6.4.2", "SOC2/CC6.6"},
		CWE:         []int{693},
		Permissions: []string{"apigateway:GET"},
	}, TypeAPIGatewayStage, func(s *APIGatewayStage) Result {
		return mustBeSet(s.WebACL, s.Line, "no WAFv2 web ACL is associated with the stage", "web ACL %s protects the stage")
	})
}
