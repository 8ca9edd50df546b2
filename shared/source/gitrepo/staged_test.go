package gitrepo

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

func gitIn(t *testing.T, dir string, args ...string) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_SYSTEM=/dev/null",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("git %v: %v: %s", args, err, out)
	}
}

func TestStaged(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	gitIn(t, dir, "init", "-q", "-b", "main")
	write := func(name, body string) {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.py", "import hashlib\n")
	write("keep.txt", "x\n")
	gitIn(t, dir, "add", "a.py", "keep.txt")

	repo, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	// Before the first commit everything staged is new.
	diffs, err := repo.Staged(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(diffs) != 2 {
		t.Fatalf("before the first commit: got %d staged files; want 2", len(diffs))
	}
	gitIn(t, dir, "-c", "commit.gpgsign=false", "commit", "-q", "-m", "one")

	write("a.py", "import hashlib\nhashlib.md5(b'x')\n")
	gitIn(t, dir, "add", "a.py")
	write("a.py", "print('unstaged edit')\n") // the working tree differs from the index: the index wins
	write("new/b.go", "package b\n")
	gitIn(t, dir, "add", "new/b.go")
	gitIn(t, dir, "rm", "-q", "keep.txt")
	write("untracked.py", "x = 1\n")

	diffs, err = repo.Staged(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range diffs {
		switch {
		case d.After.BlobID == "":
			got = append(got, "D "+d.Before.Path)
		case d.Before.BlobID == "":
			got = append(got, "A "+d.After.Path)
		default:
			got = append(got, "M "+d.After.Path)
			b, err := repo.Blob(ctx, "", d.After.BlobID)
			if err != nil || !strings.Contains(string(b), "md5") {
				t.Errorf("staged content of %s: got %q, %v; want the staged version", d.After.Path, b, err)
			}
		}
	}
	sort.Strings(got)
	if want := "A new/b.go,D keep.txt,M a.py"; strings.Join(got, ",") != want {
		t.Errorf("got %v; want %s (untracked files are not staged)", got, want)
	}
}
