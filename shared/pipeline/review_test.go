package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/golden"
	"github.com/attestdev/attest/shared/review"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/samplerepo"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestPullRequestLocally drives the sample pull request events through the one-process runtime: the first
// posts the comment and decides the approval, the source update rewrites the same comment, the merge is
// ignored. The comment, the approval and the notification of each run are golden files.
func TestPullRequestLocally(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join("..", "..")
	repoDir := t.TempDir()
	if _, err := samplerepo.Build(filepath.Join(root, "testdata", "sample-repo"), repoDir); err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 11, 20, 16, 0, 0, 0, time.UTC)
	local, err := NewLocal(ctx, LocalOptions{StoreDir: t.TempDir(), RepoDir: repoDir, Now: func() time.Time { return clock }})
	if err != nil {
		t.Fatal(err)
	}
	prDir := review.LocalDir("attest-sample", "42")
	for i, tc := range []struct {
		event    string
		name     string
		revision string
		writes   int
	}{
		{"codecommit-pull-request-created.json", "created", "8e3f1c0a5b7d9e2f4a6c8b0d1e3f5a7c9b1d3e5f7a9c1e3b5d7f9a1c3e5b7d9f", 1},
		{"codecommit-pull-request-source-updated.json", "source-updated", "c4d6e8f0a2b4c6d8e0f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6", 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock = clock.Add(time.Duration(i+1) * time.Minute)
			raw, err := os.ReadFile(filepath.Join(root, "events", tc.event))
			if err != nil {
				t.Fatal(err)
			}
			out, err := local.Handle(ctx, raw)
			if err != nil {
				t.Fatal(err)
			}
			if out.Ignored || out.State.Subject.PullRequestID != "42" || out.State.PackID == "" {
				t.Fatalf("got %+v; want a reviewed run with a pack", out)
			}
			if !strings.Contains(out.State.Summary["review"], "comment") {
				t.Errorf("got review summary %q; want what the review did", out.State.Summary["review"])
			}
			var comments []review.LocalComment
			readJSON(t, local, path.Join(prDir, "comments.json"), &comments)
			if len(comments) != 1 || comments[0].Revisions != tc.writes {
				t.Fatalf("got %d comments (first written %d times); want one, written %d times", len(comments), comments[0].Revisions, tc.writes)
			}
			var a review.LocalApproval
			readJSON(t, local, path.Join(prDir, "approval.json"), &a)
			if a.RevisionID != tc.revision {
				t.Errorf("approval of revision %s; want %s", a.RevisionID, tc.revision)
			}
			golden.Check(t, filepath.Join("testdata", "pr-"+tc.name+".comment.golden.md"), []byte(comments[0].Content), *update)
			b, _ := json.MarshalIndent(a, "", "  ")
			golden.Check(t, filepath.Join("testdata", "pr-"+tc.name+".approval.golden.json"), append(b, '\n'), *update)
			checkNotification(t, local, "pr-"+tc.name)
			if keys, _ := local.Store.List(ctx, "securityhub/"); len(keys) != 0 {
				t.Errorf("a pull request's findings went to Security Hub: %v", keys)
			}
		})
	}
	t.Run("merged", func(t *testing.T) {
		raw, _ := os.ReadFile(filepath.Join(root, "events", "codecommit-pull-request-merged.json"))
		out, err := local.Handle(ctx, raw)
		if err != nil || !out.Ignored {
			t.Errorf("got %+v, %v; want the merge ignored", out, err)
		}
	})
	// The branch push and the Config change import their findings into Security Hub.
	for _, tc := range []struct{ event, name string }{
		{"codecommit-reference-updated.json", "push"},
		{"config-s3-bucket-update.json", "config"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clock = clock.Add(time.Hour)
			raw, err := os.ReadFile(filepath.Join(root, "events", tc.event))
			if err != nil {
				t.Fatal(err)
			}
			out, err := local.Handle(ctx, raw)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out.State.Summary["securityhub"], "active") {
				t.Errorf("got securityhub summary %q; want what was imported", out.State.Summary["securityhub"])
			}
			keys, err := local.Store.List(ctx, "securityhub/batches/")
			if err != nil || len(keys) == 0 {
				t.Fatalf("got batches %v (%v); want one", keys, err)
			}
			b, err := local.Store.Get(ctx, keys[len(keys)-1])
			if err != nil {
				t.Fatal(err)
			}
			golden.Check(t, filepath.Join("testdata", tc.name+".asff.golden.json"), b, *update)
			checkNotification(t, local, tc.name)
		})
	}
}

// checkNotification compares the latest notification, in both forms, with its golden files.
func checkNotification(t *testing.T, l *Local, name string) {
	t.Helper()
	keys, err := l.Store.List(context.Background(), "notifications/")
	if err != nil || len(keys) < 2 {
		t.Fatalf("got notifications %v (%v); want the email and chat forms", keys, err)
	}
	sort.Strings(keys)
	for _, k := range keys[len(keys)-2:] {
		b, err := l.Store.Get(context.Background(), k)
		if err != nil {
			t.Fatal(err)
		}
		if strings.HasSuffix(k, ".chat.json") {
			golden.Check(t, filepath.Join("testdata", name+".notification.chat.golden.json"), b, *update)
		} else {
			golden.Check(t, filepath.Join("testdata", name+".notification.golden.txt"), b, *update)
		}
	}
}

func readJSON(t *testing.T, l *Local, key string, v any) {
	t.Helper()
	b, err := l.Store.Get(context.Background(), key)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}

// TestReviewFailureIsNotifiedThenFails: a review that fails leaves the pack written, is named in the
// notification, and fails the run.
func TestReviewFailureIsNotifiedThenFails(t *testing.T) {
	ctx := context.Background()
	var notified run.State
	r := &Runner{Work: nopWork{}, Steps: Steps{
		Fetch:    StepFunc(func(_ context.Context, st run.State) (run.State, error) { return st, nil }),
		Scan:     StepFunc(func(_ context.Context, st run.State) (run.State, error) { return st, nil }),
		Forecast: StepFunc(func(_ context.Context, st run.State) (run.State, error) { return st, nil }),
		Evidence: StepFunc(func(_ context.Context, st run.State) (run.State, error) {
			st = st.Merged()
			st.PackID, st.Status = st.RunID, "complete"
			return st, nil
		}),
		Review: StepFunc(func(_ context.Context, st run.State) (run.State, error) { return st, errors.New("AccessDenied") }),
		Notify: StepFunc(func(_ context.Context, st run.State) (run.State, error) { notified = st; return st, nil }),
	}}
	st := run.State{RunID: "push-pr", Flow: run.FlowPush, Subject: run.Subject{Repository: "r", Commit: "c", PullRequestID: "1"}}
	out, err := r.Run(ctx, st)
	if !errors.Is(err, ErrReviewFailed) {
		t.Fatalf("got %v; want ErrReviewFailed", err)
	}
	if out.PackID == "" || notified.FailedStep != "review" || notified.Error == nil {
		t.Errorf("got pack %q, notified failed step %q; want the pack written and the failure notified", out.PackID, notified.FailedStep)
	}
}

type nopWork struct{}

func (nopWork) PutIfAbsent(context.Context, string, []byte) error { return nil }
