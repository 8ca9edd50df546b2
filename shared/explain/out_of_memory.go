package explain

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// outOfMemoryRule: a function that exhausts its memory is killed by the runtime; the invocation fails with
// Runtime.OutOfMemory (older runtimes: "signal: killed") and Max Memory Used reaches Memory Size.
func outOfMemoryRule() Rule {
	return Rule{
		ID:        "out-of-memory",
		Title:     "Function runs out of memory",
		AppliesTo: isLambdaFailureAlarm,
		Needs: []string{"logs.filter-log-events.json", "lambda.get-function-configuration.<function>.json",
			"cloudwatch.get-metric-statistics.Invocations.json"},
		Permissions: []string{"logs:FilterLogEvents", "lambda:GetFunctionConfiguration", "cloudwatch:GetMetricStatistics"},
		Diagnose:    diagnoseOutOfMemory,
	}
}

// The exact texts the Lambda runtime writes for a function killed for memory.
const (
	oomErrorType = "Runtime.OutOfMemory"
	oomKilled    = "Runtime exited with error: signal: killed"
)

var (
	// REPORT RequestId: … Duration: 1843.21 ms Billed Duration: 1844 ms Memory Size: 128 MB Max Memory Used: 128 MB
	reportMemory  = regexp.MustCompile(`Memory Size: (\d{1,6}) MB\s+Max Memory Used: (\d{1,6}) MB`)
	reportBilled  = regexp.MustCompile(`Billed Duration: (\d{1,9}) ms`)
	maxLambdaMemN = int32(10240)
)

// reportStats summarises the REPORT lines: how many used all their memory, the peak, the configured size
// and the mean billed duration.
type reportStats struct {
	reports, atLimit int
	peakUsed, size   int
	billedMS         float64
}

func readReports(sig *Signals) reportStats {
	var st reportStats
	var billed, billedN float64
	for _, e := range sig.Logs {
		if e.Message == nil {
			continue
		}
		msg := *e.Message
		m := reportMemory.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		size, err1 := strconv.Atoi(m[1])
		used, err2 := strconv.Atoi(m[2])
		if err1 != nil || err2 != nil {
			continue
		}
		st.reports++
		if used >= size {
			st.atLimit++
		}
		if used > st.peakUsed {
			st.peakUsed = used
		}
		st.size = size
		if b := reportBilled.FindStringSubmatch(msg); b != nil {
			if v, err := strconv.ParseFloat(b[1], 64); err == nil {
				billed += v
				billedN++
			}
		}
	}
	if billedN > 0 {
		st.billedMS = billed / billedN
	}
	return st
}

func diagnoseOutOfMemory(ctx context.Context, in *Input) Verdict {
	sig := in.Signals(ctx)
	name := in.Resource.ID
	if !sig.LogsKnown() {
		return logsUnknown(in, sig, "it ran out of memory")
	}
	if len(sig.Logs) == 0 {
		return logsEmpty(in, sig, "it ran out of memory")
	}
	oom := sig.find(oomErrorType, oomKilled)
	rep := readReports(sig)
	if oom.Count == 0 && rep.atLimit == 0 {
		why := fmt.Sprintf("no %s or %q in %d log events of %s", oomErrorType, "signal: killed", len(sig.Logs), sig.LogGroup)
		if rep.reports > 0 {
			why += fmt.Sprintf(", and Max Memory Used peaked at %d of %d MB", rep.peakUsed, rep.size)
		}
		return Verdict{Outcome: RuledOutcome, Why: why}
	}
	var ev []Evidence
	if oom.Count > 0 {
		ev = append(ev, logFact(sig, oom))
	}
	if rep.atLimit > 0 {
		ev = append(ev, Evidence{Source: srcLogs, Fact: fmt.Sprintf("%s: %d of %d REPORT lines show Max Memory Used %d MB = Memory Size %d MB", sig.LogGroup, rep.atLimit, rep.reports, rep.peakUsed, rep.size)})
	}
	size := int32(rep.size)
	fn, err := in.Function(ctx)
	v := Verdict{Evidence: ev}
	switch {
	case err != nil:
		v.Outcome = LikelyOutcome
		v.Missing = []string{missingOf(err)}
	case oom.Count > 0:
		v.Outcome = ConfirmedOutcome
	default:
		// Memory at the limit but no kill in the logs: the errors may still have another cause.
		v.Outcome = LikelyOutcome
	}
	if fn != nil {
		size = deref32(fn.MemorySize)
		v.Evidence = append(v.Evidence, Evidence{Source: srcFunction, Fact: fmt.Sprintf("%s: MemorySize %d MB, runtime %s, architecture %s", name, size, orDash(string(fn.Runtime)), architecture(fn))})
	}
	what := "runs out of memory"
	if oom.Count > 0 {
		what = fmt.Sprintf("is killed for running out of memory (%d × %s in the logs)", oom.Count, firstOf(oom.First, oomErrorType))
	}
	v.Summary = fmt.Sprintf("%s %s", name, what)
	if size > 0 {
		v.Summary += fmt.Sprintf(" at its %d MB memory size", size)
	}
	v.Summary += "; each killed invocation fails and counts as an error."
	v.Fix, v.Impact = outOfMemoryFix(ctx, in, fn, size, rep)
	return v
}

func firstOf(line, want string) string {
	if strings.Contains(line, want) {
		return want
	}
	return `"signal: killed"`
}

// nextMemory doubles the memory size, within Lambda's 128 MB – 10,240 MB range.
func nextMemory(size int32) int32 {
	switch {
	case size <= 0:
		return 0
	case size >= maxLambdaMemN:
		return maxLambdaMemN
	case size*2 > maxLambdaMemN:
		return maxLambdaMemN
	}
	return size * 2
}

func outOfMemoryFix(ctx context.Context, in *Input, fn *lambdatypes.FunctionConfiguration, size int32, rep reportStats) (Fix, Impact) {
	name, region := in.Resource.ID, in.Alarm.Region
	next := nextMemory(size)
	fx := Fix{Summary: "Give the function more memory (which also gives it more CPU), and stream large payloads instead of buffering them whole."}
	if next == 0 || next == size {
		fx.Summary = "The function is at Lambda's 10,240 MB maximum: stream or split the work (process objects in chunks, paginate queries) instead of holding it in memory."
		return fx, Impact{Summary: "No charge: the fix is a code change."}
	}
	fx.Summary = fmt.Sprintf("Raise %s's memory from %d MB to %d MB (which also gives it more CPU), then stream large payloads instead of buffering them whole.", name, size, next)
	fx.CLI = []string{fmt.Sprintf("aws lambda update-function-configuration --function-name %s --memory-size %d --region %s", name, next, region)}
	fx.CloudFormation = functionCFN(name, fmt.Sprintf("MemorySize: %d  # was %d", next, size))

	return fx, memoryImpact(ctx, in, fn, size, next, rep)
}

// memoryImpact prices a memory increase from size to next MB at the observed billed duration and
// invocation rate.
func memoryImpact(ctx context.Context, in *Input, fn *lambdatypes.FunctionConfiguration, size, next int32, rep reportStats) Impact {
	arch := architecture(fn)
	p, perr := price(in.Prices, "lambda.duration."+arch)
	if perr != nil || rep.billedMS <= 0 {
		return Impact{Summary: fmt.Sprintf("Each invocation costs %d/%d as much per millisecond; the total was not estimated (%s).", next, size, impactGap(perr, rep))}
	}
	extraGBs := float64(next-size) / 1024 * rep.billedMS / 1000
	perMillion := extraGBs * 1e6 * p.USD
	rate, rerr := invocationsPerHour(ctx, in)
	if rerr != nil {
		return Impact{Summary: fmt.Sprintf("About $%.2f more per million invocations at the observed %.0f ms mean billed duration (%s); the monthly total needs the invocation rate (%s).",
			perMillion, rep.billedMS, arch, missingOf(rerr))}
	}
	monthly := round2(extraGBs * rate * hoursPerMonth * p.USD)
	return Impact{MonthlyUSD: monthly, Summary: fmt.Sprintf("About $%.2f a month more: %d MB extra × %.0f ms mean billed duration × %.0f invocations an hour × 730 h at $%s per GB-second (%s, prices as of %s). Faster invocations with more CPU often offset part of it.",
		monthly, next-size, rep.billedMS, rate, strconv.FormatFloat(p.USD, 'f', -1, 64), arch, p.AsOf)}
}

func impactGap(perr error, rep reportStats) string {
	if perr != nil {
		return perr.Error()
	}
	return "no REPORT lines with a billed duration"
}

// hoursPerMonth is the design's month.
const hoursPerMonth = 730

// invocationsPerHour reads the function's Invocations over the hour before the alarm.
func invocationsPerHour(ctx context.Context, in *Input) (float64, error) {
	end := in.Alarm.Time.Add(windowAfter)
	start := in.Alarm.Time.Add(-metricWindow)
	dps, err := in.Context.MetricStatistics(ctx, MetricQuery{Namespace: "AWS/Lambda", Name: "Invocations",
		Dimensions: map[string]string{"FunctionName": in.Resource.ID}, Start: start, End: end, Period: time.Minute,
		Statistics: []cwtypes.Statistic{cwtypes.StatisticSum}})
	if err != nil {
		return 0, err
	}
	var sum float64
	for _, d := range dps {
		if d.Sum != nil {
			sum += *d.Sum
		}
	}
	return sum / end.Sub(start).Hours(), nil
}
