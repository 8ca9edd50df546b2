package review

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"strconv"
	"sync"

	"github.com/attestdev/attest/shared/store"
)

// LocalHost keeps pull request comments and approvals in the store, under
// pull-requests/<repository>/<id>/, for the one-process runtime: a person (or a test) reads there what would
// have been posted, and a later run of the same pull request updates the same comment.
type LocalHost struct {
	Store interface {
		Get(ctx context.Context, key string) ([]byte, error)
		Put(ctx context.Context, key string, data []byte) error
	}
	mu sync.Mutex
}

// LocalComment is a comment as LocalHost keeps it.
type LocalComment struct {
	ID                string `json:"commentId"`
	Content           string `json:"content"`
	DestinationCommit string `json:"beforeCommitId"`
	SourceCommit      string `json:"afterCommitId"`
	Revisions         int    `json:"revisions"` // how many times it was written
}

// LocalApproval is the approval state of a revision as LocalHost keeps it.
type LocalApproval struct {
	RevisionID string `json:"revisionId"`
	State      string `json:"approvalState"` // APPROVE or REVOKE, as CodeCommit names them
}

// Approval states, as CodeCommit names them.
const (
	StateApprove = "APPROVE"
	StateRevoke  = "REVOKE"
)

// LocalDir is the store prefix of a pull request's files.
func LocalDir(repo, id string) string { return path.Join("pull-requests", repo, id) }

func (h *LocalHost) comments(ctx context.Context, pr PullRequest) ([]LocalComment, error) {
	b, err := h.Store.Get(ctx, path.Join(LocalDir(pr.Repository, pr.ID), "comments.json"))
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var cs []LocalComment
	if err := json.Unmarshal(b, &cs); err != nil {
		return nil, fmt.Errorf("read comments of pull request %s: %w", pr.ID, err)
	}
	return cs, nil
}

func (h *LocalHost) save(ctx context.Context, pr PullRequest, name string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	return h.Store.Put(ctx, path.Join(LocalDir(pr.Repository, pr.ID), name), append(b, '\n'))
}

// Comments lists the stored comments.
func (h *LocalHost) Comments(ctx context.Context, pr PullRequest) ([]Comment, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	cs, err := h.comments(ctx, pr)
	if err != nil {
		return nil, err
	}
	out := make([]Comment, 0, len(cs))
	for _, c := range cs {
		out = append(out, Comment{ID: c.ID, Content: c.Content})
	}
	return out, nil
}

// PostComment appends a comment, and writes its text to comment.md beside it for reading.
func (h *LocalHost) PostComment(ctx context.Context, pr PullRequest, content string) (string, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	cs, err := h.comments(ctx, pr)
	if err != nil {
		return "", err
	}
	id := "local-" + strconv.Itoa(len(cs)+1)
	cs = append(cs, LocalComment{ID: id, Content: content, DestinationCommit: pr.DestinationCommit, SourceCommit: pr.SourceCommit, Revisions: 1})
	if err := h.save(ctx, pr, "comments.json", cs); err != nil {
		return "", err
	}
	return id, h.Store.Put(ctx, path.Join(LocalDir(pr.Repository, pr.ID), "comment.md"), []byte(content))
}

// UpdateComment replaces a stored comment's content.
func (h *LocalHost) UpdateComment(ctx context.Context, pr PullRequest, id, content string) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	cs, err := h.comments(ctx, pr)
	if err != nil {
		return err
	}
	for i := range cs {
		if cs[i].ID == id {
			cs[i].Content = content
			cs[i].Revisions++
			if err := h.save(ctx, pr, "comments.json", cs); err != nil {
				return err
			}
			return h.Store.Put(ctx, path.Join(LocalDir(pr.Repository, pr.ID), "comment.md"), []byte(content))
		}
	}
	return fmt.Errorf("comment %s of pull request %s does not exist", id, pr.ID)
}

// SetApproval records the approval state of the revision in approval.json.
func (h *LocalHost) SetApproval(ctx context.Context, pr PullRequest, approve bool) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	a := LocalApproval{RevisionID: pr.RevisionID, State: StateRevoke}
	if approve {
		a.State = StateApprove
	}
	return h.save(ctx, pr, "approval.json", a)
}
