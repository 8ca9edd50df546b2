package forecast

import "strings"

// Default DynamoDB usage, documented in the assumptions of every forecast that takes them.
const (
	defaultDynamoDBWriteRequestUnits = 1_000_000
	defaultDynamoDBReadRequestUnits  = 1_000_000
	defaultDynamoDBStorageGB         = 1
)

// dynamoDBTablePricer prices AWS::DynamoDB::Table and AWS::Serverless::SimpleTable: on-demand request
// units or provisioned capacity (table and global secondary indexes), storage, and point-in-time recovery.
func dynamoDBTablePricer() pricer {
	return pricer{
		types: []string{"AWS::DynamoDB::Table", "AWS::Serverless::SimpleTable"},
		usage: keys("monthlyWriteRequestUnits", "monthlyReadRequestUnits", "storageGB"),
		prices: []string{"dynamodb.ondemand.write", "dynamodb.ondemand.read", "dynamodb.provisioned.wcu",
			"dynamodb.provisioned.rcu", "dynamodb.storage", "dynamodb.pitr"},
		price: priceDynamoDB,
	}
}

func priceDynamoDB(p *pricing) (*Cost, error) {
	var mode string
	if p.res.Type == "AWS::Serverless::SimpleTable" {
		p.useGlobals("SimpleTable")
		// SAM makes a simple table on-demand unless it is given provisioned throughput.
		mode = "PAY_PER_REQUEST"
		if p.prop("ProvisionedThroughput") != nil {
			mode = "PROVISIONED"
		}
	} else {
		m, ok, err := p.str("BillingMode", "BillingMode")
		if err != nil {
			return nil, err
		}
		mode = m
		if !ok {
			mode = "PROVISIONED" // CloudFormation's default
		}
		class, ok, err := p.str("TableClass", "TableClass")
		if err != nil {
			return nil, err
		}
		if ok && !strings.EqualFold(class, "STANDARD") {
			return nil, unpriced("table class %s is not priced: the snapshot holds DynamoDB Standard prices only", class)
		}
	}
	cost := &Cost{}
	switch strings.ToUpper(mode) {
	case "PAY_PER_REQUEST":
		c, err := dynamoOnDemand(p, "dynamodb.ondemand.write", "Write request units (on-demand)", "1M WRU", 1)
		if err != nil {
			return nil, err
		}
		cost.Components = append(cost.Components, c...)
	case "PROVISIONED":
		wcu, rcu, err := provisionedCapacity(p)
		if err != nil {
			return nil, err
		}
		wp, err := p.price("dynamodb.provisioned.wcu")
		if err != nil {
			return nil, err
		}
		rp, err := p.price("dynamodb.provisioned.rcu")
		if err != nil {
			return nil, err
		}
		cost.Components = append(cost.Components,
			component("Write capacity (provisioned)", "WCU-hours", wcu*HoursPerMonth, wp.USD, false),
			component("Read capacity (provisioned)", "RCU-hours", rcu*HoursPerMonth, rp.USD, false))
		p.assume("provisioned capacity runs all month (730 h); auto scaling is not modelled")
	default:
		return nil, unpriced("unknown BillingMode %q", mode)
	}
	gb := p.use("storageGB", defaultDynamoDBStorageGB, "stored data (GB)")
	storage, err := dynamoStorage(p, gb, 1)
	if err != nil {
		return nil, err
	}
	cost.Components = append(cost.Components, storage...)
	if p.prop("StreamSpecification") != nil {
		p.assume("stream read requests are not priced (reads by Lambda triggers have no charge)")
	}
	cost.MonthlyKgCO2e = p.carbon.SSDStorageKg(gb, HoursPerMonth, "dynamodb", p.region)
	p.assume("carbon: estimate of storage only (CCF SSD coefficient, replication factor %g); request and capacity units have no published coefficient", p.carbon.ReplicationFactors["dynamodb"])
	return cost, nil
}

// dynamoOnDemand prices on-demand writes (at writeID, times the replica count for global tables) and reads.
func dynamoOnDemand(p *pricing, writeID, writeName, writeUnit string, replicas float64) ([]Component, error) {
	writes := p.use("monthlyWriteRequestUnits", defaultDynamoDBWriteRequestUnits, "write request units per month")
	reads := p.use("monthlyReadRequestUnits", defaultDynamoDBReadRequestUnits, "read request units per month")
	wp, err := p.price(writeID)
	if err != nil {
		return nil, err
	}
	rp, err := p.price("dynamodb.ondemand.read")
	if err != nil {
		return nil, err
	}
	return []Component{
		component(writeName, writeUnit, writes*replicas/1e6, wp.USD, true),
		component("Read request units (on-demand)", "1M RRU", reads/1e6, rp.USD, true),
	}, nil
}

// dynamoStorage prices gb of table storage in each replica, and its continuous backups when point-in-time
// recovery is on.
func dynamoStorage(p *pricing, gb, replicas float64) ([]Component, error) {
	sp, err := p.price("dynamodb.storage")
	if err != nil {
		return nil, err
	}
	out := []Component{component("Storage", "GB-months", gb*replicas, sp.USD, true)}
	pitr, _, err := p.flag("PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled", "PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled")
	if err != nil {
		return nil, err
	}
	if pitr {
		pp, err := p.price("dynamodb.pitr")
		if err != nil {
			return nil, err
		}
		out = append(out, component("Point-in-time recovery (continuous backups)", "GB-months", gb*replicas, pp.USD, true))
		p.assume("point-in-time recovery is billed on the table's size")
	}
	return out, nil
}

// provisionedCapacity sums the table's and its global secondary indexes' capacity units.
func provisionedCapacity(p *pricing) (wcu, rcu float64, err error) {
	w, okW, err := p.num("ProvisionedThroughput.WriteCapacityUnits", "ProvisionedThroughput", "WriteCapacityUnits")
	if err != nil {
		return 0, 0, err
	}
	r, okR, err := p.num("ProvisionedThroughput.ReadCapacityUnits", "ProvisionedThroughput", "ReadCapacityUnits")
	if err != nil {
		return 0, 0, err
	}
	if !okW || !okR {
		return 0, 0, unpriced("BillingMode PROVISIONED without ProvisionedThroughput read and write capacity units")
	}
	wcu, rcu = w, r
	gsis := p.prop("GlobalSecondaryIndexes")
	if err := p.known(gsis, "GlobalSecondaryIndexes"); err != nil {
		return 0, 0, err
	}
	for _, gsi := range gsis.Items() {
		if err := p.known(gsi, "a global secondary index"); err != nil {
			return 0, 0, err
		}
		name, _ := gsi.Get("IndexName").Str()
		tp := gsi.Get("ProvisionedThroughput")
		if tp.IsNull() {
			return 0, 0, unpriced("global secondary index %s has no ProvisionedThroughput", name)
		}
		gw, okW := tp.Get("WriteCapacityUnits").Float()
		gr, okR := tp.Get("ReadCapacityUnits").Float()
		if !okW || !okR || gw < 0 || gr < 0 {
			return 0, 0, unpriced("capacity units of global secondary index %s are not known before deployment", name)
		}
		wcu += gw
		rcu += gr
	}
	return wcu, rcu, nil
}
