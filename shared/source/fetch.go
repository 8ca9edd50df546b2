package source

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/attestdev/attest/shared/policy"
	"github.com/attestdev/attest/shared/run"
	"golang.org/x/sync/errgroup"
)

// Defaults of a Service.
const (
	DefaultMaxFileBytes = 1 << 20
	DefaultMaxFiles     = 10000
	DefaultConcurrency  = 8
	// binarySniff is how much of a file is searched for a NUL byte, as git does.
	binarySniff = 8000
	// maxPathBytes keeps work-store keys within S3's 1,024-byte limit.
	maxPathBytes = 900
)

// Reasons a file is skipped, as written in the Changeset.
const (
	SkipTooLarge  = "larger than the size limit"
	SkipBinary    = "binary"
	SkipSymlink   = "symlink"
	SkipSubmodule = "submodule"
	SkipUnsafe    = "unsafe path"
	SkipFileLimit = "over the file-count limit"
)

// WorkStore is where fetched files go.
type WorkStore interface {
	Put(ctx context.Context, key string, data []byte) error
}

// Service is the fetch step.
type Service struct {
	Repo Repository
	Work WorkStore
	// MaxFileBytes skips larger files (default DefaultMaxFileBytes).
	MaxFileBytes int64
	// MaxFiles bounds how many files one run fetches (default DefaultMaxFiles).
	MaxFiles int
	// Concurrency bounds parallel downloads (default DefaultConcurrency).
	Concurrency int
}

// Run is Fetch, so that a Service serves as a pipeline step.
func (s *Service) Run(ctx context.Context, st run.State) (run.State, error) { return s.Fetch(ctx, st) }

// Fetch resolves what the push in st changed, writes both sides of each changed file under
// runs/<id>/base/<path> and runs/<id>/head/<path>, and records the Changeset at runs/<id>/changes.json.
// The base is the event's previous commit; for a new branch, its merge base with the default branch; the
// whole tree at the head when there is neither or the branch is the default branch.
func (s *Service) Fetch(ctx context.Context, st run.State) (run.State, error) {
	if err := validate(st); err != nil {
		return st, err
	}
	subj := st.Subject
	base, how, err := s.resolveBase(ctx, subj)
	if err != nil {
		return st, err
	}
	diffs, err := s.Repo.Differences(ctx, subj.Repository, base, subj.Commit)
	if err != nil {
		return st, &RepositoryError{Op: fmt.Sprintf("list differences %s..%s of %s", short(base), short(subj.Commit), subj.Repository), Err: err}
	}

	cs := run.Changeset{Repository: subj.Repository, BaseCommit: base, HeadCommit: subj.Commit, Files: []run.ChangedFile{}}
	files, skipped := s.plan(diffs)
	results := make([]fileResult, len(files))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(s.concurrency())
	for i, f := range files {
		g.Go(func() error {
			r, err := s.fetchFile(gctx, st, f)
			results[i] = r
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return st, err
	}
	for _, r := range results {
		if r.skip != "" {
			skipped = append(skipped, run.SkippedFile{Path: r.file.Path, Reason: r.skip})
			continue
		}
		cs.Files = append(cs.Files, r.file)
	}
	sort.Slice(cs.Files, func(i, j int) bool { return cs.Files[i].Path < cs.Files[j].Path })
	sort.SliceStable(skipped, func(i, j int) bool { return skipped[i].Path < skipped[j].Path })
	cs.Skipped = skipped
	policyGap, err := s.repositoryPolicy(ctx, st, &cs)
	if err != nil {
		return st, err
	}

	data, err := json.MarshalIndent(cs, "", "  ")
	if err != nil {
		return st, fmt.Errorf("fetch: encode changeset: %w", err)
	}
	key := st.Key(run.ChangesetFile)
	if err := s.Work.Put(ctx, key, data); err != nil {
		return st, &StoreError{Key: key, Err: err}
	}
	out := st
	out.AddFile(run.ChangesetFile, key)
	out.SetSummary("files", fmt.Sprintf("%d changed, %d skipped", len(cs.Files), len(cs.Skipped)))
	out.SetSummary("compared", how)
	if gap := skippedGap(cs.Skipped, s.maxFileBytes()); gap != "" {
		out.AddGap("fetch", gap)
	}
	if policyGap != "" {
		out.AddGap("fetch", policyGap)
	}
	return out, nil
}

// repositoryPolicy reads the repository's policy file at the head commit when the push did not change it,
// so that the scan applies the repository's settings on every push, not only on the one that edits them.
// A file that cannot be read is a gap (the scan then applies the defaults and the pack says so); a store
// that cannot be written is an error, for a retry.
func (s *Service) repositoryPolicy(ctx context.Context, st run.State, cs *run.Changeset) (gap string, err error) {
	names := []string{policy.RepoFile, policy.RepoFileAlt}
	for _, f := range cs.Files {
		if slices.Contains(names, f.Path) {
			return "", nil // changed by the push: the scan reads it from the changeset
		}
	}
	fr, ok := s.Repo.(FileReader)
	if !ok {
		return "", nil
	}
	for _, name := range names {
		data, err := fr.File(ctx, cs.Repository, cs.HeadCommit, name)
		if errors.Is(err, ErrFileNotFound) {
			continue
		}
		if err != nil {
			return fmt.Sprintf("%s not read (%v): the scan applies the default policy", name, err), nil
		}
		if int64(len(data)) > s.maxFileBytes() {
			return fmt.Sprintf("%s is larger than %d bytes and was not read: the scan applies the default policy", name, s.maxFileBytes()), nil
		}
		key := st.Key("policy/" + name)
		if err := s.Work.Put(ctx, key, data); err != nil {
			return "", &StoreError{Key: key, Err: err}
		}
		cs.Policy = &run.PolicyFile{Path: name, Key: key}
		return "", nil
	}
	return "", nil
}

func validate(st run.State) error {
	switch {
	case st.Flow != run.FlowPush:
		return &InputError{Reason: fmt.Sprintf("run %s is a %q run, not a push", st.RunID, st.Flow)}
	case st.RunID == "" || strings.ContainsAny(st.RunID, "/\\") || st.RunID == "." || st.RunID == "..":
		return &InputError{Reason: fmt.Sprintf("run ID %q is not usable in a key", st.RunID)}
	case st.Subject.Repository == "":
		return &InputError{Reason: "the push names no repository"}
	case st.Subject.Commit == "":
		return &InputError{Reason: "the push names no commit"}
	}
	return nil
}

// resolveBase returns the commit to compare the head with ("" for the whole tree) and how it was chosen.
func (s *Service) resolveBase(ctx context.Context, subj run.Subject) (string, string, error) {
	head := short(subj.Commit)
	if subj.PullRequestID != "" && subj.DestinationCommit != "" && subj.BaseCommit == subj.DestinationCommit {
		// The event named no merge base: diffing from the destination's tip would also show what changed
		// only on the destination since the branch was cut. Compare with the common ancestor instead.
		mb, err := s.Repo.MergeBase(ctx, subj.Repository, subj.DestinationCommit, subj.Commit)
		if err != nil {
			return "", "", &RepositoryError{Op: "find the merge base of pull request " + subj.PullRequestID, Err: err}
		}
		if mb != "" {
			return mb, fmt.Sprintf("%s..%s (merge base of pull request %s)", short(mb), head, subj.PullRequestID), nil
		}
	}
	if subj.BaseCommit != "" {
		return subj.BaseCommit, fmt.Sprintf("%s..%s", short(subj.BaseCommit), head), nil
	}
	if !subj.NewBranch {
		return "", "whole tree at " + head, nil
	}
	name, commit, err := s.Repo.DefaultBranch(ctx, subj.Repository)
	if err != nil {
		return "", "", &RepositoryError{Op: "find the default branch of " + subj.Repository, Err: err}
	}
	if name == "" || commit == "" {
		return "", "whole tree at " + head + " (no default branch)", nil
	}
	if name == subj.Reference {
		return "", "whole tree at " + head + " (new default branch)", nil
	}
	mb, err := s.Repo.MergeBase(ctx, subj.Repository, commit, subj.Commit)
	if err != nil {
		return "", "", &RepositoryError{Op: fmt.Sprintf("find the merge base of %s and %s", name, subj.Reference), Err: err}
	}
	if mb == "" {
		return "", "whole tree at " + head + " (no common ancestor with " + name + ")", nil
	}
	return mb, fmt.Sprintf("%s..%s (merge base with %s)", short(mb), head, name), nil
}

// wanted is one file to fetch: the path and each side's blob.
type wanted struct {
	path          string
	change        string
	before, after Entry
}

type fileResult struct {
	file run.ChangedFile
	skip string
}

// plan turns differences into files to fetch, splitting renames and setting aside what is never fetched.
func (s *Service) plan(diffs []Difference) ([]wanted, []run.SkippedFile) {
	var files []wanted
	var skipped []run.SkippedFile
	add := func(w wanted) {
		if reason := pathProblem(w.path); reason != "" {
			skipped = append(skipped, run.SkippedFile{Path: printable(w.path), Reason: SkipUnsafe + ": " + reason})
			return
		}
		for _, e := range []Entry{w.before, w.after} {
			switch e.Mode {
			case ModeSymlink:
				skipped = append(skipped, run.SkippedFile{Path: w.path, Reason: SkipSymlink})
				return
			case ModeSubmodule:
				skipped = append(skipped, run.SkippedFile{Path: w.path, Reason: SkipSubmodule})
				return
			}
		}
		if len(files) >= s.maxFiles() {
			skipped = append(skipped, run.SkippedFile{Path: w.path, Reason: SkipFileLimit})
			return
		}
		files = append(files, w)
	}
	for _, d := range diffs {
		b, a := d.Before, d.After
		switch {
		case b.BlobID == "" && a.BlobID == "":
			continue
		case b.BlobID == "":
			add(wanted{path: a.Path, change: run.ChangeAdded, after: a})
		case a.BlobID == "":
			add(wanted{path: b.Path, change: run.ChangeDeleted, before: b})
		case a.Path != "" && b.Path != "" && a.Path != b.Path:
			add(wanted{path: b.Path, change: run.ChangeDeleted, before: b})
			add(wanted{path: a.Path, change: run.ChangeAdded, after: a})
		default:
			p := a.Path
			if p == "" {
				p = b.Path
			}
			add(wanted{path: p, change: run.ChangeModified, before: b, after: a})
		}
	}
	return files, skipped
}

// fetchFile downloads both sides of a file, checks them, and writes them to the work store.
func (s *Service) fetchFile(ctx context.Context, st run.State, w wanted) (fileResult, error) {
	res := fileResult{file: run.ChangedFile{Path: w.path, Change: w.change}}
	var contents [2][]byte
	for i, e := range []Entry{w.before, w.after} {
		if e.BlobID == "" {
			continue
		}
		data, skip, err := s.readBlob(ctx, st.Subject.Repository, e.BlobID)
		if err != nil {
			return res, &RepositoryError{Op: fmt.Sprintf("read %s (blob %s)", w.path, short(e.BlobID)), Err: err}
		}
		if skip != "" {
			res.skip = skip
			return res, nil
		}
		contents[i] = data
	}
	for i, side := range []string{"base", "head"} {
		if contents[i] == nil && []Entry{w.before, w.after}[i].BlobID == "" {
			continue
		}
		key := st.Key(side + "/" + w.path)
		if err := s.Work.Put(ctx, key, contents[i]); err != nil {
			return res, &StoreError{Key: key, Err: err}
		}
		if side == "base" {
			res.file.BaseKey = key
		} else {
			res.file.HeadKey = key
		}
		res.file.Size = int64(len(contents[i]))
	}
	return res, nil
}

// readBlob returns a blob, or why it is skipped.
func (s *Service) readBlob(ctx context.Context, repo, id string) ([]byte, string, error) {
	max := s.maxFileBytes()
	if sz, ok := s.Repo.(BlobSizer); ok {
		n, err := sz.BlobSize(ctx, repo, id)
		if err != nil {
			return nil, "", err
		}
		if n > max {
			return nil, fmt.Sprintf("%s (%d bytes; the limit is %d)", SkipTooLarge, n, max), nil
		}
	}
	data, err := s.Repo.Blob(ctx, repo, id)
	if errors.Is(err, ErrBlobTooLarge) {
		return nil, fmt.Sprintf("%s (the repository refused to return it)", SkipTooLarge), nil
	}
	if err != nil {
		return nil, "", err
	}
	if int64(len(data)) > max {
		return nil, fmt.Sprintf("%s (%d bytes; the limit is %d)", SkipTooLarge, len(data), max), nil
	}
	if bytes.IndexByte(data[:min(len(data), binarySniff)], 0) >= 0 {
		return nil, SkipBinary, nil
	}
	if data == nil {
		data = []byte{}
	}
	return data, "", nil
}

// pathProblem says why a repository path cannot be used as part of a work-store key, or "".
func pathProblem(p string) string {
	switch {
	case p == "":
		return "empty"
	case len(p) > maxPathBytes:
		return "too long"
	case !utf8.ValidString(p):
		return "not UTF-8"
	case strings.HasPrefix(p, "/"):
		return "absolute"
	case strings.ContainsRune(p, '\\'):
		return "backslash"
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f {
			return "control character"
		}
	}
	for _, part := range strings.Split(p, "/") {
		switch part {
		case "":
			return "empty segment"
		case ".", "..":
			return "dot segment"
		}
	}
	if path.Clean(p) != p {
		return "not clean"
	}
	return ""
}

// printable makes a rejected path safe to record.
func printable(p string) string {
	p = strings.ToValidUTF8(p, "\uFFFD")
	p = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '\uFFFD'
		}
		return r
	}, p)
	if len(p) > maxPathBytes {
		p = p[:maxPathBytes] + "…"
	}
	return p
}

// skippedGap summarises the skipped files that may hide findings; binary files are not scanned by design.
func skippedGap(skipped []run.SkippedFile, max int64) string {
	counts := map[string]int{}
	n := 0
	for _, f := range skipped {
		reason := f.Reason
		switch {
		case reason == SkipBinary:
			continue
		case strings.HasPrefix(reason, SkipTooLarge):
			reason = fmt.Sprintf("over %d bytes", max)
		case strings.HasPrefix(reason, SkipUnsafe):
			reason = SkipUnsafe
		}
		counts[reason]++
		n++
	}
	if n == 0 {
		return ""
	}
	reasons := make([]string, 0, len(counts))
	for r, c := range counts {
		reasons = append(reasons, fmt.Sprintf("%d %s", c, r))
	}
	sort.Strings(reasons)
	noun := "files"
	if n == 1 {
		noun = "file"
	}
	return fmt.Sprintf("%d %s not fetched and not scanned (%s); see %s", n, noun, strings.Join(reasons, ", "), run.ChangesetFile)
}

func short(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

func (s *Service) maxFileBytes() int64 {
	if s.MaxFileBytes > 0 {
		return s.MaxFileBytes
	}
	return DefaultMaxFileBytes
}

func (s *Service) maxFiles() int {
	if s.MaxFiles > 0 {
		return s.MaxFiles
	}
	return DefaultMaxFiles
}

func (s *Service) concurrency() int {
	if s.Concurrency > 0 {
		return s.Concurrency
	}
	return DefaultConcurrency
}
