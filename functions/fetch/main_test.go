package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/attestdev/attest/shared/event"
	"github.com/attestdev/attest/shared/router"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/source"
	"github.com/attestdev/attest/shared/store"
)

func TestLoadEnv(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		max  int64
		err  bool
	}{
		{"defaults", map[string]string{"WORK_BUCKET": "w"}, source.DefaultMaxFileBytes, false},
		{"limit", map[string]string{"WORK_BUCKET": "w", "MAX_FILE_BYTES": "2048"}, 2048, false},
		{"bad limit", map[string]string{"WORK_BUCKET": "w", "MAX_FILE_BYTES": "1MB"}, 0, true},
		{"zero limit", map[string]string{"WORK_BUCKET": "w", "MAX_FILE_BYTES": "0"}, 0, true},
		{"no bucket", map[string]string{}, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := loadEnv(func(k string) string { return tt.env[k] })
			if (err != nil) != tt.err {
				t.Fatalf("got error %v; want error %v", err, tt.err)
			}
			if err == nil && e.MaxFileBytes != tt.max {
				t.Errorf("got %d; want %d", e.MaxFileBytes, tt.max)
			}
		})
	}
}

// sampleRepo stands in for CodeCommit with the sample events' commits.
type sampleRepo struct{}

var (
	base = "058df7cb6c465ca7a59d2903141dae2bd9f9a171"
	head = "92f6181645c4659bbf347ceec7891e773757074b"
)

func (sampleRepo) Differences(_ context.Context, repo, before, after string) ([]source.Difference, error) {
	if repo != "attest-sample" || before != base || after != head {
		return nil, source.ErrCommitNotFound
	}
	return []source.Difference{
		{Before: source.Entry{BlobID: "b1", Path: "infra/template.yaml", Mode: "100644"}, After: source.Entry{BlobID: "b2", Path: "infra/template.yaml", Mode: "100644"}},
		{After: source.Entry{BlobID: "b3", Path: "signer/signer.go", Mode: "100644"}},
	}, nil
}

func (sampleRepo) Blob(_ context.Context, _, id string) ([]byte, error) {
	return []byte("content of " + id + "\n"), nil
}

func (sampleRepo) MergeBase(context.Context, string, string, string) (string, error) { return "", nil }

func (sampleRepo) DefaultBranch(context.Context, string) (string, string, error) {
	return "main", head, nil
}

// TestHandler routes the sample push event and invokes the fetch handler with the state the router starts.
func TestHandler(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "events", "codecommit-reference-updated.json"))
	if err != nil {
		t.Fatal(err)
	}
	env, err := event.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	d, err := router.Decide(env, router.Config{})
	if err != nil {
		t.Fatal(err)
	}
	// The state crosses Step Functions as JSON.
	b, _ := json.Marshal(d.State)
	var in run.State
	if err := json.Unmarshal(b, &in); err != nil {
		t.Fatal(err)
	}
	work, _ := store.NewLocal(t.TempDir())
	out, err := handler(&source.Service{Repo: sampleRepo{}, Work: work})(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if out.Summary["files"] != "2 changed, 0 skipped" || out.Files["changes.json"] != "runs/"+in.RunID+"/changes.json" {
		t.Errorf("got summary %v files %v; want 2 changed and changes.json", out.Summary, out.Files)
	}
	got, err := work.Get(context.Background(), "runs/"+in.RunID+"/head/signer/signer.go")
	if err != nil || string(got) != "content of b3\n" {
		t.Errorf("head/signer/signer.go = %q, %v; want the blob", got, err)
	}

	t.Run("not a push", func(t *testing.T) {
		_, err := handler(&source.Service{Repo: sampleRepo{}, Work: work})(context.Background(), run.State{RunID: "alarm-x", Flow: run.FlowAlarm})
		var ie *source.InputError
		if !errors.As(err, &ie) {
			t.Errorf("got %T %v; want *source.InputError", err, err)
		}
	})
}
