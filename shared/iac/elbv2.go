package iac

import "github.com/attestdev/attest/shared/cfn"

// Application and network load balancer types.
const (
	TypeELBv2LoadBalancer      = "AWS::ElasticLoadBalancingV2::LoadBalancer"
	TypeELBv2Listener          = "AWS::ElasticLoadBalancingV2::Listener"
	typeWAFv2WebACLAssociation = "AWS::WAFv2::WebACLAssociation"
)

// ELBv2LoadBalancer is what rules know about an application, network or gateway load balancer.
type ELBv2LoadBalancer struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// Type is application, network or gateway; the default is application.
	Type Fact[string]
	// AccessLogs is the access_logs.s3.enabled attribute; the default is false.
	AccessLogs Tri
	// WebACL is a WAFv2 web ACL associated with the load balancer.
	WebACL Fact[string]
}

func elbv2LoadBalancerFromTemplate(p templateProps) *ELBv2LoadBalancer {
	lb := &ELBv2LoadBalancer{Line: p.res.Line, Type: p.str(p.props, "", "Type"), AccessLogs: Missing[bool](p.res.Line)}
	attrs, state, line, why := p.lookup(p.props, "", "LoadBalancerAttributes")
	switch {
	case state == Unknown:
		lb.AccessLogs = Unknowable[bool](why, line)
	case state == Set && attrs.Kind != cfn.List:
		lb.AccessLogs = Unknowable[bool](p.malformed("LoadBalancerAttributes", attrs, "a list"), line)
	case state == Set:
		lb.AccessLogs = Missing[bool](line)
		for _, a := range attrs.Items() {
			key := p.str(a, "LoadBalancerAttributes[]", "Key")
			if key.State == Unknown {
				lb.AccessLogs = Unknowable[bool](key.Why, key.Line)
				continue
			}
			if key.State == Set && key.Value == "access_logs.s3.enabled" {
				lb.AccessLogs = p.tri(a, "LoadBalancerAttributes[access_logs.s3.enabled]", "Value")
				break
			}
		}
	}
	lb.WebACL = p.webACLFor()
	return lb
}

// webACLFor finds a WAFv2 web ACL association of the template whose ResourceArn is this resource. One whose
// target cannot be resolved may be this resource, so it makes the answer unknown rather than absent.
func (p templateProps) webACLFor() Fact[string] {
	out := Missing[string](p.res.Line)
	for _, a := range p.tpl.ResourcesOfType(typeWAFv2WebACLAssociation) {
		props := p.resolver.Resolve(a.Properties)
		target := props.Get("ResourceArn")
		if !isRefTo(target, p.res.LogicalID) {
			if target.IsIntrinsic() && !refersToAnyResource(p.tpl, target) && out.State == Absent {
				out = Unknowable[string]("the ResourceArn of "+a.LogicalID+" is unknown before deployment: "+p.resolver.Why(target), a.Line)
			}
			continue
		}
		q := templateProps{tpl: p.tpl, res: a, props: props, resolver: p.resolver}
		acl := q.present(props, "", "WebACLArn")
		if acl.State == Set {
			return acl
		}
		if out.State == Absent {
			out = acl
		}
	}
	return out
}

// refersToAnyResource reports whether v is a Ref or GetAtt of some template resource: then it is known not to
// be another one.
func refersToAnyResource(tpl *cfn.Template, v *cfn.Value) bool {
	for _, r := range tpl.Resources {
		if isRefTo(v, r.LogicalID) {
			return true
		}
	}
	return false
}

// elbv2Config is the configuration AWS Config records for a load balancer: the load balancer as
// DescribeLoadBalancers returns it. Its attributes and its WAF association are separate APIs.
type elbv2Config struct {
	LoadBalancerArn  *string `json:"loadBalancerArn"`
	LoadBalancerName *string `json:"loadBalancerName"`
	Type             *string `json:"type"`
}

const (
	elbv2AttributesNotRecorded = "the configuration item does not carry the load balancer's attributes (elasticloadbalancing:DescribeLoadBalancerAttributes)"
	elbv2WAFNotRecorded        = "the configuration item does not record web ACL associations (wafv2:GetWebACLForResource)"
)

func elbv2LoadBalancerFromConfig(ci ConfigItem) *ELBv2LoadBalancer {
	var c elbv2Config
	ok, why := configuration(ci, &c, func() bool { return c.LoadBalancerArn != nil || c.LoadBalancerName != nil })
	if !ok {
		return &ELBv2LoadBalancer{Type: Unknowable[string](why, 0), AccessLogs: Unknowable[bool](why, 0), WebACL: Unknowable[string](why, 0)}
	}
	return &ELBv2LoadBalancer{
		Type:       strFact(c.Type),
		AccessLogs: Unknowable[bool](elbv2AttributesNotRecorded, 0),
		WebACL:     Unknowable[string](elbv2WAFNotRecorded, 0),
	}
}

// settings are the load balancer's effective settings.
func (lb *ELBv2LoadBalancer) settings() []setting {
	return []setting{
		effective("Type", lb.Type, "application"),
		effective("LoadBalancerAttributes.access_logs.s3.enabled", lb.AccessLogs, false),
	}
}

// ELBv2Listener is what rules know about a load balancer listener.
type ELBv2Listener struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// Protocol is HTTP, HTTPS, TCP, TLS, UDP, TCP_UDP or GENEVE.
	Protocol Fact[string]
	// RedirectsToHTTPS is whether the default actions redirect to HTTPS.
	RedirectsToHTTPS Tri
}

func elbv2ListenerFromTemplate(p templateProps) *ELBv2Listener {
	l := &ELBv2Listener{Line: p.res.Line, Protocol: p.str(p.props, "", "Protocol")}
	actions, state, line, why := p.lookup(p.props, "", "DefaultActions")
	switch {
	case state == Absent:
		l.RedirectsToHTTPS = Known(false, line)
	case state == Unknown:
		l.RedirectsToHTTPS = Unknowable[bool](why, line)
	case actions.Kind != cfn.List:
		l.RedirectsToHTTPS = Unknowable[bool](p.malformed("DefaultActions", actions, "a list"), line)
	default:
		l.RedirectsToHTTPS = Known(false, line)
		for _, a := range actions.Items() {
			typ := p.str(a, "DefaultActions[]", "Type")
			proto := p.str(a, "DefaultActions[]", "RedirectConfig", "Protocol")
			switch {
			case typ.State == Unknown:
				l.RedirectsToHTTPS = Unknowable[bool](typ.Why, typ.Line)
			case typ.State == Set && typ.Value == "redirect" && proto.State == Unknown:
				l.RedirectsToHTTPS = Unknowable[bool](proto.Why, proto.Line)
			case typ.State == Set && typ.Value == "redirect" && proto.State == Set && proto.Value == "HTTPS":
				l.RedirectsToHTTPS = Known(true, proto.Line)
				return l
			}
		}
	}
	return l
}

// elbv2ListenerConfig is the configuration AWS Config records for a listener: the listener as DescribeListeners
// returns it.
type elbv2ListenerConfig struct {
	ListenerArn    *string `json:"listenerArn"`
	Protocol       *string `json:"protocol"`
	DefaultActions *[]struct {
		Type           string `json:"type"`
		RedirectConfig *struct {
			Protocol *string `json:"protocol"`
		} `json:"redirectConfig"`
	} `json:"defaultActions"`
}

func elbv2ListenerFromConfig(ci ConfigItem) *ELBv2Listener {
	var c elbv2ListenerConfig
	ok, why := configuration(ci, &c, func() bool { return c.ListenerArn != nil })
	if !ok {
		return &ELBv2Listener{Protocol: Unknowable[string](why, 0), RedirectsToHTTPS: Unknowable[bool](why, 0)}
	}
	l := &ELBv2Listener{Protocol: strFact(c.Protocol), RedirectsToHTTPS: Unknowable[bool]("the configuration item does not list the default actions", 0)}
	if c.DefaultActions != nil {
		l.RedirectsToHTTPS = Known(false, 0)
		for _, a := range *c.DefaultActions {
			if a.Type == "redirect" && a.RedirectConfig != nil && a.RedirectConfig.Protocol != nil && *a.RedirectConfig.Protocol == "HTTPS" {
				l.RedirectsToHTTPS = Known(true, 0)
			}
		}
	}
	return l
}

// settings are the listener's effective settings.
func (l *ELBv2Listener) settings() []setting {
	return []setting{
		effective("Protocol", l.Protocol, ""),
		effective("DefaultActions redirect to HTTPS", l.RedirectsToHTTPS, false),
	}
}
