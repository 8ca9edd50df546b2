package explain_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/snapshot"
	"github.com/attestdev/attest/shared/store"
)

// putPack writes a pack the way the evidence step lays it out: a manifest under packs/yyyy/mm/dd/<id>/, the
// push's changes.json beside it, and the pushed contents in the work area it points at.
func putPack(t *testing.T, st *store.Local, id, kind, created, commit string, files map[string]string) {
	t.Helper()
	ctx := context.Background()
	at, err := time.Parse(time.RFC3339, created)
	if err != nil {
		t.Fatal(err)
	}
	prefix := "packs/" + at.Format("2006/01/02") + "/" + id + "/"
	manifest := map[string]any{"schema": "attest.pack/v1", "id": id, "kind": kind, "createdAt": created,
		"subject": map[string]any{"repository": "orders-service", "reference": "main", "commit": commit}, "status": "complete"}
	type changed struct {
		Path    string `json:"path"`
		Change  string `json:"change"`
		HeadKey string `json:"headKey"`
	}
	var cs struct {
		Files []changed `json:"files"`
	}
	for p, body := range files {
		key := "runs/" + id + "/head/" + p
		if err := st.Put(ctx, key, []byte(body)); err != nil {
			t.Fatal(err)
		}
		cs.Files = append(cs.Files, changed{Path: p, Change: "modified", HeadKey: key})
	}
	for name, v := range map[string]any{"manifest.json": manifest, "changes.json": cs} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Put(ctx, prefix+name, b); err != nil {
			t.Fatal(err)
		}
	}
}

const checkoutTemplate = `Resources:
  CheckoutFunction:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: checkout
      Handler: checkout.handler
      Role: !GetAtt CheckoutRole.Arn
`

func TestRecentPushes(t *testing.T) {
	st, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	putPack(t, st, "p-match", "push", "2026-11-20T13:49:10Z", "3f2a1c9d8e7b", map[string]string{
		"template.yaml": checkoutTemplate, "README.md": "checkout service",
	})
	putPack(t, st, "p-other", "push", "2026-11-20T13:30:00Z", "aa11bb22cc33", map[string]string{
		"template.yaml": "Resources:\n  Fn:\n    Properties:\n      FunctionName: checkout-worker\n",
	})
	putPack(t, st, "p-old", "push", "2026-11-18T09:00:00Z", "0011223344", map[string]string{"template.yaml": checkoutTemplate})
	putPack(t, st, "p-alarm", "alarm", "2026-11-20T13:50:00Z", "", map[string]string{"template.yaml": checkoutTemplate})

	lister := &explain.StorePacks{Evidence: st}
	alarm := time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)
	tests := []struct {
		name  string
		terms []string
		want  []string
	}{
		{"function name", []string{"checkout"}, []string{"p-match"}},
		{"role name is not in the template", []string{"checkout-execution"}, nil},
		{"whole names only", []string{"checkout-worker"}, []string{"p-other"}},
		{"nothing named", []string{"payments"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			refs, err := lister.RecentPushes(context.Background(), alarm.Add(-24*time.Hour), alarm, tt.terms)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range refs {
				got = append(got, r.ID)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("packs = %v; want %v", got, tt.want)
			}
			for _, r := range refs {
				if len(r.Files) != 1 || r.Files[0].Path != "template.yaml" {
					t.Errorf("pack %s files = %+v; want only template.yaml", r.ID, r.Files)
				}
			}
		})
	}
}

// TestChangesIncludePushes explains the bad-deploy scenario with a store holding the push that changed the
// function's template: the push is in the changes, newest first, with its pack id.
func TestChangesIncludePushes(t *testing.T) {
	st, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	putPack(t, st, "p-3f2a1c", "push", "2026-11-20T13:49:10Z", "3f2a1c9d8e7b", map[string]string{"template.yaml": checkoutTemplate})
	dir := filepath.Join(contextDir, "bad-deploy")
	raw, err := os.ReadFile(filepath.Join(dir, "event.json"))
	if err != nil {
		t.Fatal(err)
	}
	alarm, err := explain.DecodeAlarmEvent(raw)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := snapshot.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	exp, err := (&explain.Explainer{Context: snap, Packs: &explain.StorePacks{Evidence: st}}).Explain(context.Background(), alarm)
	if err != nil {
		t.Fatal(err)
	}
	var push *explain.Change
	for i, c := range exp.Changes {
		if i > 0 && c.Time > exp.Changes[i-1].Time {
			t.Errorf("changes[%d] at %s is newer than changes[%d] at %s; want newest first", i, c.Time, i-1, exp.Changes[i-1].Time)
		}
		if strings.Contains(c.What, "pack p-3f2a1c") {
			push = &exp.Changes[i]
		}
	}
	if push == nil {
		t.Fatalf("changes = %+v; want the push of pack p-3f2a1c", exp.Changes)
	}
	if !strings.Contains(push.What, "commit 3f2a1c9") || !strings.Contains(push.What, "template.yaml (names checkout)") {
		t.Errorf("push change = %q; want the commit and the file that names checkout", push.What)
	}
}

// TestChangesReportUnreadablePacks: a store that cannot be listed is missing context, not "no pushes".
func TestChangesReportUnreadablePacks(t *testing.T) {
	dir := filepath.Join(contextDir, "bad-deploy")
	raw, err := os.ReadFile(filepath.Join(dir, "event.json"))
	if err != nil {
		t.Fatal(err)
	}
	alarm, err := explain.DecodeAlarmEvent(raw)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := snapshot.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	exp, err := (&explain.Explainer{Context: snap, Packs: failingPacks{}}).Explain(context.Background(), alarm)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range exp.MissingContext {
		found = found || strings.Contains(m, "push packs")
	}
	if !found {
		t.Errorf("missingContext = %v; want the push packs named", exp.MissingContext)
	}
}

type failingPacks struct{}

func (failingPacks) RecentPushes(context.Context, time.Time, time.Time, []string) ([]explain.PackRef, error) {
	return nil, os.ErrPermission
}
