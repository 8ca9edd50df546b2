package iac

import "github.com/attestdev/attest/shared/finding"

func lambdaDLQCheck() Rule {
	return newRule(finding.Rule{
		ID:    "lambda-dlq-check",
		Title: "Lambda function keeps the events it fails to process",
		Description: "Lambda retries an asynchronous event twice and then discards it unless the function has a " +
			"dead-letter queue or an on-failure destination. Without either, an event from S3, SNS, EventBridge " +
			"or an asynchronous caller that keeps failing is lost without a trace, and cannot be replayed.",
		Remediation: "Send failed events to a queue, with a dead-letter queue or an on-failure destination:\n\n" +
			"  Function:\n" +
			"    Type: AWS::Lambda::Function\n" +
			"    Properties:\n" +
			"      DeadLetterConfig:\n" +
			"        TargetArn: !GetAtt FailedEvents.Arn\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/lambda-dlq-check.html",
		Level:       finding.LevelWarning,
		Confidence:  "medium",
		Class:       "iac",
		ConfigRule:  "lambda-dlq-check",
		Controls:    []string{"SOC2/A1.2"},
		CWE:         []int{754},
		Permissions: []string{"lambda:GetFunctionConfiguration", "lambda:GetFunctionEventInvokeConfig"},
	}, TypeLambdaFunction, func(f *LambdaFunction) Result {
		dlq, dest := f.DeadLetterTarget, f.OnFailureDestination
		switch {
		case dlq.State == Set:
			return Pass("failed asynchronous events go to dead-letter target %s", dlq.Value)
		case dest.State == Set:
			return Pass("failed asynchronous events go to on-failure destination %s", dest.Value)
		case dlq.State == Unknown:
			return NotAssessedAt(dlq.Line, "%s", dlq.Why)
		case dest.State == Unknown:
			return NotAssessedAt(dest.Line, "the function has no dead-letter queue, and %s", dest.Why)
		}
		return Fail(lineOr(dlq.Line, f.Line), "the function has neither a DeadLetterConfig nor an on-failure destination, "+
			"so asynchronous events that keep failing are discarded")
	})
}
