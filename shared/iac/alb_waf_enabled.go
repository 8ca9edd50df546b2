package iac

import "github.com/attestdev/attest/shared/finding"

func albWAFEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "alb-waf-enabled",
		Title: "Application load balancer is protected by AWS WAF",
		Description: "A public web application should sit behind a web application firewall that filters common " +
			"attacks (injection, known bad inputs, bots) before they reach it. The check looks for a WAFv2 web " +
			"ACL association naming the load balancer; network and gateway load balancers cannot use WAF and " +
			"are not assessed.",
		Remediation: "Associate a WAFv2 web ACL with the load balancer:\n\n" +
			"  WebAclAssociation:\n" +
			"    Type: AWS::WAFv2::WebACLAssociation\n" +
			"    Properties:\n" +
			"      ResourceArn: !Ref LoadBalancer\n" +
			"      WebACLArn: !GetAtt WebAcl.Arn\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/alb-waf-enabled.html",
		Level:       finding.LevelWarning,
		Confidence:  "medium",
		Class:       "iac",
		ConfigRule:  "alb-waf-enabled",
		Controls:    []string{"PCI-DSS-4.0/6.4.2", "SOC2/CC6.6"},
		CWE:         []int{693},
		Permissions: []string{"elasticloadbalancing:DescribeLoadBalancers", "wafv2:GetWebACLForResource"},
	}, TypeELBv2LoadBalancer, func(lb *ELBv2LoadBalancer) Result {
		switch t := lb.Type; {
		case t.State == Unknown:
			return NotAssessedAt(t.Line, "%s", t.Why)
		case t.State == Set && t.Value != "application":
			return NotAssessedAt(t.Line, "a %s load balancer cannot be associated with AWS WAF", t.Value)
		}
		return mustBeSet(lb.WebACL, lb.Line, "no WAFv2 web ACL is associated with the load balancer",
			"web ACL %s protects the load balancer")
	})
}
