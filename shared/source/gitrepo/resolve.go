package gitrepo

import "context"

// Resolve returns the full ID of the commit that rev names (git rev-parse --verify rev^{commit}). rev is a
// commit ID (full or abbreviated) or a branch or tag name; anything that could be read as an option, a
// range or a reflog expression is refused with source.ErrInvalidInput, and a revision that names no commit
// wraps source.ErrCommitNotFound.
func (r *Repo) Resolve(ctx context.Context, rev string) (string, error) {
	return r.resolve(ctx, rev)
}
