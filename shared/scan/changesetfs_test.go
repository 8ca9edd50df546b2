package scan

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

// The head side of a changeset behaves as a file system: files, the directories that hold them, nothing
// deleted and nothing the push did not change.
func TestChangesetFS(t *testing.T) {
	ctx := context.Background()
	work, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	put := func(key, data string) string {
		if err := work.Put(ctx, key, []byte(data)); err != nil {
			t.Fatal(err)
		}
		return key
	}
	cs := run.Changeset{Files: []run.ChangedFile{
		{Path: "template.yaml", Change: run.ChangeModified, HeadKey: put("h/1", "Resources: {}\n"), Size: 14},
		{Path: "src/orders/app.py", Change: run.ChangeAdded, HeadKey: put("h/2", "import boto3\n"), Size: 13},
		{Path: "src/orders/lib/util.py", Change: run.ChangeAdded, HeadKey: put("h/3", "x = 1\n"), Size: 6},
		{Path: "old.py", Change: run.ChangeDeleted},
		{Path: "../escape.py", Change: run.ChangeAdded, HeadKey: put("h/4", "y\n")},
	}}
	fsys := newChangesetFS(ctx, work, cs)
	if err := fstest.TestFS(fsys, "template.yaml", "src/orders/app.py", "src/orders/lib/util.py"); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"old.py", "escape.py", "src/other.py"} {
		if _, err := fsys.Open(name); err == nil {
			t.Errorf("Open(%q) succeeded; want not exist", name)
		}
	}
}
