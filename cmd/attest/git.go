package main

import (
	"context"
	"fmt"
	"io/fs"
	"strings"
	"testing/fstest"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/forecast"
	"github.com/attestdev/attest/shared/scan"
	"github.com/attestdev/attest/shared/source"
	"github.com/attestdev/attest/shared/source/gitrepo"
)

// splitRange reads "A..B".
func splitRange(spec string) (string, string, error) {
	a, b, ok := strings.Cut(spec, "..")
	if !ok || a == "" || b == "" || strings.HasPrefix(b, ".") {
		return "", "", usagef("--diff takes A..B (two commits), got %q", spec)
	}
	return a, b, nil
}

func openRepo(root string) (*gitrepo.Repo, error) {
	repo, err := gitrepo.Open(root)
	if err != nil {
		return nil, usagef("%s is not a git repository: %v", root, err)
	}
	return repo, nil
}

// treeFS holds the head side of a set of differences in memory, with what could not be read.
type treeFS struct {
	fsys    fs.FS
	paths   []string
	skipped []finding.Skip
}

// load reads the After side of each difference: regular files only, and none over the scan limit.
func load(ctx context.Context, repo *gitrepo.Repo, diffs []source.Difference) (*treeFS, error) {
	mem := fstest.MapFS{}
	t := &treeFS{fsys: mem, paths: []string{}}
	for _, d := range diffs {
		a := d.After
		if a.BlobID == "" {
			continue // deleted: nothing to scan
		}
		switch a.Mode {
		case source.ModeSymlink, source.ModeSubmodule, source.ModeTree:
			t.skipped = append(t.skipped, finding.Skip{Path: a.Path, Reason: "not a regular file (mode " + a.Mode + ")"})
			continue
		}
		if !fs.ValidPath(a.Path) {
			t.skipped = append(t.skipped, finding.Skip{Path: a.Path, Reason: "unsafe path"})
			continue
		}
		size, err := repo.BlobSize(ctx, "", a.BlobID)
		if err != nil {
			return nil, fmt.Errorf("size of %s: %w", a.Path, err)
		}
		if size > scan.DefaultMaxFileSize {
			t.skipped = append(t.skipped, finding.Skip{Path: a.Path, Reason: fmt.Sprintf("file is %d bytes, over the %d-byte limit", size, scan.DefaultMaxFileSize)})
			continue
		}
		b, err := repo.Blob(ctx, "", a.BlobID)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", a.Path, err)
		}
		mem[a.Path] = &fstest.MapFile{Data: b, Mode: 0o644}
		t.paths = append(t.paths, a.Path)
	}
	return t, nil
}

// gitDiffFS is the head side of the files changed between two commits.
func gitDiffFS(ctx context.Context, root, spec string) (*treeFS, error) {
	a, b, err := splitRange(spec)
	if err != nil {
		return nil, err
	}
	repo, err := openRepo(root)
	if err != nil {
		return nil, err
	}
	diffs, err := repo.Differences(ctx, "", a, b)
	if err != nil {
		return nil, usagef("diff %s: %v", spec, err)
	}
	return load(ctx, repo, diffs)
}

// gitStagedFS is what is staged in the index, as staged.
func gitStagedFS(ctx context.Context, root string) (*treeFS, error) {
	repo, err := openRepo(root)
	if err != nil {
		return nil, err
	}
	diffs, err := repo.Staged(ctx)
	if err != nil {
		return nil, usagef("read what is staged: %v", err)
	}
	return load(ctx, repo, diffs)
}

// gitDiffPairs gives the forecast both sides of every template changed between two commits.
func gitDiffPairs(ctx context.Context, root, spec string) ([]forecast.FilePair, error) {
	a, b, err := splitRange(spec)
	if err != nil {
		return nil, err
	}
	repo, err := openRepo(root)
	if err != nil {
		return nil, err
	}
	diffs, err := repo.Differences(ctx, "", a, b)
	if err != nil {
		return nil, usagef("diff %s: %v", spec, err)
	}
	var pairs []forecast.FilePair
	read := func(e source.Entry) ([]byte, error) {
		if e.BlobID == "" || e.Mode == source.ModeSymlink || e.Mode == source.ModeSubmodule {
			return nil, nil
		}
		return repo.Blob(ctx, "", e.BlobID)
	}
	for _, d := range diffs {
		p := d.After.Path
		if p == "" {
			p = d.Before.Path
		}
		if !forecast.IsTemplatePath(p) {
			continue
		}
		base, err := read(d.Before)
		if err != nil {
			return nil, fmt.Errorf("read %s at %s: %w", d.Before.Path, a, err)
		}
		head, err := read(d.After)
		if err != nil {
			return nil, fmt.Errorf("read %s at %s: %w", d.After.Path, b, err)
		}
		pairs = append(pairs, forecast.FilePair{Path: p, Base: base, Head: head})
	}
	return pairs, nil
}
