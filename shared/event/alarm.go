package event

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Alarm state values.
const (
	StateAlarm            = "ALARM"
	StateOK               = "OK"
	StateInsufficientData = "INSUFFICIENT_DATA"
)

// AlarmStateChange is the detail of a "CloudWatch Alarm State Change" event. A metric alarm lists its metrics
// in Configuration.Metrics (one metric stat, or several with math expressions); a composite alarm has
// Configuration.AlarmRule and no metrics.
type AlarmStateChange struct {
	AlarmName     string             `json:"alarmName"`
	Operation     string             `json:"operation,omitempty"`
	State         AlarmState         `json:"state"`
	PreviousState *AlarmState        `json:"previousState,omitempty"`
	Configuration AlarmConfiguration `json:"configuration"`

	obj object
}

// AlarmState is an alarm's state at one time. ReasonData is JSON inside a string; DecodeReasonData reads it.
type AlarmState struct {
	Value                   string `json:"value"`
	Reason                  string `json:"reason,omitempty"`
	ReasonData              string `json:"reasonData,omitempty"`
	Timestamp               Time   `json:"timestamp"`
	ActionsSuppressedBy     string `json:"actionsSuppressedBy,omitempty"`
	ActionsSuppressedReason string `json:"actionsSuppressedReason,omitempty"`

	obj object
}

// AlarmConfiguration is the alarm's definition at the time of the change.
type AlarmConfiguration struct {
	Description string        `json:"description,omitempty"`
	Metrics     []AlarmMetric `json:"metrics,omitempty"`

	// Composite alarms only.
	AlarmRule                        string `json:"alarmRule,omitempty"`
	ActionsSuppressor                string `json:"actionsSuppressor,omitempty"`
	ActionsSuppressorWaitPeriod      int64  `json:"actionsSuppressorWaitPeriod,omitempty"`
	ActionsSuppressorExtensionPeriod int64  `json:"actionsSuppressorExtensionPeriod,omitempty"`

	obj object
}

// AlarmMetric is one entry of an alarm's metrics: a metric stat, or a math expression over other entries.
type AlarmMetric struct {
	ID         string      `json:"id"`
	Expression string      `json:"expression,omitempty"`
	Label      string      `json:"label,omitempty"`
	MetricStat *MetricStat `json:"metricStat,omitempty"`
	ReturnData bool        `json:"returnData,omitempty"`

	obj object
}

// MetricStat is a metric with the statistic and period the alarm evaluates.
type MetricStat struct {
	Metric Metric `json:"metric"`
	Period int64  `json:"period,omitempty"`
	Stat   string `json:"stat,omitempty"`
	Unit   string `json:"unit,omitempty"`

	obj object
}

// Metric names a CloudWatch metric.
type Metric struct {
	Namespace  string            `json:"namespace"`
	Name       string            `json:"name"`
	Dimensions map[string]string `json:"dimensions,omitempty"`

	obj object
}

type (
	plainAlarm       AlarmStateChange
	plainAlarmState  AlarmState
	plainAlarmConfig AlarmConfiguration
	plainAlarmMetric AlarmMetric
	plainMetricStat  MetricStat
	plainMetric      Metric
)

// UnmarshalJSON reads the detail, keeping members it does not model.
func (a *AlarmStateChange) UnmarshalJSON(b []byte) (err error) {
	a.obj, err = decodeObject(b, (*plainAlarm)(a))
	return err
}

// MarshalJSON writes the detail as it was read, with any changes.
func (a AlarmStateChange) MarshalJSON() ([]byte, error) {
	return encodeObject(plainAlarm(a), a.obj, nil)
}

// UnmarshalJSON reads the state, keeping members it does not model.
func (s *AlarmState) UnmarshalJSON(b []byte) (err error) {
	s.obj, err = decodeObject(b, (*plainAlarmState)(s))
	return err
}

// MarshalJSON writes the state as it was read, with any changes.
func (s AlarmState) MarshalJSON() ([]byte, error) {
	return encodeObject(plainAlarmState(s), s.obj, nil)
}

// UnmarshalJSON reads the configuration, keeping members it does not model.
func (c *AlarmConfiguration) UnmarshalJSON(b []byte) (err error) {
	c.obj, err = decodeObject(b, (*plainAlarmConfig)(c))
	return err
}

// MarshalJSON writes the configuration as it was read, with any changes.
func (c AlarmConfiguration) MarshalJSON() ([]byte, error) {
	return encodeObject(plainAlarmConfig(c), c.obj, nil)
}

// UnmarshalJSON reads the entry, keeping members it does not model.
func (m *AlarmMetric) UnmarshalJSON(b []byte) (err error) {
	m.obj, err = decodeObject(b, (*plainAlarmMetric)(m))
	return err
}

// MarshalJSON writes the entry as it was read, with any changes.
func (m AlarmMetric) MarshalJSON() ([]byte, error) {
	return encodeObject(plainAlarmMetric(m), m.obj, nil)
}

// UnmarshalJSON reads the metric stat, keeping members it does not model.
func (m *MetricStat) UnmarshalJSON(b []byte) (err error) {
	m.obj, err = decodeObject(b, (*plainMetricStat)(m))
	return err
}

// MarshalJSON writes the metric stat as it was read, with any changes.
func (m MetricStat) MarshalJSON() ([]byte, error) {
	return encodeObject(plainMetricStat(m), m.obj, nil)
}

// UnmarshalJSON reads the metric, keeping members it does not model.
func (m *Metric) UnmarshalJSON(b []byte) (err error) {
	m.obj, err = decodeObject(b, (*plainMetric)(m))
	return err
}

// MarshalJSON writes the metric as it was read, with any changes.
func (m Metric) MarshalJSON() ([]byte, error) { return encodeObject(plainMetric(m), m.obj, nil) }

func (a *AlarmStateChange) validate() error {
	if a.AlarmName == "" {
		return missing("detail.alarmName")
	}
	switch a.State.Value {
	case StateAlarm, StateOK, StateInsufficientData:
	case "":
		return missing("detail.state.value")
	default:
		return &MalformedError{Field: "detail.state.value", Reason: "got " + quote(a.State.Value) + "; want ALARM, OK or INSUFFICIENT_DATA"}
	}
	if a.State.Timestamp.IsZero() {
		return missing("detail.state.timestamp")
	}
	for i, m := range a.Configuration.Metrics {
		field := fmt.Sprintf("detail.configuration.metrics[%d]", i)
		if m.ID == "" {
			return missing(field + ".id")
		}
		if m.MetricStat == nil && m.Expression == "" {
			return &MalformedError{Field: field, Reason: "neither metricStat nor expression"}
		}
		if m.MetricStat != nil && (m.MetricStat.Metric.Namespace == "" || m.MetricStat.Metric.Name == "") {
			return missing(field + ".metricStat.metric.name")
		}
	}
	return nil
}

// IsComposite reports whether the alarm is a composite alarm (a rule over other alarms).
func (a *AlarmStateChange) IsComposite() bool { return a.Configuration.AlarmRule != "" }

// MetricStats returns the entries that read a metric directly, in the alarm's order.
func (a *AlarmStateChange) MetricStats() []AlarmMetric {
	var out []AlarmMetric
	for _, m := range a.Configuration.Metrics {
		if m.MetricStat != nil {
			out = append(out, m)
		}
	}
	return out
}

// Expressions returns the math-expression entries, in the alarm's order.
func (a *AlarmStateChange) Expressions() []AlarmMetric {
	var out []AlarmMetric
	for _, m := range a.Configuration.Metrics {
		if m.Expression != "" {
			out = append(out, m)
		}
	}
	return out
}

// Metrics returns every distinct metric the alarm reads, in the alarm's order. A composite alarm reads none.
func (a *AlarmStateChange) Metrics() []Metric {
	var out []Metric
	seen := map[string]bool{}
	for _, m := range a.MetricStats() {
		k := m.MetricStat.Metric.key()
		if !seen[k] {
			seen[k] = true
			out = append(out, m.MetricStat.Metric)
		}
	}
	return out
}

// Evaluated returns the entry whose value the alarm compares with its threshold: the one with returnData
// set, or the only entry when none is marked.
func (a *AlarmStateChange) Evaluated() (AlarmMetric, bool) {
	for _, m := range a.Configuration.Metrics {
		if m.ReturnData {
			return m, true
		}
	}
	if len(a.Configuration.Metrics) == 1 {
		return a.Configuration.Metrics[0], true
	}
	return AlarmMetric{}, false
}

// Inputs returns the entries an expression entry refers to by ID, in the alarm's order. Names in the
// expression that are not entries (functions, the METRICS() family) are ignored.
func (a *AlarmStateChange) Inputs(m AlarmMetric) []AlarmMetric {
	if m.Expression == "" {
		return nil
	}
	refs := map[string]bool{}
	for _, id := range identifiers(m.Expression) {
		refs[id] = true
	}
	var out []AlarmMetric
	for _, o := range a.Configuration.Metrics {
		if o.ID != m.ID && refs[o.ID] {
			out = append(out, o)
		}
	}
	return out
}

// identifiers lists the identifier-like words of an expression, outside string literals.
func identifiers(expr string) []string {
	var out []string
	inString := false
	start := -1
	flush := func(end int) {
		if start >= 0 {
			out = append(out, expr[start:end])
			start = -1
		}
	}
	for i := 0; i < len(expr); i++ {
		c := expr[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			flush(i)
			inString = true
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || (start >= 0 && c >= '0' && c <= '9'):
			if start < 0 {
				start = i
			}
		default:
			flush(i)
		}
	}
	flush(len(expr))
	return out
}

func (m Metric) key() string {
	keys := make([]string, 0, len(m.Dimensions))
	for k := range m.Dimensions {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(m.Namespace + "\x00" + m.Name)
	for _, k := range keys {
		b.WriteString("\x00" + k + "=" + m.Dimensions[k])
	}
	return b.String()
}

// String writes the metric as "AWS/Lambda Errors FunctionName=orders".
func (m Metric) String() string {
	keys := make([]string, 0, len(m.Dimensions))
	for k := range m.Dimensions {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := m.Namespace + " " + m.Name
	for _, k := range keys {
		s += " " + k + "=" + m.Dimensions[k]
	}
	return s
}

// ReasonData is the machine-readable reason of an alarm state: the datapoints and threshold of a metric
// alarm, or the child alarms that triggered a composite alarm.
type ReasonData struct {
	Version               string               `json:"version,omitempty"`
	QueryDate             Time                 `json:"queryDate"`
	StartDate             Time                 `json:"startDate"`
	Unit                  string               `json:"unit,omitempty"`
	Statistic             string               `json:"statistic,omitempty"`
	Period                int64                `json:"period,omitempty"`
	RecentDatapoints      []float64            `json:"recentDatapoints,omitempty"`
	RecentLowerThresholds []float64            `json:"recentLowerThresholds,omitempty"`
	RecentUpperThresholds []float64            `json:"recentUpperThresholds,omitempty"`
	Threshold             *float64             `json:"threshold,omitempty"`
	EvaluatedDatapoints   []EvaluatedDatapoint `json:"evaluatedDatapoints,omitempty"`
	TriggeringAlarms      []TriggeringAlarm    `json:"triggeringAlarms,omitempty"`
}

// EvaluatedDatapoint is one datapoint the alarm evaluated; Value is nil when the period had no data.
type EvaluatedDatapoint struct {
	Timestamp   Time     `json:"timestamp"`
	SampleCount float64  `json:"sampleCount,omitempty"`
	Value       *float64 `json:"value,omitempty"`
	Threshold   *float64 `json:"threshold,omitempty"`
}

// TriggeringAlarm is a child alarm that changed a composite alarm's state.
type TriggeringAlarm struct {
	Arn   string `json:"arn"`
	State struct {
		Value     string `json:"value"`
		Timestamp Time   `json:"timestamp"`
	} `json:"state"`
}

// DecodeReasonData reads the JSON inside ReasonData. It returns nil and no error when there is none.
func (s *AlarmState) DecodeReasonData() (*ReasonData, error) {
	if strings.TrimSpace(s.ReasonData) == "" {
		return nil, nil
	}
	var rd ReasonData
	if err := json.Unmarshal([]byte(s.ReasonData), &rd); err != nil {
		return nil, malformed("reasonData", within("", err))
	}
	return &rd, nil
}
