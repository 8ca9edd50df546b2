package source

import (
	"context"
	"errors"
	"fmt"
)

// Git file modes that are not regular files.
const (
	ModeSymlink   = "120000"
	ModeSubmodule = "160000"
	ModeTree      = "040000"
)

// Entry is one side of a difference: a blob at a path, with its git file mode ("100644", "100755",
// "120000" for a symlink, "160000" for a submodule). An empty BlobID means the side does not exist.
type Entry struct {
	BlobID string
	Path   string
	Mode   string
}

// Difference is a path that differs between two commits. Before is empty for an added file, After for a
// deleted one. A rename may come as one difference with two paths; Fetch splits it.
type Difference struct {
	Before Entry
	After  Entry
}

// Repository reads a repository's history. repo names the repository (a local checkout may ignore it).
type Repository interface {
	// Differences lists the files that differ between before and after; with before "" every file at after
	// is listed as added.
	Differences(ctx context.Context, repo, before, after string) ([]Difference, error)
	// Blob returns a blob's content.
	Blob(ctx context.Context, repo, blobID string) ([]byte, error)
	// MergeBase returns the best common ancestor of two commits, or "" and no error when they have none.
	MergeBase(ctx context.Context, repo, a, b string) (string, error)
	// DefaultBranch names the repository's default branch and its head commit; "" when there is none.
	DefaultBranch(ctx context.Context, repo string) (name, commit string, err error)
}

// BlobSizer is implemented by repositories that can tell a blob's size without reading it, so that Fetch
// need not download a file it will skip for its size.
type BlobSizer interface {
	BlobSize(ctx context.Context, repo, blobID string) (int64, error)
}

// FileReader is implemented by repositories that can read one file at a commit, so that Fetch can give the
// scan the repository's policy file when the push did not change it.
type FileReader interface {
	// File returns the content of path at commit; an error wrapping ErrFileNotFound when there is none.
	File(ctx context.Context, repo, commit, path string) ([]byte, error)
}

// ErrFileNotFound is wrapped by adapters when a file does not exist at a commit.
var ErrFileNotFound = errors.New("file not found")

// ErrCommitNotFound is wrapped by adapters when a commit (or other revision) does not exist.
var ErrCommitNotFound = errors.New("commit not found")

// ErrBlobTooLarge is wrapped by adapters when the service refuses to return a blob for its size; the
// fetch step skips the file as too large.
var ErrBlobTooLarge = errors.New("blob too large")

// ErrInvalidInput is wrapped by adapters for a revision, blob ID or path they refuse to pass on.
var ErrInvalidInput = errors.New("invalid input")

// InputError is a run state that the fetch step cannot act on. Retrying cannot help.
type InputError struct {
	Reason string
}

func (e *InputError) Error() string { return "fetch: " + e.Reason }

// RepositoryError is a failure to read the repository; Op says what was being read. It may be transient.
type RepositoryError struct {
	Op  string
	Err error
}

func (e *RepositoryError) Error() string { return fmt.Sprintf("fetch: %s: %v", e.Op, e.Err) }

// Unwrap returns the repository's error.
func (e *RepositoryError) Unwrap() error { return e.Err }

// StoreError is a failure to write to the work store.
type StoreError struct {
	Key string
	Err error
}

func (e *StoreError) Error() string { return fmt.Sprintf("fetch: write %s: %v", e.Key, e.Err) }

// Unwrap returns the store's error.
func (e *StoreError) Unwrap() error { return e.Err }
