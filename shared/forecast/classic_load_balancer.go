package forecast

// defaultELBDataProcessedGB is the documented default of data a Classic Load Balancer processes in a month.
const defaultELBDataProcessedGB = 10

// classicLoadBalancerPricer prices AWS::ElasticLoadBalancing::LoadBalancer: hours and data processed.
func classicLoadBalancerPricer() pricer {
	return pricer{
		types:  []string{"AWS::ElasticLoadBalancing::LoadBalancer"},
		usage:  keys("monthlyDataProcessedGB"),
		prices: []string{"elb.classic.hours", "elb.classic.data"},
		price:  priceClassicLoadBalancer,
	}
}

func priceClassicLoadBalancer(p *pricing) (*Cost, error) {
	hp, err := p.price("elb.classic.hours")
	if err != nil {
		return nil, err
	}
	dp, err := p.price("elb.classic.data")
	if err != nil {
		return nil, err
	}
	gb := p.use("monthlyDataProcessedGB", defaultELBDataProcessedGB, "data processed (GB)")
	cost := &Cost{Components: []Component{
		component("Classic Load Balancer", "hours", HoursPerMonth, hp.USD, false),
		component("Data processed", "GB", gb, dp.USD, true),
	}}
	cost.MonthlyKgCO2e = p.carbon.NetworkingKg(gb, p.region)
	p.assume("carbon: estimate of data processed only (CCF networking coefficient)")
	return cost, nil
}
