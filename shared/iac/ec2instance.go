package iac

import (
	"strings"

	"github.com/attestdev/attest/shared/cfn"
)

// TypeEC2Instance is the CloudFormation and AWS Config type of an EC2 instance.
const TypeEC2Instance = "AWS::EC2::Instance"

// TypeEC2LaunchTemplate is the type of a launch template, which an instance may take its metadata options from.
const TypeEC2LaunchTemplate = "AWS::EC2::LaunchTemplate"

// EC2Instance is what rules know about an EC2 instance.
type EC2Instance struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// HTTPTokens is the instance metadata service's token setting: required (IMDSv2 only) or optional. Absent
	// means EC2's default, optional unless the AMI or the account says otherwise, which a template does not show.
	HTTPTokens Fact[string]
	// PublicIP is whether the instance gets a public IPv4 address.
	PublicIP Tri
}

func ec2InstanceFromTemplate(p templateProps) *EC2Instance {
	return &EC2Instance{Line: p.res.Line, HTTPTokens: p.instanceHTTPTokens(), PublicIP: p.instancePublicIP()}
}

// launchTemplateFromTemplate reads what a launch template gives the instances launched from it: their metadata
// options, and whether their primary interface gets a public address. Without AssociatePublicIpAddress the
// subnet chosen at launch decides, which the template does not show.
func launchTemplateFromTemplate(p templateProps) *EC2Instance {
	lt := &EC2Instance{Line: p.res.Line, HTTPTokens: p.str(p.props, "", "LaunchTemplateData", "MetadataOptions", "HttpTokens")}
	val, state, line, why := p.lookup(p.props, "", "LaunchTemplateData", "NetworkInterfaces")
	switch {
	case state == Unknown:
		lt.PublicIP = Unknowable[bool](why, line)
		return lt
	case state == Set && val.Kind == cfn.List:
		for _, ni := range val.Items() {
			if assoc := p.tri(ni, "LaunchTemplateData.NetworkInterfaces[]", "AssociatePublicIpAddress"); assoc.State != Absent {
				lt.PublicIP = assoc
				return lt
			}
		}
	}
	lt.PublicIP = Unknowable[bool]("the launch template does not set AssociatePublicIpAddress, so the subnet chosen at launch decides", line)
	return lt
}

// launchTemplateFromConfig: AWS Config records launch templates without their version data, where these
// settings are.
func launchTemplateFromConfig(ConfigItem) *EC2Instance {
	const why = "the configuration item of a launch template does not carry its version's LaunchTemplateData"
	return &EC2Instance{HTTPTokens: Unknowable[string](why, 0), PublicIP: Unknowable[bool](why, 0)}
}

// instanceHTTPTokens reads MetadataOptions.HttpTokens from the instance, or from the launch template of this
// template that it names.
func (p templateProps) instanceHTTPTokens() Fact[string] {
	if own := p.str(p.props, "", "MetadataOptions", "HttpTokens"); own.State != Absent {
		return own
	}
	lt := p.res.Properties.Get("LaunchTemplate")
	if lt == nil {
		return Missing[string](p.res.Line)
	}
	line := p.res.Line
	if pos := lt.Pos(); pos > 0 {
		line = pos
	}
	for _, key := range []string{"LaunchTemplateId", "LaunchTemplateName"} {
		ref := lt.Get(key)
		if ref == nil {
			continue
		}
		for _, r := range p.tpl.ResourcesOfType(TypeEC2LaunchTemplate) {
			if !dataRefersTo(ref, r.LogicalID) {
				continue
			}
			q := templateProps{tpl: p.tpl, res: r, props: p.resolver.Resolve(r.Properties), resolver: p.resolver}
			return q.str(q.props, "", "LaunchTemplateData", "MetadataOptions", "HttpTokens")
		}
		return Unknowable[string]("the instance takes its metadata options from launch template "+dataRefText(ref)+
			", which is not in this template", line)
	}
	return Missing[string](line)
}

// instancePublicIP reads AssociatePublicIpAddress of the primary network interface; without it, the subnet's
// MapPublicIpOnLaunch decides, which is known when the subnet is in this template.
func (p templateProps) instancePublicIP() Tri {
	val, state, line, why := p.lookup(p.props, "", "NetworkInterfaces")
	switch {
	case state == Unknown:
		return Unknowable[bool](why, line)
	case state == Set && val.Kind == cfn.List:
		for _, ni := range val.Items() {
			if assoc := p.tri(ni, "NetworkInterfaces[]", "AssociatePublicIpAddress"); assoc.State != Absent {
				return assoc
			}
		}
	}
	subnet := p.res.Properties.Get("SubnetId")
	if subnet == nil && state == Set {
		if items := p.res.Properties.Get("NetworkInterfaces").Items(); len(items) > 0 {
			subnet = items[0].Get("SubnetId")
		}
	}
	if subnet == nil {
		return Unknowable[bool]("the instance names no subnet: in the default VPC it gets a public IP address by default", p.res.Line)
	}
	for _, r := range p.tpl.ResourcesOfType(TypeEC2Subnet) {
		if dataRefersTo(subnet, r.LogicalID) {
			q := templateProps{tpl: p.tpl, res: r, props: p.resolver.Resolve(r.Properties), resolver: p.resolver}
			m := q.tri(q.props, "", "MapPublicIpOnLaunch")
			if m.State == Absent {
				return Known(false, p.res.Line)
			}
			m.Line = p.res.Line
			return m
		}
	}
	return Unknowable[bool]("AssociatePublicIpAddress is not set and subnet "+dataRefText(subnet)+
		" is not in this template, so its MapPublicIpOnLaunch decides", p.res.Line)
}

// dataRefText writes a subnet or template reference for a message.
func dataRefText(v *cfn.Value) string {
	if s, ok := v.Str(); ok {
		return s
	}
	if name, arg := v.Intrinsic(); name != "" {
		if s, ok := arg.Str(); ok {
			return strings.TrimPrefix(name, "Fn::") + " " + s
		}
		return strings.TrimPrefix(name, "Fn::") + "(…)"
	}
	return "(a " + v.Kind.String() + ")"
}

// ec2InstanceFromConfig reads configuration.metadataOptions.httpTokens and publicIpAddress, as DescribeInstances
// reports them; DescribeInstances leaves publicIpAddress out when the instance has none.
func ec2InstanceFromConfig(ci ConfigItem) *EC2Instance {
	c := ci.fields()
	i := &EC2Instance{HTTPTokens: configField[string](c.nested("metadataOptions"), "httpTokens")}
	switch ip := configOptional[string](c, "publicIpAddress"); ip.State {
	case Set:
		i.PublicIP = Known(ip.Value != "", 0)
	case Absent:
		i.PublicIP = Known(false, 0)
	default:
		i.PublicIP = Unknowable[bool](ip.Why, 0)
	}
	return i
}

// settings are the instance's effective settings for drift.
func (i *EC2Instance) settings() []setting {
	return []setting{effective("MetadataOptions.HttpTokens", i.HTTPTokens, "optional")}
}
