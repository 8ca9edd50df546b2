package forecast

import "strings"

// defaultEndpointDataProcessedGB is the documented default of data an interface endpoint processes.
const defaultEndpointDataProcessedGB = 10

// vpcEndpointPricer prices AWS::EC2::VPCEndpoint: an interface endpoint per Availability Zone (one per
// subnet) and per GB processed; a gateway endpoint (S3, DynamoDB) has no charge.
func vpcEndpointPricer() pricer {
	return pricer{
		types:  []string{"AWS::EC2::VPCEndpoint"},
		usage:  keys("monthlyDataProcessedGB"),
		prices: []string{"vpcendpoint.interface.hours", "vpcendpoint.interface.data"},
		price:  priceVPCEndpoint,
	}
}

func priceVPCEndpoint(p *pricing) (*Cost, error) {
	typ, ok, err := p.str("VpcEndpointType", "VpcEndpointType")
	if err != nil {
		return nil, err
	}
	if !ok {
		typ = "Gateway" // CloudFormation's default
	}
	switch strings.ToLower(typ) {
	case "gateway":
		p.assume("gateway endpoints have no charge (Amazon VPC pricing)")
		return &Cost{}, nil
	case "interface":
	default:
		return nil, unpriced("endpoint type %s is not priced", typ)
	}
	subnets := p.prop("SubnetIds")
	if err := p.known(subnets, "SubnetIds"); err != nil {
		return nil, err
	}
	azs := float64(len(subnets.Items()))
	if azs == 0 {
		return nil, unpriced("an interface endpoint without SubnetIds: the number of Availability Zones is unknown")
	}
	p.assume("one Availability Zone per subnet (%s)", fmtQty(azs))
	hp, err := p.price("vpcendpoint.interface.hours")
	if err != nil {
		return nil, err
	}
	dp, err := p.price("vpcendpoint.interface.data")
	if err != nil {
		return nil, err
	}
	gb := p.use("monthlyDataProcessedGB", defaultEndpointDataProcessedGB, "data processed (GB)")
	cost := &Cost{Components: []Component{
		component("Interface endpoint", "AZ-hours", azs*HoursPerMonth, hp.USD, false),
		component("Data processed", "GB", gb, dp.USD, true),
	}}
	cost.MonthlyKgCO2e = p.carbon.NetworkingKg(gb, p.region)
	p.assume("carbon: estimate of data processed only (CCF networking coefficient); endpoint hours have no published coefficient")
	return cost, nil
}
