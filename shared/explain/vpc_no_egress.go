package explain

import (
	"context"
	"fmt"
	"sort"
	"strings"

	ec2types "github.com/aws/aws-sdk-go-v2/service/ec2/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// vpcNoEgressRule: a function in VPC subnets whose route tables send 0.0.0.0/0 to no available NAT gateway,
// with no endpoint for the services it calls, hangs on every AWS API or internet call until it times out.
func vpcNoEgressRule() Rule {
	return Rule{
		ID:    "vpc-no-egress",
		Title: "Function in a VPC has no route to AWS services or the internet",
		AppliesTo: func(a Alarm, r Resource) bool {
			if !isLambdaFunction(a, r) {
				return false
			}
			m, _ := a.Primary()
			switch m.Name {
			case "Errors", "Duration", "Timeouts":
				return true
			}
			return false
		},
		Needs: []string{
			"lambda.get-function-configuration.<function>.json", "ec2.describe-route-tables.json",
			"ec2.describe-nat-gateways.json", "ec2.describe-vpc-endpoints.json", "ec2.describe-subnets.json",
			"logs.filter-log-events.json", "cloudwatch.get-metric-statistics.Duration.json",
		},
		Permissions: []string{
			"lambda:GetFunctionConfiguration", "ec2:DescribeRouteTables", "ec2:DescribeNatGateways",
			"ec2:DescribeVpcEndpoints", "ec2:DescribeSubnets", "logs:FilterLogEvents", "cloudwatch:GetMetricStatistics",
		},
		Diagnose: diagnoseVPCNoEgress,
	}
}

// Route-table sources, in the CLI form the evidence names.
const (
	srcFunction    = "lambda.get-function-configuration"
	srcRouteTables = "ec2.describe-route-tables"
	srcNAT         = "ec2.describe-nat-gateways"
	srcEndpoints   = "ec2.describe-vpc-endpoints"
	srcSubnets     = "ec2.describe-subnets"
	srcLogs        = "logs.filter-log-events"
	srcDuration    = "cloudwatch.get-metric-statistics"
	srcTrail       = "cloudtrail.lookup-events"
)

// egress is what one subnet's default route leads to.
type egress int

const (
	egressNone         egress = iota // no usable 0.0.0.0/0 route
	egressNAT                        // 0.0.0.0/0 to an available NAT gateway
	egressUnverifiable               // 0.0.0.0/0 to a target Attest does not follow (transit gateway, appliance …)
	egressUnknown                    // the context to decide is missing
)

// subnetPath is the analysis of one of the function's subnets.
type subnetPath struct {
	subnet  string
	table   *ec2types.RouteTable
	viaMain bool
	egress  egress
	// publicIGW is set when the default route goes to an internet gateway: still no egress for Lambda.
	publicIGW string
	// replace is set when a 0.0.0.0/0 route exists but is unusable, so the fix replaces it.
	replace bool
	// natChecked is set when the NAT gateway list was consulted.
	natChecked bool
	fact       string
}

type vpcFacts struct {
	fn      *lambdatypes.FunctionConfiguration
	name    string
	vpc     string
	subnets []string
	groups  []string

	tables    []ec2types.RouteTable
	nats      []ec2types.NatGateway
	natErr    error
	endpoints []ec2types.VpcEndpoint
	epErr     error
	vpcSubnet []ec2types.Subnet
	subnetErr error

	paths []subnetPath
}

func diagnoseVPCNoEgress(ctx context.Context, in *Input) Verdict {
	fn, err := in.Function(ctx)
	if err != nil {
		return Verdict{
			Outcome: InconclusiveOutcome,
			Summary: fmt.Sprintf("The configuration of function %s could not be read, so its network placement is unknown.", in.Resource.ID),
			Missing: []string{missingOf(err)},
		}
	}
	f := &vpcFacts{fn: fn, name: in.Resource.ID}
	if vc := fn.VpcConfig; vc != nil {
		f.vpc = deref(vc.VpcId)
		f.subnets = append(f.subnets, vc.SubnetIds...)
		f.groups = append(f.groups, vc.SecurityGroupIds...)
	}
	if len(f.subnets) == 0 {
		why := fmt.Sprintf("%s is not attached to a VPC (VpcConfig has no subnets), so its traffic leaves through the Lambda service network", f.name)
		return Verdict{
			Outcome:  RuledOutcome,
			Why:      why,
			Evidence: []Evidence{{Source: srcFunction, Fact: fmt.Sprintf("%s has no VpcConfig subnets", f.name)}},
		}
	}
	ev := []Evidence{{Source: srcFunction, Fact: fmt.Sprintf("%s runs in %s, subnets %s, security groups %s, timeout %d s",
		f.name, orUnknown(f.vpc), strings.Join(f.subnets, ", "), orNone(strings.Join(f.groups, ", ")), deref32(fn.Timeout))}}

	var missing []string
	tables, err := in.Context.RouteTables(ctx, f.vpc)
	if err != nil {
		missing = append(missing, missingOf(err))
		if _, nerr := in.Context.NatGateways(ctx, f.vpc); nerr != nil {
			missing = append(missing, missingOf(nerr))
		}
		return Verdict{
			Outcome:   InconclusiveOutcome,
			Indicated: true,
			Summary: fmt.Sprintf("%s runs in VPC %s, but its route tables could not be read, so whether its subnets have a route to a NAT gateway is unknown.",
				f.name, orUnknown(f.vpc)),
			Evidence: appendSignalEvidence(ctx, in, ev),
			Missing:  missing,
		}
	}
	f.tables = tables
	f.nats, f.natErr = in.Context.NatGateways(ctx, f.vpc)
	f.endpoints, f.epErr = in.Context.VpcEndpoints(ctx, f.vpc)
	f.vpcSubnet, f.subnetErr = in.Context.Subnets(ctx, f.vpc)

	var none, nat, unverifiable, unknown []subnetPath
	for _, s := range f.subnets {
		p := f.analyse(s)
		f.paths = append(f.paths, p)
		src := srcRouteTables
		if p.natChecked {
			src = srcRouteTables + ", " + srcNAT
		}
		ev = append(ev, Evidence{Source: src, Fact: p.fact})
		switch p.egress {
		case egressNone:
			none = append(none, p)
		case egressNAT:
			nat = append(nat, p)
		case egressUnverifiable:
			unverifiable = append(unverifiable, p)
		default:
			unknown = append(unknown, p)
		}
	}
	if len(unknown) > 0 && f.natErr != nil {
		missing = append(missing, missingOf(f.natErr))
	}

	if len(none) == 0 {
		switch {
		case len(unknown) > 0:
			if len(missing) == 0 {
				missing = append(missing, srcRouteTables+".json (a route table for every subnet of the function)")
			}
			return Verdict{Outcome: InconclusiveOutcome, Indicated: true, Evidence: ev, Missing: missing,
				Summary: fmt.Sprintf("%s runs in VPC %s; the egress of subnets %s could not be decided.", f.name, f.vpc, subnetList(unknown))}
		case len(unverifiable) > 0:
			return Verdict{Outcome: InconclusiveOutcome, Evidence: ev,
				Summary: fmt.Sprintf("%s sends 0.0.0.0/0 from subnets %s to a target Attest does not follow; whether that path reaches the internet is unknown.", f.name, subnetList(unverifiable))}
		}
		return Verdict{Outcome: RuledOutcome, Evidence: ev,
			Why: fmt.Sprintf("every subnet of %s routes 0.0.0.0/0 to an available NAT gateway (%s)", f.name, natList(nat))}
	}

	// Endpoints: the only way out of a subnet without a default route.
	called := in.Signals(ctx).CalledServices()
	covered, endpointFacts := f.endpointCoverage(in.Alarm.Region, none)
	if f.epErr != nil {
		missing = append(missing, missingOf(f.epErr))
	} else {
		ev = append(ev, endpointFacts...)
	}
	var uncovered []string
	for _, svc := range called {
		if !covered[svc] {
			uncovered = append(uncovered, svc)
		}
	}
	if len(called) > 0 && len(uncovered) > 0 && f.epErr == nil {
		// Every service it fails to reach has an interface endpoint that does not serve it (private DNS off,
		// not available): the endpoint is what to fix, not the route.
		withEndpoint := true
		for _, svc := range uncovered {
			withEndpoint = withEndpoint && f.hasInterfaceEndpoint(in.Alarm.Region, svc)
		}
		if withEndpoint {
			return Verdict{Outcome: RuledOutcome, Evidence: ev,
				Why: fmt.Sprintf("subnets %s have no internet route, but the services %s fails to reach (%s) have interface endpoints in %s that do not serve it: see vpc-endpoint-misconfigured",
					subnetList(none), f.name, strings.Join(uncovered, ", "), f.vpc)}
		}
	}
	if len(called) > 0 && len(uncovered) == 0 && f.epErr == nil {
		return Verdict{Outcome: RuledOutcome, Evidence: ev,
			Why: fmt.Sprintf("subnets %s have no internet route, but the services %s fails to reach (%s) all have VPC endpoints; see vpc-endpoint-misconfigured",
				subnetList(none), f.name, strings.Join(called, ", "))}
	}

	// Signals: does the runtime agree?
	sig := in.Signals(ctx)
	ev, agree, known := signalAgreement(sig, fn, ev)
	if !sig.LogsKnown() {
		missing = append(missing, missingOf(sig.LogsErr))
	}
	if !sig.DurationKnown() && sig.DurationErr != nil {
		missing = append(missing, missingOf(sig.DurationErr))
	}

	v := Verdict{Evidence: ev, Missing: missing}
	configComplete := f.epErr == nil && len(unknown) == 0
	switch {
	case agree && configComplete:
		v.Outcome = ConfirmedOutcome
	case agree || !known:
		v.Outcome = LikelyOutcome
	default:
		v.Outcome, v.Indicated = InconclusiveOutcome, true
	}
	if v.Outcome == ConfirmedOutcome {
		v.Missing = nil
	}
	v.Summary = f.summary(none, nat, uncovered, covered, sig, agree, known)
	v.Fix, v.Impact = f.fix(in, none, uncovered)
	return v
}

// analyse follows one subnet to its route table and the table's default route.
func (f *vpcFacts) analyse(subnet string) subnetPath {
	p := subnetPath{subnet: subnet, egress: egressUnknown}
	var main *ec2types.RouteTable
	for i := range f.tables {
		rt := &f.tables[i]
		if f.vpc != "" && deref(rt.VpcId) != "" && deref(rt.VpcId) != f.vpc {
			continue
		}
		for _, a := range rt.Associations {
			if deref(a.SubnetId) == subnet && associated(a) {
				p.table = rt
			}
			if a.Main != nil && *a.Main {
				main = rt
			}
		}
	}
	if p.table == nil && main != nil {
		p.table, p.viaMain = main, true
	}
	if p.table == nil {
		p.fact = fmt.Sprintf("no route table is associated with %s and the output has no main route table for %s", subnet, orUnknown(f.vpc))
		return p
	}
	rtID := deref(p.table.RouteTableId)
	how := "associated with " + subnet
	if p.viaMain {
		how = fmt.Sprintf("main route table of %s, which %s uses for lack of an explicit association", f.vpc, subnet)
	}
	routes := describeRoutes(p.table.Routes)

	var def *ec2types.Route
	for i := range p.table.Routes {
		r := &p.table.Routes[i]
		if deref(r.DestinationCidrBlock) == "0.0.0.0/0" {
			def = r
		}
	}
	if def == nil {
		p.egress = egressNone
		p.fact = fmt.Sprintf("%s (%s) has routes %s and no 0.0.0.0/0 route", rtID, how, routes)
		return p
	}
	target := routeTarget(*def)
	if strings.EqualFold(string(def.State), string(ec2types.RouteStateBlackhole)) {
		p.egress, p.replace = egressNone, true
		p.fact = fmt.Sprintf("%s (%s) routes 0.0.0.0/0 to %s, which is a blackhole (its target no longer exists)", rtID, how, target)
		return p
	}
	switch {
	case def.NatGatewayId != nil:
		if f.natErr != nil {
			p.fact = fmt.Sprintf("%s (%s) routes 0.0.0.0/0 to %s, whose state is unknown", rtID, how, target)
			return p
		}
		p.natChecked = true
		ng := findNAT(f.nats, *def.NatGatewayId)
		switch {
		case ng == nil:
			p.egress, p.replace = egressNone, true
			p.fact = fmt.Sprintf("%s (%s) routes 0.0.0.0/0 to %s, which is not among the VPC's NAT gateways", rtID, how, target)
		case strings.EqualFold(string(ng.State), string(ec2types.NatGatewayStateAvailable)) && ng.ConnectivityType != ec2types.ConnectivityTypePrivate:
			p.egress = egressNAT
			p.fact = fmt.Sprintf("%s (%s) routes 0.0.0.0/0 to %s, which is available in %s", rtID, how, target, deref(ng.SubnetId))
		case ng.ConnectivityType == ec2types.ConnectivityTypePrivate:
			p.egress = egressUnverifiable
			p.fact = fmt.Sprintf("%s (%s) routes 0.0.0.0/0 to private NAT gateway %s, which reaches other networks but not the internet by itself", rtID, how, target)
		default:
			p.egress, p.replace = egressNone, true
			p.fact = fmt.Sprintf("%s (%s) routes 0.0.0.0/0 to %s, which is %s", rtID, how, target, strings.ToLower(string(ng.State)))
		}
	case strings.HasPrefix(deref(def.GatewayId), "igw-"):
		p.egress, p.publicIGW = egressNone, deref(def.GatewayId)
		p.fact = fmt.Sprintf("%s (%s) routes 0.0.0.0/0 to internet gateway %s: a public subnet, where Lambda's network interfaces get no public IP, so there is still no egress", rtID, how, target)
	default:
		p.egress = egressUnverifiable
		p.fact = fmt.Sprintf("%s (%s) routes 0.0.0.0/0 to %s", rtID, how, target)
	}
	return p
}

// endpointCoverage returns the services reachable without internet egress from every subnet in paths, and
// the facts about the VPC's endpoints.
func (f *vpcFacts) endpointCoverage(region string, paths []subnetPath) (map[string]bool, []Evidence) {
	covered := map[string]bool{}
	if f.epErr != nil {
		return covered, nil
	}
	prefix := "com.amazonaws." + region + "."
	var facts []string
	for _, ep := range f.endpoints {
		if f.vpc != "" && deref(ep.VpcId) != "" && deref(ep.VpcId) != f.vpc {
			continue
		}
		svc := strings.TrimPrefix(deref(ep.ServiceName), prefix)
		if svc == deref(ep.ServiceName) {
			svc = serviceOfEndpointName(svc)
		}
		state := strings.ToLower(string(ep.State))
		id := deref(ep.VpcEndpointId)
		switch strings.ToLower(string(ep.VpcEndpointType)) {
		case "gateway":
			all := state == "available"
			for _, p := range paths {
				if p.table == nil || !contains(ep.RouteTableIds, deref(p.table.RouteTableId)) {
					all = false
				}
			}
			if all {
				covered[svc] = true
			}
			facts = append(facts, fmt.Sprintf("gateway endpoint %s for %s (%s) on route tables %s", id, svc, state, orNone(strings.Join(ep.RouteTableIds, ", "))))
		case "interface":
			dns := ep.PrivateDnsEnabled != nil && *ep.PrivateDnsEnabled
			if state == "available" && dns {
				covered[svc] = true
			}
			facts = append(facts, fmt.Sprintf("interface endpoint %s for %s (%s, private DNS %s)", id, svc, state, onOff(dns)))
		default:
			facts = append(facts, fmt.Sprintf("%s endpoint %s for %s (%s)", ep.VpcEndpointType, id, svc, state))
		}
	}
	if len(facts) == 0 {
		return covered, []Evidence{{Source: srcEndpoints, Fact: fmt.Sprintf("%s has no VPC endpoints", f.vpc)}}
	}
	sort.Strings(facts)
	out := make([]Evidence, 0, len(facts))
	for _, fact := range facts {
		out = append(out, Evidence{Source: srcEndpoints, Fact: fact})
	}
	return covered, out
}

// hasInterfaceEndpoint reports whether the VPC has an interface endpoint for the service, usable or not.
func (f *vpcFacts) hasInterfaceEndpoint(region, svc string) bool {
	for _, ep := range f.endpoints {
		if strings.EqualFold(string(ep.VpcEndpointType), "interface") && deref(ep.ServiceName) == "com.amazonaws."+region+"."+svc &&
			(f.vpc == "" || deref(ep.VpcId) == "" || deref(ep.VpcId) == f.vpc) {
			return true
		}
	}
	return false
}

// signalAgreement adds the runtime evidence and says whether it agrees with "calls hang until the timeout"
// and whether any signal could be read at all.
func signalAgreement(sig *Signals, fn *lambdatypes.FunctionConfiguration, ev []Evidence) ([]Evidence, bool, bool) {
	agree, known := false, false
	if sig.LogsKnown() {
		known = true
		timeouts := sig.find("Task timed out after")
		connect := sig.find("ETIMEDOUT", "Connect timeout on endpoint URL", "ConnectTimeoutError", "connect timeout")
		if timeouts.Count > 0 {
			agree = true
			ev = append(ev, Evidence{Source: srcLogs, Fact: fmt.Sprintf("%s: %d × %q, first at %s", sig.LogGroup, timeouts.Count, stripLogPrefix(timeouts.First), fmtTime(timeouts.At))})
		}
		if connect.Count > 0 {
			agree = true
			ev = append(ev, Evidence{Source: srcLogs, Fact: fmt.Sprintf("%s: %d connection timeouts, first %q", sig.LogGroup, connect.Count, stripLogPrefix(connect.First))})
		}
		if timeouts.Count == 0 && connect.Count == 0 {
			ev = append(ev, Evidence{Source: srcLogs, Fact: fmt.Sprintf("%s: %d events between %s and %s, none a timeout", sig.LogGroup, len(sig.Logs), fmtTime(sig.Start), fmtTime(sig.End))})
		}
	}
	if sig.DurationKnown() {
		known = true
		max, at, _ := sig.MaxDuration()
		limit := float64(deref32(fn.Timeout)) * 1000
		if limit > 0 && max >= 0.95*limit {
			agree = true
			ev = append(ev, Evidence{Source: srcDuration, Fact: fmt.Sprintf("Duration reached %s at %s, %.0f%% of the %d s timeout", fmtMS(max), fmtTime(at), 100*max/limit, deref32(fn.Timeout))})
		} else {
			ev = append(ev, Evidence{Source: srcDuration, Fact: fmt.Sprintf("Duration peaked at %s, below the %d s timeout", fmtMS(max), deref32(fn.Timeout))})
		}
	}
	return ev, agree, known
}

// appendSignalEvidence adds what the logs and metrics show when the configuration could not be analysed.
func appendSignalEvidence(ctx context.Context, in *Input, ev []Evidence) []Evidence {
	fn, err := in.Function(ctx)
	if err != nil {
		return ev
	}
	ev, _, _ = signalAgreement(in.Signals(ctx), fn, ev)
	return ev
}

func (f *vpcFacts) summary(none, nat []subnetPath, uncovered []string, covered map[string]bool, sig *Signals, agree, known bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s runs in VPC %s, and %s no usable route to the internet", f.name, f.vpc, subnetPhrase(none))
	if len(nat) > 0 {
		fmt.Fprintf(&b, " (subnets %s do, so failures depend on where an invocation lands)", subnetList(nat))
	}
	switch {
	case f.epErr != nil:
		b.WriteString("; whether VPC endpoints cover the services it calls is unknown")
	case len(covered) == 0:
		b.WriteString(" and no VPC endpoint")
	default:
		fmt.Fprintf(&b, "; only %s reachable through VPC endpoints", strings.Join(sortedKeys(covered), ", "))
	}
	if len(uncovered) > 0 {
		fmt.Fprintf(&b, ", so its calls to %s hang until the %d s timeout", strings.Join(uncovered, ", "), deref32(f.fn.Timeout))
	} else {
		fmt.Fprintf(&b, ", so calls to AWS APIs or the internet hang until the %d s timeout", deref32(f.fn.Timeout))
	}
	b.WriteString(".")
	switch {
	case agree:
		b.WriteString(" The logs and metrics show exactly that.")
	case !known:
		b.WriteString(" Logs and metrics could not be read to confirm it.")
	default:
		b.WriteString(" But the logs and metrics show no timeouts, so the alarm may have another cause.")
	}
	return b.String()
}

// publicSubnet returns a subnet of the VPC whose route table sends 0.0.0.0/0 to an internet gateway: where a
// NAT gateway must go.
func (f *vpcFacts) publicSubnet() (subnet, az string) {
	if f.subnetErr != nil {
		return "", ""
	}
	candidates := make([]ec2types.Subnet, len(f.vpcSubnet))
	copy(candidates, f.vpcSubnet)
	sort.Slice(candidates, func(i, j int) bool { return deref(candidates[i].SubnetId) < deref(candidates[j].SubnetId) })
	for _, s := range candidates {
		id := deref(s.SubnetId)
		if contains(f.subnets, id) || (f.vpc != "" && deref(s.VpcId) != f.vpc) {
			continue
		}
		p := f.analyse(id)
		if p.publicIGW != "" {
			return id, deref(s.AvailabilityZone)
		}
	}
	return "", ""
}

// functionAZs returns the Availability Zones of the function's subnets, where known.
func (f *vpcFacts) functionAZs() []string {
	seen := map[string]bool{}
	for _, s := range f.vpcSubnet {
		if contains(f.subnets, deref(s.SubnetId)) && deref(s.AvailabilityZone) != "" {
			seen[deref(s.AvailabilityZone)] = true
		}
	}
	return sortedKeys(seen)
}

func associated(a ec2types.RouteTableAssociation) bool {
	if a.AssociationState == nil {
		return true
	}
	st := strings.ToLower(string(a.AssociationState.State))
	return st == "" || st == "associated"
}

func findNAT(nats []ec2types.NatGateway, id string) *ec2types.NatGateway {
	for i := range nats {
		if deref(nats[i].NatGatewayId) == id {
			return &nats[i]
		}
	}
	return nil
}

func routeTarget(r ec2types.Route) string {
	for _, t := range []*string{r.NatGatewayId, r.GatewayId, r.TransitGatewayId, r.VpcPeeringConnectionId,
		r.NetworkInterfaceId, r.InstanceId, r.EgressOnlyInternetGatewayId, r.LocalGatewayId, r.CarrierGatewayId, r.CoreNetworkArn} {
		if t != nil && *t != "" {
			return *t
		}
	}
	return "an unnamed target"
}

func describeRoutes(routes []ec2types.Route) string {
	if len(routes) == 0 {
		return "(none)"
	}
	parts := make([]string, 0, len(routes))
	for _, r := range routes {
		dst := deref(r.DestinationCidrBlock)
		if dst == "" {
			dst = deref(r.DestinationIpv6CidrBlock)
		}
		if dst == "" {
			dst = deref(r.DestinationPrefixListId)
		}
		parts = append(parts, dst+" → "+routeTarget(r))
	}
	return strings.Join(parts, ", ")
}

// serviceOfEndpointName handles service names outside com.amazonaws.<region>. (com.amazonaws.s3-global…).
func serviceOfEndpointName(name string) string {
	if i := strings.LastIndex(name, "."); i >= 0 {
		return name[i+1:]
	}
	return name
}

func subnetList(ps []subnetPath) string {
	ids := make([]string, 0, len(ps))
	for _, p := range ps {
		ids = append(ids, p.subnet)
	}
	return strings.Join(ids, ", ")
}

// subnetPhrase names subnets as the subject of "have": "subnet x has", "subnets x, y have".
func subnetPhrase(ps []subnetPath) string {
	if len(ps) == 1 {
		return "subnet " + ps[0].subnet + " has"
	}
	return "subnets " + subnetList(ps) + " have"
}

func natList(ps []subnetPath) string {
	seen := map[string]bool{}
	for _, p := range ps {
		for _, r := range p.table.Routes {
			if deref(r.DestinationCidrBlock) == "0.0.0.0/0" && r.NatGatewayId != nil {
				seen[*r.NatGatewayId] = true
			}
		}
	}
	return strings.Join(sortedKeys(seen), ", ")
}

// stripLogPrefix removes the "2026-11-20T14:03:42.375Z <request id> " prefix Lambda puts before platform
// messages, leaving the text AWS documents.
func stripLogPrefix(msg string) string {
	fields := strings.SplitN(msg, " ", 3)
	if len(fields) == 3 && len(fields[0]) >= 20 && strings.Contains(fields[0], "T") && len(fields[1]) == 36 {
		return fields[2]
	}
	return msg
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func deref32(p *int32) int32 {
	if p == nil {
		return 0
	}
	return *p
}

func orUnknown(s string) string {
	if s == "" {
		return "an unknown VPC"
	}
	return s
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}

func onOff(b bool) string {
	if b {
		return "on"
	}
	return "off"
}
