package forecast

// eksClusterPricer prices AWS::EKS::Cluster: the control plane's hours (standard support).
func eksClusterPricer() pricer {
	return pricer{
		types:  []string{"AWS::EKS::Cluster"},
		prices: []string{"eks.cluster.hours"},
		price:  priceEKSCluster,
	}
}

func priceEKSCluster(p *pricing) (*Cost, error) {
	cp, err := p.price("eks.cluster.hours")
	if err != nil {
		return nil, err
	}
	p.assume("standard Kubernetes version support; extended support is billed at a higher hourly rate")
	p.assume("nodes are priced with their node groups, Auto Scaling groups or Fargate profiles' pods (not priced)")
	p.assume("carbon: no published coefficient for the EKS control plane")
	return &Cost{Components: []Component{component("EKS cluster", "hours", HoursPerMonth, cp.USD, false)}}, nil
}
