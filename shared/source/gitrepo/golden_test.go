package gitrepo_test

import (
	"context"
	"flag"
	"path/filepath"
	"testing"

	"github.com/attestdev/attest/shared/golden"
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
	golden.Check(t, filepath.Join("testdata", "update.changes.json"), got, *update)
}
