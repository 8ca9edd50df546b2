package iac

import (
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

func elbTLSHTTPSListenersOnly() Rule {
	return newRule(finding.Rule{
		ID:    "elb-tls-https-listeners-only",
		Title: "Classic Load Balancer listens only over TLS",
		Description: "A Classic Load Balancer listener on HTTP or TCP accepts traffic in clear text, where anyone on " +
			"the path can read and change it. Every front-end listener should use HTTPS or SSL.",
		Remediation: "Use HTTPS (or SSL) listeners with a certificate, and retire the clear-text ones:\n\n" +
			"  LoadBalancer:\n" +
			"    Type: AWS::ElasticLoadBalancing::LoadBalancer\n" +
			"    Properties:\n" +
			"      Listeners:\n" +
			"        - LoadBalancerPort: \"443\"\n" +
			"          InstancePort: \"8443\"\n" +
			"          Protocol: HTTPS\n" +
			"          SSLCertificateId: !Ref Certificate\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/elb-tls-https-listeners-only.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "elb-tls-https-listeners-only",
		Controls:    []string{"HIPAA/164.312(e)(2)(ii)", "PCI-DSS-4.0/4.2.1", "SOC2/CC6.7"},
		CWE:         []int{319},
		Permissions: []string{"elasticloadbalancing:DescribeLoadBalancers"},
	}, TypeELBLoadBalancer, func(lb *ELBLoadBalancer) Result {
		ls := lb.Listeners
		switch ls.State {
		case Unknown:
			return NotAssessedAt(ls.Line, "%s", ls.Why)
		case Absent:
			return NotAssessedAt(lineOr(ls.Line, lb.Line), "the load balancer declares no listeners")
		}
		var unknown *ELBListener
		for i := range ls.Value {
			l := &ls.Value[i]
			p := l.Protocol
			switch {
			case p.State == Set && !strings.EqualFold(p.Value, "HTTPS") && !strings.EqualFold(p.Value, "SSL"):
				return Fail(lineOr(p.Line, lb.Line), "the listener on %s uses %s, which is not encrypted", l.Name, p.Value)
			case p.State != Set && unknown == nil:
				unknown = l
			}
		}
		if unknown != nil {
			why := unknown.Protocol.Why
			if unknown.Protocol.State == Absent {
				why = "the listener on " + unknown.Name + " has no Protocol"
			}
			return NotAssessedAt(unknown.Protocol.Line, "%s", why)
		}
		return Pass("every listener uses HTTPS or SSL")
	})
}
