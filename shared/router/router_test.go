package router_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/attestdev/attest/shared/event"
	"github.com/attestdev/attest/shared/router"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

func sample(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "events", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

var (
	base   = "058df7cb6c465ca7a59d2903141dae2bd9f9a171"
	head   = "92f6181645c4659bbf347ceec7891e773757074b"
	branch = "a486e7e4afe85b6f51b8e1ffdd6faa887ff07a5a"
)

func TestDecide(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		cfg     router.Config
		flow    run.Flow
		ignore  string // part of the reason, when ignored
		subject run.Subject
		label   string // part of the run ID
	}{
		{name: "push to main", file: "codecommit-reference-updated.json", flow: run.FlowPush, label: "attest-sample-main",
			subject: run.Subject{Repository: "attest-sample", Reference: "main", RefType: "branch", Commit: head, BaseCommit: base}},
		{name: "new branch", file: "codecommit-reference-created.json", flow: run.FlowPush, label: "attest-sample-feature-tls",
			subject: run.Subject{Repository: "attest-sample", Reference: "feature/tls", RefType: "branch", Commit: branch, NewBranch: true}},
		{name: "deleted branch", file: "codecommit-reference-deleted.json", flow: run.FlowPush, ignore: "was deleted"},
		{name: "tag by default", file: "codecommit-tag-created.json", flow: run.FlowPush, ignore: "tags are not scanned"},
		{name: "tag when scanned", file: "codecommit-tag-created.json", cfg: router.Config{ScanTags: true}, flow: run.FlowPush, label: "attest-sample-v1-4-0",
			subject: run.Subject{Repository: "attest-sample", Reference: "v1.4.0", RefType: "tag", Commit: head}},
		{name: "unwatched repository", file: "codecommit-reference-updated.json", cfg: router.Config{WatchRepositories: []string{"other"}}, flow: run.FlowPush, ignore: "not watched"},
		{name: "watched repository", file: "codecommit-reference-updated.json", cfg: router.Config{WatchRepositories: []string{"other", "attest-sample"}}, flow: run.FlowPush,
			label: "attest-sample-main", subject: run.Subject{Repository: "attest-sample", Reference: "main", RefType: "branch", Commit: head, BaseCommit: base}},
		{name: "alarm", file: "cloudwatch-alarm-lambda-errors.json", flow: run.FlowAlarm, label: "orders-errors",
			subject: run.Subject{Alarm: "orders-errors", AlarmTime: "2026-11-20T14:05:00Z"}},
		{name: "alarm back to OK", file: "cloudwatch-alarm-ok.json", flow: run.FlowAlarm, ignore: "OK, not ALARM"},
		{name: "composite alarm", file: "cloudwatch-alarm-composite.json", flow: run.FlowAlarm, label: "orders-service-health",
			subject: run.Subject{Alarm: "orders-service-health", AlarmTime: "2026-11-20T14:05:01.118Z"}},
		{name: "metric math alarm", file: "cloudwatch-alarm-metric-math.json", flow: run.FlowAlarm, label: "orders-error-rate",
			subject: run.Subject{Alarm: "orders-error-rate", AlarmTime: "2026-11-20T14:06:00.047Z"}},
		{name: "bucket update", file: "config-s3-bucket-update.json", flow: run.FlowConfig, label: "attest-sample-uploads",
			subject: run.Subject{ResourceType: "AWS::S3::Bucket", ResourceID: "attest-sample-uploads", ResourceARN: "arn:aws:s3:::attest-sample-uploads", CaptureTime: "2026-11-20T14:10:11.204Z"}},
		{name: "bucket deleted", file: "config-s3-bucket-deleted.json", flow: run.FlowConfig, label: "attest-sample-legacy",
			subject: run.Subject{ResourceType: "AWS::S3::Bucket", ResourceID: "attest-sample-legacy", ResourceARN: "arn:aws:s3:::attest-sample-legacy", CaptureTime: "2026-11-20T15:02:39.87Z"}},
		{name: "oversized item", file: "config-oversized.json", flow: run.FlowConfig, label: "attest-sample-logs",
			subject: run.Subject{ResourceType: "AWS::S3::Bucket", ResourceID: "attest-sample-logs", ResourceARN: "arn:aws:s3:::attest-sample-logs", CaptureTime: "2026-11-20T16:20:04.002Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := event.Parse(sample(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			d, err := router.Decide(env, tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			st := d.State
			if tt.ignore != "" {
				if !d.Ignore || !strings.Contains(d.Reason, tt.ignore) {
					t.Errorf("got ignore %v reason %q; want ignored for %q", d.Ignore, d.Reason, tt.ignore)
				}
				return
			}
			if d.Ignore {
				t.Fatalf("ignored: %s", d.Reason)
			}
			want := tt.subject
			want.Account, want.Region = "123456789012", "us-east-1"
			if st.Subject != want {
				t.Errorf("subject:\ngot  %+v\nwant %+v", st.Subject, want)
			}
			if st.Flow != tt.flow || !strings.HasPrefix(st.RunID, string(tt.flow)+"-"+tt.label+"-") {
				t.Errorf("got flow %s run %s; want %s and a run ID with %q", st.Flow, st.RunID, tt.flow, tt.label)
			}
			if len(st.RunID) > 80 || strings.Trim(st.RunID, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_") != "" {
				t.Errorf("run ID %q is not a valid execution name", st.RunID)
			}
			if st.EventKey != "runs/"+st.RunID+"/event.json" {
				t.Errorf("event key %s; want runs/<runId>/event.json", st.EventKey)
			}
			if st.Time != env.Time.RFC3339() || st.Time == "" {
				t.Errorf("time %q; want the event's %q", st.Time, env.Time.RFC3339())
			}
		})
	}
}

// TestRunIDs checks that the run ID depends on the event's identity and on nothing else.
func TestRunIDs(t *testing.T) {
	decide := func(t *testing.T, raw []byte) string {
		t.Helper()
		env, err := event.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		d, err := router.Decide(env, router.Config{})
		if err != nil {
			t.Fatal(err)
		}
		return d.State.RunID
	}
	replace := func(t *testing.T, file, old, new string) []byte {
		t.Helper()
		s := string(sample(t, file))
		if !strings.Contains(s, old) {
			t.Fatalf("%s has no %q", file, old)
		}
		return []byte(strings.Replace(s, old, new, 1))
	}
	tests := []struct {
		name, file, old, new string
		same                 bool
	}{
		{"redelivery with a new event id", "codecommit-reference-updated.json", `"id": "3b9f1d2e`, `"id": "ffffffff`, true},
		{"another head commit", "codecommit-reference-updated.json", `"commitId": "92f6`, `"commitId": "d2f6`, false},
		{"another branch", "codecommit-reference-updated.json", `"referenceFullName": "refs/heads/main"`, `"referenceFullName": "refs/heads/release"`, false},
		{"alarm redelivered later", "cloudwatch-alarm-lambda-errors.json", `"time": "2026-11-20T14:05:00Z"`, `"time": "2026-11-20T14:07:00Z"`, true},
		{"alarm fires again", "cloudwatch-alarm-lambda-errors.json", `"timestamp": "2026-11-20T14:05:00.000+0000"`, `"timestamp": "2026-11-20T15:05:00.000+0000"`, false},
		{"same instant, other offset", "cloudwatch-alarm-lambda-errors.json", `"timestamp": "2026-11-20T14:05:00.000+0000"`, `"timestamp": "2026-11-20T15:05:00.000+0100"`, true},
		{"config item captured again", "config-s3-bucket-update.json", `"configurationItemCaptureTime": "2026-11-20T14:10:11.204Z"`, `"configurationItemCaptureTime": "2026-11-20T14:11:11.204Z"`, false},
		{"config state id", "config-s3-bucket-update.json", `"configurationStateId": 1795183811204`, `"configurationStateId": 1795183811205`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := decide(t, sample(t, tt.file))
			b := decide(t, replace(t, tt.file, tt.old, tt.new))
			if (a == b) != tt.same {
				t.Errorf("run IDs %s and %s; want same=%v", a, b, tt.same)
			}
		})
	}
}

// fakeStarter is a Step Functions stand-in: execution names are unique, as in the service.
type fakeStarter struct {
	mu      sync.Mutex
	started map[string][]byte
	calls   int
	err     error
}

func (f *fakeStarter) Start(_ context.Context, name string, input []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.err != nil {
		return f.err
	}
	if f.started == nil {
		f.started = map[string][]byte{}
	}
	if _, ok := f.started[name]; ok {
		return fmt.Errorf("start execution %s: %w", name, router.ErrAlreadyStarted)
	}
	f.started[name] = input
	return nil
}

func newService(t *testing.T, cfg router.Config) (*router.Service, *fakeStarter, *store.Local) {
	t.Helper()
	work, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	starter := &fakeStarter{}
	return &router.Service{Starter: starter, Work: work, Config: cfg, Logger: slog.New(slog.DiscardHandler)}, starter, work
}

func keys(t *testing.T, work *store.Local) []string {
	t.Helper()
	k, err := work.List(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func TestHandle(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join("..", "..", "events"))
	if err != nil {
		t.Fatal(err)
	}
	ignored := map[string]bool{"codecommit-reference-deleted.json": true, "codecommit-tag-created.json": true, "cloudwatch-alarm-ok.json": true,
		"codecommit-pull-request-merged.json": true}
	for _, e := range entries {
		if filepath.Ext(e.Name()) != ".json" {
			continue
		}
		t.Run(e.Name(), func(t *testing.T) {
			svc, starter, work := newService(t, router.Config{WatchRepositories: []string{"attest-sample"}})
			raw := sample(t, e.Name())
			res, err := svc.Handle(context.Background(), raw)
			if err != nil {
				t.Fatal(err)
			}
			if ignored[e.Name()] {
				if !res.Ignored || res.Started || res.Reason == "" {
					t.Errorf("got %+v; want ignored with a reason", res)
				}
				if k := keys(t, work); len(k) != 0 || starter.calls != 0 {
					t.Errorf("ignored event wrote %v and started %d; want nothing", k, starter.calls)
				}
				return
			}
			if !res.Started || res.Duplicate || res.RunID == "" {
				t.Fatalf("got %+v; want started", res)
			}
			var st run.State
			if err := json.Unmarshal(starter.started[res.RunID], &st); err != nil {
				t.Fatalf("execution input: %v", err)
			}
			if st.RunID != res.RunID || st.EventKey != "runs/"+res.RunID+"/event.json" {
				t.Errorf("input state %+v; want run %s", st, res.RunID)
			}
			stored, err := work.Get(context.Background(), st.EventKey)
			if err != nil || string(stored) != string(raw) {
				t.Errorf("stored event differs from the delivered one (err %v)", err)
			}
		})
	}
}

func TestHandleDuplicateDelivery(t *testing.T) {
	svc, starter, work := newService(t, router.Config{})
	raw := sample(t, "codecommit-reference-updated.json")
	first, err := svc.Handle(context.Background(), raw)
	if err != nil {
		t.Fatal(err)
	}
	// EventBridge redelivers with the same content; a replay gives a new event ID.
	again := []byte(strings.Replace(string(raw), `"id": "3b9f1d2e`, `"id": "99999999`, 1))
	for i, in := range [][]byte{raw, again} {
		res, err := svc.Handle(context.Background(), in)
		if err != nil {
			t.Fatalf("delivery %d: %v", i+2, err)
		}
		if !res.Duplicate || res.Started || res.RunID != first.RunID {
			t.Errorf("delivery %d: got %+v; want a duplicate of %s", i+2, res, first.RunID)
		}
	}
	if len(starter.started) != 1 || starter.calls != 3 {
		t.Errorf("started %d executions in %d calls; want 1 in 3", len(starter.started), starter.calls)
	}
	if k := keys(t, work); len(k) != 1 {
		t.Errorf("stored %v; want one event", k)
	}
	got, err := work.Get(context.Background(), "runs/"+first.RunID+"/event.json")
	if err != nil || string(got) != string(raw) {
		t.Errorf("the first delivery's bytes were replaced (err %v)", err)
	}
}

func TestHandleErrors(t *testing.T) {
	boom := errors.New("throttled")
	tests := []struct {
		name    string
		raw     string
		starter error
		check   func(error) bool
		want    string
		writes  bool
	}{
		{"malformed", `{"version":"0"`, nil, func(err error) bool { var e *event.MalformedError; return errors.As(err, &e) }, "*event.MalformedError", false},
		{"unsupported", `{"version":"0","id":"1","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2","account":"123456789012","time":"2026-11-20T14:05:00Z","region":"us-east-1","resources":[],"detail":{"state":"running"}}`,
			nil, func(err error) bool { var e *event.UnsupportedError; return errors.As(err, &e) }, "*event.UnsupportedError", false},
		{"start fails", string(sample(t, "cloudwatch-alarm-lambda-errors.json")), boom,
			func(err error) bool { var e *router.StartError; return errors.As(err, &e) && errors.Is(err, boom) }, "*router.StartError", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, starter, work := newService(t, router.Config{})
			starter.err = tt.starter
			_, err := svc.Handle(context.Background(), json.RawMessage(tt.raw))
			if !tt.check(err) {
				t.Fatalf("got %T %v; want %s", err, err, tt.want)
			}
			if k := keys(t, work); (len(k) > 0) != tt.writes {
				t.Errorf("wrote %v; want writes=%v", k, tt.writes)
			}
		})
	}
	t.Run("store fails", func(t *testing.T) {
		svc := &router.Service{Starter: &fakeStarter{}, Work: failingStore{}, Logger: slog.New(slog.DiscardHandler)}
		_, err := svc.Handle(context.Background(), sample(t, "cloudwatch-alarm-lambda-errors.json"))
		var se *router.StoreError
		if !errors.As(err, &se) {
			t.Fatalf("got %T %v; want *router.StoreError", err, err)
		}
	})
}

type failingStore struct{}

func (failingStore) PutIfAbsent(context.Context, string, []byte) error {
	return errors.New("access denied")
}

func TestDecideUnsupported(t *testing.T) {
	if _, err := router.Decide(&event.Envelope{Source: "aws.ec2", DetailType: "x"}, router.Config{}); err == nil {
		t.Error("got nil error for an envelope without a typed detail")
	}
	if _, err := router.Decide(nil, router.Config{}); err == nil {
		t.Error("got nil error for no envelope")
	}
}
