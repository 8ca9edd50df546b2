package explain

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// provisionedSpilloverRule: provisioned concurrency keeps N environments initialised for one alias or
// version; invocations beyond N, and every invocation of another qualifier ($LATEST, when a trigger names
// the function without its alias), run on demand and pay a cold start.
func provisionedSpilloverRule() Rule {
	return Rule{
		ID:    "provisioned-concurrency-spillover",
		Title: "Invocations spill over the function's provisioned concurrency into cold starts",
		AppliesTo: func(a Alarm, r Resource) bool {
			if !isLambdaFunction(a, r) {
				return false
			}
			m, _ := a.Primary()
			switch m.Name {
			case "Duration", "ProvisionedConcurrencySpilloverInvocations", "ProvisionedConcurrencyUtilization":
				return m.Namespace == "AWS/Lambda"
			}
			return false
		},
		Needs: []string{"lambda.list-provisioned-concurrency-configs.<function>.json", "lambda.list-aliases.<function>.json",
			"cloudwatch.get-metric-statistics.ProvisionedConcurrencySpilloverInvocations.json",
			"cloudwatch.get-metric-statistics.ConcurrentExecutions.json", "lambda.list-event-source-mappings.json", "logs.filter-log-events.json"},
		Permissions: []string{"lambda:ListProvisionedConcurrencyConfigs", "lambda:ListAliases", "cloudwatch:GetMetricStatistics",
			"lambda:ListEventSourceMappings", "logs:FilterLogEvents"},
		Diagnose: diagnoseProvisionedSpillover,
	}
}

// pcTarget is one qualifier with provisioned concurrency.
type pcTarget struct {
	qualifier string
	version   string // the version an alias points to; the qualifier itself for a version
	allocated int32
	requested int32
	status    string
	reason    string
}

func diagnoseProvisionedSpillover(ctx context.Context, in *Input) Verdict {
	name, region := in.Resource.ID, in.Alarm.Region
	configs, err := provisionedConfigs(ctx, in.Context, name)
	if err != nil {
		return Verdict{Outcome: InconclusiveOutcome, Missing: []string{missingOf(err)},
			Summary: fmt.Sprintf("Whether %s has provisioned concurrency is unknown.", name)}
	}
	if len(configs) == 0 {
		return Verdict{Outcome: RuledOutcome, Why: fmt.Sprintf("%s has no provisioned concurrency on any alias or version", name)}
	}
	var missing []string
	als, aerr := aliases(ctx, in.Context, name)
	if aerr != nil {
		missing = append(missing, missingOf(aerr))
	}
	var targets []pcTarget
	var ev []Evidence
	for _, c := range configs {
		t := pcTarget{qualifier: qualifierOf(deref(c.FunctionArn), name), allocated: deref32(c.AllocatedProvisionedConcurrentExecutions),
			requested: deref32(c.RequestedProvisionedConcurrentExecutions), status: string(c.Status), reason: deref(c.StatusReason)}
		t.version = t.qualifier
		for _, a := range als {
			if deref(a.Name) == t.qualifier {
				t.version = deref(a.FunctionVersion)
			}
		}
		targets = append(targets, t)
		fact := fmt.Sprintf("%s:%s: %d of %d requested environments allocated, status %s", name, t.qualifier, t.allocated, t.requested, orDash(t.status))
		if t.version != t.qualifier {
			fact += fmt.Sprintf(" (alias of version %s)", t.version)
		}
		if t.reason != "" {
			fact += ": " + t.reason
		}
		ev = append(ev, Evidence{Source: "lambda.list-provisioned-concurrency-configs", Fact: fact})
	}
	t := targets[0]
	var allocated int32
	for _, x := range targets {
		allocated += x.allocated
	}

	start, end := in.Alarm.Time.Add(-metricWindow), in.Alarm.Time.Add(windowAfter)
	// Signal: spillover invocations of the provisioned qualifier.
	spill, spillKnown := 0.0, false
	dps, serr := in.Context.MetricStatistics(ctx, MetricQuery{Namespace: "AWS/Lambda", Name: "ProvisionedConcurrencySpilloverInvocations",
		Dimensions: map[string]string{"FunctionName": name, "Resource": name + ":" + t.qualifier}, Start: start, End: end,
		Period: time.Minute, Statistics: []cwtypes.Statistic{cwtypes.StatisticSum}})
	if serr != nil {
		missing = append(missing, missingOf(serr))
	} else {
		spillKnown = true
		for _, d := range dps {
			if d.Sum != nil {
				spill += *d.Sum
			}
		}
		ev = append(ev, Evidence{Source: srcDuration, Fact: fmt.Sprintf("ProvisionedConcurrencySpilloverInvocations of %s:%s: %.0f in the hour before the alarm", name, t.qualifier, spill)})
	}
	// Peak concurrency against the allocation.
	peak, peakKnown := 0.0, false
	if cdps, cerr := in.Context.MetricStatistics(ctx, MetricQuery{Namespace: "AWS/Lambda", Name: "ConcurrentExecutions",
		Dimensions: map[string]string{"FunctionName": name}, Start: start, End: end, Period: time.Minute,
		Statistics: []cwtypes.Statistic{cwtypes.StatisticMaximum}}); cerr == nil {
		for _, d := range cdps {
			if d.Maximum != nil && *d.Maximum > peak {
				peak, peakKnown = *d.Maximum, true
			}
		}
		if peakKnown {
			ev = append(ev, Evidence{Source: srcDuration, Fact: fmt.Sprintf("ConcurrentExecutions of %s peaked at %.0f against %d provisioned", name, peak, allocated)})
		}
	}
	// Signal: cold starts, and on which qualifier they ran ($LATEST log streams mean the alias was bypassed).
	sig := in.Signals(ctx)
	cold, coldLatest := 0, 0
	if sig.LogsKnown() {
		for _, e := range sig.Logs {
			if e.Message == nil || !strings.HasPrefix(*e.Message, "REPORT ") || !strings.Contains(*e.Message, "Init Duration:") {
				continue
			}
			cold++
			if strings.Contains(deref(e.LogStreamName), "[$LATEST]") {
				coldLatest++
			}
		}
		ev = append(ev, Evidence{Source: srcLogs, Fact: fmt.Sprintf("%s: %d cold starts (REPORT lines with Init Duration), %d of them on $LATEST", sig.LogGroup, cold, coldLatest)})
	} else {
		missing = append(missing, missingOf(sig.LogsErr))
	}
	// Configuration: triggers that name the function without the provisioned qualifier.
	var bypass []string
	if mappings, merr := in.Context.EventSourceMappings(ctx, name); merr == nil {
		for _, m := range mappings {
			if q := qualifierOf(deref(m.FunctionArn), name); q != t.qualifier {
				bypass = append(bypass, fmt.Sprintf("%s (%s)", deref(m.UUID), orDash(q)))
				ev = append(ev, Evidence{Source: "lambda.list-event-source-mappings", Fact: fmt.Sprintf("mapping %s from %s invokes %s, not %s:%s", deref(m.UUID), deref(m.EventSourceArn), deref(m.FunctionArn), name, t.qualifier)})
			}
		}
	}

	exceeds := (peakKnown && peak > float64(allocated)) || t.allocated < t.requested || !strings.EqualFold(t.status, string(lambdatypes.ProvisionedConcurrencyStatusEnumReady))
	v := Verdict{Evidence: ev, Missing: missing}
	switch {
	case coldLatest > 0 && len(bypass) > 0:
		v.Outcome, v.Missing = ConfirmedOutcome, nil
		v.Summary = fmt.Sprintf("Provisioned concurrency is on %s:%s, but mapping %s invokes %s without that qualifier, so its invocations run on $LATEST on demand: %d cold starts in the window.",
			name, t.qualifier, strings.Join(bypass, ", "), name, coldLatest)
		v.Fix = bypassFix(name, region, t, in)
		v.Impact = bypassImpact(t)
	case spill > 0 && exceeds:
		v.Outcome = ConfirmedOutcome
		if cold > 0 || peakKnown {
			v.Missing = nil
		}
		v.Summary = fmt.Sprintf("Traffic to %s:%s exceeds its %d provisioned environments: %.0f invocations spilled over to on-demand environments, which start cold.", name, t.qualifier, allocated, spill)
		v.Fix = raisePCFix(name, region, t, peak, peakKnown)
	case spill > 0 || coldLatest > 0:
		v.Outcome = LikelyOutcome
		if spill > 0 {
			v.Summary = fmt.Sprintf("%.0f invocations of %s:%s spilled over its %d provisioned environments; its peak concurrency could not be compared with the allocation.", spill, name, t.qualifier, allocated)
			v.Fix = raisePCFix(name, region, t, peak, peakKnown)
			v.Missing = appendUnique(v.Missing, "cloudwatch.get-metric-statistics.ConcurrentExecutions.json")
		} else {
			v.Summary = fmt.Sprintf("Provisioned concurrency is on %s:%s, but %d cold starts ran on $LATEST: some caller invokes the function without the alias.", name, t.qualifier, coldLatest)
			v.Fix = bypassFix(name, region, t, in)
			v.Impact = bypassImpact(t)
			v.Missing = appendUnique(v.Missing, "the callers of "+name+" that do not name the alias (lambda.list-event-source-mappings.json, API Gateway integrations, other functions)")
		}
	case spillKnown && sig.LogsKnown():
		return Verdict{Outcome: RuledOutcome, Evidence: ev,
			Why: fmt.Sprintf("no invocation of %s spilled over its %d provisioned environments and no cold start ran on $LATEST", name, allocated)}
	default:
		v.Outcome = InconclusiveOutcome
		v.Summary = fmt.Sprintf("%s has provisioned concurrency on %s, but neither its spillover metric nor its cold starts could be read.", name, t.qualifier)
		return v
	}
	if v.Impact.Summary == "" {
		v.Impact = pcImpact(in, t, peak, peakKnown)
	}
	return v
}

// qualifierOf returns the qualifier of a function ARN (…:function:name:live → live); $LATEST for an
// unqualified ARN.
func qualifierOf(arn, name string) string {
	marker := ":function:" + name + ":"
	if i := strings.Index(arn, marker); i >= 0 {
		return arn[i+len(marker):]
	}
	return "$LATEST"
}

// wantedPC is the provisioned concurrency to ask for: the observed peak with 20% headroom.
func wantedPC(t pcTarget, peak float64, peakKnown bool) int32 {
	if !peakKnown || peak <= float64(t.allocated) {
		return int32(math.Ceil(float64(t.allocated) * 1.5))
	}
	return int32(math.Ceil(peak * 1.2))
}

func raisePCFix(name, region string, t pcTarget, peak float64, peakKnown bool) Fix {
	want := wantedPC(t, peak, peakKnown)
	return Fix{
		Summary: fmt.Sprintf("Raise the provisioned concurrency of %s:%s from %d to %d (the observed peak plus 20%%), or let Application Auto Scaling track ProvisionedConcurrencyUtilization at 0.7 so it follows the traffic.", name, t.qualifier, t.allocated, want),
		CLI: []string{
			fmt.Sprintf("aws lambda put-provisioned-concurrency-config --function-name %s --qualifier %s --provisioned-concurrent-executions %d --region %s", name, t.qualifier, want, region),
			fmt.Sprintf("aws application-autoscaling register-scalable-target --service-namespace lambda --resource-id function:%s:%s --scalable-dimension lambda:function:ProvisionedConcurrency --min-capacity %d --max-capacity %d --region %s", name, t.qualifier, want, 2*want, region),
			fmt.Sprintf("aws application-autoscaling put-scaling-policy --service-namespace lambda --resource-id function:%s:%s --scalable-dimension lambda:function:ProvisionedConcurrency --policy-name %s-pc-utilization --policy-type TargetTrackingScaling --target-tracking-scaling-policy-configuration '{\"TargetValue\":0.7,\"PredefinedMetricSpecification\":{\"PredefinedMetricType\":\"LambdaProvisionedConcurrencyUtilization\"}}' --region %s", name, t.qualifier, name, region),
		},
		CloudFormation: fmt.Sprintf("%sAlias:  # the alias %s of %s in its template\n  Type: AWS::Lambda::Alias\n  Properties:\n    FunctionName: %s\n    FunctionVersion: '%s'\n    Name: %s\n    ProvisionedConcurrencyConfig:\n      ProvisionedConcurrentExecutions: %d\n",
			logicalPrefix(name), t.qualifier, name, name, t.version, t.qualifier, want),
	}
}

func bypassFix(name, region string, t pcTarget, in *Input) Fix {
	f := Fix{Summary: fmt.Sprintf("Make every trigger invoke %s:%s, the qualifier that has the provisioned environments, instead of the unqualified function ($LATEST).", name, t.qualifier)}
	account := in.Alarm.Account
	qualified := fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s:%s", region, orDash(account), name, t.qualifier)
	if mappings, err := in.Context.EventSourceMappings(context.Background(), name); err == nil {
		for _, m := range mappings {
			if qualifierOf(deref(m.FunctionArn), name) == t.qualifier {
				continue
			}
			// A mapping's function cannot be changed in place: create the qualified one, then delete the old.
			f.CLI = append(f.CLI,
				fmt.Sprintf("aws lambda create-event-source-mapping --function-name %s --event-source-arn %s --batch-size %s --region %s", qualified, deref(m.EventSourceArn), int32Or(m.BatchSize, "10"), region),
				fmt.Sprintf("aws lambda delete-event-source-mapping --uuid %s --region %s", deref(m.UUID), region))
			f.CloudFormation += fmt.Sprintf("%sMapping:  # the event source mapping %s in its template\n  Type: AWS::Lambda::EventSourceMapping\n  Properties:\n    EventSourceArn: %s\n    FunctionName: !Ref %sAlias  # the alias %s, not the function\n",
				logicalPrefix(name), deref(m.UUID), deref(m.EventSourceArn), logicalPrefix(name), t.qualifier)
		}
	}
	return f
}

func pcImpact(in *Input, t pcTarget, peak float64, peakKnown bool) Impact {
	fn, ferr := in.Function(context.Background())
	extra := wantedPC(t, peak, peakKnown) - t.allocated
	if extra <= 0 || ferr != nil || fn.MemorySize == nil {
		return Impact{Summary: "No added provisioned concurrency: routing the triggers through the alias costs nothing more than the environments already provisioned."}
	}
	arch := architecture(fn)
	p, err := price(in.Prices, "lambda.provisioned."+arch)
	gb := float64(*fn.MemorySize) / 1024
	if err != nil {
		return Impact{Summary: fmt.Sprintf("Not priced (%v): %d more provisioned environments of %d MB for 730 hours a month.", err, extra, *fn.MemorySize)}
	}
	usd := float64(extra) * gb * 730 * 3600 * p.USD
	return Impact{Summary: fmt.Sprintf("%d more provisioned environments of %d MB: %d × %.3f GB × 730 h × $%g per GB-second ≈ $%.2f a month, before the lower duration price of provisioned invocations.", extra, *fn.MemorySize, extra, gb, p.USD, usd),
		MonthlyUSD: math.Round(usd*100) / 100}
}

func bypassImpact(t pcTarget) Impact {
	return Impact{Summary: fmt.Sprintf("No added charge for routing through the alias; its %d provisioned environments then also carry the trigger's traffic, so watch ProvisionedConcurrencySpilloverInvocations after the change.", t.allocated)}
}
