package explain

import (
	"context"
	"fmt"
	"strings"

	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
)

// functionStateRule: a function whose State is Pending, Inactive or Failed, or whose last update failed,
// cannot run the code the alarm expected.
func functionStateRule() Rule {
	return Rule{
		ID:          "function-inactive-or-failed",
		Title:       "Function is not active or its last update failed",
		AppliesTo:   isLambdaFunction,
		Needs:       []string{"lambda.get-function-configuration.<function>.json", "logs.filter-log-events.json"},
		Permissions: []string{"lambda:GetFunctionConfiguration", "logs:FilterLogEvents"},
		Diagnose:    diagnoseFunctionState,
	}
}

func diagnoseFunctionState(ctx context.Context, in *Input) Verdict {
	fn, err := in.Function(ctx)
	if err != nil {
		return Verdict{Outcome: InconclusiveOutcome, Missing: []string{missingOf(err)},
			Summary: fmt.Sprintf("The state of function %s is unknown.", in.Resource.ID)}
	}
	name := in.Resource.ID
	state, update := string(fn.State), string(fn.LastUpdateStatus)
	if state == "" {
		// list-functions omits State; only get-function-configuration has it.
		return Verdict{Outcome: InconclusiveOutcome,
			Summary: fmt.Sprintf("The configuration of %s does not include its State.", name),
			Missing: []string{fmt.Sprintf("lambda.get-function-configuration.%s.json", name)}}
	}
	bad := state != string(lambdatypes.StateActive) || strings.EqualFold(update, string(lambdatypes.LastUpdateStatusFailed))
	fact := fmt.Sprintf("%s: State %s, LastUpdateStatus %s", name, state, orDash(update))
	if r := deref(fn.StateReason); r != "" {
		fact += fmt.Sprintf(", StateReason %q", r)
	}
	if c := string(fn.StateReasonCode); c != "" {
		fact += ", StateReasonCode " + c
	}
	if r := deref(fn.LastUpdateStatusReason); r != "" && bad {
		fact += fmt.Sprintf(", LastUpdateStatusReason %q", r)
	}
	ev := []Evidence{{Source: srcFunction, Fact: fact}}
	if !bad {
		return Verdict{Outcome: RuledOutcome, Evidence: ev,
			Why: fmt.Sprintf("%s is %s and its last update %s", name, state, orDash(strings.ToLower(update)))}
	}
	v := Verdict{Outcome: LikelyOutcome, Evidence: ev,
		Summary: fmt.Sprintf("%s is in state %s (last update %s), so invocations fail until the cause the state reason names is fixed.", name, state, orDash(update))}
	sig := in.Signals(ctx)
	if m := sig.find("ResourceConflictException", "The operation cannot be performed at this time"); m.Count > 0 {
		v.Outcome = ConfirmedOutcome
		v.Evidence = append(v.Evidence, Evidence{Source: srcLogs, Fact: fmt.Sprintf("%d × %q", m.Count, m.First)})
	} else if !sig.LogsKnown() {
		v.Missing = append(v.Missing, missingOf(sig.LogsErr))
	}
	v.Fix = Fix{
		Summary: fmt.Sprintf("Fix what StateReasonCode %s names, then redeploy %s; check the reason with the command below.", orDash(string(fn.StateReasonCode)), name),
		CLI: []string{fmt.Sprintf("aws lambda get-function-configuration --function-name %s --region %s --query '{State:State,Reason:StateReason,Code:StateReasonCode,Update:LastUpdateStatusReason}'",
			name, in.Alarm.Region)},
	}
	v.Impact = Impact{Summary: "No charge: the fix is a configuration change."}
	return v
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
