package explain

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// isLambdaThrottleAlarm reports whether the alarm watches a function's Throttles.
func isLambdaThrottleAlarm(a Alarm, r Resource) bool {
	if !isLambdaFunction(a, r) {
		return false
	}
	for _, m := range a.Metrics {
		if m.Namespace == "AWS/Lambda" && m.Name == "Throttles" {
			return true
		}
	}
	return false
}

// minUnreserved is the part of the account's concurrency Lambda keeps unreserved: reservations cannot
// take it.
const minUnreserved = 100

// lambdaConcurrencyQuota is the Service Quotas code of "Concurrent executions".
const lambdaConcurrencyQuota = "L-B99A9384"

// reservedConcurrencyRule: a function's reserved concurrency is both a guarantee and a cap; set too low
// (or to 0, which an operator does to stop a function) it throttles the function whatever the account has.
func reservedConcurrencyRule() Rule {
	return Rule{
		ID:        "reserved-concurrency-too-low",
		Title:     "The function's reserved concurrency is too low",
		AppliesTo: isLambdaThrottleAlarm,
		Needs: []string{"lambda.get-function-concurrency.<function>.json", "cloudwatch.get-metric-statistics.ConcurrentExecutions.json",
			"lambda.get-account-settings.json", "cloudtrail.lookup-events.json"},
		Permissions: []string{"lambda:GetFunctionConcurrency", "cloudwatch:GetMetricStatistics", "lambda:GetAccountSettings", "cloudtrail:LookupEvents"},
		Diagnose:    diagnoseReservedConcurrency,
	}
}

// accountConcurrencyRule: a function without a reservation shares the account's unreserved concurrency;
// when other functions use it up, this one is throttled.
func accountConcurrencyRule() Rule {
	return Rule{
		ID:        "account-concurrency-exhausted",
		Title:     "The account's concurrency is used up",
		AppliesTo: isLambdaThrottleAlarm,
		Needs: []string{"lambda.get-function-concurrency.<function>.json", "lambda.get-account-settings.json",
			"cloudwatch.get-metric-statistics.ClaimedAccountConcurrency.json", "logs.filter-log-events.json"},
		Permissions: []string{"lambda:GetFunctionConcurrency", "lambda:GetAccountSettings", "cloudwatch:GetMetricStatistics", "logs:FilterLogEvents"},
		Diagnose:    diagnoseAccountConcurrency,
	}
}

// metricPeak returns the largest Maximum of a metric over the hour before the alarm.
func metricPeak(ctx context.Context, in *Input, name string, dims map[string]string) (float64, time.Time, bool, error) {
	dps, err := in.Context.MetricStatistics(ctx, MetricQuery{Namespace: "AWS/Lambda", Name: name, Dimensions: dims,
		Start: in.Alarm.Time.Add(-metricWindow), End: in.Alarm.Time.Add(windowAfter), Period: time.Minute,
		Statistics: []cwtypes.Statistic{cwtypes.StatisticMaximum}})
	if err != nil {
		return 0, time.Time{}, false, err
	}
	best, at, found := 0.0, time.Time{}, false
	for _, d := range dps {
		if d.Maximum != nil && (!found || *d.Maximum > best) {
			best, found = *d.Maximum, true
			if d.Timestamp != nil {
				at = d.Timestamp.UTC()
			}
		}
	}
	return best, at, found, nil
}

func diagnoseReservedConcurrency(ctx context.Context, in *Input) Verdict {
	name, region := in.Resource.ID, in.Alarm.Region
	fc, err := in.Context.FunctionConcurrency(ctx, name)
	if err != nil {
		return Verdict{Outcome: InconclusiveOutcome, Missing: []string{missingOf(err)},
			Summary: fmt.Sprintf("The reserved concurrency of %s is unknown.", name)}
	}
	if fc.ReservedConcurrentExecutions == nil {
		return Verdict{Outcome: RuledOutcome, Why: fmt.Sprintf("%s has no reserved concurrency; it draws on the account's unreserved pool", name)}
	}
	reserved := *fc.ReservedConcurrentExecutions
	ev := []Evidence{{Source: "lambda.get-function-concurrency", Fact: fmt.Sprintf("%s: ReservedConcurrentExecutions %d", name, reserved)}}
	if e, ok := concurrencyChange(ctx, in); ok {
		ev = append(ev, e)
	}
	sig := in.Signals(ctx)
	if sig.LogsKnown() {
		if m := sig.find("ReservedFunctionConcurrentInvocationLimitExceeded"); m.Count > 0 {
			ev = append(ev, logFact(sig, m))
		}
	}
	peak, at, found, merr := metricPeak(ctx, in, "ConcurrentExecutions", map[string]string{"FunctionName": name})
	v := Verdict{Evidence: ev}
	switch {
	case reserved == 0:
		v.Outcome = ConfirmedOutcome
		v.Summary = fmt.Sprintf("%s has reserved concurrency 0, which stops it: every invocation is throttled.", name)
	case merr != nil:
		v.Outcome = LikelyOutcome
		v.Missing = []string{missingOf(merr)}
		v.Summary = fmt.Sprintf("%s is capped at %d concurrent executions by its reserved concurrency; whether it reached the cap could not be read.", name, reserved)
	case !found:
		v.Outcome, v.Indicated = InconclusiveOutcome, true
		v.Missing = []string{fmt.Sprintf("cloudwatch.get-metric-statistics.ConcurrentExecutions.json (no datapoints for %s)", name)}
		v.Summary = fmt.Sprintf("%s is capped at %d concurrent executions; its concurrency around the alarm has no datapoints.", name, reserved)
	case peak >= float64(reserved):
		v.Outcome = ConfirmedOutcome
		v.Evidence = append(v.Evidence, Evidence{Source: srcDuration, Fact: fmt.Sprintf("ConcurrentExecutions of %s peaked at %.0f at %s, its reserved %d", name, peak, fmtTime(at), reserved)})
		v.Summary = fmt.Sprintf("%s reached its reserved concurrency of %d (peak %.0f), so further invocations are throttled.", name, reserved, peak)
	default:
		return Verdict{Outcome: RuledOutcome, Evidence: ev,
			Why: fmt.Sprintf("ConcurrentExecutions of %s peaked at %.0f, below its reserved %d", name, peak, reserved)}
	}
	next := int32(math.Max(10, math.Max(float64(2*reserved), math.Ceil(peak*1.5))))
	note := ""
	if acct, aerr := in.Context.AccountSettings(ctx); aerr == nil && acct.AccountLimit != nil && acct.AccountLimit.UnreservedConcurrentExecutions != nil {
		free := *acct.AccountLimit.UnreservedConcurrentExecutions - minUnreserved
		v.Evidence = append(v.Evidence, Evidence{Source: "lambda.get-account-settings", Fact: fmt.Sprintf("account: ConcurrentExecutions limit %d, UnreservedConcurrentExecutions %d",
			acct.AccountLimit.ConcurrentExecutions, *acct.AccountLimit.UnreservedConcurrentExecutions)})
		if free < 0 {
			free = 0
		}
		if next > reserved+free {
			next = reserved + free
			note = fmt.Sprintf(" (capped: Lambda keeps %d of the account's concurrency unreserved)", minUnreserved)
		}
	}
	if reserved == 0 {
		// 0 is how an operator stops a function; the cap was rarely meant to stay.
		v.Fix = Fix{Summary: fmt.Sprintf("Remove the reservation of 0 that stops %s (or, if a cap is wanted, reserve at least its usual peak concurrency).", name),
			CLI: []string{
				fmt.Sprintf("aws lambda delete-function-concurrency --function-name %s --region %s", name, region),
				fmt.Sprintf("aws lambda put-function-concurrency --function-name %s --reserved-concurrent-executions %d --region %s  # alternative: a cap%s", name, next, region, note),
			},
			CloudFormation: functionCFN(name, "# remove ReservedConcurrentExecutions: 0, or set it to the usual peak concurrency")}
	} else if next <= reserved {
		v.Fix = Fix{Summary: fmt.Sprintf("The account has no unreserved concurrency to give %s: request a higher concurrency quota first.", name),
			CLI: []string{fmt.Sprintf("aws service-quotas request-service-quota-increase --service-code lambda --quota-code %s --desired-value <new-limit> --region %s", lambdaConcurrencyQuota, region)}}
	} else {
		v.Fix = Fix{Summary: fmt.Sprintf("Raise %s's reserved concurrency from %d to %d%s, or remove the reservation if the cap was not intended.", name, reserved, next, note),
			CLI: []string{
				fmt.Sprintf("aws lambda put-function-concurrency --function-name %s --reserved-concurrent-executions %d --region %s", name, next, region),
				fmt.Sprintf("aws lambda delete-function-concurrency --function-name %s --region %s  # alternative: no cap", name, region),
			},
			CloudFormation: functionCFN(name, fmt.Sprintf("ReservedConcurrentExecutions: %d  # was %d", next, reserved))}
	}
	v.Impact = Impact{Summary: "No charge: reserved concurrency is free; the throttled invocations run and are billed as usual."}
	return v
}

// concurrencyChange finds a PutFunctionConcurrency or DeleteFunctionConcurrency on the function in the
// change window: an operator's reservation is the usual cause.
func concurrencyChange(ctx context.Context, in *Input) (Evidence, bool) {
	start, end := in.Alarm.Time.Add(-changeWindow), in.Alarm.Time.Add(windowAfter)
	events, err := in.Context.TrailEvents(ctx, TrailQuery{Start: start, End: end, ResourceName: in.Resource.ID})
	if err != nil {
		return Evidence{}, false
	}
	for _, e := range events {
		n := deref(e.EventName)
		if e.EventTime == nil || !(strings.HasPrefix(n, "PutFunctionConcurrency") || strings.HasPrefix(n, "DeleteFunctionConcurrency")) ||
			!trailEventAbout(e.Resources, e.CloudTrailEvent, in.Resource.ID) {
			continue
		}
		who := deref(e.Username)
		if who == "" {
			who = trailActor(e.CloudTrailEvent)
		}
		return Evidence{Source: srcTrail, Fact: fmt.Sprintf("%s on %s at %s by %s", n, in.Resource.ID, fmtTime(*e.EventTime), orDash(who))}, true
	}
	return Evidence{}, false
}

func diagnoseAccountConcurrency(ctx context.Context, in *Input) Verdict {
	name, region := in.Resource.ID, in.Alarm.Region
	var missing []string
	fc, ferr := in.Context.FunctionConcurrency(ctx, name)
	if ferr == nil && fc.ReservedConcurrentExecutions != nil {
		return Verdict{Outcome: RuledOutcome, Why: fmt.Sprintf("%s has its own reserved concurrency (%d), which other functions cannot use", name, *fc.ReservedConcurrentExecutions)}
	}
	if ferr != nil {
		missing = append(missing, missingOf(ferr))
	}
	acct, aerr := in.Context.AccountSettings(ctx)
	if aerr != nil || acct.AccountLimit == nil || acct.AccountLimit.ConcurrentExecutions <= 0 {
		if aerr == nil {
			aerr = &UnknownError{Call: "lambda.get-account-settings", Need: "lambda.get-account-settings.json (AccountLimit.ConcurrentExecutions)"}
		}
		return Verdict{Outcome: InconclusiveOutcome, Missing: append(missing, missingOf(aerr)),
			Summary: "The account's concurrency limit is unknown."}
	}
	limit := acct.AccountLimit.ConcurrentExecutions
	unreserved := deref32(acct.AccountLimit.UnreservedConcurrentExecutions)
	ev := []Evidence{{Source: "lambda.get-account-settings", Fact: fmt.Sprintf("account: ConcurrentExecutions limit %d, UnreservedConcurrentExecutions %d", limit, unreserved)}}
	if ferr == nil {
		ev = append(ev, Evidence{Source: "lambda.get-function-concurrency", Fact: fmt.Sprintf("%s has no reserved concurrency", name)})
	}
	sig := in.Signals(ctx)
	logSignal := false
	if sig.LogsKnown() {
		if m := sig.find("ConcurrentInvocationLimitExceeded", "Rate Exceeded."); m.Count > 0 {
			logSignal = true
			ev = append(ev, logFact(sig, m))
		}
	}
	peak, at, found, merr := metricPeak(ctx, in, "ClaimedAccountConcurrency", nil)
	v := Verdict{Evidence: ev, Missing: missing}
	switch {
	case merr == nil && found && peak >= 0.95*float64(limit):
		v.Outcome = ConfirmedOutcome
		v.Missing = nil
		v.Evidence = append(v.Evidence, Evidence{Source: srcDuration, Fact: fmt.Sprintf("ClaimedAccountConcurrency peaked at %.0f at %s, %.0f%% of the account limit %d", peak, fmtTime(at), 100*peak/float64(limit), limit)})
		v.Summary = fmt.Sprintf("The account's concurrency (limit %d) was used up (peak %.0f claimed), and %s has no reservation of its own, so its invocations are throttled.", limit, peak, name)
	case merr == nil && found:
		return Verdict{Outcome: RuledOutcome, Evidence: ev,
			Why: fmt.Sprintf("ClaimedAccountConcurrency peaked at %.0f, below the account limit %d", peak, limit)}
	case logSignal:
		v.Outcome = LikelyOutcome
		v.Summary = fmt.Sprintf("Invocations of %s are rejected for the account's concurrency limit (%d); how much of it was claimed could not be read.", name, limit)
		v.Missing = append(v.Missing, metricMissing(merr, "ClaimedAccountConcurrency"))
	default:
		v.Outcome, v.Indicated = InconclusiveOutcome, limit <= minUnreserved
		v.Summary = fmt.Sprintf("%s has no reservation and the account limit is %d; whether the account's concurrency was used up is unknown.", name, limit)
		v.Missing = append(v.Missing, metricMissing(merr, "ClaimedAccountConcurrency"))
	}
	v.Fix = Fix{
		Summary: fmt.Sprintf("Reserve concurrency for %s so other functions cannot take it, cap the noisy functions, and request a higher account limit than %d.", name, limit),
		CLI: []string{
			fmt.Sprintf("aws lambda put-function-concurrency --function-name %s --reserved-concurrent-executions <n> --region %s", name, region),
			fmt.Sprintf("aws service-quotas request-service-quota-increase --service-code lambda --quota-code %s --desired-value %d --region %s", lambdaConcurrencyQuota, max(2*limit, 1000), region),
		},
		CloudFormation: functionCFN(name, "ReservedConcurrentExecutions: <n>  # at least its peak concurrency"),
	}
	v.Impact = Impact{Summary: "No charge: reserved concurrency and quota increases are free."}
	return v
}

func metricMissing(err error, metric string) string {
	if err != nil {
		return missingOf(err)
	}
	return fmt.Sprintf("cloudwatch.get-metric-statistics.%s.json (no datapoints)", metric)
}
