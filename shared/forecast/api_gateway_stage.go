package forecast

// apiGatewayStagePricer prices AWS::ApiGateway::Stage: nothing of its own, except its cache.
func apiGatewayStagePricer() pricer {
	return pricer{
		types:  []string{"AWS::ApiGateway::Stage"},
		prices: apiCachePriceIDs(),
		price:  priceAPIStage,
	}
}

func priceAPIStage(p *pricing) (*Cost, error) {
	c, err := apiCache(p)
	if err != nil {
		return nil, err
	}
	if len(c) == 0 {
		p.assume("a stage without a cache has no charge of its own; requests are priced on the API")
	}
	return &Cost{Components: c}, nil
}
