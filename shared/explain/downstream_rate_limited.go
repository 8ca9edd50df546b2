package explain

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
)

// downstreamRateLimitedRule: another AWS API (SSM Parameter Store, Secrets Manager, STS …) throttles the
// function's calls; once the SDK's retries run out, the invocation fails.
func downstreamRateLimitedRule() Rule {
	return Rule{
		ID:          "downstream-rate-limited",
		Title:       "An AWS API the function calls throttles it",
		AppliesTo:   isLambdaFailureAlarm,
		Needs:       []string{"logs.filter-log-events.json", "lambda.get-function-configuration.<function>.json"},
		Permissions: []string{"logs:FilterLogEvents", "lambda:GetFunctionConfiguration"},
		Diagnose:    diagnoseDownstreamRateLimited,
	}
}

var (
	// The error codes AWS APIs return when they throttle a caller. DynamoDB's
	// ProvisionedThroughputExceededException is dynamodb-capacity-exceeded, not this.
	throttleCodes = regexp.MustCompile(`\b(ThrottlingException|ThrottledException|TooManyRequestsException|RequestLimitExceeded|Throttling|SlowDown)\b|Rate exceeded`)
	// botocore: An error occurred (ThrottlingException) when calling the GetParameter operation (reached max retries: 4): Rate exceeded
	botoOperation = regexp.MustCompile(`when calling the ([A-Za-z0-9]{1,64}) operation`)
	retriesSpent  = regexp.MustCompile(`reached max retries|maxAttempts|max retries exceeded|attempts: \d+`)
)

// operationService names the service of the operations functions most often get throttled on.
var operationService = map[string]string{
	"GetParameter": "ssm", "GetParameters": "ssm", "GetParametersByPath": "ssm",
	"GetSecretValue": "secretsmanager", "AssumeRole": "sts", "GetCallerIdentity": "sts",
	"Decrypt": "kms", "GenerateDataKey": "kms", "Encrypt": "kms",
	"PutMetricData": "monitoring", "PutEvents": "events", "Publish": "sns", "SendMessage": "sqs",
	"StartExecution": "states", "Invoke": "lambda",
}

func diagnoseDownstreamRateLimited(ctx context.Context, in *Input) Verdict {
	name, region := in.Resource.ID, in.Alarm.Region
	sig := in.Signals(ctx)
	if !sig.LogsKnown() {
		return logsUnknown(in, sig, "an AWS API throttled it")
	}
	if len(sig.Logs) == 0 {
		return logsEmpty(in, sig, "an AWS API throttled it")
	}
	ops := map[string]int{}
	m := sig.findFunc(func(msg string) bool {
		if !throttleCodes.MatchString(msg) || strings.Contains(msg, "ProvisionedThroughputExceededException") ||
			strings.Contains(msg, "ConcurrentInvocationLimitExceeded") || strings.Contains(msg, "ReservedFunctionConcurrentInvocationLimitExceeded") {
			return false
		}
		if o := botoOperation.FindStringSubmatch(msg); o != nil {
			ops[o[1]]++
		}
		return true
	})
	if m.Count == 0 {
		return Verdict{Outcome: RuledOutcome, Why: fmt.Sprintf("no ThrottlingException, TooManyRequestsException or \"Rate exceeded\" in %d log events of %s", len(sig.Logs), sig.LogGroup)}
	}
	spent := sig.findFunc(func(msg string) bool { return throttleCodes.MatchString(msg) && retriesSpent.MatchString(msg) })
	names := make([]string, 0, len(ops))
	for o := range ops {
		names = append(names, o)
	}
	sort.Strings(names)
	var services []string
	for _, o := range names {
		if svc := operationService[o]; svc != "" && !contains(services, svc) {
			services = append(services, svc)
		}
	}
	ev := []Evidence{logFact(sig, m)}
	if len(names) > 0 {
		parts := make([]string, 0, len(names))
		for _, o := range names {
			parts = append(parts, fmt.Sprintf("%s × %d", o, ops[o]))
		}
		ev = append(ev, Evidence{Source: srcLogs, Fact: "throttled operations: " + strings.Join(parts, ", ")})
	}
	v := Verdict{Evidence: ev}
	what := "an AWS API"
	if len(names) > 0 {
		what = strings.Join(names, ", ")
	}
	if spent.Count > 0 {
		v.Outcome = ConfirmedOutcome
		v.Summary = fmt.Sprintf("%s is throttled on %s and its SDK retries run out (%d log lines), so invocations fail.", name, what, spent.Count)
	} else {
		v.Outcome = LikelyOutcome
		v.Summary = fmt.Sprintf("%s is throttled on %s (%d log lines); the logs do not show whether the retries ran out.", name, what, m.Count)
		v.Missing = []string{fmt.Sprintf("%s.json (the failed invocations' errors)", srcLogs)}
	}
	v.Fix = Fix{Summary: "Call the API less and back off: cache values across invocations (outside the handler, with a TTL), batch reads (GetParameters, BatchGetSecretValue), and use exponential backoff with jitter."}
	if contains(services, "ssm") || contains(services, "secretsmanager") {
		v.Fix.Summary += " For parameters and secrets, the AWS Parameters and Secrets Lambda Extension caches them for the function."
		layers := []string{fmt.Sprintf("arn:aws:lambda:%s:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension:<version>", region)}
		if fn, err := in.Function(ctx); err == nil {
			for _, l := range fn.Layers {
				layers = append([]string{deref(l.Arn)}, layers...)
			}
		}
		v.Fix.CLI = []string{fmt.Sprintf("aws lambda update-function-configuration --function-name %s --layers %s --region %s  # --layers replaces the list: keep the existing ones", name, strings.Join(layers, " "), region)}
		v.Fix.CloudFormation = functionCFN(name, "Layers:\n  - !Sub arn:aws:lambda:${AWS::Region}:177933569100:layer:AWS-Parameters-and-Secrets-Lambda-Extension:<version>")
	}
	for _, svc := range services {
		v.Fix.CLI = append(v.Fix.CLI, fmt.Sprintf("aws service-quotas list-service-quotas --service-code %s --region %s  # the request-rate quotas to raise if caching is not enough", svc, region))
	}
	v.Impact = Impact{Summary: "No charge for caching and backoff; the extension layer is free, its memory comes from the function's."}
	return v
}
