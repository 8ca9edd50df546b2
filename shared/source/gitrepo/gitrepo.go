// Package gitrepo reads a local git repository through the git command, standing in for CodeCommit when
// Attest runs on a developer's machine or in CI. The repository name that the source.Repository methods take
// is ignored: one checkout is one repository.
package gitrepo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/attestdev/attest/shared/source"
)

// maxListing bounds the output of a listing command, so a hostile or huge repository cannot exhaust memory.
const maxListing = 64 << 20

// maxBlob bounds a blob read with Blob; the fetch step skips large files by BlobSize before reading.
const maxBlob = 256 << 20

// Repo is a local git repository.
type Repo struct {
	dir string
}

// Open returns the repository whose working tree or git directory is dir.
func Open(dir string) (*Repo, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("open repository %s: %w", dir, err)
	}
	if fi, err := os.Stat(abs); err != nil {
		return nil, fmt.Errorf("open repository %s: %w", dir, err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("open repository %s: not a directory", dir)
	}
	r := &Repo{dir: abs}
	if _, err := r.git(context.Background(), maxListing, "rev-parse", "--git-dir"); err != nil {
		return nil, fmt.Errorf("open repository %s: %w", dir, err)
	}
	return r, nil
}

// Dir is the repository's directory.
func (r *Repo) Dir() string { return r.dir }

// GitError is a git command that failed.
type GitError struct {
	Args   []string
	Code   int
	Stderr string
}

func (e *GitError) Error() string {
	msg := strings.TrimSpace(e.Stderr)
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	return fmt.Sprintf("git %s: exit %d: %s", strings.Join(e.Args, " "), e.Code, msg)
}

// git runs a git command in the repository and returns its standard output, at most limit bytes.
func (r *Repo) git(ctx context.Context, limit int64, args ...string) ([]byte, error) {
	// Repository configuration must not run programs while Attest reads it.
	full := append([]string{"-C", r.dir, "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "--no-pager"}, args...)
	cmd := exec.CommandContext(ctx, "git", full...)
	cmd.Env = append(os.Environ(), "GIT_TERMINAL_PROMPT=0", "GIT_OPTIONAL_LOCKS=0", "LC_ALL=C", "GIT_NO_REPLACE_OBJECTS=1")
	var stdout limitedBuffer
	stdout.limit = limit
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if stdout.overflow {
		return nil, fmt.Errorf("git %s: output over %d bytes", strings.Join(args, " "), limit)
	}
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return stdout.Bytes(), &GitError{Args: args, Code: ee.ExitCode(), Stderr: stderr.String()}
		}
		return nil, fmt.Errorf("git %s: %w", strings.Join(args, " "), err)
	}
	return stdout.Bytes(), nil
}

type limitedBuffer struct {
	bytes.Buffer
	limit    int64
	overflow bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if int64(b.Len()+len(p)) > b.limit {
		b.overflow = true
		return 0, errors.New("output limit exceeded")
	}
	return b.Buffer.Write(p)
}

var (
	objectID = regexp.MustCompile(`^([0-9a-f]{40}|[0-9a-f]{64})$`)
	// revision accepts commit IDs (full or abbreviated) and plain branch or tag names; never an option, a
	// range, a reflog expression or a path.
	revision = regexp.MustCompile(`^[0-9A-Za-z_][0-9A-Za-z._/+-]*$`)
)

func validRevision(rev string) error {
	if len(rev) > 255 || !revision.MatchString(rev) || strings.Contains(rev, "..") || strings.Contains(rev, "//") ||
		strings.HasSuffix(rev, "/") || strings.HasSuffix(rev, ".lock") || strings.HasSuffix(rev, ".") {
		return fmt.Errorf("revision %q: %w", rev, source.ErrInvalidInput)
	}
	return nil
}

// resolve turns a revision into the full ID of the commit it names.
func (r *Repo) resolve(ctx context.Context, rev string) (string, error) {
	if err := validRevision(rev); err != nil {
		return "", err
	}
	out, err := r.git(ctx, 1024, "rev-parse", "--verify", "--quiet", "--end-of-options", rev+"^{commit}")
	if err != nil {
		var ge *GitError
		if errors.As(err, &ge) && ge.Code == 1 {
			return "", fmt.Errorf("%s: %w", rev, source.ErrCommitNotFound)
		}
		return "", err
	}
	id := strings.TrimSpace(string(out))
	if !objectID.MatchString(id) {
		return "", fmt.Errorf("resolve %s: unexpected output %q", rev, id)
	}
	return id, nil
}

// Differences lists the files that differ between two commits, or every file of after when before is "".
func (r *Repo) Differences(ctx context.Context, _ string, before, after string) ([]source.Difference, error) {
	head, err := r.resolve(ctx, after)
	if err != nil {
		return nil, err
	}
	if before == "" {
		out, err := r.git(ctx, maxListing, "ls-tree", "-r", "-z", "--full-tree", "--end-of-options", head)
		if err != nil {
			return nil, err
		}
		return parseLsTree(out)
	}
	base, err := r.resolve(ctx, before)
	if err != nil {
		return nil, err
	}
	out, err := r.git(ctx, maxListing, "diff-tree", "-r", "--no-renames", "--no-ext-diff", "--no-textconv", "-z", "--end-of-options", base, head)
	if err != nil {
		return nil, err
	}
	return parseDiffTree(out)
}

// parseLsTree reads "<mode> SP <type> SP <object> TAB <path> NUL" records.
func parseLsTree(out []byte) ([]source.Difference, error) {
	var diffs []source.Difference
	for _, rec := range bytes.Split(out, []byte{0}) {
		if len(rec) == 0 {
			continue
		}
		meta, p, ok := bytes.Cut(rec, []byte{'\t'})
		fields := strings.Fields(string(meta))
		if !ok || len(fields) != 3 || !objectID.MatchString(fields[2]) {
			return nil, fmt.Errorf("ls-tree: unexpected record %q", truncate(rec))
		}
		diffs = append(diffs, source.Difference{After: source.Entry{BlobID: fields[2], Path: string(p), Mode: fields[0]}})
	}
	return diffs, nil
}

// parseDiffTree reads raw diff records: ":<old mode> <new mode> <old id> <new id> <status> NUL <path> NUL".
func parseDiffTree(out []byte) ([]source.Difference, error) {
	parts := bytes.Split(out, []byte{0})
	var diffs []source.Difference
	for i := 0; i < len(parts); i++ {
		meta := parts[i]
		if len(meta) == 0 {
			continue
		}
		fields := strings.Fields(string(meta))
		if len(fields) != 5 || !strings.HasPrefix(fields[0], ":") || i+1 >= len(parts) {
			return nil, fmt.Errorf("diff-tree: unexpected record %q", truncate(meta))
		}
		i++
		p := string(parts[i])
		oldMode, newMode, oldID, newID, status := fields[0][1:], fields[1], fields[2], fields[3], fields[4]
		if !objectID.MatchString(oldID) || !objectID.MatchString(newID) || p == "" {
			return nil, fmt.Errorf("diff-tree: unexpected record %q", truncate(meta))
		}
		var d source.Difference
		if !zeroID(oldID) {
			d.Before = source.Entry{BlobID: oldID, Path: p, Mode: oldMode}
		}
		if !zeroID(newID) {
			d.After = source.Entry{BlobID: newID, Path: p, Mode: newMode}
		}
		switch status[0] {
		case 'A', 'D', 'M', 'T':
		default:
			return nil, fmt.Errorf("diff-tree: unexpected status %q for %q", status, truncate(parts[i]))
		}
		diffs = append(diffs, d)
	}
	return diffs, nil
}

func zeroID(id string) bool { return strings.Trim(id, "0") == "" }

func truncate(b []byte) string {
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}

// Blob returns a blob's content.
func (r *Repo) Blob(ctx context.Context, _ string, blobID string) ([]byte, error) {
	if !objectID.MatchString(blobID) {
		return nil, fmt.Errorf("blob %q: %w", blobID, source.ErrInvalidInput)
	}
	return r.git(ctx, maxBlob, "cat-file", "blob", blobID)
}

// File returns the content of path at commit; an error wrapping source.ErrFileNotFound when the commit has
// no such file (or it is not a regular file).
func (r *Repo) File(ctx context.Context, _ string, commit, path string) ([]byte, error) {
	if !fs.ValidPath(path) || path == "." || strings.HasPrefix(path, "-") {
		return nil, fmt.Errorf("file %q: %w", path, source.ErrInvalidInput)
	}
	id, err := r.resolve(ctx, commit)
	if err != nil {
		return nil, err
	}
	out, err := r.git(ctx, 4096, "ls-tree", "-z", id, "--", path)
	if err != nil {
		return nil, err
	}
	// <mode> SP <type> SP <object> TAB <path> NUL
	fields := strings.Fields(strings.SplitN(string(out), "\t", 2)[0])
	if len(fields) != 3 || fields[1] != "blob" || fields[0] == "120000" || !objectID.MatchString(fields[2]) {
		return nil, fmt.Errorf("file %s at %s: %w", path, commit, source.ErrFileNotFound)
	}
	return r.Blob(ctx, "", fields[2])
}

// BlobSize returns a blob's size without reading it.
func (r *Repo) BlobSize(ctx context.Context, _ string, blobID string) (int64, error) {
	if !objectID.MatchString(blobID) {
		return 0, fmt.Errorf("blob %q: %w", blobID, source.ErrInvalidInput)
	}
	out, err := r.git(ctx, 64, "cat-file", "-s", blobID)
	if err != nil {
		return 0, err
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(out)), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("size of blob %s: %w", blobID, err)
	}
	return n, nil
}

// MergeBase returns the best common ancestor of two commits, or "" when their histories are unrelated.
func (r *Repo) MergeBase(ctx context.Context, _ string, a, b string) (string, error) {
	ida, err := r.resolve(ctx, a)
	if err != nil {
		return "", err
	}
	idb, err := r.resolve(ctx, b)
	if err != nil {
		return "", err
	}
	out, err := r.git(ctx, 1024, "merge-base", ida, idb)
	if err != nil {
		var ge *GitError
		if errors.As(err, &ge) && ge.Code == 1 && len(bytes.TrimSpace(out)) == 0 {
			return "", nil
		}
		return "", err
	}
	id := strings.TrimSpace(string(out))
	if !objectID.MatchString(id) {
		return "", fmt.Errorf("merge-base: unexpected output %q", id)
	}
	return id, nil
}

// DefaultBranch is the local main, else the local master, else the branch origin/HEAD points to; "" when
// there is none of these.
func (r *Repo) DefaultBranch(ctx context.Context, _ string) (string, string, error) {
	for _, name := range []string{"main", "master"} {
		id, err := r.resolve(ctx, "refs/heads/"+name)
		if err == nil {
			return name, id, nil
		}
		if !errors.Is(err, source.ErrCommitNotFound) {
			return "", "", err
		}
	}
	out, err := r.git(ctx, 1024, "symbolic-ref", "--quiet", "refs/remotes/origin/HEAD")
	if err != nil {
		var ge *GitError
		if errors.As(err, &ge) && ge.Code == 1 {
			return "", "", nil
		}
		return "", "", err
	}
	ref := strings.TrimSpace(string(out))
	name, ok := strings.CutPrefix(ref, "refs/remotes/origin/")
	if !ok || name == "" {
		return "", "", nil
	}
	id, err := r.resolve(ctx, ref)
	if errors.Is(err, source.ErrCommitNotFound) {
		return "", "", nil
	}
	if err != nil {
		return "", "", err
	}
	return name, id, nil
}
