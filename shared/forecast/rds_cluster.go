package forecast

import (
	"fmt"
	"strings"
)

// Default Aurora usage, documented in the assumptions of every forecast that takes them.
const (
	defaultAuroraStorageGB  = 10
	defaultAuroraIORequests = 10_000_000
)

// rdsClusterPricer prices AWS::RDS::DBCluster for Aurora (Standard storage): the cluster volume and its
// I/O requests. Its instances are AWS::RDS::DBInstance resources, priced on their own.
func rdsClusterPricer() pricer {
	return pricer{
		types:  []string{"AWS::RDS::DBCluster"},
		usage:  keys("storageGB", "monthlyIORequests"),
		prices: []string{"rds.aurora.storage", "rds.aurora.io"},
		price:  priceRDSCluster,
	}
}

func priceRDSCluster(p *pricing) (*Cost, error) {
	engineText, ok, err := p.str("Engine", "Engine")
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, unpriced("Engine is not given")
	}
	engine, ok := rdsEngines[strings.ToLower(engineText)]
	if !ok || !strings.HasPrefix(engine, "aurora") {
		return nil, unpriced("engine %s: Multi-AZ DB clusters other than Aurora are not priced", engineText)
	}
	if mode, _, err := p.str("EngineMode", "EngineMode"); err != nil {
		return nil, err
	} else if strings.EqualFold(mode, "serverless") {
		return nil, unpriced("Aurora Serverless v1 (EngineMode serverless) is not priced")
	}
	if st, _, err := p.str("StorageType", "StorageType"); err != nil {
		return nil, err
	} else if strings.EqualFold(st, "aurora-iopt1") {
		return nil, unpriced("Aurora I/O-Optimized prices are not in the snapshot")
	}
	gb := p.use("storageGB", defaultAuroraStorageGB, "cluster volume (GB)")
	ios := p.use("monthlyIORequests", defaultAuroraIORequests, "I/O requests per month")
	sp, err := p.price("rds.aurora.storage")
	if err != nil {
		return nil, err
	}
	iop, err := p.price("rds.aurora.io")
	if err != nil {
		return nil, err
	}
	if p.prop("BacktrackWindow") != nil {
		p.assume("backtrack change records are not priced")
	}
	p.assume("instances are priced on their AWS::RDS::DBInstance resources; backups beyond the volume's size are not priced")
	cost := &Cost{Components: []Component{
		component(fmt.Sprintf("Storage (%s, Aurora Standard)", rdsEngineNames[engine]), "GB-months", gb, sp.USD, true),
		component("I/O requests", "1M I/O requests", ios/1e6, iop.USD, true),
	}}
	cost.MonthlyKgCO2e = p.carbon.SSDStorageKg(gb, HoursPerMonth, "aurora", p.region)
	p.assume("carbon: estimate of storage only (CCF SSD coefficient, replication factor %g)", p.carbon.replication("aurora"))
	return cost, nil
}
