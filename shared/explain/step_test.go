package explain_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/snapshot"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

const eventsDir = "../../events"

func TestDecodeAlarmEvent(t *testing.T) {
	tests := []struct {
		file      string
		name      string
		state     string
		metrics   int
		primary   string
		composite []string
	}{
		{"cloudwatch-alarm-lambda-errors.json", "orders-errors", "ALARM", 1, "Errors", nil},
		{"cloudwatch-alarm-metric-math.json", "orders-error-rate", "ALARM", 3, "Errors", nil},
		{"cloudwatch-alarm-composite.json", "orders-service-health", "ALARM", 0, "", []string{"orders-errors", "orders-throttles"}},
		{"cloudwatch-alarm-ok.json", "orders-errors", "OK", 1, "Errors", nil},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join(eventsDir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			a, err := explain.DecodeAlarmEvent(b)
			if err != nil {
				t.Fatal(err)
			}
			if a.Name != tt.name || a.State != tt.state || len(a.Metrics) != tt.metrics {
				t.Errorf("got %s %s with %d metrics; want %s %s with %d", a.Name, a.State, len(a.Metrics), tt.name, tt.state, tt.metrics)
			}
			if a.Region != "us-east-1" || a.Account != "123456789012" || a.Time.IsZero() {
				t.Errorf("region %q account %q time %v; want us-east-1, 123456789012 and a time", a.Region, a.Account, a.Time)
			}
			if m, ok := a.Primary(); tt.primary != "" && (!ok || m.Name != tt.primary || m.Dimensions["FunctionName"] != "orders") {
				t.Errorf("primary metric = %+v; want %s of orders", m, tt.primary)
			}
			if got := strings.Join(a.RuleAlarms(), ","); got != strings.Join(tt.composite, ",") {
				t.Errorf("RuleAlarms() = %q; want %q", got, tt.composite)
			}
		})
	}
	bad := map[string]string{
		"not JSON":          "{",
		"another source":    `{"source":"aws.codecommit","detail-type":"CodeCommit Repository State Change"}`,
		"no alarm name":     `{"source":"aws.cloudwatch","detail-type":"CloudWatch Alarm State Change","account":"1","region":"us-east-1","time":"2026-11-20T14:05:00Z","detail":{"state":{"value":"ALARM","timestamp":"2026-11-20T14:05:00.000+0000"}}}`,
		"unreadable time":   `{"source":"aws.cloudwatch","detail-type":"CloudWatch Alarm State Change","account":"1","region":"us-east-1","time":"2026-11-20T14:05:00Z","detail":{"alarmName":"a","state":{"value":"ALARM","timestamp":"noon"}}}`,
		"oversized payload": `{"pad":"` + strings.Repeat("x", 1<<20) + `"}`,
		"a config event":    mustRead("config-s3-bucket-update.json"),
	}
	for name, in := range bad {
		t.Run(name, func(t *testing.T) {
			if _, err := explain.DecodeAlarmEvent([]byte(in)); err == nil {
				t.Error("got nil error")
			}
		})
	}
	t.Run("+0000 timestamps", func(t *testing.T) {
		a, err := explain.DecodeAlarmEvent([]byte(`{"source":"aws.cloudwatch","detail-type":"CloudWatch Alarm State Change","account":"1","region":"us-east-1","time":"2026-11-20T14:05:01Z","detail":{"alarmName":"a","state":{"value":"ALARM","timestamp":"2026-11-20T14:05:00.012+0000"}}}`))
		if err != nil {
			t.Fatal(err)
		}
		if want := time.Date(2026, 11, 20, 14, 5, 0, 12e6, time.UTC); !a.Time.Equal(want) {
			t.Errorf("time = %v; want %v", a.Time, want)
		}
	})
}

func mustRead(name string) string {
	b, err := os.ReadFile(filepath.Join(eventsDir, name))
	if err != nil {
		return "{}" // the case still needs an error: an empty object is not an alarm either
	}
	return string(b)
}

func FuzzDecodeAlarmEvent(f *testing.F) {
	entries, _ := os.ReadDir(eventsDir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "cloudwatch-") {
			if b, err := os.ReadFile(filepath.Join(eventsDir, e.Name())); err == nil {
				f.Add(b)
			}
		}
	}
	f.Add([]byte(`{"source":"aws.cloudwatch","detail-type":"CloudWatch Alarm State Change","account":"1","region":"us-east-1","time":"2026-11-20T14:05:00Z","detail":{"alarmName":"a","state":{"value":"ALARM","timestamp":"2026-11-20T14:05:00.000+0000"},"configuration":{"metrics":[{"id":"m","metricStat":{"metric":{"namespace":"AWS/Lambda","name":"Errors"},"period":-1}}]}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := explain.DecodeAlarmEvent(data)
		if err != nil {
			return
		}
		// Whatever decodes must be explainable without a panic.
		_, _ = (&explain.Explainer{Context: baseWorld()}).Explain(context.Background(), a)
	})
}

func TestStep(t *testing.T) {
	ctx := context.Background()
	event, err := os.ReadFile(filepath.Join(eventsDir, "cloudwatch-alarm-lambda-errors.json"))
	if err != nil {
		t.Fatal(err)
	}
	snap, err := snapshot.Open(filepath.Join(contextDir, "vpc-no-egress"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name      string
		event     []byte
		context   explain.Context
		wantFile  bool
		summary   string
		wantGap   string
		wantError bool
	}{
		{name: "sample alarm", event: event, context: snap, wantFile: true, summary: "vpc-no-egress (confirmed)"},
		{name: "no context at all", event: event, context: &fakeContext{unknown: map[string]bool{"lambda.get-function-configuration": true}},
			wantFile: true, summary: "unknown (inconclusive)", wantGap: "no context could be read"},
		{name: "not an alarm event", event: []byte(`{"source":"aws.config"}`), context: snap, wantGap: "not an alarm"},
		{name: "event missing from the store", event: nil, context: snap, wantError: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			work, err := store.NewLocal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			in := run.State{RunID: "alarm-orders-errors-1", Flow: run.FlowAlarm, EventKey: "runs/alarm-orders-errors-1/event.json"}
			if tt.event != nil {
				if err := work.Put(ctx, in.EventKey, tt.event); err != nil {
					t.Fatal(err)
				}
			}
			step := &explain.Step{Work: work, Explainer: &explain.Explainer{Context: tt.context}}
			out, err := step.Run(ctx, in)
			if tt.wantError {
				var se *explain.StepError
				if !errors.As(err, &se) || !errors.Is(err, store.ErrNotFound) {
					t.Fatalf("err = %v; want a *StepError wrapping ErrNotFound", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			key, ok := out.Files[explain.File]
			if ok != tt.wantFile {
				t.Fatalf("files = %v; want explanation.json recorded: %v", out.Files, tt.wantFile)
			}
			if ok {
				b, err := work.Get(ctx, key)
				if err != nil {
					t.Fatal(err)
				}
				var exp explain.Explanation
				if err := json.Unmarshal(b, &exp); err != nil {
					t.Fatalf("explanation.json: %v", err)
				}
				if exp.Alarm.Name != "orders-errors" {
					t.Errorf("alarm = %q; want orders-errors", exp.Alarm.Name)
				}
				// The Markdown rendering travels beside it, for the notification and the pack.
				mdKey, ok := out.Files[explain.MarkdownFile]
				if !ok {
					t.Fatalf("files = %v; want explanation.md recorded", out.Files)
				}
				md, err := work.Get(ctx, mdKey)
				if err != nil {
					t.Fatal(err)
				}
				if want := "## orders-errors:"; !strings.HasPrefix(string(md), want) {
					t.Errorf("explanation.md starts %q; want %q", firstLine(string(md)), want)
				}
			}
			if got := out.Summary["rootCause"]; got != tt.summary {
				t.Errorf("summary rootCause = %q; want %q", got, tt.summary)
			}
			gaps := ""
			for _, g := range out.Gaps {
				gaps += g.Step + ": " + g.Reason + "\n"
			}
			if (tt.wantGap == "") != (gaps == "") || !strings.Contains(gaps, tt.wantGap) {
				t.Errorf("gaps = %q; want one containing %q", gaps, tt.wantGap)
			}
		})
	}
}

func TestAlarmFromEventRejectsOtherEvents(t *testing.T) {
	if _, err := explain.AlarmFromEvent(nil); err == nil {
		t.Error("AlarmFromEvent(nil) = nil error")
	}
	b, err := os.ReadFile(filepath.Join(eventsDir, "codecommit-reference-updated.json"))
	if err != nil {
		t.Skip(err)
	}
	if _, err := explain.DecodeAlarmEvent(b); err == nil || !strings.Contains(err.Error(), "not a CloudWatch Alarm State Change") {
		t.Errorf("DecodeAlarmEvent(push event) error = %v; want not an alarm", err)
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// TestStepRedactsSecrets: a secret a function logged does not reach the pack.
func TestStepRedactsSecrets(t *testing.T) {
	ctx := context.Background()
	w := baseWorld()
	// The earliest connection failure is the one quoted as evidence.
	w.logs = append(w.logs, logEvent(alarmAt.Add(-14*time.Minute), "Error: connect ETIMEDOUT 52.94.0.1:443 while calling https://app:hunter22@api.example.com with key AKIAIOSFODNN7EXAMPLE"))
	work, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	event, err := os.ReadFile(filepath.Join(eventsDir, "cloudwatch-alarm-lambda-errors.json"))
	if err != nil {
		t.Fatal(err)
	}
	in := run.State{RunID: "alarm-orders-errors-2", Flow: run.FlowAlarm, EventKey: "runs/alarm-orders-errors-2/event.json"}
	if err := work.Put(ctx, in.EventKey, event); err != nil {
		t.Fatal(err)
	}
	out, err := (&explain.Step{Work: work, Explainer: &explain.Explainer{Context: w}}).Run(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{explain.File, explain.MarkdownFile} {
		b, err := work.Get(ctx, out.Files[name])
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"hunter22", "AKIAIOSFODNN7EXAMPLE"} {
			if strings.Contains(string(b), secret) {
				t.Errorf("%s contains %q", name, secret)
			}
		}
		if !strings.Contains(string(b), "[REDACTED") {
			t.Errorf("%s has no redaction: the secret-bearing line was not quoted, so this test proves nothing:\n%s", name, b)
		}
		if !strings.Contains(string(b), "connect ETIMEDOUT 52.94.0.1:443") {
			t.Errorf("%s lost the fact around the secret:\n%s", name, b)
		}
	}
}
