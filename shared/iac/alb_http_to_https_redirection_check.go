package iac

import "github.com/attestdev/attest/shared/finding"

func albHTTPToHTTPSRedirectionCheck() Rule {
	return newRule(finding.Rule{
		ID:    "alb-http-to-https-redirection-check",
		Title: "HTTP listener redirects to HTTPS",
		Description: "An application load balancer listener on plain HTTP that forwards requests serves the " +
			"application unencrypted, where credentials and session cookies can be read and changed in transit. " +
			"An HTTP listener should only redirect to HTTPS.",
		Remediation: "Make the HTTP listener's default action a redirect to HTTPS:\n\n" +
			"  HttpListener:\n" +
			"    Type: AWS::ElasticLoadBalancingV2::Listener\n" +
			"    Properties:\n" +
			"      Protocol: HTTP\n" +
			"      Port: 80\n" +
			"      DefaultActions:\n" +
			"        - Type: redirect\n" +
			"          RedirectConfig: {Protocol: HTTPS, Port: \"443\", StatusCode: HTTP_301}\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/alb-http-to-https-redirection-check.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "alb-http-to-https-redirection-check",
		Controls:    []string{"HIPAA/164.312(e)(2)(ii)", "PCI-DSS-4.0/4.2.1", "SOC2/CC6.7"},
		CWE:         []int{319},
		Permissions: []string{"elasticloadbalancing:DescribeListeners"},
	}, TypeELBv2Listener, func(l *ELBv2Listener) Result {
		switch p := l.Protocol; {
		case p.State == Unknown:
			return NotAssessedAt(p.Line, "%s", p.Why)
		case p.State == Absent || p.Value != "HTTP":
			return Pass("the listener does not use plain HTTP")
		}
		r := l.RedirectsToHTTPS
		switch {
		case r.State == Unknown:
			return NotAssessedAt(r.Line, "%s", r.Why)
		case r.Value:
			return Pass("the HTTP listener redirects to HTTPS")
		}
		return Fail(lineOr(r.Line, l.Line), "the HTTP listener serves requests instead of redirecting them to HTTPS")
	})
}
