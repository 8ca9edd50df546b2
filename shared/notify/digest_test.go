package notify

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/golden"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

func putManifest(t *testing.T, st *store.Local, day, id, kind, status string, subject map[string]any, failing, missing int) {
	t.Helper()
	m := map[string]any{"schema": "attest.pack/v1", "id": id, "kind": kind, "status": status, "subject": subject}
	var controls []map[string]any
	for i := range failing {
		controls = append(controls, map[string]any{"id": fmt.Sprintf("SOC2/CC6.%d", i+1), "status": "fail", "findings": 2})
	}
	controls = append(controls, map[string]any{"id": "HIPAA/164.312(b)", "status": "pass", "findings": 0})
	m["controls"] = controls
	var miss []map[string]string
	for range missing {
		miss = append(miss, map[string]string{"step": "forecast", "reason": "timed out"})
	}
	m["missing"] = miss
	b, _ := json.Marshal(m)
	if err := st.Put(context.Background(), "packs/"+day+"/"+id+"/manifest.json", b); err != nil {
		t.Fatal(err)
	}
}

func digestStore(t *testing.T) *store.Local {
	t.Helper()
	st, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	putManifest(t, st, "2026/11/20", "push-attest-sample-main-1", "push", "complete",
		map[string]any{"repository": "attest-sample", "reference": "main", "commit": "92f6181645c4659bbf347ceec7891e773757074b"}, 2, 0)
	putManifest(t, st, "2026/11/20", "push-attest-sample-pr42-1", "push", "incomplete",
		map[string]any{"repository": "attest-sample", "reference": "receipts", "pullRequestId": "42"}, 0, 1)
	putManifest(t, st, "2026/11/20", "alarm-orders-errors-1", "alarm", "complete", map[string]any{"alarm": "orders-errors"}, 0, 0)
	putManifest(t, st, "2026/11/21", "config-next-day", "config", "complete", map[string]any{"resourceType": "AWS::S3::Bucket", "resourceId": "b"}, 1, 0)
	st.Put(context.Background(), "packs/2026/11/20/broken/manifest.json", []byte("{"))
	st.Put(context.Background(), "packs/2026/11/20/push-attest-sample-main-1/report.html", []byte("<html>"))
	return st
}

func TestDigestGolden(t *testing.T) {
	st := digestStore(t)
	tests := []struct {
		name string
		day  time.Time
	}{
		{"digest", time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)},
		{"digest-empty", time.Date(2026, 11, 19, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := BuildDigest(context.Background(), st, tt.day)
			if err != nil {
				t.Fatal(err)
			}
			m := ComposeDigest(d, "https://portal.example")
			if len(m.Subject) > maxSubject {
				t.Errorf("subject is %d bytes", len(m.Subject))
			}
			golden.Check(t, filepath.Join("testdata", tt.name+".txt"), []byte(m.Text()), *update)
			golden.Check(t, filepath.Join("testdata", tt.name+".chat.json"), append(m.Chat, '\n'), *update)
		})
	}
}

func TestDigestCounts(t *testing.T) {
	d, err := BuildDigest(context.Background(), digestStore(t), time.Date(2026, 11, 20, 23, 0, 0, 0, time.FixedZone("x", -3600)))
	if err != nil {
		t.Fatal(err)
	}
	// 23:00 at UTC-1 is the 21st in UTC.
	if d.Date != "2026-11-21" || len(d.Packs) != 1 || d.Packs[0].FailedControls != 1 {
		t.Errorf("got %+v; want the 21st's one pack with 1 failing control", d)
	}
}

func TestDigestRequest(t *testing.T) {
	st := digestStore(t)
	r := &recorder{}
	step := &Step{Publisher: r, Digest: &DigestStep{Packs: st, Publisher: r}}
	req := run.State{RunID: "digest", Flow: FlowDigest, Time: "2026-11-21T00:05:00Z"}
	if _, err := step.Run(context.Background(), req); err != nil {
		t.Fatal(err)
	}
	if want := "Attest digest 2026-11-20: 3 packs, 1 incomplete, 1 with failing controls"; r.subject != want {
		t.Errorf("got subject %q; want %q", r.subject, want)
	}
	if _, err := (&Step{Publisher: r}).Run(context.Background(), req); err == nil {
		t.Error("a digest request without a digest step succeeded; want an error")
	}
	bad := req
	bad.Time = "yesterday"
	if _, err := step.Run(context.Background(), bad); err == nil {
		t.Error("a digest request without a time succeeded; want an error")
	}
}

type failingLister struct{ *store.Local }

func (failingLister) List(context.Context, string) ([]string, error) {
	return nil, errors.New("AccessDenied")
}

func TestDigestListFails(t *testing.T) {
	if _, err := BuildDigest(context.Background(), failingLister{}, time.Now()); err == nil {
		t.Error("got no error; want the listing's")
	}
}

// FuzzDigestManifest: whatever a manifest holds, the digest is built and composed without panicking, and a
// manifest it cannot use is listed as not read rather than dropped.
func FuzzDigestManifest(f *testing.F) {
	f.Add([]byte(`{"id":"p","kind":"push","status":"complete","subject":{"repository":"r","commit":"c"},"controls":[{"status":"fail"}]}`))
	f.Add([]byte(`{"id":"p","kind":"push","subject":{"repository":7}}`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		st, err := store.NewLocal(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		st.Put(context.Background(), "packs/2026/11/20/p/manifest.json", data)
		d, err := BuildDigest(context.Background(), st, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Packs)+len(d.Unreadable) != 1 {
			t.Fatalf("got %d packs and %d unread; want the manifest accounted for", len(d.Packs), len(d.Unreadable))
		}
		m := ComposeDigest(d, "https://portal.example")
		if len(m.Subject) > maxSubject || !json.Valid(m.Chat) {
			t.Fatalf("subject of %d bytes or invalid chat JSON", len(m.Subject))
		}
	})
}
