package forecast

// defaultKMSRequests is the documented default of API requests a key serves in a month.
const defaultKMSRequests = 10_000

// kmsKeyPricer prices AWS::KMS::Key and AWS::KMS::ReplicaKey: a key-month each, and symmetric API requests.
func kmsKeyPricer() pricer {
	return pricer{
		types:  []string{"AWS::KMS::Key", "AWS::KMS::ReplicaKey"},
		usage:  keys("monthlyRequests"),
		prices: []string{"kms.key", "kms.requests"},
		price:  priceKMSKey,
	}
}

func priceKMSKey(p *pricing) (*Cost, error) {
	enabled, ok, err := p.flag("Enabled", "Enabled")
	if err != nil {
		return nil, err
	}
	if ok && !enabled {
		p.assume("a disabled key is still billed as a key-month")
	}
	kp, err := p.price("kms.key")
	if err != nil {
		return nil, err
	}
	rp, err := p.price("kms.requests")
	if err != nil {
		return nil, err
	}
	n := p.use("monthlyRequests", defaultKMSRequests, "API requests per month")
	if spec, ok, _ := p.str("KeySpec", "KeySpec"); ok && spec != "SYMMETRIC_DEFAULT" {
		p.assume("requests priced at the symmetric rate; asymmetric (%s) requests cost more", spec)
	}
	p.assume("key rotation's extra key-months are not priced; the free tier's 20,000 requests are not deducted")
	p.assume("carbon: no published coefficient for KMS")
	return &Cost{Components: []Component{
		component("Customer managed key", "months", 1, kp.USD, false),
		component("Requests", "10k requests", n/1e4, rp.USD, true),
	}}, nil
}
