package statemachine

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"
)

// Step is one pipeline step that runs as a Lambda function.
type Step struct {
	// Name is the function's directory under functions/ and the value the state machine writes to
	// $.failedStep when the step fails.
	Name string
	// State is the name of the step's Task state.
	State string
	// Timeout is the Lambda function's own timeout; the Task allows a margin on top (see TaskTimeoutSeconds).
	Timeout time.Duration
}

// The steps. The timeouts bound the work one invocation may do: fetch reads up to a few hundred changed files
// from CodeCommit, scan parses each of them, evidence signs and writes a pack and its chain entry.
var (
	Fetch    = Step{Name: "fetch", State: "Fetch", Timeout: 5 * time.Minute}
	Scan     = Step{Name: "scan", State: "Scan", Timeout: 10 * time.Minute}
	Forecast = Step{Name: "forecast", State: "Forecast", Timeout: 2 * time.Minute}
	Explain  = Step{Name: "explain", State: "Explain", Timeout: 2 * time.Minute}
	Evaluate = Step{Name: "evaluate", State: "Evaluate", Timeout: 2 * time.Minute}
	Evidence = Step{Name: "evidence", State: "Evidence", Timeout: 3 * time.Minute}
	// Review comments on a pull request and sets its approval: a few CodeCommit calls.
	Review = Step{Name: "review", State: "Review", Timeout: time.Minute}
	Notify = Step{Name: "notify", State: "Notify", Timeout: time.Minute}
)

// Steps lists every step the state machine invokes.
func Steps() []Step {
	return []Step{Fetch, Scan, Forecast, Explain, Evaluate, Evidence, Review, Notify}
}

// Names of the states that are not steps.
const (
	RouteState          = "Route"
	ParallelState       = "ScanAndForecast"
	FinishedState       = "Finished"
	DoneState           = "Done"
	UnknownFlowState    = "UnknownFlow"
	RunIncompleteState  = "RunIncomplete"
	EvidenceFailedState = "EvidenceFailed"
	NotifyFailedState   = "NotifyFailed"
	PullRequestState    = "IsPullRequest"
	ReviewFailedState   = "PullRequestNotReviewed"
)

// ParallelFailedStep is what $.failedStep holds when the Parallel state itself fails (not one of its
// branches, which record their own step).
const ParallelFailedStep = "scan-and-forecast"

const (
	failedSuffix   = "Failed"
	errorPath      = "$.error"
	failedStepPath = "$.failedStep"
	branchesPath   = "$.branches"
	timeoutMargin  = time.Minute

	serviceRetryAttempts = 6
	serviceRetryMaxDelay = 60
	timeoutRetryAttempts = 1
	timeoutRetryInterval = 5
)

// Error names of the Fail states, which Step Functions reports as the execution's error.
const (
	ErrUnknownFlow    = "Attest.UnknownFlow"
	ErrRunIncomplete  = "Attest.RunIncomplete"
	ErrEvidenceFailed = "Attest.EvidenceFailed"
	ErrNotifyFailed   = "Attest.NotifyFailed"
	ErrReviewFailed   = "Attest.ReviewFailed"
)

// LambdaServiceErrors are the transient errors of the Lambda Invoke API that every Task retries.
var LambdaServiceErrors = []string{
	"Lambda.ServiceException",
	"Lambda.AWSLambdaException",
	"Lambda.SdkClientException",
	"Lambda.TooManyRequestsException",
}

// Functions maps each step's Name to the ARN of its Lambda function (or to a placeholder that
// DefinitionSubstitutions replaces).
type Functions map[string]string

// SubstitutionKey is the DefinitionSubstitutions key of a step's function ARN.
func SubstitutionKey(s Step) string { return s.State + "FunctionArn" }

// Placeholders returns Functions whose ARNs are DefinitionSubstitutions placeholders ("${FetchFunctionArn}"),
// for a stack to fill in with the real ARNs.
func Placeholders() Functions {
	f := Functions{}
	for _, s := range Steps() {
		f[s.Name] = "${" + SubstitutionKey(s) + "}"
	}
	return f
}

// TaskTimeoutSeconds is the Task's TimeoutSeconds for a step: the function's timeout plus a margin for the
// invocation itself (throttling, cold start), so that the function's own timeout error is the one reported
// and States.Timeout only fires when the invocation hangs.
func TaskTimeoutSeconds(s Step) int {
	return int((s.Timeout + timeoutMargin).Seconds())
}

// Definition returns the state machine definition as indented JSON.
func Definition(arns Functions) ([]byte, error) {
	m, err := Build(arns)
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode state machine definition: %w", err)
	}
	return b, nil
}

// Build returns the state machine definition. Every step must have an ARN, and no other key may be given.
func Build(arns Functions) (*Machine, error) {
	if err := check(arns); err != nil {
		return nil, err
	}
	task := func(s Step, next string) State {
		return State{
			Type:           "Task",
			Resource:       arns[s.Name],
			TimeoutSeconds: TaskTimeoutSeconds(s),
			Retry:          retriers(),
			Next:           next,
		}
	}
	// caught sends any error of a step to a Pass state that records which step failed and goes on to next
	// (or ends the branch when next is empty).
	caught := func(states map[string]State, t State, failedStep, failedState, next string) State {
		t.Catch = []Catcher{{ErrorEquals: []string{"States.ALL"}, ResultPath: errorPath, Next: failedState}}
		p := State{Type: "Pass", Result: failedStep, ResultPath: failedStepPath, Next: next, End: next == ""}
		states[failedState] = p
		return t
	}
	fatal := func(t State, failState string) State {
		t.Catch = []Catcher{{ErrorEquals: []string{"States.ALL"}, ResultPath: errorPath, Next: failState}}
		return t
	}
	branch := func(s Step) Branch {
		b := Branch{StartAt: s.State, States: map[string]State{}}
		t := task(s, "")
		t.End = true
		b.States[s.State] = caught(b.States, t, s.Name, s.State+failedSuffix, "")
		return b
	}

	st := map[string]State{}
	st[RouteState] = State{
		Type:    "Choice",
		Comment: "Which pipeline runs: a Choice on a missing variable is a runtime error, so that case goes first.",
		Choices: []ChoiceRule{
			{Variable: "$.flow", IsPresent: ptr(false), Next: UnknownFlowState},
			{Variable: "$.flow", StringEquals: ptr("push"), Next: Fetch.State},
			{Variable: "$.flow", StringEquals: ptr("alarm"), Next: Explain.State},
			{Variable: "$.flow", StringEquals: ptr("config"), Next: Evaluate.State},
		},
		Default: UnknownFlowState,
	}
	st[UnknownFlowState] = State{Type: "Fail", Error: ErrUnknownFlow, Cause: "the run state's flow is not push, alarm or config"}

	// push
	st[Fetch.State] = caught(st, task(Fetch, ParallelState), Fetch.Name, Fetch.State+failedSuffix, Evidence.State)
	par := State{
		Type:       "Parallel",
		Comment:    "Each branch catches its own step's failure, so one failing branch never cancels the other.",
		Branches:   []Branch{branch(Scan), branch(Forecast)},
		ResultPath: branchesPath,
		Next:       Evidence.State,
	}
	st[ParallelState] = caught(st, par, ParallelFailedStep, ParallelState+failedSuffix, Evidence.State)

	// alarm and config
	st[Explain.State] = caught(st, task(Explain, Evidence.State), Explain.Name, Explain.State+failedSuffix, Evidence.State)
	st[Evaluate.State] = caught(st, task(Evaluate, Evidence.State), Evaluate.Name, Evaluate.State+failedSuffix, Evidence.State)

	// Without a pack there is nothing to notify about, and the run has left no evidence: fail loudly.
	st[Evidence.State] = fatal(task(Evidence, PullRequestState), EvidenceFailedState)
	st[EvidenceFailedState] = State{Type: "Fail", Error: ErrEvidenceFailed, Cause: "the evidence pack could not be written"}

	// A pull request's run comments on it and sets Attest's approval. A failed review is caught so that the
	// notification still goes out (naming the failure), and then fails the execution in Finished.
	st[PullRequestState] = State{
		Type:    "Choice",
		Comment: "Only a pull request's run is reviewed; the subject names the pull request then.",
		Choices: []ChoiceRule{{
			And: []ChoiceRule{
				{Variable: "$.subject.pullRequestId", IsPresent: ptr(true)},
				{Variable: "$.subject.pullRequestId", IsString: ptr(true)},
			},
			Next: Review.State,
		}},
		Default: Notify.State,
	}
	st[Review.State] = caught(st, task(Review, Notify.State), Review.Name, Review.State+failedSuffix, Notify.State)

	// A failed notification fails the execution although the pack is written: the people who must act on the
	// result were not told, and a failed execution is what operators alarm on (ExecutionsFailed). Succeeding
	// here would hide that nobody was notified.
	st[Notify.State] = fatal(task(Notify, FinishedState), NotifyFailedState)
	st[NotifyFailedState] = State{Type: "Fail", Error: ErrNotifyFailed, Cause: "the pack was written but the notify step failed: the notification or the Security Hub import (the step's error says which)"}

	st[FinishedState] = State{
		Type:    "Choice",
		Comment: "An incomplete pack is recorded evidence, but the run did not do all it should: fail the execution. So does a review that failed after the pack.",
		Choices: []ChoiceRule{
			{
				And: []ChoiceRule{
					{Variable: "$.status", IsPresent: ptr(true)},
					{Variable: "$.status", StringEquals: ptr("incomplete")},
				},
				Next: RunIncompleteState,
			},
			{Variable: "$.error", IsPresent: ptr(true), Next: ReviewFailedState},
		},
		Default: DoneState,
	}
	st[ReviewFailedState] = State{Type: "Fail", Error: ErrReviewFailed, Cause: "the pack was written and notified, but the pull request could not be commented on or its approval set"}
	st[RunIncompleteState] = State{Type: "Fail", Error: ErrRunIncomplete, Cause: "the run's evidence pack is incomplete: a step failed or was skipped"}
	st[DoneState] = State{Type: "Succeed"}

	return &Machine{
		Comment:        "Attest pipeline: route by flow, run the flow's steps, write the evidence pack, notify.",
		StartAt:        RouteState,
		TimeoutSeconds: machineTimeoutSeconds(),
		States:         st,
	}, nil
}

func retriers() []Retrier {
	return []Retrier{
		{
			ErrorEquals:     append([]string(nil), LambdaServiceErrors...),
			IntervalSeconds: 2,
			MaxAttempts:     serviceRetryAttempts,
			BackoffRate:     2,
			MaxDelaySeconds: serviceRetryMaxDelay,
			JitterStrategy:  "FULL",
		},
		{
			// A hung invocation gets one more chance; a step that times out twice is caught as failed.
			ErrorEquals:     []string{"States.Timeout"},
			IntervalSeconds: timeoutRetryInterval,
			MaxAttempts:     timeoutRetryAttempts,
			BackoffRate:     1,
		},
	}
}

// worstSeconds bounds one Task's run time, retries included.
func worstSeconds(s Step) int {
	return (1+timeoutRetryAttempts)*TaskTimeoutSeconds(s) + timeoutRetryAttempts*timeoutRetryInterval +
		serviceRetryAttempts*serviceRetryMaxDelay
}

// machineTimeoutSeconds is longer than the slowest possible path, so an execution-level timeout (which skips
// evidence) fires only when something is stuck outside any Task.
func machineTimeoutSeconds() int {
	push := worstSeconds(Fetch) + max(worstSeconds(Scan), worstSeconds(Forecast))
	front := max(push, worstSeconds(Explain), worstSeconds(Evaluate))
	total := front + worstSeconds(Evidence) + worstSeconds(Review) + worstSeconds(Notify)
	return (total/3600 + 1) * 3600
}

func check(arns Functions) error {
	var missing, unknown []string
	known := map[string]bool{}
	for _, s := range Steps() {
		known[s.Name] = true
		if strings.TrimSpace(arns[s.Name]) == "" {
			missing = append(missing, s.Name)
		}
	}
	for k := range arns {
		if !known[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	switch {
	case len(missing) > 0:
		return fmt.Errorf("state machine definition: no function ARN for step(s) %s", strings.Join(missing, ", "))
	case len(unknown) > 0:
		return fmt.Errorf("state machine definition: unknown step(s) %s", strings.Join(unknown, ", "))
	}
	return nil
}

func ptr[T any](v T) *T { return &v }
