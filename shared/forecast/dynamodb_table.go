package forecast

import "strings"

// Default DynamoDB usage, documented in the assumptions of every forecast that takes them.
const (
	defaultDynamoDBWriteRequestUnits = 1_000_000
	defaultDynamoDBReadRequestUnits  = 1_000_000
	defaultDynamoDBStorageGB         = 1
)

// dynamoDBTablePricer prices AWS::DynamoDB::Table: on-demand request units or provisioned capacity (table
// and global secondary indexes), plus storage.
func dynamoDBTablePricer() pricer {
	return pricer{
		types: []string{"AWS::DynamoDB::Table"},
		usage: []usageKey{
			{"monthlyWriteRequestUnits", "DynamoDB on-demand write request units per month"},
			{"monthlyReadRequestUnits", "DynamoDB on-demand read request units per month"},
			{"storageGB", "stored data in GB"},
		},
		price: priceDynamoDB,
	}
}

func priceDynamoDB(p *pricing) (*Cost, error) {
	mode, ok, err := p.str("BillingMode", "BillingMode")
	if err != nil {
		return nil, err
	}
	if !ok {
		mode = "PROVISIONED" // CloudFormation's default
	}
	cost := &Cost{}
	switch strings.ToUpper(mode) {
	case "PAY_PER_REQUEST":
		writes := p.use("monthlyWriteRequestUnits", defaultDynamoDBWriteRequestUnits, "write request units per month")
		reads := p.use("monthlyReadRequestUnits", defaultDynamoDBReadRequestUnits, "read request units per month")
		wp, err := p.price("dynamodb.ondemand.write")
		if err != nil {
			return nil, err
		}
		rp, err := p.price("dynamodb.ondemand.read")
		if err != nil {
			return nil, err
		}
		cost.Components = append(cost.Components,
			component("Write request units (on-demand)", "1M WRU", writes/1e6, wp.USD, true),
			component("Read request units (on-demand)", "1M RRU", reads/1e6, rp.USD, true))
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
	sp, err := p.price("dynamodb.storage")
	if err != nil {
		return nil, err
	}
	cost.Components = append(cost.Components, component("Storage", "GB-months", gb, sp.USD, true))
	cost.MonthlyKgCO2e = p.carbon.SSDStorageKg(gb, HoursPerMonth, "dynamodb", p.region)
	p.assume("carbon: estimate of storage only (CCF SSD coefficient, replication factor 2); request and capacity units have no published coefficient")
	return cost, nil
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
