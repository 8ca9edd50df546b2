package explain

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

const srcStateMachine = "stepfunctions.describe-state-machine"

// statesMetrics are the Step Functions execution metrics explained through the state machine's tasks.
var statesMetrics = map[string]bool{"ExecutionsFailed": true, "ExecutionsTimedOut": true, "ExecutionsAborted": true}

// isStatesAlarm reports whether the alarm watches a state machine's failed or timed-out executions.
func isStatesAlarm(a Alarm) bool {
	for _, m := range a.Metrics {
		if m.Namespace == "AWS/States" && statesMetrics[m.Name] && m.Dimensions["StateMachineArn"] != "" {
			return true
		}
	}
	return false
}

// explainStateMachine explains failed or timed-out executions through the Lambda functions the state
// machine's task states invoke: an execution fails when a task fails without a Catch, and a Lambda task
// fails for the reasons the function rules know. Each function is explained as its Errors alarm would be
// at the alarm's time (a Lambda timeout counts among Errors too); the strongest answer stands, the others
// are listed.
func (x *Explainer) explainStateMachine(ctx context.Context, a Alarm, depth int) (*Explanation, error) {
	var metric Metric
	for _, m := range a.Metrics {
		if m.Namespace == "AWS/States" && statesMetrics[m.Name] {
			metric = m
			break
		}
	}
	arn := metric.Dimensions["StateMachineArn"]
	name := arn[strings.LastIndex(arn, ":")+1:]
	file := fmt.Sprintf("%s.%s.json", srcStateMachine, name)
	self := alarmRef(a)
	res := Resource{Type: "AWS::StepFunctions::StateMachine", ID: arn}
	undecided := func(summary string, ev []Evidence, missing ...string) *Explanation {
		return &Explanation{Alarm: self, Resource: res, Evidence: ev, MissingContext: appendUnique(nil, missing...),
			RootCause: RootCause{ID: UnknownCause, Title: "Step Functions executions " + strings.TrimPrefix(metric.Name, "Executions"),
				Confidence: Inconclusive, Summary: summary},
			Fix:    Fix{Summary: "Find the failing state in the execution history (aws stepfunctions get-execution-history) and explain its task."},
			Impact: Impact{Summary: "Not assessed: no root cause."}}
	}
	reader, ok := x.Context.(StateMachineReader)
	if !ok {
		return undecided(fmt.Sprintf("The definition of state machine %s is not in the context, so its tasks are unknown.", name), nil, file), nil
	}
	out, err := reader.StateMachine(ctx, arn)
	if err != nil {
		if IsUnknown(err) {
			return undecided(fmt.Sprintf("The definition of state machine %s could not be read, so its tasks are unknown.", name), nil, missingOf(err)), nil
		}
		return nil, fmt.Errorf("read state machine %s: %w", name, err)
	}
	tasks, dynamic, err := lambdaTasks(deref(out.Definition))
	if err != nil {
		return undecided(fmt.Sprintf("The definition of state machine %s does not parse: %v.", name, err), nil), nil
	}
	fns := make([]string, 0, len(tasks))
	for fn := range tasks {
		fns = append(fns, fn)
	}
	sort.Strings(fns)
	var ev []Evidence
	if len(fns) > 0 {
		var parts []string
		for _, fn := range fns {
			parts = append(parts, fmt.Sprintf("%s (state %s)", fn, strings.Join(tasks[fn], ", ")))
		}
		ev = append(ev, Evidence{Source: srcStateMachine, Fact: fmt.Sprintf("state machine %s invokes Lambda function %s", name, strings.Join(parts, "; "))})
	}
	if len(dynamic) > 0 {
		ev = append(ev, Evidence{Source: srcStateMachine, Fact: fmt.Sprintf("task state %s chooses its function at run time (FunctionName.$)", strings.Join(dynamic, ", "))})
	}
	if len(fns) == 0 {
		return undecided(fmt.Sprintf("State machine %s invokes no Lambda function Attest can name; its failures come from other tasks or from the workflow itself.", name), ev), nil
	}

	type result struct {
		fn  string
		exp *Explanation
	}
	var results []result
	for _, fn := range fns {
		m := Metric{ID: "m1", Namespace: "AWS/Lambda", Name: "Errors", Dimensions: map[string]string{"FunctionName": fn}, Stat: "Sum", Period: metric.Period}
		fa := Alarm{Name: a.Name, ARN: a.ARN, Region: a.Region, Account: a.Account, Time: a.Time, State: a.State, Reason: a.Reason,
			Period: a.Period, Metrics: []Metric{m}}
		fexp, err := x.explain(ctx, fa, depth+1)
		if err != nil {
			return nil, fmt.Errorf("explain task function %s of %s: %w", fn, name, err)
		}
		results = append(results, result{fn, fexp})
	}
	sort.SliceStable(results, func(i, j int) bool { return causeRank(results[i].exp.RootCause) > causeRank(results[j].exp.RootCause) })
	best := results[0]
	for _, r := range results[1:] {
		ev = append(ev, Evidence{Source: srcStateMachine, Fact: fmt.Sprintf("task function %s was also checked: %s (%s)", r.fn, r.exp.RootCause.ID, r.exp.RootCause.Confidence)})
	}
	if best.exp.RootCause.ID == UnknownCause {
		exp := undecided(fmt.Sprintf("None of the task functions of %s (%s) shows a known cause of failure.", name, strings.Join(fns, ", ")), ev)
		for _, r := range results {
			exp.MissingContext = appendUnique(exp.MissingContext, r.exp.MissingContext...)
		}
		return exp, nil
	}
	exp := *best.exp
	exp.Alarm = self
	exp.Evidence = appendEvidence(ev, best.exp.Evidence...)
	exp.RootCause.Summary = fmt.Sprintf("Executions of state machine %s %s because its task function %s fails: %s",
		name, strings.ToLower(strings.TrimPrefix(metric.Name, "Executions")), best.fn, best.exp.RootCause.Summary)
	return &exp, nil
}

// lambdaTasks lists the Lambda functions a state machine's task states invoke, by function name, with the
// states that invoke each; dynamic lists the task states whose function is chosen at run time. It walks
// nested states: Parallel branches and Map item processors.
func lambdaTasks(definition string) (map[string][]string, []string, error) {
	var def asl
	if err := json.Unmarshal([]byte(definition), &def); err != nil {
		return nil, nil, err
	}
	tasks := map[string][]string{}
	var dynamic []string
	var walk func(states map[string]aslState, depth int)
	walk = func(states map[string]aslState, depth int) {
		if depth > 16 { // a definition nests far less; a hostile one must not recurse forever
			return
		}
		names := make([]string, 0, len(states))
		for n := range states {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			s := states[n]
			if s.Type == "Task" {
				switch fn, dyn := lambdaOf(s); {
				case fn != "":
					tasks[fn] = append(tasks[fn], n)
				case dyn:
					dynamic = append(dynamic, n)
				}
			}
			for _, b := range s.Branches {
				walk(b.States, depth+1)
			}
			if s.ItemProcessor != nil {
				walk(s.ItemProcessor.States, depth+1)
			}
			if s.Iterator != nil {
				walk(s.Iterator.States, depth+1)
			}
		}
	}
	walk(def.States, 0)
	for _, states := range tasks {
		sort.Strings(states)
	}
	sort.Strings(dynamic)
	return tasks, dynamic, nil
}

// asl is the part of an Amazon States Language definition that names task resources.
type asl struct {
	States map[string]aslState `json:"States"`
}

type aslState struct {
	Type          string         `json:"Type"`
	Resource      string         `json:"Resource"`
	Parameters    map[string]any `json:"Parameters"`
	Arguments     map[string]any `json:"Arguments"`
	Branches      []asl          `json:"Branches"`
	ItemProcessor *asl           `json:"ItemProcessor"`
	Iterator      *asl           `json:"Iterator"`
}

// lambdaOf names the function a task invokes: a function ARN as the Resource, or the lambda:invoke
// integration with its FunctionName (name, ARN, or ARN with a version or alias). dynamic is true when the
// function is chosen at run time.
func lambdaOf(s aslState) (fn string, dynamic bool) {
	r := s.Resource
	if strings.HasPrefix(r, "arn:") && strings.Contains(r, ":lambda:") && strings.Contains(r, ":function:") {
		return functionName(r), false
	}
	if !strings.Contains(r, ":states:::lambda:invoke") {
		return "", false
	}
	for _, args := range []map[string]any{s.Parameters, s.Arguments} {
		if v, ok := args["FunctionName"].(string); ok {
			if strings.HasPrefix(v, "{%") { // JSONata expression
				return "", true
			}
			return functionName(v), false
		}
		if _, ok := args["FunctionName.$"]; ok {
			return "", true
		}
	}
	return "", false
}

// functionName turns a function name or ARN (with an optional version or alias) into the name.
func functionName(v string) string {
	if i := strings.Index(v, ":function:"); i >= 0 {
		v = v[i+len(":function:"):]
	}
	if i := strings.IndexByte(v, ':'); i >= 0 {
		v = v[:i]
	}
	return v
}
