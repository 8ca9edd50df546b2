package iac

import "github.com/attestdev/attest/shared/finding"

func lambdaConcurrencyCheck() Rule {
	return newRule(finding.Rule{
		ID:    "lambda-concurrency-check",
		Title: "Lambda function reserves its concurrency",
		Description: "Reserved concurrency caps how many instances of the function run at once and guarantees it " +
			"that many. Without it, one function in a burst can take the account's whole concurrency and throttle " +
			"every other function, and can overwhelm a database downstream. It is reported as a note, since a cap " +
			"is a capacity decision; an organisation that requires one makes the rule block in its policy.",
		Remediation: "Reserve concurrency sized for the function's downstream capacity:\n\n" +
			"  Function:\n" +
			"    Type: AWS::Lambda::Function\n" +
			"    Properties:\n" +
			"      ReservedConcurrentExecutions: 50\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/lambda-concurrency-check.html",
		Level:       finding.LevelNote,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "lambda-concurrency-check",
		Controls:    []string{"SOC2/A1.2"},
		CWE:         []int{770},
		Permissions: []string{"lambda:GetFunctionConcurrency"},
	}, TypeLambdaFunction, func(f *LambdaFunction) Result {
		c := f.ReservedConcurrency
		switch {
		case c.State == Unknown:
			return NotAssessedAt(c.Line, "%s", c.Why)
		case c.State == Absent:
			return Fail(lineOr(c.Line, f.Line), "ReservedConcurrentExecutions is not set, so the function shares the account's unreserved concurrency")
		}
		return Pass("ReservedConcurrentExecutions is %d", c.Value)
	})
}
