package statemachine

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/run"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// exampleARNs are the functions of the sample account.
func exampleARNs() Functions {
	f := Functions{}
	for _, s := range Steps() {
		f[s.Name] = "arn:aws:lambda:us-east-1:123456789012:function:attest-" + s.Name
	}
	return f
}

func build(t *testing.T) *Machine {
	t.Helper()
	m, err := Build(exampleARNs())
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	return m
}

func TestDefinitionGolden(t *testing.T) {
	got, err := Definition(exampleARNs())
	if err != nil {
		t.Fatalf("Definition: %v", err)
	}
	golden := filepath.Join("testdata", "definition.json")
	if *update {
		if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if !bytes.Equal(append(got, '\n'), want) {
		t.Errorf("definition differs from %s; run go test -update and review the diff", golden)
	}
}

func TestBuildRejectsBadFunctions(t *testing.T) {
	tests := []struct {
		name string
		edit func(Functions)
		want string
	}{
		{name: "missing step", edit: func(f Functions) { delete(f, "scan") }, want: "no function ARN for step(s) scan"},
		{name: "blank ARN", edit: func(f Functions) { f["notify"] = "  " }, want: "no function ARN for step(s) notify"},
		{name: "unknown step", edit: func(f Functions) { f["router"] = "arn:aws:lambda:us-east-1:123456789012:function:r" }, want: "unknown step(s) router"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := exampleARNs()
			tc.edit(f)
			_, err := Definition(f)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Definition error = %v; want one containing %q", err, tc.want)
			}
		})
	}
}

func TestPlaceholders(t *testing.T) {
	m, err := Build(Placeholders())
	if err != nil {
		t.Fatalf("Build(Placeholders()): %v", err)
	}
	for _, s := range Steps() {
		task, ok := findState(m.States, s.State)
		if !ok {
			t.Fatalf("no state %s", s.State)
		}
		if want := "${" + s.State + "FunctionArn}"; task.Resource != want {
			t.Errorf("%s Resource = %q; want %q", s.State, task.Resource, want)
		}
	}
}

// allStates walks the top level and every Parallel branch.
func allStates(states map[string]State, visit func(name string, s State)) {
	for name, s := range states {
		visit(name, s)
		for _, b := range s.Branches {
			allStates(b.States, visit)
		}
	}
}

func findState(states map[string]State, name string) (State, bool) {
	var found State
	var ok bool
	allStates(states, func(n string, s State) {
		if n == name {
			found, ok = s, true
		}
	})
	return found, ok
}

func TestEveryTaskRetriesAndCatches(t *testing.T) {
	m := build(t)
	arns := exampleARNs()
	tasks := 0
	allStates(m.States, func(name string, s State) {
		if s.Type != "Task" {
			return
		}
		tasks++
		t.Run(name, func(t *testing.T) {
			step, ok := stepByState(name)
			if !ok {
				t.Fatalf("task %s is not a known step", name)
			}
			if s.Resource != arns[step.Name] {
				t.Errorf("Resource = %q; want %q", s.Resource, arns[step.Name])
			}
			if s.TimeoutSeconds <= int(step.Timeout.Seconds()) {
				t.Errorf("TimeoutSeconds = %d; want more than the function timeout %v", s.TimeoutSeconds, step.Timeout)
			}
			if len(s.Retry) != 2 {
				t.Fatalf("got %d retriers; want 2", len(s.Retry))
			}
			svc := s.Retry[0]
			if !slices.Equal(svc.ErrorEquals, LambdaServiceErrors) || svc.IntervalSeconds != 2 || svc.BackoffRate != 2 ||
				svc.MaxAttempts != 6 || svc.JitterStrategy != "FULL" {
				t.Errorf("service retrier = %+v; want Lambda service errors, 2 s, backoff 2, 6 attempts, FULL jitter", svc)
			}
			to := s.Retry[1]
			if !slices.Equal(to.ErrorEquals, []string{"States.Timeout"}) || to.MaxAttempts != 1 {
				t.Errorf("timeout retrier = %+v; want States.Timeout once", to)
			}
			if len(s.Catch) != 1 || !slices.Equal(s.Catch[0].ErrorEquals, []string{"States.ALL"}) || s.Catch[0].ResultPath != "$.error" {
				t.Errorf("Catch = %+v; want one States.ALL catcher into $.error", s.Catch)
			}
		})
	})
	if tasks != len(Steps()) {
		t.Errorf("got %d Task states; want %d, one per step", tasks, len(Steps()))
	}
}

func stepByState(state string) (Step, bool) {
	for _, s := range Steps() {
		if s.State == state {
			return s, true
		}
	}
	return Step{}, false
}

// TestGraph checks that every transition names an existing state of the same scope, every state is reachable
// and every branch ends.
func TestGraph(t *testing.T) {
	m := build(t)
	checkScope(t, "top level", m.StartAt, m.States)
}

func checkScope(t *testing.T, scope, start string, states map[string]State) {
	t.Helper()
	reached := map[string]bool{}
	var walk func(name string)
	walk = func(name string) {
		if reached[name] {
			return
		}
		s, ok := states[name]
		if !ok {
			t.Errorf("%s: transition to missing state %q", scope, name)
			return
		}
		reached[name] = true
		var next []string
		if s.Next != "" {
			next = append(next, s.Next)
		}
		for _, c := range s.Catch {
			next = append(next, c.Next)
		}
		for _, c := range s.Choices {
			next = append(next, c.Next)
		}
		if s.Default != "" {
			next = append(next, s.Default)
		}
		terminal := s.Type == "Fail" || s.Type == "Succeed" || s.End
		if !terminal && s.Next == "" && s.Type != "Choice" {
			t.Errorf("%s: state %s neither ends nor has Next", scope, name)
		}
		for i, b := range s.Branches {
			checkScope(t, fmt.Sprintf("%s/%s branch %d", scope, name, i), b.StartAt, b.States)
		}
		for _, n := range next {
			walk(n)
		}
	}
	walk(start)
	for name := range states {
		if !reached[name] {
			t.Errorf("%s: state %s is unreachable", scope, name)
		}
	}
}

func TestFlows(t *testing.T) {
	m := build(t)
	tests := []struct {
		name      string
		flow      any // nil: no flow in the state
		failAt    string
		wantEnd   string
		wantPath  []string // the top-level states visited, in order
		wantGapOf string   // the step that evidence must see as failed
		pr        bool     // the subject names a pull request
	}{
		{name: "push", flow: "push", wantEnd: DoneState,
			wantPath: []string{"Route", "Fetch", "ScanAndForecast", "Evidence", "IsPullRequest", "Notify", "Finished", "Done"}},
		{name: "alarm", flow: "alarm", wantEnd: DoneState,
			wantPath: []string{"Route", "Explain", "Evidence", "IsPullRequest", "Notify", "Finished", "Done"}},
		{name: "config", flow: "config", wantEnd: DoneState,
			wantPath: []string{"Route", "Evaluate", "Evidence", "IsPullRequest", "Notify", "Finished", "Done"}},
		{name: "push fetch fails", flow: "push", failAt: "Fetch", wantEnd: RunIncompleteState, wantGapOf: "fetch",
			wantPath: []string{"Route", "Fetch", "FetchFailed", "Evidence", "IsPullRequest", "Notify", "Finished", "RunIncomplete"}},
		{name: "push scan fails", flow: "push", failAt: "Scan", wantEnd: RunIncompleteState, wantGapOf: "scan",
			wantPath: []string{"Route", "Fetch", "ScanAndForecast", "Evidence", "IsPullRequest", "Notify", "Finished", "RunIncomplete"}},
		{name: "push forecast fails", flow: "push", failAt: "Forecast", wantEnd: RunIncompleteState, wantGapOf: "forecast",
			wantPath: []string{"Route", "Fetch", "ScanAndForecast", "Evidence", "IsPullRequest", "Notify", "Finished", "RunIncomplete"}},
		{name: "push parallel fails", flow: "push", failAt: "ScanAndForecast", wantEnd: RunIncompleteState, wantGapOf: ParallelFailedStep,
			wantPath: []string{"Route", "Fetch", "ScanAndForecast", "ScanAndForecastFailed", "Evidence", "IsPullRequest", "Notify", "Finished", "RunIncomplete"}},
		{name: "alarm explain fails", flow: "alarm", failAt: "Explain", wantEnd: RunIncompleteState, wantGapOf: "explain",
			wantPath: []string{"Route", "Explain", "ExplainFailed", "Evidence", "IsPullRequest", "Notify", "Finished", "RunIncomplete"}},
		{name: "config evaluate fails", flow: "config", failAt: "Evaluate", wantEnd: RunIncompleteState, wantGapOf: "evaluate",
			wantPath: []string{"Route", "Evaluate", "EvaluateFailed", "Evidence", "IsPullRequest", "Notify", "Finished", "RunIncomplete"}},
		{name: "evidence fails", flow: "alarm", failAt: "Evidence", wantEnd: EvidenceFailedState,
			wantPath: []string{"Route", "Explain", "Evidence", "EvidenceFailed"}},
		{name: "notify fails", flow: "config", failAt: "Notify", wantEnd: NotifyFailedState,
			wantPath: []string{"Route", "Evaluate", "Evidence", "IsPullRequest", "Notify", "NotifyFailed"}},
		{name: "pull request", flow: "push", pr: true, wantEnd: DoneState,
			wantPath: []string{"Route", "Fetch", "ScanAndForecast", "Evidence", "IsPullRequest", "Review", "Notify", "Finished", "Done"}},
		{name: "pull request review fails", flow: "push", pr: true, failAt: "Review", wantEnd: ReviewFailedState,
			wantPath: []string{"Route", "Fetch", "ScanAndForecast", "Evidence", "IsPullRequest", "Review", "ReviewFailed", "Notify", "Finished", "PullRequestNotReviewed"}},
		{name: "pull request scan fails", flow: "push", pr: true, failAt: "Scan", wantEnd: RunIncompleteState, wantGapOf: "scan",
			wantPath: []string{"Route", "Fetch", "ScanAndForecast", "Evidence", "IsPullRequest", "Review", "Notify", "Finished", "RunIncomplete"}},
		{name: "unknown flow", flow: "deploy", wantEnd: UnknownFlowState, wantPath: []string{"Route", "UnknownFlow"}},
		{name: "no flow", flow: nil, wantEnd: UnknownFlowState, wantPath: []string{"Route", "UnknownFlow"}},
		{name: "flow not a string", flow: 7, wantEnd: UnknownFlowState, wantPath: []string{"Route", "UnknownFlow"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := map[string]any{"runId": "r1", "eventKey": "runs/r1/event.json"}
			if tc.flow != nil {
				in["flow"] = tc.flow
			}
			if tc.pr {
				in["subject"] = map[string]any{"repository": "attest-sample", "pullRequestId": "42"}
			}
			sim := &simulator{failAt: tc.failAt}
			end, _, err := sim.run(m.StartAt, m.States, in, true)
			if err != nil {
				t.Fatalf("run: %v", err)
			}
			if end != tc.wantEnd {
				t.Errorf("ended in %s; want %s", end, tc.wantEnd)
			}
			if !slices.Equal(sim.path, tc.wantPath) {
				t.Errorf("path = %v; want %v", sim.path, tc.wantPath)
			}
			if tc.wantGapOf == "" {
				if sim.evidenceIn != nil && len(sim.evidenceIn.Merged().Gaps) != 0 {
					t.Errorf("evidence saw gaps %+v; want none", sim.evidenceIn.Merged().Gaps)
				}
				return
			}
			if sim.evidenceIn == nil {
				t.Fatal("evidence never ran")
			}
			gaps := sim.evidenceIn.Merged().Gaps
			if len(gaps) != 1 || gaps[0].Step != tc.wantGapOf || !strings.Contains(gaps[0].Reason, "States.TaskFailed") {
				t.Errorf("evidence saw gaps %+v; want one for %s with the caught error", gaps, tc.wantGapOf)
			}
		})
	}
}

// simulator runs a definition the way Step Functions does for the parts this package uses: JSONPath
// ResultPath on Task, Pass and Parallel, Catch, and Choice rules on top-level variables. A Task succeeds by
// recording a file in the state (the evidence step sets status from the merged gaps), or fails with
// States.TaskFailed when its name is failAt.
type simulator struct {
	failAt     string
	path       []string
	evidenceIn *run.State
}

var errFailed = errors.New("failed")

// run executes states from start; it returns the name of the terminal state, the output, and errFailed
// when the execution (or branch) fails.
func (s *simulator) run(start string, states map[string]State, data map[string]any, top bool) (string, map[string]any, error) {
	name := start
	for steps := 0; steps < 100; steps++ {
		st, ok := states[name]
		if !ok {
			return name, nil, fmt.Errorf("no state %q", name)
		}
		if top {
			s.path = append(s.path, name)
		}
		var (
			next   string
			stErr  map[string]any
			output = data
		)
		switch st.Type {
		case "Task":
			if name == s.failAt {
				stErr = map[string]any{"Error": "States.TaskFailed", "Cause": name + " broke"}
				break
			}
			out, err := s.task(name, data)
			if err != nil {
				return name, nil, err
			}
			output, next = out, st.Next
		case "Pass":
			out, err := setPath(data, st.ResultPath, st.Result)
			if err != nil {
				return name, nil, err
			}
			output, next = out, st.Next
		case "Parallel":
			if name == s.failAt {
				stErr = map[string]any{"Error": "States.TaskFailed", "Cause": name + " broke"}
				break
			}
			var results []any
			for _, b := range st.Branches {
				_, out, err := s.run(b.StartAt, b.States, clone(data), false)
				if err != nil {
					return name, nil, fmt.Errorf("branch %s: %w", b.StartAt, err)
				}
				results = append(results, out)
			}
			out, err := setPath(data, st.ResultPath, results)
			if err != nil {
				return name, nil, err
			}
			output, next = out, st.Next
		case "Choice":
			next = st.Default
			for _, r := range st.Choices {
				ok, err := eval(r, data)
				if err != nil {
					return name, nil, fmt.Errorf("choice %s: %w", name, err)
				}
				if ok {
					next = r.Next
					break
				}
			}
		case "Succeed":
			return name, data, nil
		case "Fail":
			return name, data, errFailedIfBranch(top)
		default:
			return name, nil, fmt.Errorf("state %s: unsupported type %s", name, st.Type)
		}
		if stErr != nil {
			if len(st.Catch) == 0 {
				return name, nil, fmt.Errorf("state %s failed uncaught", name)
			}
			out, err := setPath(data, st.Catch[0].ResultPath, stErr)
			if err != nil {
				return name, nil, err
			}
			output, next = out, st.Catch[0].Next
		}
		if st.End && stErr == nil || next == "" {
			return name, output, nil
		}
		data, name = output, next
	}
	return name, nil, errors.New("too many transitions")
}

func errFailedIfBranch(top bool) error {
	if top {
		return nil // the caller inspects the terminal state's name
	}
	return errFailed
}

// task stands in for a step function: it decodes the run.State the way a handler does and returns it with one
// more file (evidence instead sets the status from the merged gaps, as the real step does).
func (s *simulator) task(name string, data map[string]any) (map[string]any, error) {
	b, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	var st run.State
	if err := json.Unmarshal(b, &st); err != nil {
		return nil, fmt.Errorf("%s: decode state: %w", name, err)
	}
	if name == Evidence.State {
		in := st
		s.evidenceIn = &in
		st = st.Merged()
		st.Status = "complete"
		if len(st.Gaps) > 0 {
			st.Status = "incomplete"
		}
	} else {
		st.AddFile(strings.ToLower(name)+".json", st.Key(strings.ToLower(name)+".json"))
	}
	b, err = json.Marshal(st)
	if err != nil {
		return nil, err
	}
	var out map[string]any
	return out, json.Unmarshal(b, &out)
}

func setPath(data map[string]any, path string, v any) (map[string]any, error) {
	field, ok := strings.CutPrefix(path, "$.")
	if !ok || field == "" || strings.ContainsAny(field, ".[") {
		return nil, fmt.Errorf("unsupported ResultPath %q", path)
	}
	out := clone(data)
	out[field] = v
	return out, nil
}

func clone(m map[string]any) map[string]any {
	b, _ := json.Marshal(m)
	var out map[string]any
	_ = json.Unmarshal(b, &out)
	return out
}

// eval applies a choice rule. As in Step Functions, comparing a variable that is not present is an error.
func eval(r ChoiceRule, data map[string]any) (bool, error) {
	if len(r.And) > 0 {
		for _, sub := range r.And {
			ok, err := eval(sub, data)
			if err != nil || !ok {
				return false, err
			}
		}
		return true, nil
	}
	field, ok := strings.CutPrefix(r.Variable, "$.")
	if !ok {
		return false, fmt.Errorf("unsupported Variable %q", r.Variable)
	}
	// A dotted path walks nested objects, as JSONPath does.
	var v any = data
	present := true
	for _, part := range strings.Split(field, ".") {
		obj, isObj := v.(map[string]any)
		if !isObj {
			present = false
			break
		}
		if v, present = obj[part]; !present {
			break
		}
	}
	switch {
	case r.IsPresent != nil:
		return present == *r.IsPresent, nil
	case !present:
		return false, fmt.Errorf("invalid path %s: the variable is not present", r.Variable)
	case r.IsString != nil:
		_, isStr := v.(string)
		return isStr == *r.IsString, nil
	case r.StringEquals != nil:
		str, isStr := v.(string)
		return isStr && str == *r.StringEquals, nil
	}
	return false, fmt.Errorf("unsupported rule %+v", r)
}

func TestSimulatorCatchesUnguardedChoice(t *testing.T) {
	// The guard against a missing variable matters: without it the simulator, like Step Functions, errors.
	_, err := eval(ChoiceRule{Variable: "$.status", StringEquals: ptr("incomplete")}, map[string]any{})
	if err == nil {
		t.Fatal("eval on a missing variable: got no error; want one")
	}
}

func TestMachineTimeoutCoversSlowestPath(t *testing.T) {
	m := build(t)
	slowest := worstSeconds(Fetch) + worstSeconds(Scan) + worstSeconds(Evidence) + worstSeconds(Notify)
	if m.TimeoutSeconds <= slowest {
		t.Errorf("TimeoutSeconds = %d; want more than the slowest path, %d s", m.TimeoutSeconds, slowest)
	}
}

func TestRoundTrip(t *testing.T) {
	b, err := Definition(exampleARNs())
	if err != nil {
		t.Fatal(err)
	}
	var m Machine
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("decode definition: %v", err)
	}
	if !reflect.DeepEqual(&m, build(t)) {
		t.Error("decoded definition differs from the built one; a field is lost in encoding")
	}
}

// validator returns the command that runs asl-validator 4.0.0: the copy pinned in infra/package.json when it
// is installed, or npx.
func validator(t *testing.T) []string {
	t.Helper()
	local, err := filepath.Abs(filepath.Join("..", "node_modules", ".bin", "asl-validator"))
	if err == nil {
		if _, err := os.Stat(local); err == nil {
			return []string{local}
		}
	}
	if _, err := exec.LookPath("npx"); err != nil {
		t.Skip("npx is not installed: cannot run asl-validator (npm ci in infra/ or install Node.js)")
	}
	return []string{"npx", "--yes", "asl-validator@4.0.0"}
}

func validate(t *testing.T, def []byte) (string, error) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "definition.asl.json")
	if err := os.WriteFile(file, def, 0o600); err != nil {
		t.Fatal(err)
	}
	cmd := validator(t)
	out, err := exec.Command(cmd[0], append(cmd[1:], "--json-path", file)...).CombinedOutput()
	return string(out), err
}

func TestASLValidator(t *testing.T) {
	if testing.Short() {
		t.Skip("runs asl-validator, a Node.js program")
	}
	def, err := Definition(exampleARNs())
	if err != nil {
		t.Fatal(err)
	}
	t.Run("definition", func(t *testing.T) {
		if out, err := validate(t, def); err != nil {
			t.Fatalf("asl-validator rejected the definition: %v\n%s", err, out)
		}
	})
	// The validator must be able to fail here, or passing above would prove nothing.
	t.Run("broken definition is rejected", func(t *testing.T) {
		broken := bytes.Replace(def, []byte(`"Next": "Evidence"`), []byte(`"Next": "NoSuchState"`), 1)
		if bytes.Equal(broken, def) {
			t.Fatal("could not break the definition")
		}
		if out, err := validate(t, broken); err == nil {
			t.Fatalf("asl-validator accepted a transition to a missing state:\n%s", out)
		}
	})
}
