package source_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/source"
	"github.com/attestdev/attest/shared/store"
)

// FuzzFetchPaths feeds repository paths and contents to the fetch step: every path is either stored under
// the run's head/ prefix exactly, or skipped with a reason, and nothing panics.
func FuzzFetchPaths(f *testing.F) {
	for _, p := range []string{"infra/template.yaml", "../x", "/etc/passwd", "a//b", "a/./b", "dir/", "\x00", "é/ü.txt", "a\\b", ".git/config"} {
		f.Add(p, "content\n")
	}
	f.Add("bin/tool", "\x7fELF\x00\x00")
	f.Fuzz(func(t *testing.T, p, content string) {
		repo := newFakeRepo(map[string]map[string]file{mainHead: {p: {content: content}}})
		work, err := store.NewLocal(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		out, err := (&source.Service{Repo: repo, Work: work, MaxFileBytes: 64}).Fetch(context.Background(), pushState(run.Subject{Commit: mainHead}))
		if err != nil {
			t.Fatalf("Fetch(%q): %v", p, err)
		}
		raw, err := work.Get(context.Background(), out.Files[run.ChangesetFile])
		if err != nil {
			t.Fatal(err)
		}
		var cs run.Changeset
		if err := json.Unmarshal(raw, &cs); err != nil {
			t.Fatal(err)
		}
		if len(cs.Files)+len(cs.Skipped) != 1 {
			t.Fatalf("path %q: %d files and %d skipped; want one of them", p, len(cs.Files), len(cs.Skipped))
		}
		for _, f := range cs.Files {
			if f.Path != p || f.HeadKey != "runs/push-test-0123/head/"+p {
				t.Fatalf("path %q stored as %q at %q", p, f.Path, f.HeadKey)
			}
			got, err := work.Get(context.Background(), f.HeadKey)
			if err != nil || string(got) != content {
				t.Fatalf("read back %q: %q, %v", f.HeadKey, got, err)
			}
		}
		for _, s := range cs.Skipped {
			if s.Reason == "" || strings.ContainsRune(s.Path, 0) {
				t.Fatalf("skipped %+v: want a reason and a printable path", s)
			}
		}
	})
}
