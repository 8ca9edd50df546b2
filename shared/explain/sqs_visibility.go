package explain

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// sqsVisibilityRule: when a queue's visibility timeout is shorter than the consuming function's timeout, a
// message becomes visible again while the function still works on it; it is received and processed again,
// the backlog grows, and messages may land in the dead-letter queue unprocessed.
func sqsVisibilityRule() Rule {
	return Rule{
		ID:    "sqs-visibility-timeout",
		Title: "The queue's visibility timeout is shorter than the function's timeout",
		AppliesTo: func(a Alarm, r Resource) bool {
			return (r.Type == "AWS::SQS::Queue" && r.ID != "") || isLambdaFailureAlarm(a, r)
		},
		Needs: []string{"lambda.list-event-source-mappings.json", "sqs.get-queue-attributes.<queue>.json",
			"lambda.get-function-configuration.<function>.json", "cloudwatch.get-metric-statistics.Duration.json"},
		Permissions: []string{"lambda:ListEventSourceMappings", "sqs:GetQueueUrl", "sqs:GetQueueAttributes", "lambda:GetFunctionConfiguration", "cloudwatch:GetMetricStatistics"},
		Diagnose:    diagnoseSQSVisibility,
	}
}

// recommendedVisibilityFactor is AWS's guidance: visibility at least six times the function timeout, so a
// batch survives retries of throttled invocations.
const recommendedVisibilityFactor = 6

// queueOfARN returns the queue name of an SQS queue ARN, or "".
func queueOfARN(arn string) string {
	if !strings.HasPrefix(arn, "arn:") || !strings.Contains(arn, ":sqs:") {
		return ""
	}
	return arn[strings.LastIndex(arn, ":")+1:]
}

func diagnoseSQSVisibility(ctx context.Context, in *Input) Verdict {
	region := in.Alarm.Region
	queueAlarm := in.Resource.Type == "AWS::SQS::Queue"
	fnName, queue := "", ""
	if queueAlarm {
		queue = in.Resource.ID
	} else {
		fnName = in.Resource.ID
	}
	mappings, err := in.Context.EventSourceMappings(ctx, fnName)
	if err != nil {
		return Verdict{Outcome: InconclusiveOutcome, Missing: []string{missingOf(err)},
			Summary: "Which queue feeds which function is unknown."}
	}
	var m *lambdatypes.EventSourceMappingConfiguration
	for i := range mappings {
		q := queueOfARN(deref(mappings[i].EventSourceArn))
		if q != "" && (queue == "" || q == queue) {
			m, queue = &mappings[i], q
			break
		}
	}
	if m == nil {
		if queueAlarm {
			return Verdict{Outcome: RuledOutcome, Why: fmt.Sprintf("no Lambda function consumes queue %s through an event source mapping", queue)}
		}
		return Verdict{Outcome: RuledOutcome, Why: fmt.Sprintf("%s has no SQS event source mapping", fnName)}
	}
	if fnName == "" {
		fnName = lastColonPart(deref(m.FunctionArn))
	}
	ev := []Evidence{{Source: "lambda.list-event-source-mappings", Fact: fmt.Sprintf("mapping %s: %s → %s, state %s, batch size %d", deref(m.UUID), queue, fnName, orDash(deref(m.State)), deref32(m.BatchSize))}}
	attrs, aerr := in.Context.QueueAttributes(ctx, queue)
	var fn *lambdatypes.FunctionConfiguration
	var ferr error
	if queueAlarm {
		fn, ferr = in.Context.FunctionConfiguration(ctx, fnName)
	} else {
		fn, ferr = in.Function(ctx)
	}
	var missing []string
	if aerr != nil {
		missing = append(missing, missingOf(aerr))
	}
	if ferr != nil {
		missing = append(missing, missingOf(ferr))
	}
	if len(missing) > 0 {
		return Verdict{Outcome: InconclusiveOutcome, Evidence: ev, Missing: missing,
			Summary: fmt.Sprintf("%s consumes %s, but the queue's visibility timeout or the function's timeout could not be read.", fnName, queue)}
	}
	vis, verr := strconv.Atoi(attrs["VisibilityTimeout"])
	timeout := int(deref32(fn.Timeout))
	if verr != nil || timeout <= 0 {
		return Verdict{Outcome: InconclusiveOutcome, Evidence: ev,
			Missing: []string{fmt.Sprintf("sqs.get-queue-attributes.%s.json (VisibilityTimeout) and the Timeout of %s", queue, fnName)},
			Summary: "The visibility timeout or the function timeout is missing from the context."}
	}
	fact := fmt.Sprintf("%s: VisibilityTimeout %d s, function %s Timeout %d s", queue, vis, fnName, timeout)
	if rp := attrs["RedrivePolicy"]; rp != "" {
		fact += ", RedrivePolicy " + rp
	} else {
		fact += ", no dead-letter queue"
	}
	ev = append(ev, Evidence{Source: "sqs.get-queue-attributes", Fact: fact})
	want := recommendedVisibilityFactor * timeout
	if want > 43200 {
		want = 43200 // SQS's maximum: 12 hours
	}
	v := Verdict{Evidence: ev}
	switch {
	case vis >= want || vis >= 43200:
		return Verdict{Outcome: RuledOutcome, Evidence: ev, Why: fmt.Sprintf("the visibility timeout of %s (%d s) is at least %d× the function timeout (%d s)", queue, vis, recommendedVisibilityFactor, timeout)}
	case vis < timeout:
		v.Outcome = LikelyOutcome
		v.Summary = fmt.Sprintf("Queue %s hides a message for %d s, but %s may work on it for up to %d s: messages reappear and are processed again while the first invocation still runs.", queue, vis, fnName, timeout)
		sig := in.Signals(ctx)
		if queueAlarm {
			// The queue's backlog alarm is the runtime signal.
			v.Outcome = ConfirmedOutcome
			am, _ := in.Alarm.Primary()
			v.Evidence = append(v.Evidence, Evidence{Source: "alarm", Fact: fmt.Sprintf("%s: %s of %s in ALARM at %s; %s messages visible, %s in flight",
				in.Alarm.Name, am.Name, queue, fmtTime(in.Alarm.Time), orDash(attrs["ApproximateNumberOfMessages"]), orDash(attrs["ApproximateNumberOfMessagesNotVisible"]))})
		} else if max, at, ok := sig.MaxDuration(); ok && max >= float64(vis)*1000 {
			v.Outcome = ConfirmedOutcome
			v.Evidence = append(v.Evidence, Evidence{Source: srcDuration, Fact: fmt.Sprintf("Duration of %s reached %s at %s, longer than the %d s visibility timeout", fnName, fmtMS(max), fmtTime(at), vis)})
		} else if !sig.DurationKnown() {
			v.Missing = []string{fmt.Sprintf("cloudwatch.get-metric-statistics.Duration.json (whether invocations outlast %d s)", vis)}
		}
	default:
		v.Outcome, v.Indicated = InconclusiveOutcome, true
		v.Summary = fmt.Sprintf("Queue %s's visibility timeout (%d s) exceeds %s's timeout (%d s) but is below the recommended %d× (%d s): retried batches can reappear.", queue, vis, fnName, timeout, recommendedVisibilityFactor, want)
	}
	url := fmt.Sprintf("https://sqs.%s.amazonaws.com/%s/%s", region, orDash(in.Alarm.Account), queue)
	v.Fix = Fix{
		Summary: fmt.Sprintf("Set %s's visibility timeout to %d s (%d× the function timeout), add a dead-letter queue if there is none, and report batch item failures so one bad message does not return the whole batch.", queue, want, recommendedVisibilityFactor),
		CLI: []string{
			fmt.Sprintf("aws sqs set-queue-attributes --queue-url %s --attributes VisibilityTimeout=%d --region %s", url, want, region),
			fmt.Sprintf("aws lambda update-event-source-mapping --uuid %s --function-response-types ReportBatchItemFailures --region %s", deref(m.UUID), region),
		},
		CloudFormation: fmt.Sprintf("%sQueue:  # the logical ID of %s in its template\n  Type: AWS::SQS::Queue\n  Properties:\n    VisibilityTimeout: %d  # was %d\n", logicalPrefix(queue), queue, want, vis),
	}
	v.Impact = Impact{Summary: "No charge: queue attributes are free; fewer duplicate invocations lower the bill."}
	return v
}

func lastColonPart(arn string) string {
	parts := strings.Split(arn, ":function:")
	if len(parts) != 2 {
		return arn
	}
	return strings.SplitN(parts[1], ":", 2)[0]
}
