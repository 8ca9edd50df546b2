package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// hookMarker identifies a pre-commit hook that attest wrote, so that it is replaced freely and a foreign
// hook never is without --force.
const hookMarker = "# attest:pre-commit-hook"

func (c *cli) hook(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "install" {
		return usagef("hook takes a subcommand: attest hook install [--force] [--config FILE] [REPO]")
	}
	fl := c.flags("hook install", "[--force] [--config FILE] [REPO]")
	force := fl.Bool("force", false, "replace a pre-commit hook that attest did not write (it is kept as pre-commit.attest-backup)")
	configFile := fl.String("config", "", "policy file the hook passes to attest scan (made absolute)")
	pos, err := parse(fl, args[1:])
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("hook install takes at most one REPO")
	}
	repo := "."
	if len(pos) == 1 {
		repo = pos[0]
	}
	if *configFile != "" {
		abs, err := filepath.Abs(*configFile)
		if err != nil {
			return usagef("%v", err)
		}
		if _, err := loadPolicy(abs); err != nil {
			return err
		}
		*configFile = abs
	}
	dir, err := hooksDir(ctx, repo)
	if err != nil {
		return err
	}
	file := filepath.Join(dir, "pre-commit")
	old, err := os.ReadFile(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return usagef("read %s: %v", file, err)
	case !bytes.Contains(old, []byte(hookMarker)):
		if !*force {
			return usagef("%s exists and was not written by attest; rerun with --force to replace it (it is kept as pre-commit.attest-backup), or call attest scan --staged from it", file)
		}
		if err := os.WriteFile(file+".attest-backup", old, 0o755); err != nil {
			return fmt.Errorf("hook install: keep the existing hook: %w", err)
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("hook install: %w", err)
	}
	if err := writeExecutable(file, hookScript(selfPath(), *configFile)); err != nil {
		return fmt.Errorf("hook install: %w", err)
	}
	fmt.Fprintf(c.stdout, "installed %s: each commit runs attest scan --staged (skip once with git commit --no-verify)\n", file)
	return nil
}

// hooksDir is where git looks for hooks in repo: core.hooksPath when set (relative to the work tree's top),
// else the repository's hooks directory (which git rev-parse resolves for worktrees too).
func hooksDir(ctx context.Context, repo string) (string, error) {
	top, err := gitOut(ctx, repo, "rev-parse", "--show-toplevel")
	if err != nil {
		return "", usagef("%s is not inside a git work tree: %v", repo, err)
	}
	if hp, err := gitOut(ctx, repo, "config", "--get", "core.hooksPath"); err == nil && hp != "" {
		if strings.HasPrefix(hp, "~/") {
			if home, err := os.UserHomeDir(); err == nil {
				hp = filepath.Join(home, hp[2:])
			}
		}
		if !filepath.IsAbs(hp) {
			hp = filepath.Join(top, hp)
		}
		return hp, nil
	}
	p, err := gitOut(ctx, repo, "rev-parse", "--git-path", "hooks")
	if err != nil {
		return "", usagef("find the hooks directory of %s: %v", repo, err)
	}
	if !filepath.IsAbs(p) {
		p = filepath.Join(repo, p)
	}
	return p, nil
}

func gitOut(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Dir = dir
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errb.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", errors.New(msg)
	}
	return strings.TrimSpace(out.String()), nil
}

// selfPath is this executable when it will outlive the command (not a go run build in the temporary
// directory), for the hook to fall back on when attest is not on PATH.
func selfPath() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	if exe, err = filepath.EvalSymlinks(exe); err != nil {
		return ""
	}
	tmp, _ := filepath.EvalSymlinks(os.TempDir())
	if tmp != "" && strings.HasPrefix(exe, tmp+string(filepath.Separator)) {
		return ""
	}
	return exe
}

// hookScript runs attest on the staged content of the work tree's top. attest exits 1 on blocking findings,
// which stops the commit, and 2 on bad input, which stops it too: a hook that cannot scan must not pass.
func hookScript(fallback, config string) []byte {
	var b strings.Builder
	b.WriteString("#!/bin/sh\n" + hookMarker + " (written by attest hook install; attest hook install replaces it)\n")
	b.WriteString("# Scans what is staged; a blocking finding stops the commit. Skip once with: git commit --no-verify\n")
	b.WriteString("attest_bin=attest\n")
	if fallback != "" {
		fmt.Fprintf(&b, "command -v attest >/dev/null 2>&1 || attest_bin=%s\n", shellQuote(fallback))
	}
	b.WriteString("top=$(git rev-parse --show-toplevel) || exit 2\n")
	if config != "" {
		fmt.Fprintf(&b, "exec \"$attest_bin\" scan --staged --config %s \"$top\"\n", shellQuote(config))
	} else {
		b.WriteString("exec \"$attest_bin\" scan --staged \"$top\"\n")
	}
	return []byte(b.String())
}

func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// writeExecutable replaces file atomically, so that a commit running meanwhile never sees half a hook.
func writeExecutable(file string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(file), ".pre-commit-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o755); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), file)
}
