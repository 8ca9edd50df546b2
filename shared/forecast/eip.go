package forecast

// eipPricer prices AWS::EC2::EIP: every public IPv4 address is charged by the hour, attached or not.
func eipPricer() pricer {
	return pricer{
		types:  []string{"AWS::EC2::EIP"},
		prices: []string{"ec2.publicipv4.hours"},
		price:  priceEIP,
	}
}

func priceEIP(p *pricing) (*Cost, error) {
	ip, err := p.price("ec2.publicipv4.hours")
	if err != nil {
		return nil, err
	}
	p.assume("carbon: no published coefficient for public IPv4 addresses")
	return &Cost{Components: []Component{component("Public IPv4 address", "hours", HoursPerMonth, ip.USD, false)}}, nil
}
