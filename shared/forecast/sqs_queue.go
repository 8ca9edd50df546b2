package forecast

// defaultSQSRequests is the documented default of API requests a queue serves in a month.
const defaultSQSRequests = 1_000_000

// sqsQueuePricer prices AWS::SQS::Queue: API requests (64 KB chunks) at the standard or FIFO rate.
func sqsQueuePricer() pricer {
	return pricer{
		types:  []string{"AWS::SQS::Queue"},
		usage:  keys("monthlyRequests"),
		prices: []string{"sqs.standard.requests", "sqs.fifo.requests"},
		price:  priceSQSQueue,
	}
}

func priceSQSQueue(p *pricing) (*Cost, error) {
	fifo, _, err := p.flag("FifoQueue", "FifoQueue")
	if err != nil {
		return nil, err
	}
	id, name := "sqs.standard.requests", "Requests (standard queue)"
	if fifo {
		id, name = "sqs.fifo.requests", "Requests (FIFO queue)"
	}
	rp, err := p.price(id)
	if err != nil {
		return nil, err
	}
	requests := p.use("monthlyRequests", defaultSQSRequests, "API requests per month (send, receive, delete; 64 KB chunks)")
	p.assume("the first million requests a month (free tier) are not deducted")
	p.assume("carbon: no published coefficient for SQS")
	return &Cost{Components: []Component{component(name, "1M requests", requests/1e6, rp.USD, true)}}, nil
}
