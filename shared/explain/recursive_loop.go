package explain

import (
	"context"
	"fmt"
	"strings"
	"time"

	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// recursiveLoopRule: a function that writes to the queue (or topic, or bucket) that triggers it invokes
// itself without end; Lambda's loop detection stops such chains of SQS, SNS and S3 events after about 16
// rounds and counts the dropped invocations in RecursiveInvocationsDropped.
func recursiveLoopRule() Rule {
	return Rule{
		ID:    "recursive-loop",
		Title: "The function triggers itself in a loop",
		AppliesTo: func(a Alarm, r Resource) bool {
			if !isLambdaFunction(a, r) {
				return false
			}
			m, _ := a.Primary()
			switch m.Name {
			case "RecursiveInvocationsDropped", "Invocations", "ConcurrentExecutions":
				return m.Namespace == "AWS/Lambda"
			}
			return false
		},
		Needs: []string{"cloudwatch.get-metric-statistics.RecursiveInvocationsDropped.json", "lambda.list-event-source-mappings.json",
			"lambda.get-function-configuration.<function>.json", "iam.get-account-authorization-details.json"},
		Permissions: []string{"cloudwatch:GetMetricStatistics", "lambda:ListEventSourceMappings", "lambda:GetFunctionConfiguration", "iam:GetAccountAuthorizationDetails"},
		Diagnose:    diagnoseRecursiveLoop,
	}
}

// The Invoke API's error for a stopped loop, which callers that invoke the function directly see.
const recursiveInvocationError = "RecursiveInvocationException"

func diagnoseRecursiveLoop(ctx context.Context, in *Input) Verdict {
	name, region := in.Resource.ID, in.Alarm.Region
	var ev, missing = []Evidence{}, []string{}

	// Signal: Lambda stopped invocations of this function as part of a loop.
	dropped, droppedKnown := 0.0, false
	dps, err := in.Context.MetricStatistics(ctx, MetricQuery{Namespace: "AWS/Lambda", Name: "RecursiveInvocationsDropped",
		Dimensions: map[string]string{"FunctionName": name}, Start: in.Alarm.Time.Add(-metricWindow), End: in.Alarm.Time.Add(windowAfter),
		Period: time.Minute, Statistics: []cwtypes.Statistic{cwtypes.StatisticSum}})
	if err != nil {
		missing = append(missing, missingOf(err))
	} else {
		droppedKnown = true
		for _, d := range dps {
			if d.Sum != nil {
				dropped += *d.Sum
			}
		}
		ev = append(ev, Evidence{Source: srcDuration, Fact: fmt.Sprintf("RecursiveInvocationsDropped of %s: %.0f in the hour before the alarm", name, dropped)})
	}
	sig := in.Signals(ctx)
	if sig.LogsKnown() {
		if m := sig.find(recursiveInvocationError); m.Count > 0 {
			dropped += float64(m.Count)
			droppedKnown = true
			ev = append(ev, logFact(sig, m))
		}
	}

	// Configuration: the function may send to a queue that invokes it.
	loops, cfgKnown, cfgMissing := selfTriggers(ctx, in)
	missing = append(missing, cfgMissing...)
	for _, l := range loops {
		ev = append(ev, Evidence{Source: "lambda.list-event-source-mappings, iam.get-account-authorization-details", Fact: l.fact})
	}

	v := Verdict{Evidence: ev, Missing: missing}
	switch {
	case dropped > 0 && len(loops) > 0:
		v.Outcome, v.Missing = ConfirmedOutcome, nil
	case dropped > 0:
		v.Outcome = LikelyOutcome
		v.Missing = appendUnique(v.Missing, "the trigger that closes the loop: S3 bucket notifications (aws s3api get-bucket-notification-configuration) or SNS subscriptions, which Attest does not read")
	case droppedKnown && len(loops) > 0:
		// The path exists but Lambda dropped nothing: either no loop ran, or the function allows recursion.
		return Verdict{Outcome: RuledOutcome, Evidence: ev,
			Why: fmt.Sprintf("%s could send to its own trigger (%s), but Lambda dropped no recursive invocation in the window", name, loops[0].queue)}
	case droppedKnown && cfgKnown:
		return Verdict{Outcome: RuledOutcome, Evidence: ev,
			Why: fmt.Sprintf("Lambda dropped no recursive invocation of %s and its role cannot send to the queues that trigger it", name)}
	case droppedKnown:
		return Verdict{Outcome: RuledOutcome, Evidence: ev, Why: fmt.Sprintf("Lambda dropped no recursive invocation of %s in the hour before the alarm", name)}
	default:
		v.Outcome, v.Indicated = InconclusiveOutcome, len(loops) > 0
		v.Summary = fmt.Sprintf("%s can send to the queue that triggers it, but whether Lambda stopped a loop is unknown.", name)
		if len(loops) == 0 {
			v.Summary = fmt.Sprintf("Whether %s runs in a recursive loop is unknown.", name)
		}
		return v
	}
	if len(loops) > 0 {
		v.Summary = fmt.Sprintf("%s sends messages to %s, the queue that triggers it, so each invocation causes the next; Lambda stopped %.0f invocations of the loop.", name, loops[0].queue, dropped)
	} else {
		v.Summary = fmt.Sprintf("Lambda stopped %.0f invocations of %s as part of a recursive loop; the resource that closes the loop is not in the context.", dropped, name)
	}
	v.Fix = recursiveFix(name, region, loops)
	v.Impact = Impact{Summary: "Breaking the loop removes the runaway invocations and their charges; a separate output queue costs $0.40 per million requests."}
	return v
}

type selfLoop struct {
	queue string // queue name
	arn   string
	uuid  string
	fact  string
}

// selfTriggers returns the SQS queues that trigger the function and that its role may send to.
func selfTriggers(ctx context.Context, in *Input) ([]selfLoop, bool, []string) {
	name := in.Resource.ID
	mappings, err := in.Context.EventSourceMappings(ctx, name)
	if err != nil {
		return nil, false, []string{missingOf(err)}
	}
	var queues []selfLoop
	for _, m := range mappings {
		arn := deref(m.EventSourceArn)
		if strings.Contains(arn, ":sqs:") {
			queues = append(queues, selfLoop{arn: arn, queue: arn[strings.LastIndex(arn, ":")+1:], uuid: deref(m.UUID)})
		}
	}
	if len(queues) == 0 {
		return nil, true, nil
	}
	fn, ferr := in.Function(ctx)
	if ferr != nil {
		return nil, false, []string{missingOf(ferr)}
	}
	role := lastSegment(deref(fn.Role))
	details, derr := in.Context.AuthorizationDetails(ctx)
	if derr != nil {
		return nil, false, []string{missingOf(derr)}
	}
	r, ok := findRole(details, role)
	if !ok {
		return nil, false, []string{fmt.Sprintf("iam.get-account-authorization-details.json (role %s)", role)}
	}
	var out []selfLoop
	known := true
	for _, q := range queues {
		pe := evaluateRole(details, r, "sqs:SendMessage", q.arn)
		switch {
		case pe.allowedBy != "" && pe.deniedBy == "":
			q.fact = fmt.Sprintf("%s is triggered by queue %s (mapping %s), and role %s may send to it (%s)", name, q.queue, q.uuid, role, pe.allowedBy)
			out = append(out, q)
		case pe.conditionalBy != "" || len(pe.unreadable) > 0:
			known = false
		}
	}
	return out, known, nil
}

func recursiveFix(name, region string, loops []selfLoop) Fix {
	f := Fix{
		Summary: fmt.Sprintf("Stop the loop now by setting the reserved concurrency of %s to 0, then send the function's output to a different queue than its trigger and restore the concurrency.", name),
		CLI: []string{
			fmt.Sprintf("aws lambda put-function-concurrency --function-name %s --reserved-concurrent-executions 0 --region %s  # emergency stop", name, region),
		},
	}
	if len(loops) > 0 {
		out := loops[0].queue + "-out"
		f.CLI = append(f.CLI,
			fmt.Sprintf("aws sqs create-queue --queue-name %s --region %s  # the function's output queue; point the code at it", out, region),
			fmt.Sprintf("aws lambda delete-function-concurrency --function-name %s --region %s  # once the code no longer writes to %s", name, region, loops[0].queue))
		f.CloudFormation = fmt.Sprintf("%sOutput:\n  Type: AWS::SQS::Queue\n  Properties:\n    QueueName: %s\n%s", logicalPrefix(name), out,
			functionCFN(name, fmt.Sprintf("Environment:\n  Variables:\n    OUTPUT_QUEUE_URL: !Ref %sOutput  # not the URL of %s, which triggers the function", logicalPrefix(name), loops[0].queue)))
	}
	return f
}
