package explain

import (
	"context"
	"sync"

	lambdatypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/attestdev/attest/shared/forecast"
)

// Outcome is what a rule concluded.
type Outcome int

// Outcomes, weakest first. A rule that does not apply to an alarm is never run.
const (
	// RuledOutcome: the rule checked its hypothesis against the context and rejected it.
	RuledOutcome Outcome = iota
	// InconclusiveOutcome: the hypothesis is open; context that would decide is missing or signals disagree.
	InconclusiveOutcome
	// LikelyOutcome: the configuration shows the cause; runtime signals could not be read.
	LikelyOutcome
	// ConfirmedOutcome: the configuration shows the cause and a runtime signal agrees.
	ConfirmedOutcome
)

// Confidence returns the explanation confidence of a positive or open outcome.
func (o Outcome) Confidence() string {
	switch o {
	case ConfirmedOutcome:
		return Confirmed
	case LikelyOutcome:
		return Likely
	}
	return Inconclusive
}

// Rule is one root cause from the catalogue: data plus a diagnosis.
type Rule struct {
	// ID is the catalogue identifier (reference root-causes.md); never reused.
	ID    string
	Title string
	// AppliesTo says which alarms the rule can explain.
	AppliesTo func(Alarm, Resource) bool
	// Needs lists the context the rule reads, as snapshot files (<function> stands for the function name).
	Needs []string
	// Permissions lists the IAM actions the rule's live context calls need.
	Permissions []string
	// Diagnose checks the hypothesis.
	Diagnose func(ctx context.Context, in *Input) Verdict
}

// Verdict is a rule's conclusion with what supports it.
type Verdict struct {
	Outcome Outcome
	// Summary is one or two sentences an on-call engineer reads first.
	Summary  string
	Evidence []Evidence
	// Why says, for a ruled-out hypothesis, what rejected it.
	Why string
	// Missing names the context that would decide, for an inconclusive or less than confirmed verdict.
	Missing []string
	// Indicated is set on an inconclusive verdict when the context read so far points at this cause (the
	// function is in a VPC and timed out, say), so that it is named as the open hypothesis.
	Indicated bool
	Fix       Fix
	Impact    Impact
}

// Input is what a rule reads: the alarm, the resource, and the context, with the calls every rule shares
// made once.
type Input struct {
	Alarm    Alarm
	Resource Resource
	Context  Context
	Prices   *forecast.PriceTable

	fnOnce sync.Once
	fn     *lambdatypes.FunctionConfiguration
	fnErr  error

	sigOnce sync.Once
	sig     *Signals
}

// Function returns the alarmed function's configuration (read once).
func (in *Input) Function(ctx context.Context) (*lambdatypes.FunctionConfiguration, error) {
	in.fnOnce.Do(func() {
		in.fn, in.fnErr = in.Context.FunctionConfiguration(ctx, in.Resource.ID)
	})
	return in.fn, in.fnErr
}

// Signals returns the runtime signals around the alarm (read once).
func (in *Input) Signals(ctx context.Context) *Signals {
	in.sigOnce.Do(func() {
		in.sig = gatherSignals(ctx, in)
	})
	return in.sig
}

// Rules returns the root-cause rules in the order they are tried. It is the one list of rules: a rule not
// listed here does not run.
func Rules() []Rule {
	return []Rule{
		// The specific failures of a function's start-up go before the generic state rule, which wins ties.
		kmsEnvAccessDeniedRule(),
		functionStateRule(),
		badDeployRule(),
		outOfMemoryRule(),
		initTimeoutRule(),
		vpcNoEgressRule(),
		vpcEndpointMisconfiguredRule(),
		egressBlockedRule(),
		efsMountRule(),
		vpcIPExhaustionRule(),
		iamMissingPermissionRule(),
		iamExplicitDenyRule(),
		kmsDataAccessDeniedRule(),
		downstreamRateLimitedRule(),
		recursiveLoopRule(),
		reservedConcurrencyRule(),
		accountConcurrencyRule(),
		dynamodbCapacityRule(),
		sqsVisibilityRule(),
		streamPoisonPillRule(),
		provisionedSpilloverRule(),
		apigwInvokePermissionRule(),
		apigwTimeoutRule(),
		// A slow dependency is what remains when the network, permissions and limits are ruled out: it goes
		// last so that a confirmed specific cause wins a tie.
		downstreamSlowRule(),
	}
}

// isLambdaFunction reports whether the alarmed resource is a Lambda function.
func isLambdaFunction(_ Alarm, r Resource) bool {
	return r.Type == "AWS::Lambda::Function" && r.ID != ""
}
