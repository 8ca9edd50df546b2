package explain

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	ddbtypes "github.com/aws/aws-sdk-go-v2/service/dynamodb/types"
)

// dynamodbCapacityRule: a provisioned table (often one an operator scaled down) throttles reads or writes
// beyond its capacity; an on-demand table throttles a hot partition key.
func dynamodbCapacityRule() Rule {
	return Rule{
		ID:    "dynamodb-capacity-exceeded",
		Title: "DynamoDB capacity is exceeded",
		AppliesTo: func(a Alarm, r Resource) bool {
			if r.Type == "AWS::DynamoDB::Table" && r.ID != "" {
				m, _ := a.Primary()
				return strings.Contains(m.Name, "Throttle")
			}
			return isLambdaFailureAlarm(a, r)
		},
		Needs: []string{"dynamodb.describe-table.<table>.json", "cloudwatch.get-metric-statistics.ConsumedWriteCapacityUnits.json",
			"cloudwatch.get-metric-statistics.ConsumedReadCapacityUnits.json", "cloudtrail.lookup-events.json", "logs.filter-log-events.json"},
		Permissions: []string{"dynamodb:DescribeTable", "cloudwatch:GetMetricStatistics", "cloudtrail:LookupEvents", "logs:FilterLogEvents"},
		Diagnose:    diagnoseDynamoDBCapacity,
	}
}

const ddbThrottleError = "ProvisionedThroughputExceededException"

func diagnoseDynamoDBCapacity(ctx context.Context, in *Input) Verdict {
	if in.Resource.Type != "AWS::DynamoDB::Table" {
		return diagnoseDynamoDBFromFunction(ctx, in)
	}
	table, region := in.Resource.ID, in.Alarm.Region
	m, _ := in.Alarm.Primary()
	write := !strings.Contains(m.Name, "Read")
	kind, unit, consumed := "write", "WCU", "ConsumedWriteCapacityUnits"
	if !write {
		kind, unit, consumed = "read", "RCU", "ConsumedReadCapacityUnits"
	}
	t, err := in.Context.Table(ctx, table)
	if err != nil {
		return Verdict{Outcome: InconclusiveOutcome, Indicated: true, Missing: []string{missingOf(err)},
			Summary: fmt.Sprintf("Table %s throttles %ss; its capacity mode and provisioned capacity could not be read.", table, kind)}
	}
	mode := ddbtypes.BillingModeProvisioned
	if t.BillingModeSummary != nil && t.BillingModeSummary.BillingMode != "" {
		mode = t.BillingModeSummary.BillingMode
	}
	var provisioned int64
	fact := fmt.Sprintf("%s: BillingMode %s", table, mode)
	if pt := t.ProvisionedThroughput; pt != nil && mode == ddbtypes.BillingModeProvisioned {
		if write {
			provisioned = deref64(pt.WriteCapacityUnits)
		} else {
			provisioned = deref64(pt.ReadCapacityUnits)
		}
		fact += fmt.Sprintf(", provisioned %d RCU / %d WCU", deref64(pt.ReadCapacityUnits), deref64(pt.WriteCapacityUnits))
		if pt.LastDecreaseDateTime != nil {
			fact += ", last decreased " + fmtTime(*pt.LastDecreaseDateTime)
		}
	}
	ev := []Evidence{{Source: "dynamodb.describe-table", Fact: fact}}
	if e, ok := tableChange(ctx, in); ok {
		ev = append(ev, e)
	}
	v := Verdict{Evidence: ev}
	v.Impact = Impact{Summary: "Not priced: depends on the traffic."}

	peakPerSec, merr := consumedPeak(ctx, in, consumed)
	if mode == ddbtypes.BillingModePayPerRequest {
		v.Outcome = LikelyOutcome
		v.Summary = fmt.Sprintf("On-demand table %s throttles %ss: on-demand capacity is throttled per partition, so a hot partition key (or traffic more than double its previous peak) is the cause.", table, kind)
		v.Missing = []string{"CloudWatch Contributor Insights for " + table + " (the hottest keys)"}
		v.Fix = Fix{Summary: "Spread the hot key: add a random or calculated suffix to the partition key, cache hot reads (DAX), or batch writes to the same item.",
			CLI: []string{fmt.Sprintf("aws dynamodb update-contributor-insights --table-name %s --contributor-insights-action ENABLE --region %s", table, region)}}
		return v
	}
	switch {
	case merr != nil:
		v.Outcome = LikelyOutcome
		v.Missing = []string{missingOf(merr)}
		v.Summary = fmt.Sprintf("Table %s throttles %ss at its provisioned %d %s; its consumed capacity could not be read to confirm.", table, kind, provisioned, unit)
	case peakPerSec >= 0.9*float64(provisioned):
		v.Outcome = ConfirmedOutcome
		v.Evidence = append(v.Evidence, Evidence{Source: srcDuration, Fact: fmt.Sprintf("%s peaked at %.0f per second, %.0f%% of the provisioned %d %s", consumed, peakPerSec, 100*peakPerSec/math.Max(1, float64(provisioned)), provisioned, unit)})
		v.Summary = fmt.Sprintf("Table %s consumes all of its provisioned %d %s (peak %.0f/s), so further %ss are throttled.", table, provisioned, unit, peakPerSec, kind)
	default:
		v.Outcome = LikelyOutcome
		v.Evidence = append(v.Evidence, Evidence{Source: srcDuration, Fact: fmt.Sprintf("%s peaked at %.0f per second, below the provisioned %d %s", consumed, peakPerSec, provisioned, unit)})
		v.Summary = fmt.Sprintf("Table %s throttles %ss while consuming %.0f of its %d %s per second: a hot partition key takes more than its partition's share.", table, kind, peakPerSec, provisioned, unit)
		v.Missing = []string{"CloudWatch Contributor Insights for " + table + " (the hottest keys)"}
	}
	next := int64(math.Max(float64(2*provisioned), math.Ceil(peakPerSec*1.5)))
	rcu, wcu := int64(0), int64(0)
	if pt := t.ProvisionedThroughput; pt != nil {
		rcu, wcu = deref64(pt.ReadCapacityUnits), deref64(pt.WriteCapacityUnits)
	}
	if write {
		wcu = next
	} else {
		rcu = next
	}
	v.Fix = Fix{
		Summary: fmt.Sprintf("Switch %s to on-demand capacity, or raise its %s capacity from %d to %d %s and let auto scaling follow the traffic.", table, kind, provisioned, next, unit),
		CLI: []string{
			fmt.Sprintf("aws dynamodb update-table --table-name %s --billing-mode PAY_PER_REQUEST --region %s", table, region),
			fmt.Sprintf("aws dynamodb update-table --table-name %s --provisioned-throughput ReadCapacityUnits=%d,WriteCapacityUnits=%d --region %s  # alternative: stay provisioned", table, rcu, wcu, region),
		},
		CloudFormation: fmt.Sprintf("%sTable:  # the logical ID of %s in its template\n  Type: AWS::DynamoDB::Table\n  Properties:\n    BillingMode: PAY_PER_REQUEST  # replaces ProvisionedThroughput\n", logicalPrefix(table), table),
	}
	priceID := "dynamodb.provisioned.wcu"
	if !write {
		priceID = "dynamodb.provisioned.rcu"
	}
	if p, err := price(in.Prices, priceID); err == nil {
		monthly := round2(float64(next-provisioned) * p.USD * hoursPerMonth)
		v.Impact = Impact{MonthlyUSD: monthly, Summary: fmt.Sprintf("Staying provisioned: %d more %s × $%s per %s-hour × 730 h = $%.2f a month (prices as of %s). On-demand bills per request instead.",
			next-provisioned, unit, trimFloat(p.USD), unit, monthly, p.AsOf)}
	}
	return v
}

// diagnoseDynamoDBFromFunction reads a function's logs for DynamoDB throttling; the table itself is not
// named by the error, so the verdict is at most likely.
func diagnoseDynamoDBFromFunction(ctx context.Context, in *Input) Verdict {
	sig := in.Signals(ctx)
	if !sig.LogsKnown() {
		return logsUnknown(in, sig, "DynamoDB throttled it")
	}
	if len(sig.Logs) == 0 {
		return logsEmpty(in, sig, "DynamoDB throttled it")
	}
	m := sig.find(ddbThrottleError)
	if m.Count == 0 {
		return Verdict{Outcome: RuledOutcome, Why: fmt.Sprintf("no %s in %d log events of %s", ddbThrottleError, len(sig.Logs), sig.LogGroup)}
	}
	op := ""
	if o := botoOperation.FindStringSubmatch(m.First); o != nil {
		op = o[1]
	}
	v := Verdict{Outcome: LikelyOutcome, Evidence: []Evidence{logFact(sig, m)},
		Summary: fmt.Sprintf("DynamoDB throttles %s's requests%s (%d log lines): the table's capacity is exceeded.", in.Resource.ID, map[bool]string{true: "", false: " (" + op + ")"}[op == ""], m.Count),
		Missing: []string{"dynamodb.describe-table.<table>.json and the table's ReadThrottleEvents/WriteThrottleEvents alarm (the error does not name the table)"}}
	v.Fix = Fix{Summary: "Explain the table's throttle alarm to see its capacity; meanwhile retry with exponential backoff."}
	v.Impact = Impact{Summary: "Not assessed: the table is not known."}
	return v
}

// consumedPeak returns the largest per-second consumption: CloudWatch reports Consumed*CapacityUnits as a
// Sum per period.
func consumedPeak(ctx context.Context, in *Input, metric string) (float64, error) {
	dps, err := in.Context.MetricStatistics(ctx, MetricQuery{Namespace: "AWS/DynamoDB", Name: metric,
		Dimensions: map[string]string{"TableName": in.Resource.ID}, Start: in.Alarm.Time.Add(-metricWindow), End: in.Alarm.Time.Add(windowAfter),
		Period: time.Minute, Statistics: []cwtypes.Statistic{cwtypes.StatisticSum}})
	if err != nil {
		return 0, err
	}
	if len(dps) == 0 {
		return 0, &UnknownError{Call: srcDuration, Need: fmt.Sprintf("%s.%s.json (no datapoints)", srcDuration, metric)}
	}
	best := 0.0
	for _, d := range dps {
		if d.Sum == nil {
			continue
		}
		if v := *d.Sum / 60; v > best { // one-minute periods
			best = v
		}
	}
	return best, nil
}

// tableChange finds an UpdateTable on the table in the change window: capacity lowered by hand is common.
func tableChange(ctx context.Context, in *Input) (Evidence, bool) {
	start, end := in.Alarm.Time.Add(-changeWindow), in.Alarm.Time.Add(windowAfter)
	events, err := in.Context.TrailEvents(ctx, TrailQuery{Start: start, End: end, ResourceName: in.Resource.ID})
	if err != nil {
		return Evidence{}, false
	}
	for _, e := range events {
		if deref(e.EventName) != "UpdateTable" || e.EventTime == nil || e.CloudTrailEvent == nil || !strings.Contains(*e.CloudTrailEvent, `"tableName":"`+in.Resource.ID+`"`) {
			continue
		}
		who := deref(e.Username)
		if who == "" {
			who = trailActor(e.CloudTrailEvent)
		}
		what := "UpdateTable"
		if keys := trailChangedKeys(e.CloudTrailEvent); len(keys) > 0 {
			what += " (" + strings.Join(keys, ", ") + ")"
		}
		return Evidence{Source: srcTrail, Fact: fmt.Sprintf("%s on %s at %s by %s", what, in.Resource.ID, fmtTime(*e.EventTime), orDash(who))}, true
	}
	return Evidence{}, false
}

func deref64(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

func trimFloat(f float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.8f", f), "0"), ".")
}
