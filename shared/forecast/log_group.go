package forecast

import (
	"fmt"
	"strings"
)

// Default CloudWatch Logs usage, documented in the assumptions of every forecast that takes them.
const (
	defaultLogsIngestedGB = 1
	logsNeverExpireMonths = 12 // what a log group that never expires is assumed to hold
)

// logGroupPricer prices AWS::Logs::LogGroup: data ingested (Standard or Infrequent Access class) and data
// archived, which builds up to the ingestion rate times the retention.
func logGroupPricer() pricer {
	return pricer{
		types:  []string{"AWS::Logs::LogGroup"},
		usage:  keys("monthlyIngestedGB", "storageGB"),
		prices: []string{"logs.ingestion", "logs.ingestion.ia", "logs.storage"},
		price:  priceLogGroup,
	}
}

func priceLogGroup(p *pricing) (*Cost, error) {
	class, ok, err := p.str("LogGroupClass", "LogGroupClass")
	if err != nil {
		return nil, err
	}
	id, name := "logs.ingestion", "Data ingested (Standard)"
	if ok && strings.EqualFold(class, "INFREQUENT_ACCESS") {
		id, name = "logs.ingestion.ia", "Data ingested (Infrequent Access)"
	} else if ok && !strings.EqualFold(class, "STANDARD") {
		return nil, unpriced("log group class %s is not priced", class)
	}
	ip, err := p.price(id)
	if err != nil {
		return nil, err
	}
	sp, err := p.price("logs.storage")
	if err != nil {
		return nil, err
	}
	in := p.use("monthlyIngestedGB", defaultLogsIngestedGB, "data ingested (GB)")
	days, hasRetention, err := p.num("RetentionInDays", "RetentionInDays")
	if err != nil {
		return nil, err
	}
	months := float64(logsNeverExpireMonths)
	how := fmt.Sprintf("never expires: %d months of data assumed", logsNeverExpireMonths)
	if hasRetention {
		months = days / 30
		how = fmt.Sprintf("retention %s days", fmtQty(days))
	}
	stored := p.use("storageGB", roundTo(in*months, 3), fmt.Sprintf("archived data (GB; ingestion × retention, %s)", how))
	p.assume("archived data is counted uncompressed; the free tier is not applied")
	p.assume("carbon: no published coefficient for CloudWatch Logs")
	return &Cost{Components: []Component{
		component(name, "GB", in, ip.USD, true),
		component("Archival storage", "GB-months", stored, sp.USD, true),
	}}, nil
}
