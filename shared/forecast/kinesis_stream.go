package forecast

import "strings"

// Default Kinesis usage, documented in the assumptions of every forecast that takes them.
const (
	defaultKinesisPutPayloadUnits = 1_000_000
	defaultKinesisIngestedGB      = 10
	defaultKinesisRetrievedGB     = 10
	kinesisDefaultRetentionHours  = 24
	kinesisExtendedRetentionHours = 168
)

// kinesisStreamPricer prices AWS::Kinesis::Stream: provisioned shard-hours and PUT payload units (with
// extended retention), or an on-demand stream's hours, data ingested and data retrieved.
func kinesisStreamPricer() pricer {
	return pricer{
		types: []string{"AWS::Kinesis::Stream"},
		usage: keys("monthlyPutPayloadUnits", "monthlyIngestedGB", "monthlyRetrievedGB"),
		prices: []string{"kinesis.shard.hours", "kinesis.put.units", "kinesis.shard.extended",
			"kinesis.ondemand.stream.hours", "kinesis.ondemand.ingest", "kinesis.ondemand.retrieval"},
		price: priceKinesisStream,
	}
}

func priceKinesisStream(p *pricing) (*Cost, error) {
	mode, ok, err := p.str("StreamModeDetails.StreamMode", "StreamModeDetails", "StreamMode")
	if err != nil {
		return nil, err
	}
	if !ok {
		mode = "PROVISIONED"
	}
	retention, ok, err := p.num("RetentionPeriodHours", "RetentionPeriodHours")
	if err != nil {
		return nil, err
	}
	if !ok {
		retention = kinesisDefaultRetentionHours
	}
	p.assume("carbon: no published coefficient for Kinesis Data Streams")
	cost := &Cost{}
	switch strings.ToUpper(mode) {
	case "PROVISIONED":
		shards, err := p.count("ShardCount", 1, "ShardCount")
		if err != nil {
			return nil, err
		}
		sp, err := p.price("kinesis.shard.hours")
		if err != nil {
			return nil, err
		}
		up, err := p.price("kinesis.put.units")
		if err != nil {
			return nil, err
		}
		units := p.use("monthlyPutPayloadUnits", defaultKinesisPutPayloadUnits, "PUT payload units (25 KB) per month")
		cost.Components = append(cost.Components,
			component("Shards (provisioned)", "shard-hours", shards*HoursPerMonth, sp.USD, false),
			component("PUT payload units", "1M PUT payload units", units/1e6, up.USD, true))
		if retention > kinesisDefaultRetentionHours {
			ep, err := p.price("kinesis.shard.extended")
			if err != nil {
				return nil, err
			}
			cost.Components = append(cost.Components, component("Extended retention (up to 7 days)", "shard-hours", shards*HoursPerMonth, ep.USD, false))
		}
	case "ON_DEMAND":
		hp, err := p.price("kinesis.ondemand.stream.hours")
		if err != nil {
			return nil, err
		}
		ip, err := p.price("kinesis.ondemand.ingest")
		if err != nil {
			return nil, err
		}
		rp, err := p.price("kinesis.ondemand.retrieval")
		if err != nil {
			return nil, err
		}
		in := p.use("monthlyIngestedGB", defaultKinesisIngestedGB, "data ingested (GB)")
		out := p.use("monthlyRetrievedGB", defaultKinesisRetrievedGB, "data retrieved (GB)")
		cost.Components = append(cost.Components,
			component("Stream (on-demand)", "stream-hours", HoursPerMonth, hp.USD, false),
			component("Data ingested (on-demand)", "GB", in, ip.USD, true),
			component("Data retrieved (on-demand)", "GB", out, rp.USD, true))
		if retention > kinesisDefaultRetentionHours {
			p.assume("extended retention of an on-demand stream is not priced")
		}
	default:
		return nil, unpriced("unknown stream mode %q", mode)
	}
	if retention > kinesisExtendedRetentionHours {
		p.assume("long-term retention beyond 7 days is not priced")
	}
	return cost, nil
}
