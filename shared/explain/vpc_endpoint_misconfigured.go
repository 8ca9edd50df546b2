package explain

import (
	"context"
	"fmt"
	"net/netip"
	"strings"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
)

// vpcEndpointMisconfiguredRule: an interface endpoint only helps a function when the service's public name
// resolves to it (private DNS on) and its security group lets the function in on 443. With private DNS off
// the calls still go to the public endpoint (and hang without a NAT gateway); with private DNS on and a
// closed security group they reach the endpoint and hang there, NAT gateway or not.
func vpcEndpointMisconfiguredRule() Rule {
	return Rule{
		ID:        "vpc-endpoint-misconfigured",
		Title:     "A VPC interface endpoint the function calls through is misconfigured",
		AppliesTo: isLambdaFailureAlarm,
		Needs: []string{"lambda.get-function-configuration.<function>.json", "ec2.describe-vpc-endpoints.json",
			"ec2.describe-security-groups.json", "ec2.describe-subnets.json", "logs.filter-log-events.json"},
		Permissions: []string{"lambda:GetFunctionConfiguration", "ec2:DescribeVpcEndpoints", "ec2:DescribeSecurityGroups",
			"ec2:DescribeSubnets", "logs:FilterLogEvents"},
		Diagnose: diagnoseVPCEndpoint,
	}
}

// endpointProblem is what is wrong with one interface endpoint.
type endpointProblem struct {
	id, service string
	dnsOff      bool
	state       string // not "available"
	closedBy    []string
	fact        string
}

func diagnoseVPCEndpoint(ctx context.Context, in *Input) Verdict {
	name := in.Resource.ID
	fn, err := in.Function(ctx)
	if err != nil {
		return Verdict{Outcome: InconclusiveOutcome, Missing: []string{missingOf(err)},
			Summary: fmt.Sprintf("The configuration of %s could not be read, so whether it calls through VPC endpoints is unknown.", name)}
	}
	if fn.VpcConfig == nil || len(fn.VpcConfig.SubnetIds) == 0 {
		return Verdict{Outcome: RuledOutcome, Why: fmt.Sprintf("%s is not attached to a VPC, so it calls AWS services without VPC endpoints", name)}
	}
	vpc := deref(fn.VpcConfig.VpcId)
	eps, err := in.Context.VpcEndpoints(ctx, vpc)
	if err != nil {
		return Verdict{Outcome: InconclusiveOutcome, Missing: []string{missingOf(err)},
			Summary: fmt.Sprintf("The VPC endpoints of %s could not be read.", orUnknown(vpc))}
	}
	prefix := "com.amazonaws." + in.Alarm.Region + "."
	var iface []ec2types.VpcEndpoint
	for _, ep := range eps {
		if strings.EqualFold(string(ep.VpcEndpointType), "interface") && (vpc == "" || deref(ep.VpcId) == "" || deref(ep.VpcId) == vpc) {
			iface = append(iface, ep)
		}
	}
	if len(iface) == 0 {
		return Verdict{Outcome: RuledOutcome, Why: fmt.Sprintf("%s has no interface endpoints", orUnknown(vpc))}
	}
	var missing []string
	groups, gerr := in.Context.SecurityGroups(ctx, vpc)
	if gerr != nil {
		missing = append(missing, missingOf(gerr))
	}
	// The function's addresses: its subnets' CIDRs, for endpoint rules written by CIDR.
	var cidrs []netip.Prefix
	if subnets, serr := in.Context.Subnets(ctx, vpc); serr == nil {
		for _, s := range subnets {
			if contains(fn.VpcConfig.SubnetIds, deref(s.SubnetId)) {
				if p, err := netip.ParsePrefix(deref(s.CidrBlock)); err == nil {
					cidrs = append(cidrs, p)
				}
			}
		}
	}
	if len(cidrs) == 0 {
		missing = append(missing, fmt.Sprintf("%s.json (the CIDR blocks of subnets %s)", srcSubnets, strings.Join(fn.VpcConfig.SubnetIds, ", ")))
	}

	var problems []endpointProblem
	var ev []Evidence
	for _, ep := range iface {
		svc := strings.TrimPrefix(deref(ep.ServiceName), prefix)
		p := endpointProblem{id: deref(ep.VpcEndpointId), service: svc}
		p.dnsOff = ep.PrivateDnsEnabled == nil || !*ep.PrivateDnsEnabled
		if st := strings.ToLower(string(ep.State)); st != "available" {
			p.state = st
		}
		var sgFacts []string
		if gerr == nil {
			for _, g := range ep.Groups {
				id := deref(g.GroupId)
				sg, ok := findGroup(groups, id)
				if !ok {
					missing = appendUnique(missing, fmt.Sprintf("ec2.describe-security-groups.json (group %s of endpoint %s)", id, p.id))
					continue
				}
				if from, ok := sgAdmitsPort(sg, httpsPort, fn.VpcConfig.SecurityGroupIds, cidrs); ok {
					sgFacts = append(sgFacts, fmt.Sprintf("%s admits 443 from %s", id, from))
				} else {
					sgFacts = append(sgFacts, fmt.Sprintf("%s admits no TCP 443 from the function's security groups or subnets", id))
					p.closedBy = append(p.closedBy, id)
				}
			}
			// A group that admits the function opens the endpoint, whatever the others say.
			if len(p.closedBy) < len(ep.Groups) {
				p.closedBy = nil
			}
		}
		state := string(ep.State)
		p.fact = fmt.Sprintf("interface endpoint %s for %s: %s, private DNS %s, security groups %s", p.id, svc, orDash(state), onOff(!p.dnsOff), orNone(strings.Join(sgFacts, "; ")))
		ev = append(ev, Evidence{Source: srcEndpoints + ", ec2.describe-security-groups", Fact: p.fact})
		if p.dnsOff || p.state != "" || len(p.closedBy) > 0 {
			problems = append(problems, p)
		}
	}
	if len(problems) == 0 {
		if len(missing) > 0 {
			return Verdict{Outcome: InconclusiveOutcome, Evidence: ev, Missing: missing,
				Summary: fmt.Sprintf("The interface endpoints of %s look usable, but not everything that decides it could be read.", orUnknown(vpc))}
		}
		return Verdict{Outcome: RuledOutcome, Evidence: ev,
			Why: fmt.Sprintf("every interface endpoint of %s is available, has private DNS on and admits 443 from %s", orUnknown(vpc), name)}
	}

	// Signal: connection failures to exactly the services whose endpoints are broken.
	sig := in.Signals(ctx)
	called := sig.CalledServices()
	var hit []endpointProblem
	for _, p := range problems {
		if contains(called, p.service) {
			hit = append(hit, p)
		}
	}
	if !sig.LogsKnown() {
		missing = append(missing, missingOf(sig.LogsErr))
	}
	v := Verdict{Evidence: ev, Missing: missing}
	switch {
	case len(hit) > 0:
		if m := sig.find(connectSignals...); m.Count > 0 {
			v.Evidence = append(v.Evidence, Evidence{Source: srcLogs, Fact: fmt.Sprintf("%s: %d connection timeouts, first %q", sig.LogGroup, m.Count, stripLogPrefix(m.First))})
		}
		v.Outcome, v.Missing = ConfirmedOutcome, nil
	case sig.LogsKnown() && len(called) > 0:
		// The function fails to reach services whose endpoints are fine: not this.
		return Verdict{Outcome: RuledOutcome, Evidence: ev,
			Why: fmt.Sprintf("%s fails to reach %s, which have no misconfigured interface endpoint", name, strings.Join(called, ", "))}
	case sig.LogsKnown() && sig.find("Task timed out after").Count == 0:
		return Verdict{Outcome: RuledOutcome, Evidence: ev,
			Why: fmt.Sprintf("endpoint %s is misconfigured, but %s shows no timeout or connection failure", problems[0].id, name)}
	default:
		// Timeouts without the host named: the broken endpoint fits, but other hangs do too.
		v.Outcome, v.Indicated = InconclusiveOutcome, true
		v.Missing = appendUnique(v.Missing, fmt.Sprintf("log lines naming the host %s fails to connect to (an SDK connect-timeout message)", name))
		hit = problems
	}
	v.Summary = endpointSummary(name, hit)
	v.Fix, v.Impact = endpointRepair(in, fn.VpcConfig.SecurityGroupIds, cidrs, hit)
	return v
}

func endpointSummary(name string, ps []endpointProblem) string {
	var parts []string
	for _, p := range ps {
		var what []string
		if p.state != "" {
			what = append(what, "is "+p.state)
		}
		if p.dnsOff {
			what = append(what, "has private DNS off, so "+p.service+"'s public name does not resolve to it")
		}
		if len(p.closedBy) > 0 {
			what = append(what, fmt.Sprintf("has security groups (%s) that do not admit 443 from the function", strings.Join(p.closedBy, ", ")))
		}
		parts = append(parts, fmt.Sprintf("the %s endpoint %s %s", p.service, p.id, strings.Join(what, " and ")))
	}
	return fmt.Sprintf("%s calls AWS through interface endpoints, but %s; its calls hang until they time out.", name, strings.Join(parts, "; "))
}

func endpointRepair(in *Input, fnGroups []string, cidrs []netip.Prefix, ps []endpointProblem) (Fix, Impact) {
	region := in.Alarm.Region
	f := Fix{}
	var summary []string
	for _, p := range ps {
		if p.dnsOff {
			f.CLI = append(f.CLI, fmt.Sprintf("aws ec2 modify-vpc-endpoint --vpc-endpoint-id %s --private-dns-enabled --region %s", p.id, region))
			summary = append(summary, fmt.Sprintf("turn on private DNS for %s", p.id))
		}
		for _, g := range p.closedBy {
			for _, src := range fnGroups {
				f.CLI = append(f.CLI, fmt.Sprintf("aws ec2 authorize-security-group-ingress --group-id %s --protocol tcp --port 443 --source-group %s --region %s", g, src, region))
			}
			summary = append(summary, fmt.Sprintf("let %s admit TCP 443 from the function's security groups %s", g, strings.Join(fnGroups, ", ")))
		}
	}
	f.Summary = strings.Join(summary, "; ") + "."
	if len(summary) > 0 {
		f.Summary = strings.ToUpper(f.Summary[:1]) + f.Summary[1:]
	}
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "%sEndpoint:  # the AWS::EC2::VPCEndpoint %s in its template\n  Type: AWS::EC2::VPCEndpoint\n  Properties:\n    VpcEndpointType: Interface\n    ServiceName: !Sub com.amazonaws.${AWS::Region}.%s\n    PrivateDnsEnabled: true\n", logicalPrefix(p.service), p.id, p.service)
		for _, g := range p.closedBy {
			for _, src := range fnGroups {
				fmt.Fprintf(&b, "%sFrom%s:\n  Type: AWS::EC2::SecurityGroupIngress\n  Properties:\n    GroupId: %s\n    IpProtocol: tcp\n    FromPort: 443\n    ToPort: 443\n    SourceSecurityGroupId: %s\n", logicalPrefix(g), logicalPrefix(src), g, src)
			}
		}
	}
	f.CloudFormation = b.String()
	return f, Impact{Summary: "No added charge: the endpoints already exist and are billed by the hour whether or not they work."}
}

func findGroup(groups []ec2types.SecurityGroup, id string) (ec2types.SecurityGroup, bool) {
	for _, g := range groups {
		if deref(g.GroupId) == id {
			return g, true
		}
	}
	return ec2types.SecurityGroup{}, false
}
