package forecast

import "strings"

// defaultLCUs is the documented default of capacity units a load balancer uses on average.
const defaultLCUs = 1

// loadBalancerPricer prices AWS::ElasticLoadBalancingV2::LoadBalancer: an Application or Network Load
// Balancer's hours and capacity units (LCUs or NLCUs, from usage).
func loadBalancerPricer() pricer {
	return pricer{
		types:  []string{"AWS::ElasticLoadBalancingV2::LoadBalancer"},
		usage:  keys("averageLCUs"),
		prices: []string{"elb.application.hours", "elb.application.lcu", "elb.network.hours", "elb.network.nlcu"},
		price:  priceLoadBalancer,
	}
}

func priceLoadBalancer(p *pricing) (*Cost, error) {
	typ, ok, err := p.str("Type", "Type")
	if err != nil {
		return nil, err
	}
	if !ok {
		typ = "application" // CloudFormation's default
	}
	var name, unit, lcuName string
	switch strings.ToLower(typ) {
	case "application":
		name, unit, lcuName = "Application Load Balancer", "LCU-hours", "Load balancer capacity units"
	case "network":
		name, unit, lcuName = "Network Load Balancer", "NLCU-hours", "Network load balancer capacity units"
	default:
		return nil, unpriced("load balancer type %s is not priced", typ)
	}
	kind := strings.ToLower(typ)
	hp, err := p.price("elb." + kind + ".hours")
	if err != nil {
		return nil, err
	}
	lp, err := p.price(map[string]string{"application": "elb.application.lcu", "network": "elb.network.nlcu"}[kind])
	if err != nil {
		return nil, err
	}
	lcus := p.use("averageLCUs", defaultLCUs, "average capacity units")
	if scheme, _, _ := p.str("Scheme", "Scheme"); !strings.EqualFold(scheme, "internal") {
		p.assume("the public IPv4 addresses of an internet-facing load balancer are not priced")
	}
	p.assume("carbon: no published coefficient for load balancers")
	return &Cost{Components: []Component{
		component(name, "hours", HoursPerMonth, hp.USD, false),
		component(lcuName, unit, lcus*HoursPerMonth, lp.USD, true),
	}}, nil
}
