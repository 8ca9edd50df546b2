package envcheck

import (
	"fmt"
	"sort"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
)

// egressTargets are the Route properties that carry traffic out of the VPC for a Lambda network interface,
// which has no public IP: a NAT gateway or instance, a transit gateway, a peering connection. An internet
// gateway (GatewayId) is not one of them.
var egressTargets = []string{"NatGatewayId", "InstanceId", "NetworkInterfaceId", "TransitGatewayId", "VpcPeeringConnectionId"}

// subnetPath is what the template tells about one subnet's way out.
type subnetPath struct {
	logical     string
	vpc         string
	routeTables []string
	egress      bool
	// why is set when something about the subnet is unknown.
	why string
	// note says how the subnet routes, for messages.
	note string
}

func unreachable(f *function, t *tables, calls []resolvedCall) outcome {
	vpcCfg := f.props.Get("VpcConfig")
	if vpcCfg == nil {
		return pass("the function is not in a VPC: it reaches AWS services over Lambda's own network")
	}
	subnetsVal := vpcCfg.Get("SubnetIds")
	if subnetsVal == nil || subnetsVal.Kind != cfn.List {
		return notAssessed("the function's SubnetIds are not known from the template")
	}
	var subnets []subnetPath
	for _, s := range subnetsVal.Items() {
		l, _, ok := logicalRef(f.tpl, s)
		if !ok || f.tpl.Resource(l).Type != "AWS::EC2::Subnet" {
			return notAssessed("subnet %v is defined outside the template", s.Interface())
		}
		sp := routeOf(f, l)
		if sp.why != "" {
			return notAssessed("%s", sp.why)
		}
		subnets = append(subnets, sp)
	}
	services := map[string]resolvedCall{}
	for _, c := range calls {
		if c.prefix != "" && !c.none {
			if _, ok := services[c.prefix]; !ok {
				services[c.prefix] = c
			}
		}
	}
	names := make([]string, 0, len(services))
	for s := range services {
		names = append(names, s)
	}
	sort.Strings(names)
	var fails []finding.Finding
	var unknown []string
	for _, svc := range names {
		endpoint, gateway := t.endpointName(svc)
		for _, sp := range subnets {
			if sp.egress {
				continue
			}
			ok, why := hasEndpoint(f, endpoint, gateway, sp)
			if why != "" {
				unknown = append(unknown, why)
				break
			}
			if ok {
				continue
			}
			c := services[svc]
			fails = append(fails, finding.Finding{Path: c.Path, Line: c.Line, Snippet: c.Snippet + " " + svc, Props: map[string]string{"service": svc},
				Message: fmt.Sprintf("the function calls %s (first at `%s`) from subnet %s %s, and the VPC has no %s endpoint for it: calls will time out",
					svc, c.where(), sp.logical, sp.note, endpointKind(gateway))})
			break
		}
	}
	switch {
	case len(fails) > 0:
		return outcome{status: finding.StatusFail, findings: fails, message: fmt.Sprintf("%d of %d services the code calls are unreachable from the function's subnets", len(fails), len(names))}
	case len(unknown) > 0:
		return notAssessed("%s", strings.Join(unknown, "; "))
	}
	return pass("every service the code calls is reachable from the function's subnets (NAT route or endpoint)")
}

func endpointKind(gateway bool) string {
	if gateway {
		return "gateway or interface"
	}
	return "interface (with private DNS)"
}

// routeOf follows a subnet to its route tables and their default routes.
func routeOf(f *function, subnet string) subnetPath {
	sp := subnetPath{logical: subnet}
	props := f.resolver.Resolve(f.tpl.Resource(subnet).Properties)
	if v, _, ok := logicalRef(f.tpl, props.Get("VpcId")); ok {
		sp.vpc = v
	}
	for _, a := range f.tpl.ResourcesOfType("AWS::EC2::SubnetRouteTableAssociation") {
		ap := f.resolver.Resolve(a.Properties)
		if l, _, ok := logicalRef(f.tpl, ap.Get("SubnetId")); !ok || l != subnet {
			if !ok && ap.Get("SubnetId").IsIntrinsic() {
				sp.why = fmt.Sprintf("the subnet of route table association %s is unknown before deployment", a.LogicalID)
				return sp
			}
			continue
		}
		rt, _, ok := logicalRef(f.tpl, ap.Get("RouteTableId"))
		if !ok {
			sp.why = fmt.Sprintf("the route table of %s is defined outside the template", a.LogicalID)
			return sp
		}
		sp.routeTables = append(sp.routeTables, rt)
	}
	if len(sp.routeTables) == 0 {
		sp.note = "(no route table association: the VPC's main route table, which has only the local route)"
		return sp
	}
	sp.note = "(route table " + strings.Join(sp.routeTables, ", ") + " has no default route to a NAT gateway)"
	for _, r := range f.tpl.ResourcesOfType("AWS::EC2::Route") {
		rp := f.resolver.Resolve(r.Properties)
		rt, _, ok := logicalRef(f.tpl, rp.Get("RouteTableId"))
		if !ok || !contains(sp.routeTables, rt) {
			continue
		}
		dest := rp.Get("DestinationCidrBlock")
		if dest.IsIntrinsic() {
			sp.why = fmt.Sprintf("the destination of route %s is unknown before deployment", r.LogicalID)
			return sp
		}
		if d, _ := dest.Str(); d != "0.0.0.0/0" {
			continue
		}
		for _, k := range egressTargets {
			if rp.Has(k) {
				sp.egress = true
			}
		}
		if rp.Has("GatewayId") && !sp.egress {
			sp.note = "(its default route goes to an internet gateway, which a Lambda network interface without a public IP cannot use)"
		}
	}
	return sp
}

// hasEndpoint reports whether the subnet reaches a service through a VPC endpoint of the template.
func hasEndpoint(f *function, name string, gateway bool, sp subnetPath) (bool, string) {
	for _, e := range f.tpl.ResourcesOfType("AWS::EC2::VPCEndpoint") {
		ep := f.resolver.Resolve(e.Properties)
		sn, ok := ep.Get("ServiceName").Str()
		if !ok {
			return false, fmt.Sprintf("the ServiceName of endpoint %s is unknown before deployment", e.LogicalID)
		}
		if !endpointFor(sn, name) {
			continue
		}
		typ, _ := ep.Get("VpcEndpointType").Str()
		if typ == "" {
			typ = "Gateway"
		}
		switch typ {
		case "Gateway":
			for _, rt := range ep.Get("RouteTableIds").Items() {
				if l, _, ok := logicalRef(f.tpl, rt); ok && contains(sp.routeTables, l) {
					return true, ""
				}
			}
		case "Interface":
			vpc, _, _ := logicalRef(f.tpl, ep.Get("VpcId"))
			dns, _ := ep.Get("PrivateDnsEnabled").Bool()
			if vpc == sp.vpc && dns {
				return true, ""
			}
		}
	}
	return false, ""
}

// endpointFor reports whether an endpoint service name (com.amazonaws.us-east-1.sqs) is the service's.
func endpointFor(serviceName, name string) bool {
	parts := strings.Split(serviceName, ".")
	if len(parts) < 4 || parts[0] != "com" && parts[0] != "cn" {
		return false
	}
	return strings.Join(parts[3:], ".") == name
}
