package event_test

import (
	"errors"
	"testing"

	"github.com/attestdev/attest/shared/event"
)

func TestParsePullRequest(t *testing.T) {
	const (
		base    = "058df7cb6c465ca7a59d2903141dae2bd9f9a171"
		head    = "92f6181645c4659bbf347ceec7891e773757074b"
		feature = "a486e7e4afe85b6f51b8e1ffdd6faa887ff07a5a"
	)
	tests := []struct {
		file, event, source, dest string
		review, merged            bool
	}{
		{"codecommit-pull-request-created.json", event.PullRequestCreated, head, base, true, false},
		{"codecommit-pull-request-source-updated.json", event.PullRequestSourceBranchUpdated, feature, base, true, false},
		{"codecommit-pull-request-merged.json", event.PullRequestMergeStatusUpdated, feature, feature, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			env, err := event.Parse(readEvent(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			p := env.PullRequest
			if env.Kind != event.KindPullRequest || p == nil || env.CodeCommit != nil {
				t.Fatalf("got kind %q; want only the pull request detail", env.Kind)
			}
			if p.Event != tt.event || p.SourceCommit != tt.source || p.DestinationCommit != tt.dest {
				t.Errorf("got %s %s..%s; want %s %s..%s", p.Event, p.DestinationCommit, p.SourceCommit, tt.event, tt.dest, tt.source)
			}
			if p.PullRequestID != "42" || p.Repository() != "attest-sample" || p.SourceBranch() != "receipts" || p.DestinationBranch() != "release" {
				t.Errorf("got PR %s of %s, %s → %s; want 42 of attest-sample, receipts → release", p.PullRequestID, p.Repository(), p.SourceBranch(), p.DestinationBranch())
			}
			if p.NeedsReview() != tt.review || p.Merged() != tt.merged {
				t.Errorf("got NeedsReview %v Merged %v; want %v %v", p.NeedsReview(), p.Merged(), tt.review, tt.merged)
			}
		})
	}
}

func TestParsePullRequestErrors(t *testing.T) {
	const created = "codecommit-pull-request-created.json"
	const merged = "codecommit-pull-request-merged.json"
	tests := []struct {
		name  string
		input func(t *testing.T) []byte
		field string
	}{
		{"no revision to approve", func(t *testing.T) []byte {
			return mutate(t, created, `"revisionId": "8e3f1c0a5b7d9e2f4a6c8b0d1e3f5a7c9b1d3e5f7a9c1e3b5d7f9a1c3e5b7d9f",`, "")
		}, "detail.revisionId"},
		{"no source commit", func(t *testing.T) []byte {
			return mutate(t, created, `"sourceCommit": "92f6181645c4659bbf347ceec7891e773757074b",`, "")
		}, "detail.sourceCommit"},
		{"empty repository list", func(t *testing.T) []byte {
			return mutate(t, created, `"repositoryNames": [
      "attest-sample"
    ],`, `"repositoryNames": [],`)
		}, "detail.repositoryNames"},
		{"repository list of numbers", func(t *testing.T) []byte {
			return mutate(t, created, `"repositoryNames": [
      "attest-sample"
    ],`, `"repositoryNames": [1],`)
		}, "detail.repositoryNames"},
		{"isMerged not a flag", func(t *testing.T) []byte {
			return mutate(t, merged, `"isMerged": "True"`, `"isMerged": "perhaps"`)
		}, "detail.isMerged"},
		{"isMerged as a boolean", func(t *testing.T) []byte {
			return mutate(t, merged, `"isMerged": "True"`, `"isMerged": true`)
		}, "detail.isMerged"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := event.Parse(tt.input(t))
			var me *event.MalformedError
			if !errors.As(err, &me) {
				t.Fatalf("got %v; want a MalformedError", err)
			}
			if me.Field != tt.field {
				t.Errorf("got field %q (%v); want %q", me.Field, err, tt.field)
			}
		})
	}
}

// TestMergedWithoutRevision accepts a closed pull request's event without a revision: it is only ignored.
func TestMergedWithoutRevision(t *testing.T) {
	raw := mutate(t, "codecommit-pull-request-merged.json",
		`"revisionId": "c4d6e8f0a2b4c6d8e0f2a4b6c8d0e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6",`, "")
	env, err := event.Parse(raw)
	if err != nil {
		t.Fatalf("got %v; want a parsed event", err)
	}
	if env.PullRequest.NeedsReview() {
		t.Error("a merged pull request needs no review")
	}
}
