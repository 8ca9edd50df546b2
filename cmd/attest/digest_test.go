package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/samplerepo"
)

// TestPullRequestRunThenDigest: attest run on the sample pull request event comments and decides the
// approval in the store, and the day's digest lists the pack.
func TestPullRequestRunThenDigest(t *testing.T) {
	storeDir := t.TempDir()
	repoDir := filepath.Join(t.TempDir(), "repo")
	if _, err := samplerepo.Build(filepath.Join("testdata", "sample-repo"), repoDir); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"ATTEST_STORE": storeDir}
	code, out, stderr := attest(t, env, "run", "--event", "events/codecommit-pull-request-created.json", "--repo-dir", repoDir)
	if code != exitBlocking {
		t.Fatalf("got exit %d (stderr %q); want %d: the sample pull request has blocking findings", code, stderr, exitBlocking)
	}
	pack := strings.TrimSpace(out)
	comment, err := os.ReadFile(filepath.Join(storeDir, "pull-requests", "attest-sample", "42", "comment.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(comment), "<!-- attest:pr-comment -->") || !strings.Contains(string(comment), pack) {
		t.Errorf("comment does not carry the marker and the pack %s:\n%s", pack, comment)
	}
	approval, err := os.ReadFile(filepath.Join(storeDir, "pull-requests", "attest-sample", "42", "approval.json"))
	if err != nil || !strings.Contains(string(approval), `"REVOKE"`) {
		t.Errorf("got approval %s (%v); want REVOKE", approval, err)
	}

	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"text", []string{"digest", "--date", "2026-11-20"}, exitOK, pack},
		{"chat", []string{"digest", "--date", "2026-11-20", "--format", "chat"}, exitOK, `"source":"custom"`},
		{"empty day", []string{"digest", "--date", "2026-11-19"}, exitOK, "No evidence packs"},
		{"bad date", []string{"digest", "--date", "20 Nov"}, exitUsage, ""},
		{"bad format", []string{"digest", "--format", "xml"}, exitUsage, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := attest(t, env, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.want) {
				t.Errorf("got exit %d, output %q (stderr %q); want %d and %q", code, out, stderr, tt.code, tt.want)
			}
		})
	}
}
