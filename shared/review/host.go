package review

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// PullRequest names a pull request and the revision a comment or an approval is about.
type PullRequest struct {
	Repository string
	ID         string
	// RevisionID is the revision an approval applies to; CodeCommit refuses an approval of an older one.
	RevisionID string
	// DestinationCommit and SourceCommit place a comment (CodeCommit's beforeCommitId and afterCommitId).
	DestinationCommit string
	SourceCommit      string
}

// Comment is one comment of a pull request.
type Comment struct {
	ID      string
	Content string
}

// Host is the pull request service, as the review step uses it.
type Host interface {
	// Comments lists the pull request's comments that are not deleted.
	Comments(ctx context.Context, pr PullRequest) ([]Comment, error)
	// PostComment adds a comment and returns its ID.
	PostComment(ctx context.Context, pr PullRequest, content string) (string, error)
	// UpdateComment replaces the content of a comment the caller wrote.
	UpdateComment(ctx context.Context, pr PullRequest, id, content string) error
	// SetApproval approves the revision, or revokes the caller's approval of it.
	SetApproval(ctx context.Context, pr PullRequest, approve bool) error
}

// ErrRevisionNotCurrent is returned (wrapped) by SetApproval when the pull request has moved on to a newer
// revision: the event for that revision starts its own run, which decides about it.
var ErrRevisionNotCurrent = errors.New("the revision is no longer the pull request's current revision")

// ErrNotCommentAuthor is returned (wrapped) by UpdateComment for a comment the caller did not write: someone
// copied Attest's marker. Publish then looks further, and posts its own comment if it finds none.
var ErrNotCommentAuthor = errors.New("the comment was not written by Attest")

// HostError is a failed call to the pull request service; Step Functions retries the step on it.
type HostError struct {
	Op  string
	Err error
}

func (e *HostError) Error() string { return fmt.Sprintf("review: %s: %v", e.Op, e.Err) }

// Unwrap returns the service's error.
func (e *HostError) Unwrap() error { return e.Err }

// Upsert is what Publish did with the comment.
type Upsert string

// What Publish can do with a comment.
const (
	Posted    Upsert = "posted"
	Updated   Upsert = "updated"
	Unchanged Upsert = "unchanged"
)

// Publish makes content Attest's one comment on the pull request: it updates the comment that starts with
// Marker, or posts one when there is none. An identical comment is left alone.
func Publish(ctx context.Context, h Host, pr PullRequest, content string) (Upsert, string, error) {
	comments, err := h.Comments(ctx, pr)
	if err != nil {
		return "", "", &HostError{Op: fmt.Sprintf("list comments of pull request %s in %s", pr.ID, pr.Repository), Err: err}
	}
	for _, c := range comments {
		if !strings.HasPrefix(strings.TrimSpace(c.Content), Marker) {
			continue
		}
		if c.Content == content {
			return Unchanged, c.ID, nil
		}
		err := h.UpdateComment(ctx, pr, c.ID, content)
		if errors.Is(err, ErrNotCommentAuthor) {
			continue
		}
		if err != nil {
			return "", "", &HostError{Op: fmt.Sprintf("update comment %s of pull request %s", c.ID, pr.ID), Err: err}
		}
		return Updated, c.ID, nil
	}
	id, err := h.PostComment(ctx, pr, content)
	if err != nil {
		return "", "", &HostError{Op: fmt.Sprintf("comment on pull request %s in %s", pr.ID, pr.Repository), Err: err}
	}
	return Posted, id, nil
}
