package forecast

import "fmt"

// defaultSecretRequests is the documented default of API calls a secret serves in a month.
const defaultSecretRequests = 10_000

// secretPricer prices AWS::SecretsManager::Secret: a secret-month for the secret and each replica, and API
// calls.
func secretPricer() pricer {
	return pricer{
		types:  []string{"AWS::SecretsManager::Secret"},
		usage:  keys("monthlyRequests"),
		prices: []string{"secretsmanager.secret", "secretsmanager.requests"},
		price:  priceSecret,
	}
}

func priceSecret(p *pricing) (*Cost, error) {
	reps := p.prop("ReplicaRegions")
	if err := p.known(reps, "ReplicaRegions"); err != nil {
		return nil, err
	}
	secrets := 1 + float64(len(reps.Items()))
	sp, err := p.price("secretsmanager.secret")
	if err != nil {
		return nil, err
	}
	rp, err := p.price("secretsmanager.requests")
	if err != nil {
		return nil, err
	}
	n := p.use("monthlyRequests", defaultSecretRequests, "API calls per month")
	name := "Secret"
	if secrets > 1 {
		name = fmt.Sprintf("Secret and %s replicas", fmtQty(secrets-1))
		p.assume("replicas priced at %s rates", p.region)
	}
	p.assume("carbon: no published coefficient for Secrets Manager")
	return &Cost{Components: []Component{
		component(name, "months", secrets, sp.USD, false),
		component("API calls", "10k requests", n/1e4, rp.USD, true),
	}}, nil
}
