// Package codecommitreview is the review.Host of CodeCommit: pull request comments
// (GetCommentsForPullRequest, PostCommentForPullRequest, UpdateComment) and approvals
// (UpdatePullRequestApprovalState).
package codecommitreview

import (
	"context"
	"errors"
	"fmt"

	"github.com/attestdev/attest/shared/review"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/codecommit"
	"github.com/aws/aws-sdk-go-v2/service/codecommit/types"
)

// API is the part of the CodeCommit client used.
type API interface {
	GetCommentsForPullRequest(ctx context.Context, in *codecommit.GetCommentsForPullRequestInput, opts ...func(*codecommit.Options)) (*codecommit.GetCommentsForPullRequestOutput, error)
	PostCommentForPullRequest(ctx context.Context, in *codecommit.PostCommentForPullRequestInput, opts ...func(*codecommit.Options)) (*codecommit.PostCommentForPullRequestOutput, error)
	UpdateComment(ctx context.Context, in *codecommit.UpdateCommentInput, opts ...func(*codecommit.Options)) (*codecommit.UpdateCommentOutput, error)
	UpdatePullRequestApprovalState(ctx context.Context, in *codecommit.UpdatePullRequestApprovalStateInput, opts ...func(*codecommit.Options)) (*codecommit.UpdatePullRequestApprovalStateOutput, error)
}

// maxPages bounds the comment listing: a service that keeps returning a token cannot hold the step forever.
const maxPages = 200

// Host calls CodeCommit.
type Host struct {
	API API
}

var _ review.Host = (*Host)(nil)

// Comments lists the pull request's comments on every revision, deleted ones left out.
func (h *Host) Comments(ctx context.Context, pr review.PullRequest) ([]review.Comment, error) {
	var out []review.Comment
	var token *string
	for page := 0; ; page++ {
		if page == maxPages {
			return nil, fmt.Errorf("comments of pull request %s: more than %d pages", pr.ID, maxPages)
		}
		res, err := h.API.GetCommentsForPullRequest(ctx, &codecommit.GetCommentsForPullRequestInput{
			PullRequestId: aws.String(pr.ID), RepositoryName: aws.String(pr.Repository), NextToken: token, MaxResults: aws.Int32(100),
		})
		if err != nil {
			return nil, err
		}
		for _, d := range res.CommentsForPullRequestData {
			for _, c := range d.Comments {
				if c.Deleted || c.CommentId == nil {
					continue
				}
				out = append(out, review.Comment{ID: *c.CommentId, Content: aws.ToString(c.Content)})
			}
		}
		if res.NextToken == nil || *res.NextToken == "" || (token != nil && *res.NextToken == *token) {
			return out, nil
		}
		token = res.NextToken
	}
}

// PostComment comments on the pull request, placed on its destination and source commits.
func (h *Host) PostComment(ctx context.Context, pr review.PullRequest, content string) (string, error) {
	res, err := h.API.PostCommentForPullRequest(ctx, &codecommit.PostCommentForPullRequestInput{
		PullRequestId: aws.String(pr.ID), RepositoryName: aws.String(pr.Repository),
		BeforeCommitId: aws.String(pr.DestinationCommit), AfterCommitId: aws.String(pr.SourceCommit),
		Content: aws.String(content),
	})
	if err != nil {
		return "", err
	}
	if res.Comment == nil || res.Comment.CommentId == nil {
		return "", errors.New("CodeCommit returned no comment")
	}
	return *res.Comment.CommentId, nil
}

// UpdateComment replaces a comment's content. A comment someone else wrote (one that copied Attest's
// marker) is reported as review.ErrNotCommentAuthor.
func (h *Host) UpdateComment(ctx context.Context, _ review.PullRequest, id, content string) error {
	_, err := h.API.UpdateComment(ctx, &codecommit.UpdateCommentInput{CommentId: aws.String(id), Content: aws.String(content)})
	var notMine *types.CommentNotCreatedByCallerException
	if errors.As(err, &notMine) {
		return fmt.Errorf("%w: %w", review.ErrNotCommentAuthor, err)
	}
	return err
}

// SetApproval approves the revision or revokes the approval. A superseded revision is reported as
// review.ErrRevisionNotCurrent.
func (h *Host) SetApproval(ctx context.Context, pr review.PullRequest, approve bool) error {
	state := types.ApprovalStateRevoke
	if approve {
		state = types.ApprovalStateApprove
	}
	_, err := h.API.UpdatePullRequestApprovalState(ctx, &codecommit.UpdatePullRequestApprovalStateInput{
		PullRequestId: aws.String(pr.ID), RevisionId: aws.String(pr.RevisionID), ApprovalState: state,
	})
	var stale *types.RevisionNotCurrentException
	if errors.As(err, &stale) {
		return fmt.Errorf("%w: %w", review.ErrRevisionNotCurrent, err)
	}
	return err
}
