package explain

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
)

// Signals are the runtime observations around an alarm: the function's log events and its Duration
// statistics. Each keeps its error, so "no timeouts in the logs" is never confused with "no logs".
type Signals struct {
	LogGroup string
	Start    time.Time
	End      time.Time

	Logs    []cwltypes.FilteredLogEvent
	LogsErr error

	Duration    []cwtypes.Datapoint
	DurationErr error
}

// Time budget of the signal windows: long enough to cover the alarm's evaluation periods, short enough that
// the events are about this alarm.
const (
	minLogWindow   = 15 * time.Minute
	metricWindow   = time.Hour
	windowAfter    = time.Minute
	logEventsLimit = 500
	// changeWindow is how far back "what changed" looks: a day covers the deploy that broke a function
	// whose traffic only exercises the change hours later.
	changeWindow = 24 * time.Hour
)

// logPattern asks live CloudWatch Logs for the lines the rules read; a snapshot holds whatever it captured.
const logPattern = `?"Task timed out" ?ETIMEDOUT ?"timed out" ?"Connect timeout" ?ConnectTimeoutError ?"Status: timeout" ?ResourceConflictException ?"Status: error" ?"Runtime.OutOfMemory" ?"signal: killed" ?INIT_REPORT ?"Sandbox.Timedout" ?"Runtime.ImportModuleError" ?"Runtime.HandlerNotFound" ?"Runtime.InvalidEntrypoint" ?"Runtime.UserCodeSyntaxError" ?KMSAccessDeniedException ?KMSDisabledException ?KMSInvalidStateException ?KMSNotFoundException ?SubnetIPAddressLimitReachedException ?ENILimitReachedException ?ThrottlingException ?TooManyRequestsException ?"Rate exceeded" ?ConcurrentInvocationLimitExceeded ?ReservedFunctionConcurrentInvocationLimitExceeded ?"is not authorized to perform"`

func gatherSignals(ctx context.Context, in *Input) *Signals {
	s := &Signals{}
	window := minLogWindow
	if p := in.Alarm.Period * 5; p > window {
		window = p
	}
	s.Start = in.Alarm.Time.Add(-window)
	s.End = in.Alarm.Time.Add(windowAfter)

	name := in.Resource.ID
	s.LogGroup = "/aws/lambda/" + name
	if fn, err := in.Function(ctx); err == nil && fn.LoggingConfig != nil && fn.LoggingConfig.LogGroup != nil && *fn.LoggingConfig.LogGroup != "" {
		s.LogGroup = *fn.LoggingConfig.LogGroup
	}
	s.Logs, s.LogsErr = in.Context.LogEvents(ctx, LogQuery{
		LogGroup: s.LogGroup, Start: s.Start, End: s.End, Pattern: logPattern, Limit: logEventsLimit,
	})
	s.Duration, s.DurationErr = in.Context.MetricStatistics(ctx, MetricQuery{
		Namespace:  "AWS/Lambda",
		Name:       "Duration",
		Dimensions: map[string]string{"FunctionName": name},
		Start:      in.Alarm.Time.Add(-metricWindow),
		End:        s.End,
		Period:     time.Minute,
		Statistics: []cwtypes.Statistic{cwtypes.StatisticMaximum, cwtypes.StatisticAverage},
	})
	return s
}

// LogsKnown reports whether the logs could be read.
func (s *Signals) LogsKnown() bool { return s.LogsErr == nil }

// DurationKnown reports whether the Duration statistics could be read and hold at least one datapoint.
func (s *Signals) DurationKnown() bool { return s.DurationErr == nil && len(s.Duration) > 0 }

// Match is the log lines that matched one signal.
type Match struct {
	Count int
	// First is the earliest matching message, trimmed.
	First string
	At    time.Time
}

// find returns the log lines that contain any of the needles (case-sensitive: AWS emits exact texts).
func (s *Signals) find(needles ...string) Match {
	var m Match
	for _, e := range s.Logs {
		if e.Message == nil {
			continue
		}
		msg := *e.Message
		for _, n := range needles {
			if strings.Contains(msg, n) {
				m.Count++
				at := time.Time{}
				if e.Timestamp != nil {
					at = time.UnixMilli(*e.Timestamp).UTC()
				}
				if m.First == "" || (!at.IsZero() && at.Before(m.At)) {
					m.First, m.At = oneLine(msg), at
				}
				break
			}
		}
	}
	return m
}

// findFunc returns the log lines for which match holds, like find.
func (s *Signals) findFunc(match func(msg string) bool) Match {
	var m Match
	for _, e := range s.Logs {
		if e.Message == nil || !match(*e.Message) {
			continue
		}
		m.Count++
		at := time.Time{}
		if e.Timestamp != nil {
			at = time.UnixMilli(*e.Timestamp).UTC()
		}
		if m.First == "" || (!at.IsZero() && at.Before(m.At)) {
			m.First, m.At = oneLine(*e.Message), at
		}
	}
	return m
}

// MaxDuration returns the largest Maximum (or Average, when no Maximum was asked for) in milliseconds.
func (s *Signals) MaxDuration() (float64, time.Time, bool) {
	var best float64
	var at time.Time
	found := false
	for _, d := range s.Duration {
		v := d.Maximum
		if v == nil {
			v = d.Average
		}
		if v == nil {
			continue
		}
		if !found || *v > best {
			best, found = *v, true
			if d.Timestamp != nil {
				at = d.Timestamp.UTC()
			}
		}
	}
	return best, at, found
}

var (
	// AWS SDK endpoint hosts in connection-failure lines: botocore prints
	// Connect timeout on endpoint URL: "https://dynamodb.us-east-1.amazonaws.com/".
	awsHost = regexp.MustCompile(`\b((?:[a-z0-9-]+\.)+)amazonaws\.com\b`)
	// Lines that report a failed connection rather than, say, an access-denied answer.
	connectFailure = regexp.MustCompile(`(?i)connect timeout|connecttimeout|etimedout|timed out|could not connect|connection timed out|EAI_AGAIN|i/o timeout`)
)

// CalledServices returns the AWS services (endpoint service names: s3, dynamodb, sts …) that log lines show
// the function failing to connect to, sorted.
func (s *Signals) CalledServices() []string {
	seen := map[string]bool{}
	for _, e := range s.Logs {
		if e.Message == nil || !connectFailure.MatchString(*e.Message) {
			continue
		}
		for _, m := range awsHost.FindAllStringSubmatch(*e.Message, -1) {
			if svc := serviceOfHost(strings.TrimSuffix(m[1], ".")); svc != "" {
				seen[svc] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for svc := range seen {
		out = append(out, svc)
	}
	sort.Strings(out)
	return out
}

// serviceOfHost maps the labels of an amazonaws.com host before the domain to the endpoint service name:
// "dynamodb.us-east-1" → dynamodb, "my-bucket.s3.us-east-1" and "s3-external-1" → s3.
func serviceOfHost(labels string) string {
	parts := strings.Split(labels, ".")
	for _, p := range parts {
		if p == "s3" || strings.HasPrefix(p, "s3-") {
			return "s3"
		}
	}
	if len(parts) == 0 || parts[0] == "" {
		return ""
	}
	svc := parts[0]
	if svc == "vpce" || strings.HasPrefix(svc, "vpce-") {
		return ""
	}
	return svc
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	const max = 200
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return s
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func fmtMS(ms float64) string { return fmt.Sprintf("%.0f ms", ms) }
