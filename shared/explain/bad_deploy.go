package explain

import (
	"context"
	"fmt"
	"strings"
)

// badDeployRule: a deployment that ships a package without the handler's module, a wrong handler setting
// or a broken entrypoint makes every invocation fail at start-up, right after the deploy.
func badDeployRule() Rule {
	return Rule{
		ID:        "bad-deploy",
		Title:     "A deployment broke the function's package or handler",
		AppliesTo: isLambdaFailureAlarm,
		Needs: []string{"logs.filter-log-events.json", "cloudtrail.lookup-events.json",
			"lambda.get-function-configuration.<function>.json"},
		Permissions: []string{"logs:FilterLogEvents", "cloudtrail:LookupEvents", "lambda:GetFunctionConfiguration"},
		Diagnose:    diagnoseBadDeploy,
	}
}

// The error types the Lambda runtimes report for a package or handler that cannot start.
var badDeployErrors = []string{
	"Runtime.ImportModuleError", "Runtime.HandlerNotFound", "Runtime.InvalidEntrypoint", "Runtime.UserCodeSyntaxError",
}

// deployEvent reports whether a CloudTrail event changed what the function runs: its code, its handler,
// runtime or layers, or the version an alias points to.
func deployEvent(name string, keys []string) bool {
	switch {
	case strings.HasPrefix(name, "UpdateFunctionCode"), strings.HasPrefix(name, "UpdateAlias"):
		return true
	case strings.HasPrefix(name, "UpdateFunctionConfiguration"):
		for _, k := range keys {
			switch k {
			case "handler", "runtime", "layers", "imageConfig":
				return true
			}
		}
	}
	return false
}

func diagnoseBadDeploy(ctx context.Context, in *Input) Verdict {
	sig := in.Signals(ctx)
	name := in.Resource.ID
	if !sig.LogsKnown() {
		return logsUnknown(in, sig, "its package fails to load")
	}
	if len(sig.Logs) == 0 {
		return logsEmpty(in, sig, "its package fails to load")
	}
	m := sig.find(badDeployErrors...)
	if m.Count == 0 {
		return Verdict{Outcome: RuledOutcome,
			Why: fmt.Sprintf("no %s in %d log events of %s", strings.Join(badDeployErrors, ", "), len(sig.Logs), sig.LogGroup)}
	}
	errType := ""
	for _, e := range badDeployErrors {
		if strings.Contains(m.First, e) {
			errType = e
			break
		}
	}
	ev := []Evidence{logFact(sig, m)}
	var missing []string

	// The deploy: CloudTrail first, the function's LastModified as a second witness.
	start, end := in.Alarm.Time.Add(-changeWindow), in.Alarm.Time.Add(windowAfter)
	deployed := ""
	events, terr := in.Context.TrailEvents(ctx, TrailQuery{Start: start, End: end, ResourceName: name})
	if terr != nil {
		missing = append(missing, missingOf(terr))
	} else {
		for _, e := range events {
			if e.EventTime == nil || e.EventTime.Before(start) || e.EventTime.After(end) || !trailEventAbout(e.Resources, e.CloudTrailEvent, name) {
				continue
			}
			if !deployEvent(deref(e.EventName), trailChangedKeys(e.CloudTrailEvent)) {
				continue
			}
			who := deref(e.Username)
			if who == "" {
				who = trailActor(e.CloudTrailEvent)
			}
			deployed = fmt.Sprintf("%s on %s at %s by %s", deref(e.EventName), name, fmtTime(*e.EventTime), orDash(who))
			ev = append(ev, Evidence{Source: srcTrail, Fact: deployed})
		}
	}
	fn, ferr := in.Function(ctx)
	handler := ""
	if ferr != nil {
		missing = append(missing, missingOf(ferr))
	} else {
		handler = deref(fn.Handler)
		fact := fmt.Sprintf("%s: handler %s, runtime %s, CodeSha256 %s, LastModified %s", name, orDash(handler), orDash(string(fn.Runtime)), orDash(deref(fn.CodeSha256)), orDash(deref(fn.LastModified)))
		ev = append(ev, Evidence{Source: srcFunction, Fact: fact})
		if t, ok := parseLambdaTime(deref(fn.LastModified)); ok && !t.Before(start) && !t.After(end) && deployed == "" {
			deployed = fmt.Sprintf("%s was last modified at %s", name, fmtTime(t))
		}
	}

	v := Verdict{Evidence: ev, Missing: missing}
	switch {
	case deployed != "":
		v.Outcome = ConfirmedOutcome
		v.Missing = nil
		v.Summary = fmt.Sprintf("%s fails to start with %s (%d log lines) after a deploy: %s. The deployed package or handler setting is broken.", name, errType, m.Count, deployed)
	case terr != nil:
		v.Outcome = LikelyOutcome
		v.Summary = fmt.Sprintf("%s fails to start with %s (%d log lines), the error of a broken package or handler; the deploy that caused it could not be looked up.", name, errType, m.Count)
	default:
		v.Outcome, v.Indicated = InconclusiveOutcome, true
		v.Summary = fmt.Sprintf("%s fails to start with %s (%d log lines), but nothing changed its code or handler in the %s before the alarm: the package may have been broken earlier and only now invoked.", name, errType, m.Count, changeWindow)
		v.Missing = append(v.Missing, fmt.Sprintf("%s.json covering the deploy before %s", srcTrail, fmtTime(start)))
	}
	region := in.Alarm.Region
	v.Fix = Fix{
		Summary: fmt.Sprintf("Roll the alias back to the previous version, then fix the build: %s", badDeployAdvice(errType, handler)),
		CLI: []string{
			fmt.Sprintf("aws lambda list-versions-by-function --function-name %s --region %s --query 'Versions[?Version!=`$LATEST`].[Version,LastModified,CodeSha256]' --output table", name, region),
			fmt.Sprintf("aws lambda update-alias --function-name %s --name <alias> --function-version <previous-version> --region %s", name, region),
		},
	}
	if handler != "" {
		v.Fix.CloudFormation = functionCFN(name, fmt.Sprintf("Handler: %s  # must name a module and function present in the package", handler))
	}
	v.Impact = Impact{Summary: "No charge: a rollback and a corrected build."}
	return v
}

func badDeployAdvice(errType, handler string) string {
	h := ""
	if handler != "" {
		h = fmt.Sprintf(" (handler %s)", handler)
	}
	switch errType {
	case "Runtime.ImportModuleError":
		return "the package lacks the handler's module or one of its dependencies" + h + "; build the dependencies into the zip or a layer for the function's runtime and architecture."
	case "Runtime.HandlerNotFound":
		return "the handler setting names a function the module does not define" + h + "; correct the Handler property or the exported name."
	case "Runtime.InvalidEntrypoint":
		return "the container image's ENTRYPOINT or CMD cannot start; check the image's entrypoint and that it is built for the function's architecture."
	case "Runtime.UserCodeSyntaxError":
		return "the deployed code does not parse for the function's runtime; run the build's tests against that runtime version."
	}
	return "the package cannot start."
}
