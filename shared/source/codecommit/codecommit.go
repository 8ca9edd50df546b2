// Package codecommit reads AWS CodeCommit repositories through aws-sdk-go-v2 for the fetch step.
package codecommit

import (
	"context"
	"errors"
	"fmt"

	"github.com/attestdev/attest/shared/source"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/codecommit"
	"github.com/aws/aws-sdk-go-v2/service/codecommit/types"
)

// API is the part of the CodeCommit client the repository calls.
type API interface {
	GetDifferences(ctx context.Context, in *codecommit.GetDifferencesInput, opts ...func(*codecommit.Options)) (*codecommit.GetDifferencesOutput, error)
	GetBlob(ctx context.Context, in *codecommit.GetBlobInput, opts ...func(*codecommit.Options)) (*codecommit.GetBlobOutput, error)
	GetMergeCommit(ctx context.Context, in *codecommit.GetMergeCommitInput, opts ...func(*codecommit.Options)) (*codecommit.GetMergeCommitOutput, error)
	GetRepository(ctx context.Context, in *codecommit.GetRepositoryInput, opts ...func(*codecommit.Options)) (*codecommit.GetRepositoryOutput, error)
	GetBranch(ctx context.Context, in *codecommit.GetBranchInput, opts ...func(*codecommit.Options)) (*codecommit.GetBranchOutput, error)
	GetFile(ctx context.Context, in *codecommit.GetFileInput, opts ...func(*codecommit.Options)) (*codecommit.GetFileOutput, error)
}

// DefaultPageSize is GetDifferences' page size; CodeCommit returns at most 100 differences a page by default.
const DefaultPageSize = 400

// maxPages bounds the pages of one listing: a repeated or endless token must not loop forever.
const maxPages = 10000

// Repo reads CodeCommit repositories. It satisfies source.Repository.
type Repo struct {
	api      API
	pageSize int32
}

// Option configures a Repo.
type Option func(*Repo)

// WithPageSize sets GetDifferences' MaxResults.
func WithPageSize(n int32) Option { return func(r *Repo) { r.pageSize = n } }

// New returns a Repo over a CodeCommit client.
func New(api API, opts ...Option) *Repo {
	r := &Repo{api: api, pageSize: DefaultPageSize}
	for _, o := range opts {
		o(r)
	}
	return r
}

// Differences lists the files that differ between two commits through GetDifferences, following every
// page. Without before, CodeCommit lists every file at after.
func (r *Repo) Differences(ctx context.Context, repo, before, after string) ([]source.Difference, error) {
	in := &codecommit.GetDifferencesInput{
		RepositoryName:       aws.String(repo),
		AfterCommitSpecifier: aws.String(after),
		MaxResults:           aws.Int32(r.pageSize),
	}
	if before != "" {
		in.BeforeCommitSpecifier = aws.String(before)
	}
	var out []source.Difference
	seen := map[string]bool{}
	for page := 0; ; page++ {
		if page >= maxPages {
			return nil, fmt.Errorf("get differences of %s: more than %d pages", repo, maxPages)
		}
		res, err := r.api.GetDifferences(ctx, in)
		if err != nil {
			var same *types.BeforeCommitIdAndAfterCommitIdAreSameException
			if errors.As(err, &same) {
				return nil, nil
			}
			return nil, fmt.Errorf("get differences %s..%s of %s: %w", before, after, repo, classify(err))
		}
		for _, d := range res.Differences {
			out = append(out, source.Difference{Before: entry(d.BeforeBlob), After: entry(d.AfterBlob)})
		}
		token := aws.ToString(res.NextToken)
		if token == "" {
			return out, nil
		}
		if seen[token] {
			return nil, fmt.Errorf("get differences of %s: the service repeated page token %q", repo, token)
		}
		seen[token] = true
		in.NextToken = aws.String(token)
	}
}

func entry(b *types.BlobMetadata) source.Entry {
	if b == nil || aws.ToString(b.BlobId) == "" {
		return source.Entry{}
	}
	return source.Entry{BlobID: aws.ToString(b.BlobId), Path: aws.ToString(b.Path), Mode: aws.ToString(b.Mode)}
}

// Blob returns a blob's content through GetBlob.
func (r *Repo) Blob(ctx context.Context, repo, blobID string) ([]byte, error) {
	res, err := r.api.GetBlob(ctx, &codecommit.GetBlobInput{RepositoryName: aws.String(repo), BlobId: aws.String(blobID)})
	if err != nil {
		var big *types.FileTooLargeException
		if errors.As(err, &big) {
			return nil, fmt.Errorf("get blob %s of %s: %w: %w", blobID, repo, source.ErrBlobTooLarge, err)
		}
		return nil, fmt.Errorf("get blob %s of %s: %w", blobID, repo, classify(err))
	}
	if res.Content == nil {
		return []byte{}, nil
	}
	return res.Content, nil
}

// File returns the content of path at commit (GetFile); an error wrapping source.ErrFileNotFound when the
// commit has no such file.
func (r *Repo) File(ctx context.Context, repo, commit, path string) ([]byte, error) {
	res, err := r.api.GetFile(ctx, &codecommit.GetFileInput{RepositoryName: aws.String(repo),
		CommitSpecifier: aws.String(commit), FilePath: aws.String(path)})
	if err != nil {
		var missing *types.FileDoesNotExistException
		if errors.As(err, &missing) {
			return nil, fmt.Errorf("get file %s at %s of %s: %w", path, commit, repo, source.ErrFileNotFound)
		}
		var big *types.FileTooLargeException
		if errors.As(err, &big) {
			return nil, fmt.Errorf("get file %s at %s of %s: %w: %w", path, commit, repo, source.ErrBlobTooLarge, err)
		}
		return nil, fmt.Errorf("get file %s at %s of %s: %w", path, commit, repo, classify(err))
	}
	if res.FileContent == nil {
		return []byte{}, nil
	}
	return res.FileContent, nil
}

// MergeBase returns the merge base that GetMergeCommit reports for merging b into a; "" when it names none,
// as for unrelated histories.
func (r *Repo) MergeBase(ctx context.Context, repo, a, b string) (string, error) {
	res, err := r.api.GetMergeCommit(ctx, &codecommit.GetMergeCommitInput{
		RepositoryName:             aws.String(repo),
		SourceCommitSpecifier:      aws.String(b),
		DestinationCommitSpecifier: aws.String(a),
	})
	if err != nil {
		return "", fmt.Errorf("get merge commit of %s into %s in %s: %w", b, a, repo, classify(err))
	}
	return aws.ToString(res.BaseCommitId), nil
}

// DefaultBranch names the repository's default branch (GetRepository) and its head commit (GetBranch); ""
// for a repository without one (an empty repository).
func (r *Repo) DefaultBranch(ctx context.Context, repo string) (string, string, error) {
	res, err := r.api.GetRepository(ctx, &codecommit.GetRepositoryInput{RepositoryName: aws.String(repo)})
	if err != nil {
		return "", "", fmt.Errorf("get repository %s: %w", repo, classify(err))
	}
	if res.RepositoryMetadata == nil || aws.ToString(res.RepositoryMetadata.DefaultBranch) == "" {
		return "", "", nil
	}
	name := aws.ToString(res.RepositoryMetadata.DefaultBranch)
	br, err := r.api.GetBranch(ctx, &codecommit.GetBranchInput{RepositoryName: aws.String(repo), BranchName: aws.String(name)})
	if err != nil {
		var gone *types.BranchDoesNotExistException
		if errors.As(err, &gone) {
			return "", "", nil
		}
		return "", "", fmt.Errorf("get branch %s of %s: %w", name, repo, classify(err))
	}
	if br.Branch == nil || aws.ToString(br.Branch.CommitId) == "" {
		return "", "", nil
	}
	return name, aws.ToString(br.Branch.CommitId), nil
}

// classify marks the service's "no such commit" errors with source.ErrCommitNotFound.
func classify(err error) error {
	var (
		c1 *types.CommitDoesNotExistException
		c2 *types.CommitIdDoesNotExistException
		c3 *types.InvalidCommitException
		c4 *types.InvalidCommitIdException
	)
	if errors.As(err, &c1) || errors.As(err, &c2) || errors.As(err, &c3) || errors.As(err, &c4) {
		return fmt.Errorf("%w: %w", source.ErrCommitNotFound, err)
	}
	return err
}
