package explain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"

	"github.com/attestdev/attest/shared/forecast"
)

// Explainer explains alarms from one Context.
type Explainer struct {
	Context Context
	// Rules are the rules tried, in order; nil means Rules().
	Rules []Rule
	// Prices prices the fixes; nil means the embedded prices of the alarm's region (when there are any).
	Prices *forecast.PriceTable
	// Packs lists Attest's own push packs for "what changed"; nil leaves pushes out (and says so).
	Packs PackLister
}

// ErrInvalidAlarm is returned (wrapped) for an alarm that cannot be explained at all (no name, no time).
var ErrInvalidAlarm = errors.New("invalid alarm")

// Explain diagnoses one alarm. It returns an error only for an alarm it cannot read; missing context yields
// an explanation with confidence inconclusive and the missing context named.
func (x *Explainer) Explain(ctx context.Context, a Alarm) (*Explanation, error) {
	if a.Name == "" {
		return nil, fmt.Errorf("%w: no alarm name", ErrInvalidAlarm)
	}
	if a.Time.IsZero() {
		return nil, fmt.Errorf("%w: alarm %s has no state-change time", ErrInvalidAlarm, a.Name)
	}
	if x.Context == nil {
		return nil, errors.New("explain: no context configured")
	}
	return x.explain(ctx, a, 0)
}

// explain diagnoses a valid alarm; depth counts the composite alarms above it.
func (x *Explainer) explain(ctx context.Context, a Alarm, depth int) (*Explanation, error) {
	if a.IsComposite() {
		return x.explainComposite(ctx, a, depth)
	}
	if isStatesAlarm(a) && depth < maxCompositeDepth {
		return x.explainStateMachine(ctx, a, depth)
	}
	exp := &Explanation{Alarm: alarmRef(a)}
	res := resourceOf(a)
	exp.Resource = res

	if res.ID == "" {
		exp.RootCause = RootCause{ID: UnknownCause, Title: "Alarmed resource not identified", Confidence: Inconclusive,
			Summary: fmt.Sprintf("The metrics of %s name no resource Attest can look up (%s).", a.Name, metricDesc(a))}
		exp.Fix.Summary = "No fix proposed: the root cause is not known."
		exp.Impact.Summary = "Not assessed: no root cause."
		return exp, nil
	}

	prices := x.Prices
	if prices == nil {
		prices = embeddedPrices(a.Region) // no embedded prices: impacts say so
	}
	in := &Input{Alarm: a, Resource: res, Context: x.Context, Prices: prices}
	var changesErr error
	exp.Changes, changesErr = x.changes(ctx, in)
	// Changes are the first suspect: when they could not be read, say so rather than show an empty list.
	defer func() {
		for _, e := range unwrapJoined(changesErr) {
			exp.MissingContext = appendUnique(exp.MissingContext, missingOf(e))
		}
		exp.RootCause.Summary += latestChangeNote(exp.Changes, a.Time)
	}()

	rules := x.Rules
	if rules == nil {
		rules = Rules()
	}
	type result struct {
		rule Rule
		v    Verdict
	}
	var results []result
	for _, r := range rules {
		if r.AppliesTo == nil || r.Diagnose == nil || !r.AppliesTo(a, res) {
			continue
		}
		results = append(results, result{r, r.Diagnose(ctx, in)})
	}
	if len(results) == 0 {
		m, _ := a.Primary()
		exp.RootCause = RootCause{ID: UnknownCause, Title: "No rule for this alarm", Confidence: Inconclusive,
			Summary: fmt.Sprintf("No root-cause rule covers %s alarms on %s yet; the rules cover Lambda function Errors, Duration, Timeouts and Throttles alarms, DynamoDB throttle alarms, SQS queue alarms, API Gateway alarms, Step Functions failed, timed-out and aborted executions (through their Lambda tasks) and composite alarms over them.", metricName(m), res.Type)}
		exp.Fix.Summary = "No fix proposed: the root cause is not known."
		exp.Impact.Summary = "Not assessed: no root cause."
		return exp, nil
	}

	// The strongest verdict wins; ties go to the earlier rule in the list.
	best := -1
	for i, r := range results {
		if r.v.Outcome == RuledOutcome || (r.v.Outcome == InconclusiveOutcome && !r.v.Indicated) {
			continue
		}
		if best < 0 || r.v.Outcome > results[best].v.Outcome {
			best = i
		}
	}
	for i, r := range results {
		if r.v.Outcome == RuledOutcome {
			exp.RuledOut = append(exp.RuledOut, RuledOut{ID: r.rule.ID, Why: r.v.Why})
		}
		if best < 0 || i == best {
			exp.Evidence = appendEvidence(exp.Evidence, r.v.Evidence...)
		}
	}
	if best >= 0 {
		w := results[best]
		exp.RootCause = RootCause{ID: w.rule.ID, Title: w.rule.Title, Summary: w.v.Summary, Confidence: w.v.Outcome.Confidence()}
		exp.Fix, exp.Impact = w.v.Fix, w.v.Impact
		exp.MissingContext = appendUnique(exp.MissingContext, w.v.Missing...)
		if w.v.Outcome == InconclusiveOutcome && exp.Fix.Summary == "" {
			exp.Fix.Summary = "No fix proposed until the missing context decides."
			exp.Impact.Summary = "Not assessed: the root cause is not decided."
		}
		return exp, nil
	}

	// Nothing positive: say what was checked and what would decide.
	var open []string
	for _, r := range results {
		if r.v.Outcome == InconclusiveOutcome {
			open = append(open, r.rule.ID)
			exp.MissingContext = appendUnique(exp.MissingContext, r.v.Missing...)
		}
	}
	summary := "No implemented root-cause rule explains this alarm"
	if len(exp.RuledOut) > 0 {
		ids := make([]string, 0, len(exp.RuledOut))
		for _, r := range exp.RuledOut {
			ids = append(ids, r.ID)
		}
		summary += "; ruled out: " + strings.Join(ids, ", ")
	}
	if len(open) > 0 {
		summary += "; undecided for lack of context: " + strings.Join(open, ", ")
	}
	summary += "."
	if fn, err := in.Function(ctx); err == nil && res.Type == "AWS::Lambda::Function" {
		sigEv, agree, _ := signalAgreement(in.Signals(ctx), fn, nil)
		exp.Evidence = appendEvidence(exp.Evidence, sigEv...)
		if agree {
			summary += " Invocations time out although the network, permission and limit causes are ruled out: the next suspects are a slow dependency (downstream-slow) and code that waits without a timeout; the logs do not name the call, and the dependency's own latency would decide."
		}
	}
	exp.RootCause = RootCause{ID: UnknownCause, Title: "Root cause not found", Confidence: Inconclusive, Summary: summary}
	exp.Fix.Summary = "No fix proposed: the root cause is not known."
	exp.Impact.Summary = "Not assessed: no root cause."
	return exp, nil
}

// changes lists what changed around the alarmed resource in the changeWindow before the alarm, newest
// first: mutating CloudTrail events about the resource or its execution role, AWS Config's recorded
// configuration changes, the function's last modification, and Attest's own push packs whose templates
// name the resource or its role. A recent change is the first suspect. The error joins the sources that
// could not be read.
func (x *Explainer) changes(ctx context.Context, in *Input) ([]Change, error) {
	start, end := in.Alarm.Time.Add(-changeWindow), in.Alarm.Time.Add(windowAfter)
	names := []string{in.Resource.ID}
	fn, fnErr := in.Function(ctx)
	if fnErr == nil && deref(fn.Role) != "" {
		names = append(names, lastSegment(deref(fn.Role)))
	}
	var out []Change
	var errs []error
	events, trailErr := in.Context.TrailEvents(ctx, TrailQuery{Start: start, End: end, ResourceName: in.Resource.ID})
	if trailErr != nil {
		errs = append(errs, trailErr)
	} else {
		for _, e := range events {
			if strings.EqualFold(deref(e.ReadOnly), "true") || e.EventTime == nil {
				continue
			}
			t := e.EventTime.UTC()
			about := ""
			for _, n := range names {
				if trailEventAbout(e.Resources, e.CloudTrailEvent, n) {
					about = n
					break
				}
			}
			if t.Before(start) || t.After(end) || about == "" {
				continue
			}
			who := deref(e.Username)
			if who == "" {
				who = trailActor(e.CloudTrailEvent)
			}
			what := deref(e.EventName)
			if src := deref(e.EventSource); src != "" {
				what += " (" + strings.TrimSuffix(src, ".amazonaws.com") + ")"
			}
			what += " on " + about
			if keys := trailChangedKeys(e.CloudTrailEvent); len(keys) > 0 {
				what += ": " + strings.Join(keys, ", ")
			}
			out = append(out, Change{Time: fmtTime(t), What: what, Who: who})
		}
	}
	if items, err := configHistory(ctx, in.Context, in.Resource.Type, in.Resource.ID); err != nil {
		// A source without Config history at all (a test double, an older context) is not a gap of this
		// alarm's context; a snapshot without the file is.
		if !errors.Is(err, errNotProvided) {
			errs = append(errs, err)
		}
	} else {
		out = append(out, configChanges(items, start, end)...)
	}
	if fnErr == nil && fn.LastModified != nil {
		if t, ok := parseLambdaTime(*fn.LastModified); ok && !t.Before(start) && !t.After(end) {
			c := Change{Time: fmtTime(t), What: fmt.Sprintf("%s configuration or code last modified (CodeSha256 %s)", in.Resource.ID, orDash(deref(fn.CodeSha256))), Who: ""}
			if !hasChangeAt(out, c.Time) {
				out = append(out, c)
			}
		}
	}
	if x.Packs != nil {
		refs, err := x.Packs.RecentPushes(ctx, start, end, names)
		if err != nil {
			errs = append(errs, &UnknownError{Call: "attest push packs", Need: "the evidence store's push packs of the last " + changeWindow.String(), Err: err})
		}
		out = append(out, packChanges(refs)...)
	}
	// Newest first: the change closest to the alarm is the first suspect.
	sort.SliceStable(out, func(i, j int) bool { return out[i].Time > out[j].Time })
	return out, errors.Join(errs...)
}

func trailEventAbout(resources []cttypes.Resource, raw *string, name string) bool {
	for _, r := range resources {
		if r.ResourceName != nil && (*r.ResourceName == name || strings.HasSuffix(*r.ResourceName, ":function:"+name)) {
			return true
		}
	}
	if raw == nil {
		return len(resources) == 0
	}
	// Lambda events often list no resources; their request parameters name the function.
	var ev struct {
		RequestParameters struct {
			FunctionName string `json:"functionName"`
		} `json:"requestParameters"`
	}
	if json.Unmarshal([]byte(*raw), &ev) == nil && ev.RequestParameters.FunctionName != "" {
		fn := ev.RequestParameters.FunctionName
		return fn == name || strings.HasSuffix(fn, ":function:"+name)
	}
	return len(resources) == 0
}

// trailChangedKeys returns the request parameters a mutating call set, other than the resource's name: for
// UpdateFunctionConfiguration, which settings the deploy touched (vpcConfig, timeout …).
func trailChangedKeys(raw *string) []string {
	if raw == nil {
		return nil
	}
	var ev struct {
		RequestParameters map[string]json.RawMessage `json:"requestParameters"`
	}
	if json.Unmarshal([]byte(*raw), &ev) != nil {
		return nil
	}
	var keys []string
	for k := range ev.RequestParameters {
		if k != "functionName" && k != "name" && k != "tableName" && k != "roleName" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

func trailActor(raw *string) string {
	if raw == nil {
		return ""
	}
	var ev struct {
		UserIdentity struct {
			ARN string `json:"arn"`
		} `json:"userIdentity"`
	}
	if json.Unmarshal([]byte(*raw), &ev) == nil {
		return ev.UserIdentity.ARN
	}
	return ""
}

func hasChangeAt(cs []Change, t string) bool {
	for _, c := range cs {
		if c.Time == t {
			return true
		}
	}
	return false
}

// parseLambdaTime reads Lambda's LastModified ("2024-01-01T00:00:00.000+0000").
func parseLambdaTime(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02T15:04:05.000-0700", "2006-01-02T15:04:05-0700", time.RFC3339Nano} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

func alarmRef(a Alarm) AlarmRef {
	ref := AlarmRef{Name: a.Name, Region: a.Region, Account: a.Account, Time: a.Time.UTC().Format(time.RFC3339)}
	if m, ok := a.Primary(); ok {
		ref.Metric = MetricRef{Namespace: m.Namespace, Name: m.Name, Dimensions: copyDims(m.Dimensions)}
	}
	return ref
}

// resourceDims maps a metric namespace to the dimension that names its resource and the resource's type.
var resourceDims = map[string]struct{ dim, typ string }{
	"AWS/Lambda":     {"FunctionName", "AWS::Lambda::Function"},
	"AWS/SQS":        {"QueueName", "AWS::SQS::Queue"},
	"AWS/DynamoDB":   {"TableName", "AWS::DynamoDB::Table"},
	"AWS/ApiGateway": {"ApiName", "AWS::ApiGateway::RestApi"},
	"AWS/States":     {"StateMachineArn", "AWS::StepFunctions::StateMachine"},
	"AWS/SNS":        {"TopicName", "AWS::SNS::Topic"},
	"AWS/RDS":        {"DBInstanceIdentifier", "AWS::RDS::DBInstance"},
	"AWS/EC2":        {"InstanceId", "AWS::EC2::Instance"},
}

func resourceOf(a Alarm) Resource {
	for _, m := range a.Metrics {
		rd, ok := resourceDims[m.Namespace]
		if !ok {
			continue
		}
		if id := m.Dimensions[rd.dim]; id != "" {
			if rd.typ == "AWS::Lambda::Function" {
				// The Resource dimension carries "name:alias"; FunctionName is the bare name.
				id = strings.SplitN(id, ":", 2)[0]
			}
			return Resource{Type: rd.typ, ID: id}
		}
	}
	if a.IsComposite() {
		return Resource{Type: "AWS::CloudWatch::CompositeAlarm", ID: a.Name}
	}
	return Resource{}
}

func metricDesc(a Alarm) string {
	if len(a.Metrics) == 0 {
		return "no metrics"
	}
	parts := make([]string, 0, len(a.Metrics))
	for _, m := range a.Metrics {
		if m.Expression != "" {
			parts = append(parts, m.ID+" = "+m.Expression)
			continue
		}
		parts = append(parts, metricName(m))
	}
	return strings.Join(parts, ", ")
}

func metricName(m Metric) string {
	if m.Namespace == "" && m.Name == "" {
		return "metric-less"
	}
	return m.Namespace + " " + m.Name
}

func copyDims(d map[string]string) map[string]string {
	out := make(map[string]string, len(d))
	for k, v := range d {
		out[k] = v
	}
	return out
}

func appendEvidence(dst []Evidence, ev ...Evidence) []Evidence {
	for _, e := range ev {
		dup := false
		for _, d := range dst {
			if d == e {
				dup = true
				break
			}
		}
		if !dup {
			dst = append(dst, e)
		}
	}
	return dst
}

func appendUnique(dst []string, items ...string) []string {
	for _, it := range items {
		if it != "" && !contains(dst, it) {
			dst = append(dst, it)
		}
	}
	return dst
}

// recentChange is how close before the alarm a change must be for the summary to point at it.
const recentChange = 2 * time.Hour

// latestChangeNote says how long before the alarm the newest change happened, when it is recent enough to
// be the first suspect ("a recent deploy more often than not"); changes are newest first.
func latestChangeNote(changes []Change, alarm time.Time) string {
	if len(changes) == 0 {
		return ""
	}
	// AWS Config records a change minutes after the call that made it: name the call when there is one.
	c := changes[0]
	for _, x := range changes {
		if x.Who != configWho {
			c = x
			break
		}
	}
	t, err := time.Parse(time.RFC3339, c.Time)
	if err != nil || t.After(alarm) || alarm.Sub(t) > recentChange {
		return ""
	}
	return fmt.Sprintf(" The alarm fired %s after the latest change: %s.", humanDuration(alarm.Sub(t)), strings.TrimSuffix(c.What, "."))
}

func humanDuration(d time.Duration) string {
	switch m := int(d.Round(time.Minute) / time.Minute); {
	case m < 1:
		return "less than a minute"
	case m == 1:
		return "1 minute"
	case m < 120:
		return fmt.Sprintf("%d minutes", m)
	}
	return fmt.Sprintf("%.1f hours", d.Hours())
}

// priceCache holds the embedded price table of each region once parsed: parsing it is most of the time of
// an explanation, and the tables never change in a running process.
var priceCache sync.Map // region → *forecast.PriceTable (nil when the region has none)

func embeddedPrices(region string) *forecast.PriceTable {
	if v, ok := priceCache.Load(region); ok {
		return v.(*forecast.PriceTable)
	}
	t, err := forecast.LoadPrices(region)
	if err != nil {
		t = nil
	}
	priceCache.Store(region, t)
	return t
}
