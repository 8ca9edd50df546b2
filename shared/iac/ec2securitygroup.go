package iac

import (
	"fmt"
	"net"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
)

// TypeEC2SecurityGroup is the CloudFormation and AWS Config type of a VPC security group.
const TypeEC2SecurityGroup = "AWS::EC2::SecurityGroup"

// EC2SecurityGroup is what rules know about a security group's inline ingress rules. Rules declared as
// separate AWS::EC2::SecurityGroupIngress resources are not part of this view.
type EC2SecurityGroup struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// Ingress are the ingress rules; Unknown when the whole list is (an !If, an import).
	Ingress Fact[[]IngressRule]
}

// IngressRule is one ingress permission from one source.
type IngressRule struct {
	Line int
	// Protocol is tcp, udp, icmp, a protocol number, or -1 for all traffic.
	Protocol string
	// From and To are the port range; both -1 when the rule covers every port.
	From, To int64
	// Source is the CIDR (or security group, or prefix list) the rule admits.
	Source string
	// Unknown, when not empty, says why the rule's protocol, ports or source cannot be known.
	Unknown string
}

// anywhere reports whether a CIDR covers the whole IPv4 or IPv6 internet: any address with a /0 prefix, which
// is how 192.168.1.0/0 still admits everyone.
func anywhere(cidr string) bool {
	if cidr == "0.0.0.0/0" || cidr == "::/0" {
		return true
	}
	_, n, err := net.ParseCIDR(strings.TrimSpace(cidr))
	if err != nil {
		return false
	}
	ones, _ := n.Mask.Size()
	return ones == 0
}

// OpenTo reports whether the rule admits TCP traffic from the whole internet to port.
func (r IngressRule) OpenTo(port int64) bool {
	if !anywhere(r.Source) {
		return false
	}
	switch strings.ToLower(r.Protocol) {
	case "-1", "all":
		return true
	case "tcp", "6":
		return r.From == -1 || (r.From <= port && port <= r.To)
	}
	return false
}

func ec2SecurityGroupFromTemplate(p templateProps) *EC2SecurityGroup {
	g := &EC2SecurityGroup{Line: p.res.Line}
	list, state, line, why := p.lookup(p.props, "", "SecurityGroupIngress")
	switch {
	case state == Unknown:
		g.Ingress = Unknowable[[]IngressRule](why, line)
		return g
	case state == Absent:
		g.Ingress = Known([]IngressRule{}, line)
		return g
	case list.Kind != cfn.List:
		g.Ingress = Unknowable[[]IngressRule](p.malformed("SecurityGroupIngress", list, "a list"), line)
		return g
	}
	rules := make([]IngressRule, 0, list.Len())
	for _, item := range list.Items() {
		rules = append(rules, p.ingressRule(item, line))
	}
	g.Ingress = Known(rules, line)
	return g
}

// ingressRule reads one entry of SecurityGroupIngress; an unknown part leaves the rule Unknown with the reason.
func (p templateProps) ingressRule(item *cfn.Value, listLine int) IngressRule {
	const prefix = "SecurityGroupIngress[]"
	r := IngressRule{Line: listLine}
	if pos := item.Pos(); pos > 0 {
		r.Line = pos
	}
	if item.IsIntrinsic() {
		r.Unknown = p.unknown(prefix, item)
		return r
	}
	if item.Kind != cfn.Map {
		r.Unknown = p.malformed(prefix, item, "a mapping")
		return r
	}
	proto := p.str(item, prefix, "IpProtocol")
	from, to := p.integer(item, prefix, "FromPort"), p.integer(item, prefix, "ToPort")
	var source Fact[string]
	for _, key := range []string{"CidrIp", "CidrIpv6", "SourceSecurityGroupId", "SourceSecurityGroupName", "SourcePrefixListId"} {
		if s := p.str(item, prefix, key); s.State != Absent {
			source = s
			break
		}
	}
	if source.State == Unknown {
		r.Unknown = source.Why
		return r
	}
	r.Source = source.Value
	if !anywhere(r.Source) {
		// A rule from a known private range or group opens nothing to the internet, whatever its ports.
		r.Protocol, r.From, r.To = proto.Value, -1, -1
		return r
	}
	if proto.State == Unknown {
		r.Unknown = proto.Why
		return r
	}
	r.Protocol = proto.Value
	if proto.State == Absent {
		r.Unknown = "SecurityGroupIngress[].IpProtocol is missing"
		return r
	}
	for _, f := range []Fact[int64]{from, to} {
		if f.State == Unknown {
			r.Unknown = f.Why
			return r
		}
	}
	r.From, r.To = portsOf(r.Protocol, from, to)
	return r
}

// portsOf gives the port range of a rule: all ports for protocol -1, and for missing ports.
func portsOf(protocol string, from, to Fact[int64]) (int64, int64) {
	if protocol == "-1" || from.State != Set || to.State != Set || from.Value == -1 || to.Value == -1 {
		return -1, -1
	}
	return from.Value, to.Value
}

// sgPermission is one element of configuration.ipPermissions.
type sgPermission struct {
	Protocol   string   `json:"ipProtocol"`
	From       *int64   `json:"fromPort"`
	To         *int64   `json:"toPort"`
	IPRanges   []string `json:"ipRanges"`
	IPv4Ranges []struct {
		CIDR string `json:"cidrIp"`
	} `json:"ipv4Ranges"`
	IPv6Ranges []struct {
		CIDR string `json:"cidrIpv6"`
	} `json:"ipv6Ranges"`
	Groups []struct {
		GroupID string `json:"groupId"`
	} `json:"userIdGroupPairs"`
}

// ec2SecurityGroupFromConfig reads configuration.ipPermissions as DescribeSecurityGroups reports it, one
// IngressRule per source.
func ec2SecurityGroupFromConfig(ci ConfigItem) *EC2SecurityGroup {
	perms := configField[[]sgPermission](ci.fields(), "ipPermissions")
	if perms.State != Set {
		return &EC2SecurityGroup{Ingress: Fact[[]IngressRule]{State: perms.State, Why: perms.Why}}
	}
	var rules []IngressRule
	for _, p := range perms.Value {
		from, to := Missing[int64](0), Missing[int64](0)
		if p.From != nil {
			from = Known(*p.From, 0)
		}
		if p.To != nil {
			to = Known(*p.To, 0)
		}
		lo, hi := portsOf(p.Protocol, from, to)
		var sources []string
		sources = append(sources, p.IPRanges...)
		for _, r := range p.IPv4Ranges {
			sources = append(sources, r.CIDR)
		}
		for _, r := range p.IPv6Ranges {
			sources = append(sources, r.CIDR)
		}
		for _, g := range p.Groups {
			sources = append(sources, g.GroupID)
		}
		for _, s := range sources {
			rules = append(rules, IngressRule{Protocol: p.Protocol, From: lo, To: hi, Source: s})
		}
	}
	return &EC2SecurityGroup{Ingress: Known(rules, 0)}
}

// settings are the group's effective settings for drift: its ingress rules as text, in order.
func (g *EC2SecurityGroup) settings() []setting {
	if g.Ingress.State != Set {
		return []setting{{name: "SecurityGroupIngress", unknown: g.Ingress.Why}}
	}
	parts := make([]string, 0, len(g.Ingress.Value))
	for _, r := range g.Ingress.Value {
		if r.Unknown != "" {
			return []setting{{name: "SecurityGroupIngress", unknown: r.Unknown}}
		}
		parts = append(parts, fmt.Sprintf("%s %d-%d from %s", r.Protocol, r.From, r.To, r.Source))
	}
	return []setting{{name: "SecurityGroupIngress", value: strings.Join(parts, "; "), known: true}}
}

// openPorts is the check shared by restricted-ssh and restricted-common-ports: it fails on the first rule that
// opens one of ports to the internet, and is not assessed when a rule it cannot read might.
func openPorts(g *EC2SecurityGroup, ports []int64) Result {
	in := g.Ingress
	if in.State == Unknown {
		return NotAssessedAt(in.Line, "%s", in.Why)
	}
	unknown, unknownLine := "", 0
	for _, r := range in.Value {
		if r.Unknown != "" {
			if unknown == "" {
				unknown, unknownLine = r.Unknown, r.Line
			}
			continue
		}
		for _, port := range ports {
			if r.OpenTo(port) {
				return Fail(lineOf(r.Line, g.Line), "ingress from %s allows port %d (%s %s)", r.Source, port, r.Protocol, portRange(r))
			}
		}
	}
	if unknown != "" {
		return NotAssessedAt(unknownLine, "%s", unknown)
	}
	return Pass("no ingress rule opens these ports to 0.0.0.0/0 or ::/0")
}

func portRange(r IngressRule) string {
	if r.From == -1 {
		return "all ports"
	}
	if r.From == r.To {
		return fmt.Sprintf("port %d", r.From)
	}
	return fmt.Sprintf("ports %d-%d", r.From, r.To)
}
