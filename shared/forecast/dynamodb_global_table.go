package forecast

import (
	"fmt"
	"strings"
)

// dynamoDBGlobalTablePricer prices AWS::DynamoDB::GlobalTable: every replica stores the data and applies
// every write (replicated write units), reads are priced once, and provisioned capacity is priced at the
// auto scaling minimum.
func dynamoDBGlobalTablePricer() pricer {
	return pricer{
		types: []string{"AWS::DynamoDB::GlobalTable"},
		usage: keys("monthlyWriteRequestUnits", "monthlyReadRequestUnits", "storageGB"),
		prices: []string{"dynamodb.replicated.ondemand.write", "dynamodb.ondemand.read", "dynamodb.replicated.provisioned.wcu",
			"dynamodb.provisioned.rcu", "dynamodb.storage", "dynamodb.pitr"},
		price: priceDynamoDBGlobalTable,
	}
}

func priceDynamoDBGlobalTable(p *pricing) (*Cost, error) {
	reps := p.prop("Replicas")
	if err := p.known(reps, "Replicas"); err != nil {
		return nil, err
	}
	replicas := reps.Items()
	if len(replicas) == 0 {
		return nil, unpriced("a global table needs at least one replica")
	}
	n := float64(len(replicas))
	p.assume("%d replicas, all priced at %s rates; cross-region replication transfer is not priced", len(replicas), p.region)
	mode, ok, err := p.str("BillingMode", "BillingMode")
	if err != nil {
		return nil, err
	}
	if !ok {
		mode = "PROVISIONED"
	}
	cost := &Cost{}
	switch strings.ToUpper(mode) {
	case "PAY_PER_REQUEST":
		c, err := dynamoOnDemand(p, "dynamodb.replicated.ondemand.write", fmt.Sprintf("Replicated write request units (%d replicas)", len(replicas)), "1M rWRU", n)
		if err != nil {
			return nil, err
		}
		cost.Components = append(cost.Components, c...)
	case "PROVISIONED":
		w, okW, err := p.num("WriteCapacityAutoScalingSettings.MinCapacity", "WriteProvisionedThroughputSettings", "WriteCapacityAutoScalingSettings", "MinCapacity")
		if err != nil {
			return nil, err
		}
		if !okW {
			return nil, unpriced("BillingMode PROVISIONED without WriteProvisionedThroughputSettings.WriteCapacityAutoScalingSettings.MinCapacity")
		}
		var rcu float64
		for i, r := range replicas {
			if err := p.known(r, "a replica"); err != nil {
				return nil, err
			}
			rs := r.Get("ReadProvisionedThroughputSettings")
			v := rs.Get("ReadCapacityUnits")
			if v.IsNull() {
				v = rs.Get("ReadCapacityAutoScalingSettings", "MinCapacity")
			}
			f, ok := v.Float()
			if !ok || f < 0 {
				return nil, unpriced("replica %d has no known read capacity (ReadProvisionedThroughputSettings)", i+1)
			}
			rcu += f
		}
		wp, err := p.price("dynamodb.replicated.provisioned.wcu")
		if err != nil {
			return nil, err
		}
		rp, err := p.price("dynamodb.provisioned.rcu")
		if err != nil {
			return nil, err
		}
		cost.Components = append(cost.Components,
			component(fmt.Sprintf("Replicated write capacity (provisioned, %d replicas)", len(replicas)), "rWCU-hours", w*n*HoursPerMonth, wp.USD, false),
			component("Read capacity (provisioned, all replicas)", "RCU-hours", rcu*HoursPerMonth, rp.USD, false))
		p.assume("provisioned capacity at the auto scaling minimum all month (730 h); global secondary indexes are not priced")
	default:
		return nil, unpriced("unknown BillingMode %q", mode)
	}
	gb := p.use("storageGB", defaultDynamoDBStorageGB, "stored data per replica (GB)")
	sp, err := p.price("dynamodb.storage")
	if err != nil {
		return nil, err
	}
	cost.Components = append(cost.Components, component(fmt.Sprintf("Storage (%d replicas)", len(replicas)), "GB-months", gb*n, sp.USD, true))
	// Point-in-time recovery is set per replica.
	var pitrReplicas float64
	for _, r := range replicas {
		if on, _ := r.Get("PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled").Bool(); on {
			pitrReplicas++
		}
	}
	if pitrReplicas > 0 {
		pp, err := p.price("dynamodb.pitr")
		if err != nil {
			return nil, err
		}
		cost.Components = append(cost.Components, component("Point-in-time recovery (continuous backups)", "GB-months", gb*pitrReplicas, pp.USD, true))
	}
	cost.MonthlyKgCO2e = p.carbon.SSDStorageKg(gb*n, HoursPerMonth, "dynamodb", p.region)
	p.assume("carbon: estimate of storage only (CCF SSD coefficient, replication factor %g per replica)", p.carbon.ReplicationFactors["dynamodb"])
	return cost, nil
}
