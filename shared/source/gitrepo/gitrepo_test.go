package gitrepo_test

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/source"
	"github.com/attestdev/attest/shared/source/gitrepo"
	"github.com/attestdev/attest/shared/store"
)

// gitEnv keeps the tests independent of the machine's git configuration.
var gitEnv = []string{
	"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
	"GIT_AUTHOR_NAME=Avery Example", "GIT_AUTHOR_EMAIL=avery@example.com",
	"GIT_COMMITTER_NAME=Avery Example", "GIT_COMMITTER_EMAIL=avery@example.com",
	"GIT_AUTHOR_DATE=2026-11-20T13:55:00+00:00", "GIT_COMMITTER_DATE=2026-11-20T13:55:00+00:00",
}

func git(t testing.TB, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), gitEnv...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

func write(t testing.TB, dir, name, content string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

type commits struct{ base, head, feature, orphan string }

// sampleRepo builds: base on main; head on main (modify, delete, add, symlink, binary, executable);
// feature/tls from head with one more file; an unrelated orphan branch.
func sampleRepo(t testing.TB) (string, commits) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	var c commits
	git(t, dir, "init", "-q", "-b", "main")
	write(t, dir, "infra/template.yaml", "Resources: {}\n")
	write(t, dir, "README.md", "# sample\n")
	write(t, dir, "app/orders.py", "import hashlib\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "base")
	c.base = git(t, dir, "rev-parse", "HEAD")

	write(t, dir, "infra/template.yaml", "Resources:\n  Key: {Type: AWS::KMS::Key}\n")
	os.Remove(filepath.Join(dir, "README.md"))
	write(t, dir, "signer/signer.go", "package signer\n")
	write(t, dir, "bin/run.sh", "#!/bin/sh\n")
	os.Chmod(filepath.Join(dir, "bin/run.sh"), 0o755)
	write(t, dir, "logo.png", "\x89PNG\r\n\x1a\n\x00\x00")
	if err := os.Symlink("app/orders.py", filepath.Join(dir, "link.py")); err != nil {
		t.Fatal(err)
	}
	write(t, dir, "docs/name with spaces\tand tab.md", "odd\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "head")
	c.head = git(t, dir, "rev-parse", "HEAD")

	git(t, dir, "checkout", "-q", "-b", "feature/tls")
	write(t, dir, "partner/mtls.py", "import ssl\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "feature")
	c.feature = git(t, dir, "rev-parse", "HEAD")

	git(t, dir, "checkout", "-q", "--orphan", "orphan")
	git(t, dir, "rm", "-q", "-rf", ".")
	write(t, dir, "only.txt", "alone\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "orphan")
	c.orphan = git(t, dir, "rev-parse", "HEAD")
	git(t, dir, "checkout", "-q", "main")
	return dir, c
}

func summarize(diffs []source.Difference) []string {
	var out []string
	for _, d := range diffs {
		switch {
		case d.Before.BlobID == "":
			out = append(out, "A "+d.After.Mode+" "+d.After.Path)
		case d.After.BlobID == "":
			out = append(out, "D "+d.Before.Mode+" "+d.Before.Path)
		default:
			out = append(out, "M "+d.After.Mode+" "+d.After.Path)
		}
	}
	sort.Strings(out)
	return out
}

func TestDifferences(t *testing.T) {
	dir, c := sampleRepo(t)
	repo, err := gitrepo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name          string
		before, after string
		want          []string
	}{
		{"base to head", c.base, c.head, []string{
			"A 100644 docs/name with spaces\tand tab.md", "A 100644 logo.png", "A 100644 signer/signer.go", "A 100755 bin/run.sh",
			"A 120000 link.py", "D 100644 README.md", "M 100644 infra/template.yaml"}},
		{"whole tree", "", c.base, []string{"A 100644 README.md", "A 100644 app/orders.py", "A 100644 infra/template.yaml"}},
		{"by branch name", "main", "feature/tls", []string{"A 100644 partner/mtls.py"}},
		{"abbreviated ids", c.head[:10], c.feature[:10], []string{"A 100644 partner/mtls.py"}},
		{"same commit", c.head, c.head, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diffs, err := repo.Differences(context.Background(), "attest-sample", tt.before, tt.after)
			if err != nil {
				t.Fatal(err)
			}
			if got := summarize(diffs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestBlob(t *testing.T) {
	dir, c := sampleRepo(t)
	repo, err := gitrepo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	diffs, err := repo.Differences(context.Background(), "", c.base, c.head)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range diffs {
		if d.After.Path != "infra/template.yaml" {
			continue
		}
		for _, side := range []struct {
			id, want string
		}{{d.Before.BlobID, "Resources: {}\n"}, {d.After.BlobID, "Resources:\n  Key: {Type: AWS::KMS::Key}\n"}} {
			got, err := repo.Blob(context.Background(), "", side.id)
			if err != nil || string(got) != side.want {
				t.Errorf("Blob(%s) = %q, %v; want %q", side.id, got, err, side.want)
			}
			n, err := repo.BlobSize(context.Background(), "", side.id)
			if err != nil || n != int64(len(side.want)) {
				t.Errorf("BlobSize(%s) = %d, %v; want %d", side.id, n, err, len(side.want))
			}
		}
		return
	}
	t.Fatal("no difference for infra/template.yaml")
}

func TestMergeBaseAndDefaultBranch(t *testing.T) {
	dir, c := sampleRepo(t)
	repo, err := gitrepo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tests := []struct{ name, a, b, want string }{
		{"branch from main", c.head, c.feature, c.head},
		{"ancestor", c.base, c.head, c.base},
		{"unrelated histories", c.head, c.orphan, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := repo.MergeBase(ctx, "", tt.a, tt.b)
			if err != nil || got != tt.want {
				t.Errorf("MergeBase = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	t.Run("default branch main", func(t *testing.T) {
		name, id, err := repo.DefaultBranch(ctx, "")
		if err != nil || name != "main" || id != c.head {
			t.Errorf("DefaultBranch = %s %s %v; want main %s", name, id, err, c.head)
		}
	})
	t.Run("default branch master", func(t *testing.T) {
		git(t, dir, "branch", "-q", "-m", "main", "master")
		defer git(t, dir, "branch", "-q", "-m", "master", "main")
		name, id, err := repo.DefaultBranch(ctx, "")
		if err != nil || name != "master" || id != c.head {
			t.Errorf("DefaultBranch = %s %s %v; want master %s", name, id, err, c.head)
		}
	})
	t.Run("default branch from origin/HEAD", func(t *testing.T) {
		clone := t.TempDir()
		git(t, clone, "clone", "-q", dir, ".")
		git(t, clone, "checkout", "-q", "-b", "work")
		git(t, clone, "branch", "-q", "-D", "main")
		cr, err := gitrepo.Open(clone)
		if err != nil {
			t.Fatal(err)
		}
		name, id, err := cr.DefaultBranch(ctx, "")
		if err != nil || name != "main" || id != c.head {
			t.Errorf("DefaultBranch = %s %s %v; want main %s from origin/HEAD", name, id, err, c.head)
		}
	})
	t.Run("no default branch", func(t *testing.T) {
		git(t, dir, "checkout", "-q", "orphan")
		git(t, dir, "branch", "-q", "-m", "main", "trunk")
		defer func() {
			git(t, dir, "branch", "-q", "-m", "trunk", "main")
			git(t, dir, "checkout", "-q", "main")
		}()
		name, id, err := repo.DefaultBranch(ctx, "")
		if err != nil || name != "" || id != "" {
			t.Errorf("DefaultBranch = %q %q %v; want none", name, id, err)
		}
	})
}

func TestRejectsOptionsAndUnknownCommits(t *testing.T) {
	dir, c := sampleRepo(t)
	repo, err := gitrepo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	marker := filepath.Join(t.TempDir(), "written")
	ctx := context.Background()
	invalid := []string{"--output=" + marker, "-p", "main..feature", "main...x", "HEAD@{1}", "a b", "main:README.md",
		"refs/heads/", "x.lock", "/etc/passwd", "..", "~1", "main^", strings.Repeat("a", 300)}
	for _, rev := range invalid {
		t.Run("revision "+rev[:min(len(rev), 20)], func(t *testing.T) {
			if _, err := repo.Differences(ctx, "", rev, c.head); !errors.Is(err, source.ErrInvalidInput) {
				t.Errorf("Differences(before %q) = %v; want ErrInvalidInput", rev, err)
			}
			if _, err := repo.Differences(ctx, "", "", rev); !errors.Is(err, source.ErrInvalidInput) {
				t.Errorf("Differences(after %q) = %v; want ErrInvalidInput", rev, err)
			}
			if _, err := repo.MergeBase(ctx, "", rev, c.head); !errors.Is(err, source.ErrInvalidInput) {
				t.Errorf("MergeBase(%q) = %v; want ErrInvalidInput", rev, err)
			}
		})
	}
	for _, id := range []string{"--batch", "-s", c.head[:10], "HEAD", strings.ToUpper(c.head)} {
		t.Run("blob "+id, func(t *testing.T) {
			if _, err := repo.Blob(ctx, "", id); !errors.Is(err, source.ErrInvalidInput) {
				t.Errorf("Blob(%q) = %v; want ErrInvalidInput", id, err)
			}
			if _, err := repo.BlobSize(ctx, "", id); !errors.Is(err, source.ErrInvalidInput) {
				t.Errorf("BlobSize(%q) = %v; want ErrInvalidInput", id, err)
			}
		})
	}
	if _, err := os.Stat(marker); err == nil {
		t.Error("an option reached git: the marker file was written")
	}
	t.Run("unknown commit", func(t *testing.T) {
		if _, err := repo.Differences(ctx, "", strings.Repeat("a", 40), c.head); !errors.Is(err, source.ErrCommitNotFound) {
			t.Errorf("got %v; want ErrCommitNotFound", err)
		}
		if _, err := repo.Differences(ctx, "", "", "no-such-branch"); !errors.Is(err, source.ErrCommitNotFound) {
			t.Errorf("got %v; want ErrCommitNotFound", err)
		}
	})
	t.Run("not a repository", func(t *testing.T) {
		if _, err := gitrepo.Open(t.TempDir()); err == nil {
			t.Error("Open of an empty directory succeeded")
		}
		if _, err := gitrepo.Open(filepath.Join(dir, "nope")); err == nil {
			t.Error("Open of a missing directory succeeded")
		}
	})
}

// TestFetchFromCheckout runs the fetch step over a real checkout: a new branch compared with its merge base.
func TestFetchFromCheckout(t *testing.T) {
	dir, c := sampleRepo(t)
	repo, err := gitrepo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	work, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	svc := &source.Service{Repo: repo, Work: work}
	tests := []struct {
		name    string
		subject run.Subject
		files   string
		base    string
	}{
		{"new branch", run.Subject{Repository: "attest-sample", Reference: "feature/tls", RefType: "branch", Commit: c.feature, NewBranch: true}, "1 changed, 0 skipped", c.head},
		{"update", run.Subject{Repository: "attest-sample", Reference: "main", RefType: "branch", Commit: c.head, BaseCommit: c.base}, "4 changed, 3 skipped", c.base},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := run.State{RunID: "push-" + strings.ReplaceAll(tt.name, " ", "-"), Flow: run.FlowPush, Subject: tt.subject}
			out, err := svc.Fetch(context.Background(), st)
			if err != nil {
				t.Fatal(err)
			}
			if out.Summary["files"] != tt.files || !strings.HasPrefix(out.Summary["compared"], tt.base[:12]) {
				t.Errorf("summary %v; want files %q compared from %s", out.Summary, tt.files, tt.base[:12])
			}
		})
	}
}
