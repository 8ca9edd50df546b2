package explain

import (
	"fmt"
	"strings"

	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// isLambdaFailureAlarm reports whether the alarm watches a Lambda function's failures: Errors, Duration or
// Timeouts, the metrics a crashing, hanging or killed function moves.
func isLambdaFailureAlarm(a Alarm, r Resource) bool {
	if !isLambdaFunction(a, r) {
		return false
	}
	for _, m := range a.Metrics {
		if m.Namespace != "AWS/Lambda" {
			continue
		}
		switch m.Name {
		case "Errors", "Duration", "Timeouts":
			return true
		}
	}
	return false
}

// logsUnknown is the verdict of a rule whose only signal is the logs when they could not be read.
func logsUnknown(in *Input, sig *Signals, what string) Verdict {
	return Verdict{Outcome: InconclusiveOutcome, Missing: []string{missingOf(sig.LogsErr)},
		Summary: fmt.Sprintf("The logs of %s could not be read, so whether %s is unknown.", in.Resource.ID, what)}
}

// logsEmpty is the verdict of a log-signal rule when the log group answered with no events around an alarm
// that says something failed: the capture (group, window) is more likely wrong than the function silent,
// so absence of a signal rules nothing out.
func logsEmpty(in *Input, sig *Signals, what string) Verdict {
	return Verdict{Outcome: InconclusiveOutcome,
		Missing: []string{fmt.Sprintf("%s.json (no events of %s between %s and %s)", srcLogs, sig.LogGroup, fmtTime(sig.Start), fmtTime(sig.End))},
		Summary: fmt.Sprintf("The logs of %s hold no events around the alarm, so whether %s is unknown.", in.Resource.ID, what)}
}

// logFact describes matched log lines as evidence.
func logFact(sig *Signals, m Match) Evidence {
	return Evidence{Source: srcLogs, Fact: fmt.Sprintf("%s: %d × %q, first at %s", sig.LogGroup, m.Count, stripLogPrefix(m.First), fmtTime(m.At))}
}

// functionCFN is a CloudFormation snippet setting properties of the function, under a logical ID derived
// from its name (the template's own ID may differ; the comment says so).
func functionCFN(name string, props ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%sFunction:  # the logical ID of %s in its template\n  Type: AWS::Lambda::Function\n  Properties:\n", logicalPrefix(name), name)
	for _, p := range props {
		for _, line := range strings.Split(p, "\n") {
			b.WriteString("    " + line + "\n")
		}
	}
	return b.String()
}

// architecture returns the function's instruction set, x86_64 when it does not say.
func architecture(fn *lambdatypes.FunctionConfiguration) string {
	if fn != nil && len(fn.Architectures) > 0 && fn.Architectures[0] == lambdatypes.ArchitectureArm64 {
		return "arm64"
	}
	return "x86_64"
}
