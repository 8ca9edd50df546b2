package forecast

// defaultNATDataProcessedGB is the documented default of data a NAT gateway processes in a month.
const defaultNATDataProcessedGB = 10

// natGatewayPricer prices AWS::EC2::NatGateway: hours and data processed (public and private NAT gateways
// have the same rates).
func natGatewayPricer() pricer {
	return pricer{
		types:  []string{"AWS::EC2::NatGateway"},
		usage:  []usageKey{{"monthlyDataProcessedGB", "data processed by a NAT gateway per month, in GB"}},
		prices: []string{"natgateway.hours", "natgateway.data"},
		price:  priceNAT,
	}
}

func priceNAT(p *pricing) (*Cost, error) {
	hp, err := p.price("natgateway.hours")
	if err != nil {
		return nil, err
	}
	dp, err := p.price("natgateway.data")
	if err != nil {
		return nil, err
	}
	gb := p.use("monthlyDataProcessedGB", defaultNATDataProcessedGB, "data processed (GB)")
	cost := &Cost{Components: []Component{
		component("NAT gateway", "hours", HoursPerMonth, hp.USD, false),
		component("Data processed", "GB", gb, dp.USD, true),
	}}
	cost.MonthlyKgCO2e = p.carbon.NetworkingKg(gb, p.region)
	p.assume("carbon: estimate of data processed only (CCF networking coefficient); the gateway's hours have no published coefficient")
	return cost, nil
}
