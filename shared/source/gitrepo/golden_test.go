package gitrepo_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/source"
	"github.com/attestdev/attest/shared/source/gitrepo"
	"github.com/attestdev/attest/shared/store"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestChangesetGolden pins the changes.json that the fetch step writes for a push to a checkout. The test
// repository has fixed authors and dates, so its commit IDs are the same on every machine.
func TestChangesetGolden(t *testing.T) {
	dir, c := sampleRepo(t)
	repo, err := gitrepo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	work, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st := run.State{RunID: "push-golden", Flow: run.FlowPush,
		Subject: run.Subject{Repository: "attest-sample", Reference: "main", RefType: "branch", Commit: c.head, BaseCommit: c.base}}
	out, err := (&source.Service{Repo: repo, Work: work}).Fetch(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	got, err := work.Get(context.Background(), out.Files[run.ChangesetFile])
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	golden := filepath.Join("testdata", "update.changes.json")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("changes.json differs from %s (run go test -update after checking the change):\n%s", golden, got)
	}
}
