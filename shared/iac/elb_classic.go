package iac

import (
	"fmt"

	"github.com/attestdev/attest/shared/cfn"
)

// TypeELBLoadBalancer is the CloudFormation and AWS Config type of a Classic Load Balancer.
const TypeELBLoadBalancer = "AWS::ElasticLoadBalancing::LoadBalancer"

// ELBLoadBalancer is what rules know about a Classic Load Balancer.
type ELBLoadBalancer struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// Listeners are the front-end listeners.
	Listeners Fact[[]ELBListener]
	// AccessLogs is AccessLoggingPolicy.Enabled; access logs are off by default.
	AccessLogs Tri
}

// ELBListener is one listener of a Classic Load Balancer.
type ELBListener struct {
	Name string // "port 80", or the listener's position when the port is not known
	// Protocol is HTTP, HTTPS, TCP or SSL.
	Protocol Fact[string]
}

func elbLoadBalancerFromTemplate(p templateProps) *ELBLoadBalancer {
	lb := &ELBLoadBalancer{Line: p.res.Line, AccessLogs: p.tri(p.props, "", "AccessLoggingPolicy", "Enabled")}
	list, state, line, why := p.lookup(p.props, "", "Listeners")
	switch {
	case state == Absent:
		lb.Listeners = Missing[[]ELBListener](line)
	case state == Unknown:
		lb.Listeners = Unknowable[[]ELBListener](why, line)
	case list.Kind != cfn.List:
		lb.Listeners = Unknowable[[]ELBListener](p.malformed("Listeners", list, "a list"), line)
	default:
		var out []ELBListener
		for i, l := range list.Items() {
			name := fmt.Sprintf("Listeners[%d]", i)
			if port, ok := l.Get("LoadBalancerPort").Str(); ok {
				name = "port " + port
			}
			out = append(out, ELBListener{Name: name, Protocol: p.str(l, "Listeners[]", "Protocol")})
		}
		lb.Listeners = Known(out, line)
	}
	return lb
}

// elbClassicConfig is the configuration AWS Config records for a Classic Load Balancer: the load balancer as
// DescribeLoadBalancers returns it.
type elbClassicConfig struct {
	LoadBalancerName     *string `json:"loadBalancerName"`
	ListenerDescriptions *[]struct {
		Listener *struct {
			Protocol         *string `json:"protocol"`
			LoadBalancerPort *int    `json:"loadBalancerPort"`
		} `json:"listener"`
	} `json:"listenerDescriptions"`
}

func elbLoadBalancerFromConfig(ci ConfigItem) *ELBLoadBalancer {
	lb := elbListenersFromConfig(ci)
	// DescribeLoadBalancers does not return attributes; an item that carries them as supplementary
	// configuration says whether access logs are on.
	var attrs struct {
		AccessLog *struct {
			Enabled *bool `json:"enabled"`
		} `json:"accessLog"`
	}
	if ok, why := ci.supplementary("LoadBalancerAttributes", &attrs); !ok {
		lb.AccessLogs = Unknowable[bool](why+" (access logs are a load balancer attribute)", 0)
	} else if attrs.AccessLog == nil {
		lb.AccessLogs = Missing[bool](0)
	} else {
		lb.AccessLogs = boolFact(attrs.AccessLog.Enabled)
	}
	return lb
}

func elbListenersFromConfig(ci ConfigItem) *ELBLoadBalancer {
	var c elbClassicConfig
	ok, why := configuration(ci, &c, func() bool { return c.LoadBalancerName != nil })
	if !ok {
		return &ELBLoadBalancer{Listeners: Unknowable[[]ELBListener](why, 0)}
	}
	if c.ListenerDescriptions == nil {
		return &ELBLoadBalancer{Listeners: Unknowable[[]ELBListener]("the configuration item does not list the listeners", 0)}
	}
	lb := &ELBLoadBalancer{Listeners: Missing[[]ELBListener](0)}
	for i, d := range *c.ListenerDescriptions {
		l := ELBListener{Name: fmt.Sprintf("listener %d", i+1), Protocol: Unknowable[string]("the listener description has no listener", 0)}
		if d.Listener != nil {
			if d.Listener.LoadBalancerPort != nil {
				l.Name = fmt.Sprintf("port %d", *d.Listener.LoadBalancerPort)
			}
			l.Protocol = strFact(d.Listener.Protocol)
		}
		lb.Listeners = appendFact(lb.Listeners, l, 0)
	}
	return lb
}

// settings are the load balancer's effective settings: its listeners' protocols.
func (lb *ELBLoadBalancer) settings() []setting {
	if lb.Listeners.State == Unknown {
		return []setting{{name: "Listeners", unknown: lb.Listeners.Why}}
	}
	var protos []string
	for _, l := range lb.Listeners.Value {
		if l.Protocol.State != Set {
			return []setting{{name: "Listeners", unknown: l.Name + ": " + l.Protocol.Why}}
		}
		protos = append(protos, l.Name+" "+l.Protocol.Value)
	}
	return []setting{{name: "Listeners", value: fmt.Sprint(protos), known: true}}
}
