package snapshot_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudtrail"
	cttypes "github.com/aws/aws-sdk-go-v2/service/cloudtrail/types"
	"github.com/aws/aws-sdk-go-v2/service/configservice"
	cfgtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/snapshot"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

const scenariosDir = "../../../testdata/context"

// packRun runs the explain step over a scenario with the context recorded, and returns the run state, the
// explanation and the pack's context files unpacked into a directory.
func packRun(t *testing.T, source explain.Context, event []byte) (run.State, *explain.Explanation, string) {
	t.Helper()
	ctx := context.Background()
	work, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	in := run.State{RunID: "alarm-test-1", Flow: run.FlowAlarm, EventKey: "runs/alarm-test-1/event.json"}
	if err := work.Put(ctx, in.EventKey, event); err != nil {
		t.Fatal(err)
	}
	step := &explain.Step{Work: work, Explainer: &explain.Explainer{Context: source}, Record: snapshot.Record}
	out, err := step.Run(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	b, err := work.Get(ctx, out.Files[explain.File])
	if err != nil {
		t.Fatal(err)
	}
	var exp explain.Explanation
	if err := json.Unmarshal(b, &exp); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, key := range out.Files {
		rel, ok := strings.CutPrefix(name, explain.ContextDir+"/")
		if !ok {
			continue
		}
		if strings.Contains(rel, "/") {
			t.Fatalf("pack file %s: the context is one flat directory", name)
		}
		data, err := work.Get(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, rel), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return out, &exp, dir
}

// reexplain explains the event again from an unpacked context, as `attest explain --context` does, with
// the same masking the step applies.
func reexplain(t *testing.T, dir string, event []byte) *explain.Explanation {
	t.Helper()
	snap, err := snapshot.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	a, err := explain.DecodeAlarmEvent(event)
	if err != nil {
		t.Fatal(err)
	}
	exp, err := (&explain.Explainer{Context: snap}).Explain(context.Background(), a)
	if err != nil {
		t.Fatal(err)
	}
	return exp.Redacted()
}

func ruledOutIDs(e *explain.Explanation) []string {
	ids := make([]string, 0, len(e.RuledOut))
	for _, r := range e.RuledOut {
		ids = append(ids, r.ID)
	}
	sort.Strings(ids)
	return ids
}

// TestPackContextRoundTrip: for every scenario, the context the step stores in the pack explains the alarm
// again, offline, to the same root cause, confidence and ruled-out causes.
func TestPackContextRoundTrip(t *testing.T) {
	entries, err := os.ReadDir(scenariosDir)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		event, err := os.ReadFile(filepath.Join(scenariosDir, e.Name(), "event.json"))
		if err != nil {
			continue // a snapshot without an alarm of its own
		}
		n++
		t.Run(e.Name(), func(t *testing.T) {
			snap, err := snapshot.Open(filepath.Join(scenariosDir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out, first, dir := packRun(t, snap, event)
			if _, ok := out.Files[explain.ContextDir+"/"+snapshot.ReadmeFile]; !ok {
				t.Errorf("files %v; want the context README", out.Files)
			}
			again := reexplain(t, dir, event)
			if again.RootCause.ID != first.RootCause.ID || again.RootCause.Confidence != first.RootCause.Confidence {
				t.Errorf("got %s (%s) from the pack's context; want %s (%s) as explained", again.RootCause.ID, again.RootCause.Confidence,
					first.RootCause.ID, first.RootCause.Confidence)
			}
			if got, want := strings.Join(ruledOutIDs(again), ","), strings.Join(ruledOutIDs(first), ","); got != want {
				t.Errorf("got ruled out %s from the pack's context; want %s", got, want)
			}
			if again.RootCause.Summary != first.RootCause.Summary {
				t.Errorf("got summary %q from the pack's context; want %q", again.RootCause.Summary, first.RootCause.Summary)
			}
		})
	}
	if n < 10 {
		t.Fatalf("found %d scenarios with an event under %s; want the scenario corpus", n, scenariosDir)
	}
}

// recorded returns the pack files of one recorded answer.
func recorded(t testing.TB, call, file string, v any, e *explain.Explanation) map[string][]byte {
	t.Helper()
	r := snapshot.NewRecorder(nil)
	r.Record(call, file, v, nil, nil)
	files, err := r.PackFiles(e)
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// TestPackFilesRedactEmbeddedEnvironment: environment values inside JSON text (a CloudTrail event's
// request, an AWS Config item) are replaced as the typed ones are, and the file still reads back.
func TestPackFilesRedactEmbeddedEnvironment(t *testing.T) {
	const secret = "https://internal.example.com/s3cr3t-path"
	tests := []struct {
		name, call, file string
		value            any
		read             func(s *snapshot.Snapshot) error
	}{
		{
			name: "cloudtrail request parameters", call: "cloudtrail.lookup-events", file: "cloudtrail.lookup-events.json",
			value: &cloudtrail.LookupEventsOutput{Events: []cttypes.Event{{EventId: aws.String("e1"), EventName: aws.String("UpdateFunctionConfiguration20150331v2"),
				EventTime:       aws.Time(time.Date(2026, 11, 20, 13, 0, 0, 0, time.UTC)),
				CloudTrailEvent: aws.String(`{"eventName":"UpdateFunctionConfiguration","requestParameters":{"functionName":"orders","environment":{"variables":{"UPSTREAM_URL":"` + secret + `"}}}}`)}}},
			read: func(s *snapshot.Snapshot) error {
				_, err := s.TrailEvents(context.Background(), explain.TrailQuery{Start: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 11, 21, 0, 0, 0, 0, time.UTC)})
				return err
			},
		},
		{
			name: "config item configuration", call: "config.get-resource-config-history", file: "config.get-resource-config-history.json",
			value: &configservice.GetResourceConfigHistoryOutput{ConfigurationItems: []cfgtypes.ConfigurationItem{{ResourceType: cfgtypes.ResourceTypeFunction, ResourceId: aws.String("orders"),
				Configuration: aws.String(`{"functionName":"orders","environment":{"variables":{"UPSTREAM_URL":"` + secret + `"}}}`)}}},
			read: func(s *snapshot.Snapshot) error {
				_, err := s.ResourceConfigHistory(context.Background(), "AWS::Lambda::Function", "orders")
				return err
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := recorded(t, tt.call, tt.file, tt.value, &explain.Explanation{})
			got := string(files[tt.file])
			if strings.Contains(got, secret) {
				t.Errorf("got %s; want the environment value replaced", got)
			}
			// A name that masking leaves alone: only the environment rule can have replaced the value.
			if !strings.Contains(got, `UPSTREAM_URL\":\"`+snapshot.Redacted) {
				t.Errorf("got %s; want UPSTREAM_URL kept with the value %s", got, snapshot.Redacted)
			}
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, tt.file), files[tt.file], 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := snapshot.Open(dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.read(s); err != nil {
				t.Errorf("the redacted file does not read back: %v", err)
			}
		})
	}
}

// TestPackFilesReadme: failed calls are listed, and an answer that is nothing is a failure, not a file.
func TestPackFilesReadme(t *testing.T) {
	r := snapshot.NewRecorder(nil)
	r.Record("ec2.describe-nat-gateways", "ec2.describe-nat-gateways.json", nil, errors.New("AccessDenied: token=abcdefgh12345"), nil)
	r.Record("lambda.get-account-settings", "lambda.get-account-settings.json", (*lambda.GetAccountSettingsOutput)(nil), nil, nil)
	files, err := r.PackFiles(&explain.Explanation{Alarm: explain.AlarmRef{Name: "orders-errors"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 1 {
		t.Errorf("got files %v; want only the README", keysOf(files))
	}
	readme := string(files[snapshot.ReadmeFile])
	for _, want := range []string{"orders-errors", "| ec2.describe-nat-gateways | ec2.describe-nat-gateways.json |", "lambda.get-account-settings.json", "attest explain --event event.json --context context"} {
		if !strings.Contains(readme, want) {
			t.Errorf("README lacks %q:\n%s", want, readme)
		}
	}
	if strings.Contains(readme, "abcdefgh12345") {
		t.Errorf("README keeps a secret of an error message:\n%s", readme)
	}
	if _, err := (&snapshot.Recorder{}).PackFiles(nil); err == nil {
		t.Error("PackFiles(nil) = nil error; want one")
	}
}

func keysOf(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// FuzzPackFilesTrailEvent: whatever text a CloudTrail event carries, the pack file is written, masked, and
// reads back.
func FuzzPackFilesTrailEvent(f *testing.F) {
	f.Add(`{"requestParameters":{"environment":{"variables":{"A":"b"}}}}`)
	f.Add(`{"environment":{"variables":"HIDDEN_DUE_TO_SECURITY_REASONS"}}`)
	f.Add(`[{"environment":{"variables":{"A":1}}}]`)
	f.Add(`{"variables":{"a":"AKIAIOSFODNN7EXAMPLE"}} trailing`)
	f.Add(strings.Repeat(`{"environment":`, 200))
	f.Add(`{"environment":{"variables":{"a":"b"}},"key":"\u0041KIAIOSFODNN7EXAMPLE"}`)
	f.Fuzz(func(t *testing.T, raw string) {
		files := recorded(t, "cloudtrail.lookup-events", "cloudtrail.lookup-events.json",
			&cloudtrail.LookupEventsOutput{Events: []cttypes.Event{{EventId: aws.String("e1"), CloudTrailEvent: aws.String(raw)}}}, &explain.Explanation{})
		var out cloudtrail.LookupEventsOutput
		if err := snapshot.Decode(files["cloudtrail.lookup-events.json"], &out); err != nil {
			t.Fatalf("the pack file does not decode: %v", err)
		}
		if len(out.Events) != 1 || out.Events[0].CloudTrailEvent == nil {
			t.Fatalf("got %+v; want the event kept", out.Events)
		}
		if got := *out.Events[0].CloudTrailEvent; explain.RedactText(got) != got {
			t.Errorf("got %q; want nothing left to mask", got)
		}
	})
}

func BenchmarkPackFiles(b *testing.B) {
	dir := filepath.Join(scenariosDir, "vpc-no-egress")
	event, err := os.ReadFile(filepath.Join(dir, "event.json"))
	if err != nil {
		b.Fatal(err)
	}
	snap, err := snapshot.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	a, err := explain.DecodeAlarmEvent(event)
	if err != nil {
		b.Fatal(err)
	}
	rec := snapshot.NewRecorder(snap)
	exp, err := (&explain.Explainer{Context: rec}).Explain(context.Background(), a)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := rec.PackFiles(exp); err != nil {
			b.Fatal(err)
		}
	}
}
