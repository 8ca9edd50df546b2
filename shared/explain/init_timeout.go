package explain

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// initTimeoutRule: initialisation (the code outside the handler, extensions, the runtime) must finish within
// Lambda's 10 s init budget; a cold start that overruns it fails the invocation, and the next one starts
// cold again.
func initTimeoutRule() Rule {
	return Rule{
		ID:          "init-timeout",
		Title:       "Function initialisation exceeds Lambda's init budget",
		AppliesTo:   isLambdaFailureAlarm,
		Needs:       []string{"logs.filter-log-events.json", "lambda.get-function-configuration.<function>.json"},
		Permissions: []string{"logs:FilterLogEvents", "lambda:GetFunctionConfiguration"},
		Diagnose:    diagnoseInitTimeout,
	}
}

// INIT_REPORT Init Duration: 9999.67 ms Phase: init Status: timeout
var initDuration = regexp.MustCompile(`Init Duration: (\d{1,9}(?:\.\d+)?) ms`)

func isInitTimeout(msg string) bool {
	return strings.Contains(msg, "INIT_REPORT") && strings.Contains(msg, "Status: timeout")
}

// maxInitDuration returns the longest Init Duration in the logs (REPORT lines of cold starts and INIT_REPORT).
func maxInitDuration(sig *Signals) (float64, bool) {
	best, found := 0.0, false
	for _, e := range sig.Logs {
		if e.Message == nil {
			continue
		}
		if m := initDuration.FindStringSubmatch(*e.Message); m != nil {
			if v, err := strconv.ParseFloat(m[1], 64); err == nil && (!found || v > best) {
				best, found = v, true
			}
		}
	}
	return best, found
}

func diagnoseInitTimeout(ctx context.Context, in *Input) Verdict {
	sig := in.Signals(ctx)
	name := in.Resource.ID
	if !sig.LogsKnown() {
		return logsUnknown(in, sig, "its initialisation timed out")
	}
	if len(sig.Logs) == 0 {
		return logsEmpty(in, sig, "its initialisation timed out")
	}
	timeouts := sig.findFunc(isInitTimeout)
	sandbox := sig.find("Sandbox.Timedout")
	peak, hasPeak := maxInitDuration(sig)
	if timeouts.Count == 0 {
		why := fmt.Sprintf("no INIT_REPORT with Status: timeout in %d log events of %s", len(sig.Logs), sig.LogGroup)
		if hasPeak {
			why += fmt.Sprintf("; the longest Init Duration was %s", fmtMS(peak))
		}
		return Verdict{Outcome: RuledOutcome, Why: why}
	}
	ev := []Evidence{logFact(sig, timeouts)}
	if sandbox.Count > 0 {
		ev = append(ev, logFact(sig, sandbox))
	}
	v := Verdict{Evidence: ev, Outcome: ConfirmedOutcome}
	fn, err := in.Function(ctx)
	var size int32
	if err != nil {
		v.Outcome = LikelyOutcome
		v.Missing = []string{missingOf(err)}
	} else {
		size = deref32(fn.MemorySize)
		fact := fmt.Sprintf("%s: MemorySize %d MB, runtime %s, %d layers", name, size, orDash(string(fn.Runtime)), len(fn.Layers))
		if fn.SnapStart != nil && fn.SnapStart.ApplyOn == lambdatypes.SnapStartApplyOnPublishedVersions {
			fact += ", SnapStart on published versions"
		}
		v.Evidence = append(v.Evidence, Evidence{Source: srcFunction, Fact: fact})
	}
	v.Summary = fmt.Sprintf("%s's initialisation does not finish within Lambda's 10 s init budget (%d × INIT_REPORT … Status: timeout", name, timeouts.Count)
	if hasPeak {
		v.Summary += fmt.Sprintf(", Init Duration up to %s", fmtMS(peak))
	}
	v.Summary += "), so cold starts fail before the handler runs."
	v.Fix, v.Impact = initTimeoutFix(ctx, in, fn, size, readReports(sig))
	return v
}

// snapStartRuntime reports whether SnapStart supports the runtime (Java 11+, Python 3.12+, .NET 8+).
func snapStartRuntime(rt string) bool {
	switch {
	case strings.HasPrefix(rt, "java") && rt != "java8" && rt != "java8.al2":
		return true
	case strings.HasPrefix(rt, "python3."):
		minor, err := strconv.Atoi(strings.TrimPrefix(rt, "python3."))
		return err == nil && minor >= 12
	case strings.HasPrefix(rt, "dotnet"):
		major, err := strconv.Atoi(strings.TrimPrefix(rt, "dotnet"))
		return err == nil && major >= 8
	}
	return false
}

func initTimeoutFix(ctx context.Context, in *Input, fn *lambdatypes.FunctionConfiguration, size int32, rep reportStats) (Fix, Impact) {
	name, region := in.Resource.ID, in.Alarm.Region
	fx := Fix{Summary: "Move work out of initialisation (create clients lazily, load large files on first use, trim dependencies)."}
	im := Impact{Summary: "No charge for the code change."}
	var props []string
	if next := nextMemory(size); next > size {
		fx.Summary += fmt.Sprintf(" Raise memory from %d MB to %d MB: initialisation gets CPU in proportion to memory.", size, next)
		fx.CLI = append(fx.CLI, fmt.Sprintf("aws lambda update-function-configuration --function-name %s --memory-size %d --region %s", name, next, region))
		props = append(props, fmt.Sprintf("MemorySize: %d  # was %d", next, size))
		im = memoryImpact(ctx, in, fn, size, next, rep)
	}
	if fn != nil && snapStartRuntime(string(fn.Runtime)) {
		fx.Summary += fmt.Sprintf(" %s supports SnapStart: published versions then restore from a snapshot instead of initialising.", fn.Runtime)
		fx.CLI = append(fx.CLI,
			fmt.Sprintf("aws lambda update-function-configuration --function-name %s --snap-start ApplyOn=PublishedVersions --region %s", name, region),
			fmt.Sprintf("aws lambda publish-version --function-name %s --region %s", name, region))
		props = append(props, "SnapStart:\n  ApplyOn: PublishedVersions")
	} else {
		fx.Summary += " Provisioned concurrency on the invoked alias keeps initialised environments ready."
	}
	if len(props) > 0 {
		fx.CloudFormation = functionCFN(name, props...)
	}
	return fx, im
}
