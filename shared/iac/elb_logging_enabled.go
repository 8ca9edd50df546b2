package iac

import "github.com/attestdev/attest/shared/finding"

// elbLoggingEnabled covers application and network load balancers (the access_logs.s3.enabled attribute) and
// Classic Load Balancers (AccessLoggingPolicy), as AWS Config's rule does.
func elbLoggingEnabled() []Rule {
	meta := finding.Rule{
		ID:    "elb-logging-enabled",
		Title: "Load balancer writes access logs",
		Description: "Access logs record every request a load balancer receives (client, path, status, TLS " +
			"protocol and cipher), the record needed to investigate an attack on the application behind it. " +
			"They are off unless the access_logs.s3.enabled attribute (AccessLoggingPolicy.Enabled on a Classic Load " +
			"Balancer) is true.",
		Remediation: "Turn access logs on, to a bucket the regional ELB account may write to:\n\n" +
			"  LoadBalancer:\n" +
			"    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n" +
			"    Properties:\n" +
			"      LoadBalancerAttributes:\n" +
			"        - {Key: access_logs.s3.enabled, Value: \"true\"}\n" +
			"        - {Key: access_logs.s3.bucket, Value: !Ref AccessLogs}\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/elb-logging-enabled.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "elb-logging-enabled",
		Controls:    []string{"HIPAA/164.312(b)", "PCI-DSS-4.0/10.2.1", "SOC2/CC7.2"},
		CWE:         []int{778},
		Permissions: []string{"elasticloadbalancing:DescribeLoadBalancerAttributes"},
	}
	return []Rule{
		newRule(meta, TypeELBv2LoadBalancer, func(lb *ELBv2LoadBalancer) Result {
			return mustBeTrue(lb.AccessLogs, lb.Line, "access_logs.s3.enabled", "requests to the load balancer are not recorded")
		}),
		newRule(meta, TypeELBLoadBalancer, func(lb *ELBLoadBalancer) Result {
			return mustBeTrue(lb.AccessLogs, lb.Line, "AccessLoggingPolicy.Enabled", "requests to the load balancer are not recorded")
		}),
	}
}
