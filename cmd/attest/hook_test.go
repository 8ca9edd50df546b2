package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The test binary doubles as the attest command that an installed hook runs (see installAttestOnPath).
func init() {
	if os.Getenv("ATTEST_TEST_AS_CLI") == "1" {
		os.Exit((&cli{stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv}).main(context.Background(), os.Args[1:]))
	}
}

// installAttestOnPath puts an attest command on PATH that runs this test binary as the CLI.
func installAttestOnPath(t *testing.T) []string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	bin := t.TempDir()
	script := "#!/bin/sh\nATTEST_TEST_AS_CLI=1 exec " + shellQuote(self) + " \"$@\"\n"
	if err := os.WriteFile(filepath.Join(bin, "attest"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return append(os.Environ(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"),
		"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Avery Example", "GIT_AUTHOR_EMAIL=avery@example.com",
		"GIT_COMMITTER_NAME=Avery Example", "GIT_COMMITTER_EMAIL=avery@example.com")
}

func gitIn(t *testing.T, env []string, dir string, args ...string) (string, error) {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func mustGit(t *testing.T, env []string, dir string, args ...string) string {
	t.Helper()
	out, err := gitIn(t, env, dir, args...)
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// TestHookInstallBlocksCommit installs the hook in a fresh repository, then: a staged MD5 password hash
// is refused, the fix is committed, and what is staged (not the working tree) is what counts.
func TestHookInstallBlocksCommit(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	env := installAttestOnPath(t)
	repo := t.TempDir()
	mustGit(t, env, repo, "init", "-q", "-b", "main")
	code, out, stderr := attest(t, nil, "hook", "install", repo)
	if code != exitOK || !strings.Contains(out, "installed") {
		t.Fatalf("hook install: exit %d, %s%s", code, out, stderr)
	}
	write := func(content string) {
		if err := os.WriteFile(filepath.Join(repo, "auth.py"), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const weak = "import hashlib\n\n\ndef password_hash(password: str, salt: bytes) -> str:\n    return hashlib.md5(salt + password.encode()).hexdigest()\n"
	const fixed = "import hashlib\n\n\ndef password_hash(password: str, salt: bytes) -> str:\n    return hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1).hex()\n"

	write(weak)
	mustGit(t, env, repo, "add", "auth.py")
	out, err := gitIn(t, env, repo, "commit", "-q", "-m", "weak hash")
	if err == nil {
		t.Fatalf("commit with a staged MD5 password hash succeeded; want it refused:\n%s", out)
	}
	if !strings.Contains(out, "auth.py:5") || !strings.Contains(out, "blocking") {
		t.Errorf("got hook output %q; want the blocking finding at auth.py:5", out)
	}

	// Fixed in the working tree but not staged: still refused, the index is what would be committed.
	write(fixed)
	if out, err := gitIn(t, env, repo, "commit", "-q", "-m", "weak hash"); err == nil {
		t.Fatalf("commit of the unfixed index succeeded; want it refused:\n%s", out)
	}
	mustGit(t, env, repo, "add", "auth.py")
	if out, err := gitIn(t, env, repo, "commit", "-q", "-m", "scrypt"); err != nil {
		t.Fatalf("commit of the fix refused: %v\n%s", err, out)
	}
	if log := mustGit(t, env, repo, "log", "--oneline"); !strings.Contains(log, "scrypt") {
		t.Errorf("got log %q; want the fix committed", log)
	}
}

func TestHookInstallTargets(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	env := installAttestOnPath(t)
	tests := []struct {
		name     string
		setup    func(t *testing.T, repo string)
		args     []string
		wantCode int
		wantErr  string
		hookAt   string // relative to the repository
		backup   bool
	}{
		{name: "fresh repository", hookAt: ".git/hooks/pre-commit"},
		{name: "core.hooksPath", setup: func(t *testing.T, repo string) {
			mustGit(t, env, repo, "config", "core.hooksPath", ".githooks")
		}, hookAt: ".githooks/pre-commit"},
		{name: "foreign hook refused", setup: func(t *testing.T, repo string) {
			os.WriteFile(filepath.Join(repo, ".git", "hooks", "pre-commit"), []byte("#!/bin/sh\nmake lint\n"), 0o755)
		}, wantCode: exitUsage, wantErr: "--force", hookAt: ".git/hooks/pre-commit"},
		{name: "foreign hook forced", setup: func(t *testing.T, repo string) {
			os.WriteFile(filepath.Join(repo, ".git", "hooks", "pre-commit"), []byte("#!/bin/sh\nmake lint\n"), 0o755)
		}, args: []string{"--force"}, hookAt: ".git/hooks/pre-commit", backup: true},
		{name: "own hook replaced", setup: func(t *testing.T, repo string) {
			os.WriteFile(filepath.Join(repo, ".git", "hooks", "pre-commit"), hookScript("", ""), 0o755)
		}, hookAt: ".git/hooks/pre-commit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo := t.TempDir()
			mustGit(t, env, repo, "init", "-q", "-b", "main")
			os.MkdirAll(filepath.Join(repo, ".git", "hooks"), 0o755)
			if tt.setup != nil {
				tt.setup(t, repo)
			}
			code, _, stderr := attest(t, nil, append(append([]string{"hook", "install"}, tt.args...), repo)...)
			if code != tt.wantCode || !strings.Contains(stderr, tt.wantErr) {
				t.Fatalf("got exit %d, stderr %q; want %d and %q", code, stderr, tt.wantCode, tt.wantErr)
			}
			b, err := os.ReadFile(filepath.Join(repo, tt.hookAt))
			if err != nil {
				t.Fatal(err)
			}
			if mine := strings.Contains(string(b), hookMarker); mine != (tt.wantCode == exitOK) {
				t.Errorf("hook at %s is attest's: %v; want %v", tt.hookAt, mine, tt.wantCode == exitOK)
			}
			if _, err := os.Stat(filepath.Join(repo, tt.hookAt+".attest-backup")); (err == nil) != tt.backup {
				t.Errorf("backup present: %v; want %v", err == nil, tt.backup)
			}
		})
	}
	t.Run("not a repository", func(t *testing.T) {
		code, _, stderr := attest(t, nil, "hook", "install", t.TempDir())
		if code != exitUsage || !strings.Contains(stderr, "not inside a git work tree") {
			t.Errorf("got exit %d, %q; want a usage error", code, stderr)
		}
	})
	t.Run("no subcommand", func(t *testing.T) {
		if code, _, _ := attest(t, nil, "hook"); code != exitUsage {
			t.Errorf("got exit %d; want %d", code, exitUsage)
		}
	})
}

// BenchmarkScanStaged20 is the pre-commit path on 20 staged files of the sample repository: what each
// commit waits for, without the process start.
func BenchmarkScanStaged20(b *testing.B) {
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("git is not installed")
	}
	repo := b.TempDir()
	env := append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	run := func(args ...string) {
		cmd := exec.Command("git", args...)
		cmd.Dir, cmd.Env = repo, env
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	run("init", "-q", "-b", "main")
	var files []string
	filepath.WalkDir(filepath.Join("testdata", "sample-repo"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && len(files) < 20 && !strings.HasSuffix(p, ".json") && !strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	for i := 0; len(files) > 0 && i < 20; i++ {
		src := files[i%len(files)]
		data, err := os.ReadFile(src)
		if err != nil {
			b.Fatal(err)
		}
		dst := filepath.Join(repo, fmt.Sprintf("f%02d", i), filepath.Base(src))
		os.MkdirAll(filepath.Dir(dst), 0o755)
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	run("add", "-A")
	b.ResetTimer()
	for b.Loop() {
		var out, errb bytes.Buffer
		c := &cli{stdout: &out, stderr: &errb, getenv: func(string) string { return "" }}
		if code := c.main(context.Background(), []string{"scan", "--staged", "--format", "json", repo}); code != exitOK && code != exitBlocking {
			b.Fatalf("exit %d: %s", code, errb.String())
		}
	}
}
