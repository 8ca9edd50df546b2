package router_test

import (
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/event"
	"github.com/attestdev/attest/shared/router"
	"github.com/attestdev/attest/shared/run"
)

func TestDecidePullRequest(t *testing.T) {
	const (
		created = "codecommit-pull-request-created.json"
		updated = "codecommit-pull-request-source-updated.json"
		merged  = "codecommit-pull-request-merged.json"
	)
	tests := []struct {
		name        string
		raw         func(t *testing.T) []byte
		cfg         router.Config
		ignore      string
		base, head  string
		revisionSfx string
	}{
		{name: "created", raw: func(t *testing.T) []byte { return sample(t, created) }, base: base, head: head, revisionSfx: "7d9f"},
		{name: "source updated", raw: func(t *testing.T) []byte { return sample(t, updated) }, base: base, head: branch, revisionSfx: "c4d6"},
		{name: "merge base preferred", raw: func(t *testing.T) []byte {
			return []byte(strings.Replace(string(sample(t, updated)), `"event":`, `"mergeBase": "`+head+`", "event":`, 1))
		}, base: head, head: branch, revisionSfx: "c4d6"},
		{name: "merged", raw: func(t *testing.T) []byte { return sample(t, merged) }, ignore: "asks for no review"},
		{name: "closed", raw: func(t *testing.T) []byte {
			return []byte(strings.Replace(string(sample(t, updated)), `"pullRequestStatus": "Open"`, `"pullRequestStatus": "Closed"`, 1))
		}, ignore: "status Closed"},
		{name: "unwatched", raw: func(t *testing.T) []byte { return sample(t, created) }, cfg: router.Config{WatchRepositories: []string{"other"}}, ignore: "not watched"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := event.Parse(tt.raw(t))
			if err != nil {
				t.Fatal(err)
			}
			d, err := router.Decide(env, tt.cfg)
			if err != nil {
				t.Fatal(err)
			}
			if tt.ignore != "" {
				if !d.Ignore || !strings.Contains(d.Reason, tt.ignore) {
					t.Errorf("got ignore %v %q; want ignored for %q", d.Ignore, d.Reason, tt.ignore)
				}
				return
			}
			if d.Ignore {
				t.Fatalf("ignored: %s", d.Reason)
			}
			s := d.State.Subject
			if d.State.Flow != run.FlowPush || s.PullRequestID != "42" || s.Repository != "attest-sample" || s.Reference != "receipts" || s.DestinationReference != "release" {
				t.Errorf("got %s run for PR %q %s %s → %s; want a push run for PR 42 attest-sample receipts → release",
					d.State.Flow, s.PullRequestID, s.Repository, s.Reference, s.DestinationReference)
			}
			if s.BaseCommit != tt.base || s.Commit != tt.head {
				t.Errorf("got %s..%s; want %s..%s", s.BaseCommit, s.Commit, tt.base, tt.head)
			}
			if !strings.HasSuffix(s.RevisionID, tt.revisionSfx) && !strings.HasPrefix(s.RevisionID, tt.revisionSfx) {
				t.Errorf("got revision %q; want the event's", s.RevisionID)
			}
			if !strings.HasPrefix(d.State.RunID, "push-attest-sample-pr42-") {
				t.Errorf("got run ID %s; want it named for the pull request", d.State.RunID)
			}
		})
	}
}

// TestPullRequestRunNames: the same pull request and source commit name the same run; a new source commit,
// or a branch push of the same commit, a different one.
func TestPullRequestRunNames(t *testing.T) {
	name := func(file string) string {
		env, err := event.Parse(sample(t, file))
		if err != nil {
			t.Fatal(err)
		}
		d, err := router.Decide(env, router.Config{})
		if err != nil {
			t.Fatal(err)
		}
		return d.State.RunID
	}
	created, updated, push := name("codecommit-pull-request-created.json"), name("codecommit-pull-request-source-updated.json"), name("codecommit-reference-updated.json")
	if created == updated {
		t.Errorf("created and source-updated share run %s; want one run per source commit", created)
	}
	if created == push {
		t.Errorf("the pull request and the branch push share run %s; want separate runs", created)
	}
	if again := name("codecommit-pull-request-created.json"); again != created {
		t.Errorf("got %s then %s for the same event; want the same name", created, again)
	}
}
