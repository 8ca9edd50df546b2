package forecast

// Default CloudFront usage, documented in the assumptions of every forecast that takes them.
const (
	defaultCloudFrontTransferGB = 10
	defaultCloudFrontRequests   = 1_000_000
)

// cloudFrontPricer prices AWS::CloudFront::Distribution: data transfer out to the internet and HTTPS
// requests, at the United States and Europe edge rates. CloudFront is priced by where viewers are, not by
// the stack's region.
func cloudFrontPricer() pricer {
	return pricer{
		types:  []string{"AWS::CloudFront::Distribution"},
		usage:  keys("monthlyDataTransferGB", "monthlyRequests"),
		prices: []string{"cloudfront.transfer.out", "cloudfront.requests.https"},
		price:  priceCloudFront,
	}
}

func priceCloudFront(p *pricing) (*Cost, error) {
	tp, err := p.price("cloudfront.transfer.out")
	if err != nil {
		return nil, err
	}
	rp, err := p.price("cloudfront.requests.https")
	if err != nil {
		return nil, err
	}
	gb := p.use("monthlyDataTransferGB", defaultCloudFrontTransferGB, "data transfer out (GB)")
	n := p.use("monthlyRequests", defaultCloudFrontRequests, "HTTPS requests per month")
	p.assume("viewers in the United States and Europe, first 10 TB tier; the always-free tier (1 TB, 10 million requests) is not applied")
	cost := &Cost{Components: []Component{
		component("Data transfer out to the internet (US, Europe)", "GB", gb, tp.USD, true),
		component("HTTPS requests (US, Europe)", "10k requests", n/1e4, rp.USD, true),
	}}
	cost.MonthlyKgCO2e = p.carbon.NetworkingKg(gb, p.region)
	p.assume("carbon: estimate of data transferred only (CCF networking coefficient, at %s's grid)", p.region)
	return cost, nil
}
