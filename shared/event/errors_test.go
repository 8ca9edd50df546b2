package event_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/event"
)

// mutate applies replacements to a sample event, failing when one does not apply so a test cannot pass by
// leaving the input unchanged.
func mutate(t *testing.T, file string, pairs ...string) []byte {
	t.Helper()
	s := string(readEvent(t, file))
	for i := 0; i < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("%s has no %q", file, pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return []byte(s)
}

func TestParseErrors(t *testing.T) {
	const alarm = "cloudwatch-alarm-lambda-errors.json"
	const push = "codecommit-reference-updated.json"
	const cfg = "config-s3-bucket-update.json"
	tests := []struct {
		name  string
		input func(t *testing.T) []byte
		field string // for MalformedError; "-" for UnsupportedError
	}{
		{"empty", func(*testing.T) []byte { return nil }, ""},
		{"whitespace", func(*testing.T) []byte { return []byte(" \n\t") }, ""},
		{"not JSON", func(*testing.T) []byte { return []byte("hello") }, ""},
		{"binary", func(*testing.T) []byte { return []byte{0x00, 0xff, 0x1f, 0x8b} }, ""},
		{"truncated", func(t *testing.T) []byte { b := readEvent(t, alarm); return b[:len(b)/2] }, ""},
		{"trailing data", func(t *testing.T) []byte { return append(readEvent(t, alarm), []byte(" {}")...) }, ""},
		{"array", func(*testing.T) []byte { return []byte(`[1,2]`) }, ""},
		{"string", func(*testing.T) []byte { return []byte(`"event"`) }, ""},
		{"null", func(*testing.T) []byte { return []byte(`null`) }, ""},
		{"too large", func(*testing.T) []byte {
			return []byte(`{"pad":"` + strings.Repeat("x", event.MaxSize) + `"}`)
		}, ""},
		{"missing source", func(t *testing.T) []byte { return mutate(t, alarm, `"source": "aws.cloudwatch",`, "") }, "source"},
		{"missing detail", func(t *testing.T) []byte { return mutate(t, push, `"detail": {`, `"detail": null, "x": {`) }, "detail"},
		{"missing time", func(t *testing.T) []byte { return mutate(t, alarm, `"time": "2026-11-20T14:05:00Z",`, "") }, "time"},
		{"bad time", func(t *testing.T) []byte { return mutate(t, alarm, `"time": "2026-11-20T14:05:00Z"`, `"time": "noon"`) }, "time"},
		{"number as account", func(t *testing.T) []byte {
			return mutate(t, alarm, `"account": "123456789012"`, `"account": 123456789012`)
		}, "account"},
		{"detail not an object", func(t *testing.T) []byte {
			return []byte(strings.Replace(string(envelopeOnly(t, push)), "DETAIL", `[1]`, 1))
		}, "detail"},
		{"unknown source", func(t *testing.T) []byte {
			return mutate(t, alarm, `"source": "aws.cloudwatch"`, `"source": "aws.ec2"`)
		}, "-"},
		{"unknown detail type", func(t *testing.T) []byte {
			return mutate(t, push, `"CodeCommit Repository State Change"`, `"CodeCommit Comment on Pull Request"`)
		}, "-"},
		{"unknown config message", func(t *testing.T) []byte {
			return mutate(t, cfg, `"messageType": "ConfigurationItemChangeNotification"`, `"messageType": "ScheduledNotification"`)
		}, "-"},
		{"push without repository", func(t *testing.T) []byte {
			return mutate(t, push, `"repositoryName": "attest-sample"`, `"repositoryName": ""`)
		}, "detail.repositoryName"},
		{"push without commit", func(t *testing.T) []byte {
			return mutate(t, push, `"commitId": "92f6181645c4659bbf347ceec7891e773757074b",`, "")
		}, "detail.commitId"},
		{"update without old commit", func(t *testing.T) []byte {
			return mutate(t, push, `"oldCommitId": "058df7cb6c465ca7a59d2903141dae2bd9f9a171",`, "")
		}, "detail.oldCommitId"},
		{"deletion without old commit", func(t *testing.T) []byte {
			return mutate(t, "codecommit-reference-deleted.json", `"oldCommitId": "a486e7e4afe85b6f51b8e1ffdd6faa887ff07a5a",`, "")
		}, "detail.oldCommitId"},
		{"unknown reference event", func(t *testing.T) []byte { return mutate(t, push, `"referenceUpdated"`, `"referenceRenamed"`) }, "detail.event"},
		{"unknown reference type", func(t *testing.T) []byte {
			return mutate(t, push, `"referenceType": "branch"`, `"referenceType": "note"`)
		}, "detail.referenceType"},
		{"wrong type in detail", func(t *testing.T) []byte {
			return mutate(t, push, `"referenceName": "main"`, `"referenceName": ["main"]`)
		}, "detail.referenceName"},
		{"alarm without name", func(t *testing.T) []byte { return mutate(t, alarm, `"alarmName": "orders-errors",`, "") }, "detail.alarmName"},
		{"alarm state unknown", func(t *testing.T) []byte { return mutate(t, alarm, `"value": "ALARM"`, `"value": "RED"`) }, "detail.state.value"},
		{"alarm state wrong type", func(t *testing.T) []byte { return mutate(t, alarm, `"value": "ALARM"`, `"value": 3`) }, "detail.state.value"},
		{"alarm timestamp unreadable", func(t *testing.T) []byte {
			return mutate(t, alarm, `"timestamp": "2026-11-20T14:05:00.000+0000"`, `"timestamp": "20/11/26 14:05"`)
		}, "detail.state.timestamp"},
		{"alarm period wrong type", func(t *testing.T) []byte { return mutate(t, alarm, `"period": 60`, `"period": "60"`) }, "detail.configuration.metrics.metricStat.period"},
		{"alarm metric without id", func(t *testing.T) []byte { return mutate(t, alarm, `"id": "m1",`, "") }, "detail.configuration.metrics[0].id"},
		{"config without item", func(t *testing.T) []byte { return mutate(t, cfg, `"configurationItem": {`, `"item": {`) }, "detail.configurationItem"},
		{"config without resource id", func(t *testing.T) []byte {
			return mutate(t, cfg, `"resourceId": "attest-sample-uploads",`, "")
		}, "detail.configurationItem.resourceId"},
		{"config tags wrong type", func(t *testing.T) []byte {
			return mutate(t, cfg, `"application": "attest-sample"`, `"application": 7`)
		}, "detail.configurationItem.tags"},
		{"oversized without location", func(t *testing.T) []byte {
			return mutate(t, "config-oversized.json", `"s3DeliverySummary": {`, `"delivery": {`)
		}, "detail.s3DeliverySummary"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := event.Parse(tt.input(t))
			if err == nil {
				t.Fatalf("got %+v and no error; want an error", env)
			}
			if env != nil {
				t.Errorf("got an envelope with the error %v", err)
			}
			if tt.field == "-" {
				var ue *event.UnsupportedError
				if !errors.As(err, &ue) {
					t.Fatalf("got %T %v; want *event.UnsupportedError", err, err)
				}
				return
			}
			var me *event.MalformedError
			if !errors.As(err, &me) {
				t.Fatalf("got %T %v; want *event.MalformedError", err, err)
			}
			if me.Field != tt.field {
				t.Errorf("got field %q (%v); want %q", me.Field, err, tt.field)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error %q spans lines; want one line", err)
			}
		})
	}
}

// envelopeOnly returns a sample's envelope with its detail replaced by the placeholder DETAIL.
func envelopeOnly(t *testing.T, file string) []byte {
	t.Helper()
	s := string(readEvent(t, file))
	i := strings.Index(s, `"detail": {`)
	if i < 0 {
		t.Fatalf("%s has no detail", file)
	}
	return []byte(s[:i] + `"detail": DETAIL}`)
}

func TestParseAcceptsLimit(t *testing.T) {
	b := readEvent(t, "cloudwatch-alarm-lambda-errors.json")
	pad := strings.Repeat(" ", event.MaxSize-len(b))
	if _, err := event.Parse(append(b, pad...)); err != nil {
		t.Errorf("an event of exactly %d bytes: %v; want accepted", event.MaxSize, err)
	}
}

func FuzzParse(f *testing.F) {
	names, _ := filepath.Glob(filepath.Join(eventsDir, "*.json"))
	for _, n := range names {
		if b, err := os.ReadFile(n); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"source":"aws.cloudwatch","detail-type":"CloudWatch Alarm State Change","detail":{"configuration":{"alarmRule":"ALARM(\"a\")"}}}`))
	f.Add([]byte(`{"detail":{"x":[[[[[[[[]]]]]]]]}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		env, err := event.Parse(data)
		if err != nil {
			var me *event.MalformedError
			var ue *event.UnsupportedError
			if !errors.As(err, &me) && !errors.As(err, &ue) {
				t.Fatalf("got %T %v; want a named error type", err, err)
			}
			return
		}
		if env.Alarm != nil {
			env.Alarm.ChildAlarms()
			env.Alarm.State.DecodeReasonData()
			env.Alarm.Metrics()
			for _, m := range env.Alarm.Expressions() {
				env.Alarm.Inputs(m)
			}
		}
		if env.Config != nil && env.Config.ConfigurationItem != nil {
			env.Config.ConfigurationItem.Object()
			for k := range env.Config.ConfigurationItem.SupplementaryConfiguration {
				env.Config.ConfigurationItem.Supplementary(k)
			}
		}
		// What parses re-encodes and parses again to the same kind.
		out, err := env.MarshalJSON()
		if err != nil {
			t.Fatalf("MarshalJSON: %v", err)
		}
		again, err := event.Parse(out)
		if err != nil {
			t.Fatalf("re-encoded event does not parse: %v\n%s", err, out)
		}
		if again.Kind != env.Kind {
			t.Fatalf("kind %q became %q", env.Kind, again.Kind)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	data := readEvent(b, "config-s3-bucket-update.json")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := event.Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}
