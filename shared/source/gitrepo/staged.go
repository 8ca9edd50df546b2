package gitrepo

import (
	"context"
	"errors"
	"fmt"

	"github.com/attestdev/attest/shared/source"
)

// emptyTree is git's empty tree (SHA-1), the base of a repository with no commit yet.
const emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

// Staged lists what the index holds that differs from HEAD (from the empty tree before the first commit).
// After entries name the staged blobs, which Blob reads: what would be committed, not the working tree.
func (r *Repo) Staged(ctx context.Context) ([]source.Difference, error) {
	base := "HEAD"
	if _, err := r.resolve(ctx, "HEAD"); err != nil {
		if !errors.Is(err, source.ErrCommitNotFound) {
			return nil, err
		}
		base = emptyTree
	}
	out, err := r.git(ctx, maxListing, "diff-index", "--cached", "-r", "--no-renames", "--no-ext-diff", "--no-textconv", "-z", "--end-of-options", base)
	if err != nil {
		return nil, fmt.Errorf("list staged files: %w", err)
	}
	return parseDiffTree(out)
}
