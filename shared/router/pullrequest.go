package router

import (
	"fmt"
	"slices"

	"github.com/attestdev/attest/shared/event"
	"github.com/attestdev/attest/shared/run"
)

// decidePullRequest maps a pull request event to a push run over what the pull request adds: from the merge
// base (when the event names it) or the destination commit, to the source commit. The run is named by the
// pull request and its source commit, so a redelivery, or a second event for the same revision, starts
// nothing new, and every push to the source branch starts one run.
func decidePullRequest(env *event.Envelope, cfg Config) Decision {
	p := env.PullRequest
	repo := p.Repository()
	base := p.MergeBase
	if base == "" {
		base = p.DestinationCommit
	}
	subject := run.Subject{
		Account:              env.Account,
		Region:               env.Region,
		Repository:           repo,
		Reference:            p.SourceBranch(),
		RefType:              event.ReferenceBranch,
		Commit:               p.SourceCommit,
		BaseCommit:           base,
		PullRequestID:        p.PullRequestID,
		RevisionID:           p.RevisionID,
		PullRequestTitle:     p.Title,
		DestinationReference: p.DestinationBranch(),
		DestinationCommit:    p.DestinationCommit,
	}
	st := newState(run.FlowPush, repo+"-pr"+p.PullRequestID, env, subject, repo, "pull-request", p.PullRequestID, p.SourceCommit)
	d := Decision{State: st}
	switch {
	case !p.NeedsReview():
		d.Ignore, d.Reason = true, fmt.Sprintf("pull request %s of %s: %s (status %s, merged %v) asks for no review",
			p.PullRequestID, repo, p.Event, p.PullRequestStatus, p.Merged())
	case len(cfg.WatchRepositories) > 0 && !slices.Contains(cfg.WatchRepositories, repo):
		d.Ignore, d.Reason = true, fmt.Sprintf("repository %s is not watched", repo)
	}
	return d
}
