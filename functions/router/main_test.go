package main

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/attestdev/attest/shared/event"
	"github.com/attestdev/attest/shared/router"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

func TestLoadEnv(t *testing.T) {
	base := map[string]string{"STATE_MACHINE_ARN": "arn:aws:states:us-east-1:123456789012:stateMachine:attest", "WORK_BUCKET": "work"}
	with := func(kv ...string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name string
		env  map[string]string
		want router.Config
		err  bool
	}{
		{"defaults", with(), router.Config{}, false},
		{"watched repositories", with("WATCH_REPOSITORIES", " attest-sample, other ,,"), router.Config{WatchRepositories: []string{"attest-sample", "other"}}, false},
		{"tags", with("SCAN_TAGS", "true"), router.Config{ScanTags: true}, false},
		{"bad tags", with("SCAN_TAGS", "sometimes"), router.Config{}, true},
		{"no state machine", with("STATE_MACHINE_ARN", ""), router.Config{}, true},
		{"no bucket", with("WORK_BUCKET", ""), router.Config{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := loadEnv(func(k string) string { return tt.env[k] })
			if (err != nil) != tt.err {
				t.Fatalf("got error %v; want error %v", err, tt.err)
			}
			if err == nil && !reflect.DeepEqual(e.Router, tt.want) {
				t.Errorf("got %+v; want %+v", e.Router, tt.want)
			}
		})
	}
}

type recordingStarter struct{ started map[string][]byte }

func (r *recordingStarter) Start(_ context.Context, name string, input []byte) error {
	if _, ok := r.started[name]; ok {
		return router.ErrAlreadyStarted
	}
	r.started[name] = input
	return nil
}

// TestHandler invokes the handler as Lambda would, with each sample event's JSON.
func TestHandler(t *testing.T) {
	tests := []struct {
		file    string
		started bool
		flow    run.Flow
	}{
		{"codecommit-reference-updated.json", true, run.FlowPush},
		{"codecommit-reference-created.json", true, run.FlowPush},
		{"codecommit-reference-deleted.json", false, ""},
		{"codecommit-tag-created.json", false, ""},
		{"cloudwatch-alarm-lambda-errors.json", true, run.FlowAlarm},
		{"cloudwatch-alarm-ok.json", false, ""},
		{"cloudwatch-alarm-composite.json", true, run.FlowAlarm},
		{"cloudwatch-alarm-metric-math.json", true, run.FlowAlarm},
		{"config-s3-bucket-update.json", true, run.FlowConfig},
		{"config-s3-bucket-deleted.json", true, run.FlowConfig},
		{"config-oversized.json", true, run.FlowConfig},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join("..", "..", "events", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			work, _ := store.NewLocal(t.TempDir())
			starter := &recordingStarter{started: map[string][]byte{}}
			h := handler(&router.Service{Starter: starter, Work: work, Config: router.Config{WatchRepositories: []string{"attest-sample"}}, Logger: slog.New(slog.DiscardHandler)})
			res, err := h(context.Background(), json.RawMessage(raw))
			if err != nil {
				t.Fatal(err)
			}
			if res.Started != tt.started || (tt.started && res.Flow != string(tt.flow)) {
				t.Fatalf("got %+v; want started=%v flow %s", res, tt.started, tt.flow)
			}
			if !tt.started {
				return
			}
			var st run.State
			if err := json.Unmarshal(starter.started[res.RunID], &st); err != nil {
				t.Fatal(err)
			}
			if st.Flow != tt.flow || st.EventKey == "" {
				t.Errorf("input %+v; want flow %s and an event key", st, tt.flow)
			}
			if _, err := work.Get(context.Background(), st.EventKey); err != nil {
				t.Errorf("event not stored: %v", err)
			}
			again, err := h(context.Background(), json.RawMessage(raw))
			if err != nil || !again.Duplicate {
				t.Errorf("second delivery: %+v, %v; want a duplicate", again, err)
			}
		})
	}
	t.Run("malformed", func(t *testing.T) {
		work, _ := store.NewLocal(t.TempDir())
		h := handler(&router.Service{Starter: &recordingStarter{started: map[string][]byte{}}, Work: work, Logger: slog.New(slog.DiscardHandler)})
		_, err := h(context.Background(), json.RawMessage(`{"detail-type":`))
		var me *event.MalformedError
		if !errors.As(err, &me) {
			t.Errorf("got %T %v; want *event.MalformedError", err, err)
		}
	})
}
