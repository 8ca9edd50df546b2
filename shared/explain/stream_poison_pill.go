package explain

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// streamPoisonPillRule: Lambda reads a Kinesis or DynamoDB stream shard in order and retries a failing
// batch until it succeeds or its records expire (by default: retries -1, record age -1, no bisection), so
// one record the code cannot handle stops its shard while the iterator age grows with the clock.
func streamPoisonPillRule() Rule {
	return Rule{
		ID:    "stream-poison-pill",
		Title: "A record the function cannot process blocks a stream shard",
		AppliesTo: func(a Alarm, r Resource) bool {
			if !isLambdaFunction(a, r) {
				return false
			}
			m, _ := a.Primary()
			return m.Namespace == "AWS/Lambda" && m.Name == "IteratorAge"
		},
		Needs: []string{"lambda.list-event-source-mappings.json", "cloudwatch.get-metric-statistics.IteratorAge.json",
			"logs.filter-log-events.json"},
		Permissions: []string{"lambda:ListEventSourceMappings", "cloudwatch:GetMetricStatistics", "logs:FilterLogEvents"},
		Diagnose:    diagnoseStreamPoisonPill,
	}
}

// isStreamSource reports whether an event source is a Kinesis or DynamoDB stream, the sources Lambda reads
// shard by shard in order.
func isStreamSource(arn string) bool {
	return strings.HasPrefix(arn, "arn:aws") && (strings.Contains(arn, ":kinesis:") || (strings.Contains(arn, ":dynamodb:") && strings.Contains(arn, "/stream/")))
}

// Log lines in which a runtime reports a failed invocation: the Node.js and Python runtimes' error
// records, Java's exception lines, the platform's REPORT status.
var invokeErrorMarkers = []string{"ERROR\tInvoke Error", "[ERROR]", "\"errorType\"", "Exception in thread", "Status: error"}

func diagnoseStreamPoisonPill(ctx context.Context, in *Input) Verdict {
	name, region := in.Resource.ID, in.Alarm.Region
	mappings, err := in.Context.EventSourceMappings(ctx, name)
	if err != nil {
		return Verdict{Outcome: InconclusiveOutcome, Missing: []string{missingOf(err)},
			Summary: fmt.Sprintf("The event source mappings of %s could not be read, so which stream it reads is unknown.", name)}
	}
	var streams []lambdatypes.EventSourceMappingConfiguration
	for _, m := range mappings {
		if isStreamSource(deref(m.EventSourceArn)) {
			streams = append(streams, m)
		}
	}
	if len(streams) == 0 {
		return Verdict{Outcome: RuledOutcome, Why: fmt.Sprintf("%s has no Kinesis or DynamoDB stream event source mapping (%d mappings)", name, len(mappings))}
	}
	var ev []Evidence
	var missing []string
	// The mapping whose failures block: retries without end and no bisection. A mapping that bisects and
	// bounds its retries still stalls for a while, so it weakens but does not rule out the hypothesis.
	var blocking *lambdatypes.EventSourceMappingConfiguration
	for i := range streams {
		m := &streams[i]
		ev = append(ev, Evidence{Source: "lambda.list-event-source-mappings", Fact: mappingFact(m)})
		if retriesUnbounded(m) && !boolOf(m.BisectBatchOnFunctionError) && blocking == nil {
			blocking = m
		}
	}
	target := blocking
	if target == nil {
		target = &streams[0]
	}

	// Signal 1: the iterator age grows with wall-clock time, which is what a shard that does not advance
	// looks like (a slow consumer's age grows, but more slowly).
	ageGrows, ageKnown := false, false
	dps, aerr := in.Context.MetricStatistics(ctx, MetricQuery{Namespace: "AWS/Lambda", Name: "IteratorAge",
		Dimensions: map[string]string{"FunctionName": name}, Start: in.Alarm.Time.Add(-metricWindow), End: in.Alarm.Time.Add(windowAfter),
		Period: time.Minute, Statistics: []cwtypes.Statistic{cwtypes.StatisticMaximum}})
	if aerr != nil {
		missing = append(missing, missingOf(aerr))
	} else if g, ok := ageGrowth(dps); ok {
		ageKnown = true
		ageGrows = g.rate >= 0.8
		ev = append(ev, Evidence{Source: srcDuration, Fact: fmt.Sprintf("IteratorAge of %s rose from %s to %s between %s and %s: %.2f s of age per second of clock",
			name, fmtAge(g.from), fmtAge(g.to), fmtTime(g.start), fmtTime(g.end), g.rate)})
	} else {
		missing = append(missing, "cloudwatch.get-metric-statistics.IteratorAge.json (fewer than two datapoints)")
	}

	// Signal 2: the same failure again and again — the one batch being retried.
	sig := in.Signals(ctx)
	repeated, repeatKnown := 0, false
	first := ""
	if !sig.LogsKnown() {
		missing = append(missing, missingOf(sig.LogsErr))
	} else if len(sig.Logs) > 0 {
		repeatKnown = true
		repeated, first = mostRepeatedError(sig)
		if repeated > 0 {
			ev = append(ev, Evidence{Source: srcLogs, Fact: fmt.Sprintf("%s: the same error %d times: %q", sig.LogGroup, repeated, first)})
		} else {
			ev = append(ev, Evidence{Source: srcLogs, Fact: fmt.Sprintf("%s: %d events between %s and %s, no invocation error", sig.LogGroup, len(sig.Logs), fmtTime(sig.Start), fmtTime(sig.End))})
		}
	} else {
		missing = append(missing, fmt.Sprintf("%s.json (no events of %s between %s and %s)", srcLogs, sig.LogGroup, fmtTime(sig.Start), fmtTime(sig.End)))
	}
	errorsRepeat := repeated >= 3

	v := Verdict{Evidence: ev, Missing: missing}
	switch {
	case repeatKnown && !errorsRepeat:
		// The shard lags without failing invocations: the consumer is slow, not blocked.
		return Verdict{Outcome: RuledOutcome, Evidence: ev,
			Why: fmt.Sprintf("the logs of %s show no repeated invocation error, so the stream lags without a failing batch (a slow consumer or too little parallelism)", name)}
	case blocking != nil && errorsRepeat && ageGrows:
		v.Outcome, v.Missing = ConfirmedOutcome, nil
	case blocking != nil && errorsRepeat:
		v.Outcome = LikelyOutcome
	case errorsRepeat && (ageGrows || !ageKnown):
		// Bounded retries or bisection: the shard stalls for each bad record, then moves on.
		v.Outcome = LikelyOutcome
	default:
		v.Outcome, v.Indicated = InconclusiveOutcome, blocking != nil
	}
	src := shortSource(deref(target.EventSourceArn))
	if blocking != nil {
		v.Summary = fmt.Sprintf("%s fails on the same batch from %s again and again; its mapping retries without limit (MaximumRetryAttempts %s, MaximumRecordAgeInSeconds %s) and does not bisect, so the shard does not advance and IteratorAge grows with the clock.",
			name, src, int32Or(target.MaximumRetryAttempts, "-1 (unlimited)"), int32Or(target.MaximumRecordAgeInSeconds, "-1 (unlimited)"))
	} else {
		v.Summary = fmt.Sprintf("%s fails repeatedly on records from %s; its mapping bounds retries or bisects batches, so each bad record stalls the shard until it is given up.", name, src)
	}
	if v.Outcome == InconclusiveOutcome {
		v.Summary += " The iterator age and the logs do not show a blocked shard, so this is not decided."
	}
	v.Fix, v.Impact = streamFix(name, region, target)
	return v
}

// retriesUnbounded reports whether a stream mapping retries a failing batch until its records expire.
func retriesUnbounded(m *lambdatypes.EventSourceMappingConfiguration) bool {
	return m.MaximumRetryAttempts == nil || *m.MaximumRetryAttempts < 0
}

func mappingFact(m *lambdatypes.EventSourceMappingConfiguration) string {
	dest := "none"
	if m.DestinationConfig != nil && m.DestinationConfig.OnFailure != nil && deref(m.DestinationConfig.OnFailure.Destination) != "" {
		dest = deref(m.DestinationConfig.OnFailure.Destination)
	}
	return fmt.Sprintf("mapping %s from %s: %s, batch size %s, MaximumRetryAttempts %s, MaximumRecordAgeInSeconds %s, BisectBatchOnFunctionError %t, on-failure destination %s",
		deref(m.UUID), deref(m.EventSourceArn), orDash(deref(m.State)), int32Or(m.BatchSize, "-"), int32Or(m.MaximumRetryAttempts, "-1 (unlimited)"),
		int32Or(m.MaximumRecordAgeInSeconds, "-1 (unlimited)"), boolOf(m.BisectBatchOnFunctionError), dest)
}

type growth struct {
	from, to   float64
	start, end time.Time
	rate       float64 // ms of age per ms of clock
}

// ageGrowth measures the final rise of the iterator age: from where it last stopped falling to the last
// datapoint, with the rate taken over the last three intervals of that rise (a shard that just got stuck
// ages at one second per second; the minutes before it was stuck would dilute the rate).
func ageGrowth(dps []cwtypes.Datapoint) (growth, bool) {
	var pts []cwtypes.Datapoint
	for _, d := range dps {
		if d.Maximum != nil && d.Timestamp != nil {
			pts = append(pts, d)
		}
	}
	if len(pts) < 2 {
		return growth{}, false
	}
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].Timestamp.Before(*pts[j].Timestamp) })
	last := len(pts) - 1
	start := last
	for start > 0 && *pts[start-1].Maximum <= *pts[start].Maximum {
		start--
	}
	if start == last {
		start = last - 1
	}
	from := start
	if last-from > 3 {
		from = last - 3
	}
	g := growth{from: *pts[start].Maximum, to: *pts[last].Maximum, start: pts[start].Timestamp.UTC(), end: pts[last].Timestamp.UTC()}
	if span := pts[last].Timestamp.Sub(*pts[from].Timestamp); span > 0 {
		g.rate = (*pts[last].Maximum - *pts[from].Maximum) / float64(span.Milliseconds())
	}
	return g, true
}

// mostRepeatedError returns how often the most frequent invocation error occurs, and its text.
func mostRepeatedError(sig *Signals) (int, string) {
	counts := map[string]int{}
	var order []string
	for _, e := range sig.Logs {
		if e.Message == nil {
			continue
		}
		msg := *e.Message
		hit := false
		for _, mk := range invokeErrorMarkers {
			if strings.Contains(msg, mk) {
				hit = true
				break
			}
		}
		if !hit || strings.HasPrefix(msg, "REPORT ") {
			continue
		}
		key := errorKey(msg)
		if counts[key] == 0 {
			order = append(order, key)
		}
		counts[key]++
	}
	best, text := 0, ""
	for _, k := range order {
		if counts[k] > best {
			best, text = counts[k], k
		}
	}
	return best, text
}

// errorKey strips what differs between two reports of the same failure: the timestamp and request id
// Lambda puts in front, and the stack trace after the first line.
func errorKey(msg string) string {
	line := oneLine(msg)
	fields := strings.SplitN(line, "\t", 4)
	if len(fields) == 4 && len(fields[1]) == 36 {
		// 2026-11-20T14:00:00.000Z\t<request id>\tERROR\tInvoke Error {...}
		line = fields[2] + "\t" + fields[3]
	}
	line = stripLogPrefix(line)
	// Node.js: ERROR\tInvoke Error \t{"errorType":"…","errorMessage":"…","stack":[…]}; the type and
	// message are the failure, the stack is noise.
	if i := strings.Index(msg, "{\"errorType\""); i >= 0 {
		var e struct {
			ErrorType    string `json:"errorType"`
			ErrorMessage string `json:"errorMessage"`
		}
		if json.Unmarshal([]byte(strings.TrimSpace(msg[i:])), &e) == nil && e.ErrorType != "" {
			return oneLine(e.ErrorType + ": " + e.ErrorMessage)
		}
	}
	return line
}

func shortSource(arn string) string {
	if i := strings.Index(arn, ":stream/"); i >= 0 {
		return "Kinesis stream " + arn[i+len(":stream/"):]
	}
	if i := strings.Index(arn, ":table/"); i >= 0 {
		return "the stream of DynamoDB table " + strings.SplitN(arn[i+len(":table/"):], "/", 2)[0]
	}
	return arn
}

func streamFix(name, region string, m *lambdatypes.EventSourceMappingConfiguration) (Fix, Impact) {
	uuid := orDash(deref(m.UUID))
	dlq := name + "-failures"
	account := accountOfARN(deref(m.FunctionArn))
	dest := fmt.Sprintf("arn:aws:sqs:%s:%s:%s", region, orDash(account), dlq)
	f := Fix{
		Summary: fmt.Sprintf("Bound the retries of mapping %s, bisect failing batches so the bad record is isolated, and send what still fails to an on-failure queue; have the code report partial batch failures. The blocked shard advances once the new settings apply.", uuid),
		CLI: []string{
			fmt.Sprintf("aws sqs create-queue --queue-name %s --region %s", dlq, region),
			fmt.Sprintf("aws lambda update-event-source-mapping --uuid %s --bisect-batch-on-function-error --maximum-retry-attempts 2 --maximum-record-age-in-seconds 3600 --function-response-types ReportBatchItemFailures --destination-config '{\"OnFailure\":{\"Destination\":\"%s\"}}' --region %s", uuid, dest, region),
		},
		CloudFormation: fmt.Sprintf("%sFailures:\n  Type: AWS::SQS::Queue\n  Properties:\n    QueueName: %s\n%sStreamMapping:  # the event source mapping %s in its template\n  Type: AWS::Lambda::EventSourceMapping\n  Properties:\n    FunctionName: %s\n    EventSourceArn: %s\n    StartingPosition: %s\n    BisectBatchOnFunctionError: true\n    MaximumRetryAttempts: 2\n    MaximumRecordAgeInSeconds: 3600\n    FunctionResponseTypes: [ReportBatchItemFailures]\n    DestinationConfig:\n      OnFailure:\n        Destination: !GetAtt %sFailures.Arn\n",
			logicalPrefix(name), dlq, logicalPrefix(name), uuid, name, deref(m.EventSourceArn), startingPosition(m), logicalPrefix(name)),
	}
	// The on-failure queue holds only the records given up on: a few requests a month.
	return f, Impact{Summary: "About $0: the on-failure queue is billed $0.40 per million requests and receives only the records given up on; the execution role also needs sqs:SendMessage on it."}
}

func accountOfARN(arn string) string {
	parts := strings.Split(arn, ":")
	if len(parts) > 4 {
		return parts[4]
	}
	return ""
}

func boolOf(b *bool) bool { return b != nil && *b }

func int32Or(p *int32, none string) string {
	if p == nil {
		return none
	}
	return fmt.Sprint(*p)
}

func startingPosition(m *lambdatypes.EventSourceMappingConfiguration) string {
	if m.StartingPosition != "" {
		return string(m.StartingPosition)
	}
	return "LATEST"
}

// fmtAge prints a record age in milliseconds the way people read it.
func fmtAge(ms float64) string {
	if ms < 10000 {
		return fmtMS(ms)
	}
	return (time.Duration(ms) * time.Millisecond).Round(time.Second).String()
}
