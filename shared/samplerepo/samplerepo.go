// Package samplerepo builds the bundled sample repository (testdata/sample-repo) as a real git repository
// with fixed authors and dates, so its commit IDs are the same on every machine and the sample push events
// can name them.
package samplerepo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Commits are the IDs of the sample repository's commits.
type Commits struct {
	Base    string `json:"base"`    // 01-base on main
	Head    string `json:"head"`    // 02-head on main
	Feature string `json:"feature"` // 03-feature on feature/tls
}

// Repository is the sample repository's name in the sample events.
const Repository = "attest-sample"

type step struct {
	tree, branch, message, date string
}

var steps = []step{
	{"01-base", "main", "Orders service: function, table and artifact bucket", "2026-11-19T09:00:00+00:00"},
	{"02-head", "main", "Receipts: signing key, uploads bucket, VPC, reports instance", "2026-11-20T13:55:00+00:00"},
	{"03-feature", "feature/tls", "Partner mTLS keys", "2026-11-20T15:10:00+00:00"},
}

// Build creates the repository in dst (which must not exist or be empty) from the trees under src
// (testdata/sample-repo). It needs the git command.
func Build(src, dst string) (Commits, error) {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return Commits{}, fmt.Errorf("create %s: %w", dst, err)
	}
	g := func(env []string, args ...string) (string, error) {
		cmd := exec.Command("git", args...)
		cmd.Dir = dst
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=Avery Example", "GIT_AUTHOR_EMAIL=avery@example.com",
			"GIT_COMMITTER_NAME=Avery Example", "GIT_COMMITTER_EMAIL=avery@example.com")
		cmd.Env = append(cmd.Env, env...)
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
		}
		return strings.TrimSpace(out.String()), nil
	}
	if _, err := g(nil, "init", "-q", "-b", "main"); err != nil {
		return Commits{}, err
	}
	var ids []string
	for _, s := range steps {
		if s.branch != "main" {
			if _, err := g(nil, "checkout", "-q", "-b", s.branch); err != nil {
				return Commits{}, err
			}
		}
		if err := replaceTree(filepath.Join(src, s.tree), dst); err != nil {
			return Commits{}, err
		}
		if _, err := g(nil, "add", "-A"); err != nil {
			return Commits{}, err
		}
		date := []string{"GIT_AUTHOR_DATE=" + s.date, "GIT_COMMITTER_DATE=" + s.date}
		if _, err := g(date, "-c", "commit.gpgsign=false", "commit", "-q", "-m", s.message); err != nil {
			return Commits{}, err
		}
		id, err := g(nil, "rev-parse", "HEAD")
		if err != nil {
			return Commits{}, err
		}
		ids = append(ids, id)
	}
	if _, err := g(nil, "checkout", "-q", "main"); err != nil {
		return Commits{}, err
	}
	return Commits{Base: ids[0], Head: ids[1], Feature: ids[2]}, nil
}

// replaceTree makes dst's working tree (all but .git) a copy of src.
func replaceTree(src, dst string) error {
	entries, err := os.ReadDir(dst)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.Name() != ".git" {
			if err := os.RemoveAll(filepath.Join(dst, e.Name())); err != nil {
				return err
			}
		}
	}
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil || rel == "." {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}

// ReadCommits reads commits.json beside the trees.
func ReadCommits(src string) (Commits, error) {
	var c Commits
	b, err := os.ReadFile(filepath.Join(src, "commits.json"))
	if err != nil {
		return c, fmt.Errorf("read sample commits: %w", err)
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("read sample commits: %w", err)
	}
	return c, nil
}
