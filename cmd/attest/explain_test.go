package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/store"
)

func TestExplainFormats(t *testing.T) {
	empty := t.TempDir() + "/no-store"
	tests := []struct {
		name   string
		format string
		want   []string
	}{
		{"text", "text", []string{"Root cause: vpc-no-egress", "[confirmed]", "Fix:"}},
		{"markdown", "markdown", []string{"## orders-errors:", "**Root cause:** `vpc-no-egress` (confirmed", "### Evidence", "- `ec2.describe-route-tables`:", "```sh\n", "```yaml\n", "### Ruled out"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := attest(t, nil, "explain", "--event", "events/cloudwatch-alarm-lambda-errors.json",
				"--context", "testdata/context/vpc-no-egress", "--format", tt.format, "--store", empty)
			if code != 0 {
				t.Fatalf("got exit %d: %s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q:\n%s", w, out)
				}
			}
		})
	}
}

func TestExplainBadFormat(t *testing.T) {
	code, _, stderr := attest(t, nil, "explain", "--event", "events/cloudwatch-alarm-lambda-errors.json",
		"--context", "testdata/context/vpc-no-egress", "--format", "html")
	if code != 2 || !strings.Contains(stderr, "unknown format") {
		t.Errorf("got exit %d, %q; want 2 and the unknown format named", code, stderr)
	}
}

// TestExplainListsPushPacks: a push pack in the store whose template names the alarmed function appears
// among the changes with its pack id.
func TestExplainListsPushPacks(t *testing.T) {
	dir := t.TempDir()
	st, err := store.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	put := func(key string, v any) {
		b, ok := v.([]byte)
		if !ok {
			var err error
			if b, err = json.Marshal(v); err != nil {
				t.Fatal(err)
			}
		}
		if err := st.Put(ctx, key, b); err != nil {
			t.Fatal(err)
		}
	}
	prefix := "packs/2026/11/20/push-3f2a1c/"
	put("runs/push-3f2a1c/head/template.yaml", []byte("Resources:\n  Checkout:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: checkout\n"))
	put(prefix+"manifest.json", map[string]any{"schema": "attest.pack/v1", "id": "push-3f2a1c", "kind": "push", "createdAt": "2026-11-20T13:50:02Z",
		"subject": map[string]any{"repository": "checkout-service", "reference": "main", "commit": "3f2a1c0e9d8c7b6a"}})
	put(prefix+"changes.json", map[string]any{"files": []map[string]any{{"path": "template.yaml", "change": "modified", "headKey": "runs/push-3f2a1c/head/template.yaml"}}})

	code, out, stderr := attest(t, nil, "explain", "--event", "testdata/context/bad-deploy/event.json",
		"--context", "testdata/context/bad-deploy", "--format", "json", "--store", dir)
	if code != 0 {
		t.Fatalf("got exit %d: %s", code, stderr)
	}
	var exp explain.Explanation
	if err := json.Unmarshal([]byte(out), &exp); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range exp.Changes {
		found = found || (strings.Contains(c.What, "pack push-3f2a1c") && strings.Contains(c.What, "commit 3f2a1c0"))
	}
	if !found {
		t.Errorf("changes = %+v; want the push of pack push-3f2a1c", exp.Changes)
	}
}

// TestExplainFromAlarmPack: an alarm pack written by `attest run` holds the context its explanation used,
// verifies with it, and `attest explain --context <pack>/context` explains the alarm again to the same root
// cause.
func TestExplainFromAlarmPack(t *testing.T) {
	storeDir := t.TempDir()
	code, out, stderr := attest(t, nil, "run", "--event", "events/cloudwatch-alarm-lambda-errors.json",
		"--context", "testdata/context/vpc-no-egress", "--store", storeDir)
	if code != exitOK {
		t.Fatalf("run: got exit %d: %s", code, stderr)
	}
	id := strings.TrimSpace(out)
	manifests, err := filepath.Glob(filepath.Join(storeDir, "packs", "*", "*", "*", id, "manifest.json"))
	if err != nil || len(manifests) != 1 {
		t.Fatalf("got manifests %v, %v; want the pack %s", manifests, err, id)
	}
	pack := filepath.Dir(manifests[0])
	if code, _, stderr := attest(t, nil, "verify", "--store", storeDir, pack); code != exitOK {
		t.Fatalf("verify %s: got exit %d: %s", pack, code, stderr)
	}
	b, err := os.ReadFile(filepath.Join(pack, explain.File))
	if err != nil {
		t.Fatal(err)
	}
	var want explain.Explanation
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	code, out, stderr = attest(t, nil, "explain", "--event", filepath.Join(pack, "event.json"),
		"--context", filepath.Join(pack, explain.ContextDir), "--format", "json", "--store", storeDir)
	if code != exitOK {
		t.Fatalf("explain from the pack: got exit %d: %s", code, stderr)
	}
	var got explain.Explanation
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.RootCause.ID != want.RootCause.ID || got.RootCause.Confidence != want.RootCause.Confidence || want.RootCause.ID != "vpc-no-egress" {
		t.Errorf("got %s (%s) from the pack's context; want %s (%s) as in the pack, vpc-no-egress",
			got.RootCause.ID, got.RootCause.Confidence, want.RootCause.ID, want.RootCause.Confidence)
	}
}
