package forecast

// defaultRoute53Queries is the documented default of standard queries a hosted zone answers in a month.
const defaultRoute53Queries = 1_000_000

// route53HostedZonePricer prices AWS::Route53::HostedZone: the zone-month and standard queries (private
// zones' queries are counted the same way).
func route53HostedZonePricer() pricer {
	return pricer{
		types:  []string{"AWS::Route53::HostedZone"},
		usage:  keys("monthlyQueries"),
		prices: []string{"route53.hostedzone", "route53.queries"},
		price:  priceHostedZone,
	}
}

func priceHostedZone(p *pricing) (*Cost, error) {
	zp, err := p.price("route53.hostedzone")
	if err != nil {
		return nil, err
	}
	qp, err := p.price("route53.queries")
	if err != nil {
		return nil, err
	}
	n := p.use("monthlyQueries", defaultRoute53Queries, "standard queries per month")
	p.assume("queries for alias records to AWS resources have no charge and are not separated out")
	p.assume("carbon: no published coefficient for Route 53")
	return &Cost{Components: []Component{
		component("Hosted zone", "months", 1, zp.USD, false),
		component("Standard queries", "1M requests", n/1e6, qp.USD, true),
	}}, nil
}
