package explain

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// maxCompositeDepth bounds composite alarms nested in composite alarms: CloudWatch allows nesting, and a
// rule loop in a snapshot must not recurse forever.
const maxCompositeDepth = 4

const srcAlarms = "cloudwatch.describe-alarms"

// explainComposite explains a composite alarm through its members: the composite has no metric, so its root
// cause is that of the member alarm(s) in ALARM. The event names the members that moved it
// (reasonData.triggeringAlarms); their metrics come from cloudwatch.describe-alarms.
func (x *Explainer) explainComposite(ctx context.Context, a Alarm, depth int) (*Explanation, error) {
	members := a.RuleAlarms()
	names := appendUnique(nil, members...)
	for _, t := range a.Triggering {
		names = appendUnique(names, t.Name)
	}
	self := alarmRef(a)
	self.Metric = MetricRef{}
	res := Resource{Type: "AWS::CloudWatch::CompositeAlarm", ID: a.Name}
	rule := a.AlarmRule
	undecided := func(summary string, ev []Evidence, missing ...string) *Explanation {
		return &Explanation{Alarm: self, Resource: res, Evidence: ev, MissingContext: appendUnique(nil, missing...),
			RootCause: RootCause{ID: UnknownCause, Title: "Composite alarm", Confidence: Inconclusive, Summary: summary},
			Fix:       Fix{Summary: "Explain the member alarm that went to ALARM."},
			Impact:    Impact{Summary: "Not assessed: no root cause."}}
	}
	if depth >= maxCompositeDepth {
		return undecided(fmt.Sprintf("%s is nested more than %d composite alarms deep; Attest stops there.", a.Name, maxCompositeDepth), nil), nil
	}

	out, err := x.Context.DescribeAlarms(ctx, names)
	metricAlarms := map[string]cwtypes.MetricAlarm{}
	composites := map[string]cwtypes.CompositeAlarm{}
	if err == nil && out != nil {
		for _, m := range out.MetricAlarms {
			metricAlarms[deref(m.AlarmName)] = m
		}
		for _, c := range out.CompositeAlarms {
			composites[deref(c.AlarmName)] = c
		}
	}

	// The members in ALARM: those the event says moved the composite, else those describe-alarms shows in ALARM.
	var firing []MemberState
	for _, t := range a.Triggering {
		if t.State == string(cwtypes.StateValueAlarm) {
			firing = append(firing, t)
		}
	}
	if len(firing) == 0 && err == nil {
		for _, n := range members {
			if st, at, ok := memberState(n, metricAlarms, composites); ok && st == string(cwtypes.StateValueAlarm) {
				firing = append(firing, MemberState{Name: n, State: st, Time: at})
			}
		}
	}
	var ev []Evidence
	for _, f := range firing {
		if !f.Time.IsZero() {
			ev = append(ev, Evidence{Source: "event reasonData", Fact: fmt.Sprintf("member alarm %s went to %s at %s and triggered %s (%s)", f.Name, f.State, fmtTime(f.Time), a.Name, rule)})
		}
	}
	switch {
	case len(firing) == 0 && err != nil:
		var missing []string
		for _, m := range members {
			missing = append(missing, fmt.Sprintf("the state of member alarm %s", m))
		}
		return undecided(fmt.Sprintf("%s is a composite alarm (%s); which member is in ALARM is unknown.", a.Name, rule), ev,
			append([]string{missingOf(err)}, missing...)...), nil
	case len(firing) == 0:
		return undecided(fmt.Sprintf("%s is a composite alarm (%s), but none of its members is in ALARM in %s.", a.Name, rule, srcAlarms+".json"), ev), nil
	case err != nil:
		return undecided(fmt.Sprintf("%s is in ALARM through member %s, but the member's metric configuration could not be read, so it cannot be explained.",
			a.Name, memberNames(firing)), ev, missingOf(err)), nil
	}

	type memberResult struct {
		m   MemberState
		exp *Explanation
	}
	var results []memberResult
	var missing []string
	for _, f := range firing {
		var ma Alarm
		if mc, ok := metricAlarms[f.Name]; ok {
			ma = memberMetricAlarm(a, f, mc)
		} else if cc, ok := composites[f.Name]; ok {
			ma = memberCompositeAlarm(a, f, cc)
		} else {
			missing = append(missing, fmt.Sprintf("%s.json (member alarm %s)", srcAlarms, f.Name))
			continue
		}
		mexp, err := x.explain(ctx, ma, depth+1)
		if err != nil {
			if errors.Is(err, ErrInvalidAlarm) {
				missing = append(missing, fmt.Sprintf("%s.json (member alarm %s: %v)", srcAlarms, f.Name, err))
				continue
			}
			return nil, fmt.Errorf("explain member %s of %s: %w", f.Name, a.Name, err)
		}
		results = append(results, memberResult{f, mexp})
	}
	if len(results) == 0 {
		return undecided(fmt.Sprintf("%s is in ALARM through member %s, whose definition is not in the context.", a.Name, memberNames(firing)), ev, missing...), nil
	}
	sort.SliceStable(results, func(i, j int) bool { return causeRank(results[i].exp.RootCause) > causeRank(results[j].exp.RootCause) })
	best := results[0]

	exp := *best.exp
	exp.Alarm = self
	// The member's definition first: it is what ties the composite to the resource explained.
	head := []Evidence{}
	for _, n := range members {
		if fact, ok := memberFact(n, metricAlarms, composites); ok {
			head = append(head, Evidence{Source: srcAlarms, Fact: fact})
		} else {
			missing = append(missing, fmt.Sprintf("%s.json (member alarm %s)", srcAlarms, n))
		}
	}
	head = append(head, ev...)
	for _, r := range results[1:] {
		head = append(head, Evidence{Source: srcAlarms, Fact: fmt.Sprintf("member alarm %s is also in ALARM; its root cause: %s (%s)", r.m.Name, r.exp.RootCause.ID, r.exp.RootCause.Confidence)})
	}
	exp.Evidence = appendEvidence(head, best.exp.Evidence...)
	exp.RootCause.Summary = fmt.Sprintf("Composite alarm %s is in ALARM through member alarm %s. %s", a.Name, best.m.Name, best.exp.RootCause.Summary)
	exp.MissingContext = appendUnique(append([]string(nil), best.exp.MissingContext...), missing...)
	return &exp, nil
}

// causeRank orders member explanations: a named cause over unknown, then by confidence.
func causeRank(rc RootCause) int {
	r := 0
	switch rc.Confidence {
	case Confirmed:
		r = 6
	case Likely:
		r = 4
	default:
		r = 2
	}
	if rc.ID != UnknownCause {
		r++
	}
	return r
}

func memberNames(ms []MemberState) string {
	out := make([]string, 0, len(ms))
	for _, m := range ms {
		out = append(out, m.Name)
	}
	return strings.Join(out, ", ")
}

func memberState(name string, metrics map[string]cwtypes.MetricAlarm, composites map[string]cwtypes.CompositeAlarm) (string, time.Time, bool) {
	if m, ok := metrics[name]; ok {
		return string(m.StateValue), derefTime(m.StateUpdatedTimestamp), true
	}
	if c, ok := composites[name]; ok {
		at := derefTime(c.StateTransitionedTimestamp)
		if at.IsZero() {
			at = derefTime(c.StateUpdatedTimestamp)
		}
		return string(c.StateValue), at, true
	}
	return "", time.Time{}, false
}

// memberMetricAlarm turns a member's definition into the alarm to explain, at the time it went to ALARM.
func memberMetricAlarm(parent Alarm, f MemberState, mc cwtypes.MetricAlarm) Alarm {
	m := Alarm{Name: deref(mc.AlarmName), ARN: deref(mc.AlarmArn), Region: parent.Region, Account: parent.Account,
		Time: memberTime(parent, f, derefTime(mc.StateUpdatedTimestamp)), State: f.State, Reason: deref(mc.StateReason)}
	if m.ARN == "" {
		m.ARN = f.ARN
	}
	if p := periodOf(mc.Period); p > 0 {
		m.Period = p
	}
	if deref(mc.MetricName) != "" {
		stat := string(mc.Statistic)
		if stat == "" {
			stat = deref(mc.ExtendedStatistic)
		}
		m.Metrics = []Metric{{ID: "m1", Namespace: deref(mc.Namespace), Name: deref(mc.MetricName),
			Dimensions: dimsOf(mc.Dimensions), Stat: stat, Period: m.Period}}
		return m
	}
	for _, q := range mc.Metrics {
		am := Metric{ID: deref(q.Id), Expression: deref(q.Expression)}
		if ms := q.MetricStat; ms != nil && ms.Metric != nil {
			am.Namespace, am.Name, am.Stat = deref(ms.Metric.Namespace), deref(ms.Metric.MetricName), deref(ms.Stat)
			am.Dimensions = dimsOf(ms.Metric.Dimensions)
			am.Period = periodOf(ms.Period)
			if m.Period == 0 {
				m.Period = am.Period
			}
		}
		m.Metrics = append(m.Metrics, am)
	}
	return m
}

func memberCompositeAlarm(parent Alarm, f MemberState, cc cwtypes.CompositeAlarm) Alarm {
	at := derefTime(cc.StateTransitionedTimestamp)
	if at.IsZero() {
		at = derefTime(cc.StateUpdatedTimestamp)
	}
	return Alarm{Name: deref(cc.AlarmName), ARN: deref(cc.AlarmArn), Region: parent.Region, Account: parent.Account,
		Time: memberTime(parent, f, at), State: f.State, Reason: deref(cc.StateReason), AlarmRule: deref(cc.AlarmRule)}
}

// memberTime is when the member went to ALARM: the event's word first, then the member's own state time when
// it is not after the composite's, else the composite's time.
func memberTime(parent Alarm, f MemberState, updated time.Time) time.Time {
	switch {
	case !f.Time.IsZero():
		return f.Time.UTC()
	case !updated.IsZero() && !updated.After(parent.Time):
		return updated.UTC()
	}
	return parent.Time
}

// memberFact describes a member alarm's definition and state in one line.
func memberFact(name string, metrics map[string]cwtypes.MetricAlarm, composites map[string]cwtypes.CompositeAlarm) (string, bool) {
	if mc, ok := metrics[name]; ok {
		what := ""
		if deref(mc.MetricName) != "" {
			stat := string(mc.Statistic)
			if stat == "" {
				stat = deref(mc.ExtendedStatistic)
			}
			what = fmt.Sprintf("%s %s %s, %s", deref(mc.Namespace), deref(mc.MetricName), fmtDims(dimsOf(mc.Dimensions)), orDash(stat))
		} else {
			var parts []string
			for _, q := range mc.Metrics {
				if e := deref(q.Expression); e != "" {
					parts = append(parts, deref(q.Id)+" = "+e)
				} else if q.MetricStat != nil && q.MetricStat.Metric != nil {
					parts = append(parts, fmt.Sprintf("%s = %s %s %s", deref(q.Id), deref(q.MetricStat.Metric.Namespace), deref(q.MetricStat.Metric.MetricName), fmtDims(dimsOf(q.MetricStat.Metric.Dimensions))))
				}
			}
			what = "metric math " + strings.Join(parts, "; ")
		}
		fact := fmt.Sprintf("member alarm %s: %s", name, what)
		if mc.Threshold != nil {
			fact += fmt.Sprintf(" %s %g", comparisonSymbol(mc.ComparisonOperator), *mc.Threshold)
		}
		if mc.EvaluationPeriods != nil && mc.Period != nil {
			fact += fmt.Sprintf(" over %d × %d s", *mc.EvaluationPeriods, *mc.Period)
		}
		fact += ", state " + orDash(string(mc.StateValue))
		if t := derefTime(mc.StateUpdatedTimestamp); !t.IsZero() {
			fact += " since " + fmtTime(t)
		}
		return fact, true
	}
	if cc, ok := composites[name]; ok {
		return fmt.Sprintf("member alarm %s: composite %s, state %s", name, deref(cc.AlarmRule), orDash(string(cc.StateValue))), true
	}
	return "", false
}

func comparisonSymbol(op cwtypes.ComparisonOperator) string {
	switch op {
	case cwtypes.ComparisonOperatorGreaterThanOrEqualToThreshold:
		return "≥"
	case cwtypes.ComparisonOperatorGreaterThanThreshold:
		return ">"
	case cwtypes.ComparisonOperatorLessThanThreshold:
		return "<"
	case cwtypes.ComparisonOperatorLessThanOrEqualToThreshold:
		return "≤"
	}
	if op == "" {
		return "vs"
	}
	return string(op)
}

func dimsOf(ds []cwtypes.Dimension) map[string]string {
	out := make(map[string]string, len(ds))
	for _, d := range ds {
		if d.Name != nil {
			out[*d.Name] = deref(d.Value)
		}
	}
	return out
}

func fmtDims(d map[string]string) string {
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+"="+d[k])
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func periodOf(p *int32) time.Duration {
	if p == nil || *p <= 0 {
		return 0
	}
	if d := time.Duration(*p) * time.Second; d <= maxPeriod {
		return d
	}
	return 0
}

func derefTime(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}
