package forecast

// defaultSNSPublishes is the documented default of messages published to a topic in a month.
const defaultSNSPublishes = 1_000_000

// snsTopicPricer prices AWS::SNS::Topic: publishes (64 KB chunks) to a standard topic.
func snsTopicPricer() pricer {
	return pricer{
		types:  []string{"AWS::SNS::Topic"},
		usage:  keys("monthlyPublishes"),
		prices: []string{"sns.publish"},
		price:  priceSNSTopic,
	}
}

func priceSNSTopic(p *pricing) (*Cost, error) {
	fifo, _, err := p.flag("FifoTopic", "FifoTopic")
	if err != nil {
		return nil, err
	}
	if fifo {
		return nil, unpriced("FIFO topic prices are not in the snapshot")
	}
	pp, err := p.price("sns.publish")
	if err != nil {
		return nil, err
	}
	n := p.use("monthlyPublishes", defaultSNSPublishes, "publishes per month")
	p.assume("deliveries are not priced: to SQS and Lambda they have no charge; HTTP, e-mail, SMS and mobile push deliveries are billed per delivery")
	p.assume("carbon: no published coefficient for SNS")
	return &Cost{Components: []Component{component("Publishes (standard topic)", "1M requests", n/1e6, pp.USD, true)}}, nil
}
