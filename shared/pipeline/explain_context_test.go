package pipeline

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/snapshot"
	"github.com/attestdev/attest/shared/notify"
)

// TestAlarmPackHoldsItsContext: the local alarm run's pack holds the context its explanation used, the
// pack verifies with it, and the unpacked pack explains the alarm again to the same root cause.
func TestAlarmPackHoldsItsContext(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	local, err := NewLocal(ctx, LocalOptions{StoreDir: dir, ContextDir: filepath.Join("..", "..", "testdata", "context", "vpc-no-egress")})
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join("..", "..", "events", "cloudwatch-alarm-lambda-errors.json"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := local.Handle(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	st := out.State
	if st.Status != evidence.StatusComplete {
		t.Fatalf("got status %s with gaps %v; want complete", st.Status, st.Gaps)
	}
	// The notification carries the explanation's summary.
	body := notify.Compose(st, "").Body
	for _, want := range []string{"rootCause: vpc-no-egress (confirmed)\n", "cause: " + firstWords(st.Summary["cause"]), "fix: " + firstWords(st.Summary["fix"])} {
		if !strings.Contains(body, want) || strings.HasSuffix(want, ": ") {
			t.Errorf("notification body lacks %q:\n%s", want, body)
		}
	}
	packDir := filepath.Join(dir, filepath.FromSlash(strings.TrimSuffix(st.Summary["pack"], "/")))
	for _, f := range []string{explain.File, evidence.EventFile, "context/README.md", "context/lambda.get-function-configuration.orders.json", "context/ec2.describe-route-tables.json"} {
		if _, err := os.Stat(filepath.Join(packDir, filepath.FromSlash(f))); err != nil {
			t.Errorf("pack %s: got %v; want %s in it", packDir, err, f)
		}
	}
	v, err := evidence.Verify(os.DirFS(packDir), evidence.KeyRing{local.Signer.KeyID(): local.Signer.Public()}, false)
	if err != nil || !v.OK() {
		t.Fatalf("verify the pack: %v %v", err, v.Problems)
	}

	b, err := os.ReadFile(filepath.Join(packDir, explain.File))
	if err != nil {
		t.Fatal(err)
	}
	var want explain.Explanation
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	event, err := os.ReadFile(filepath.Join(packDir, evidence.EventFile))
	if err != nil {
		t.Fatal(err)
	}
	a, err := explain.DecodeAlarmEvent(event)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := snapshot.Open(filepath.Join(packDir, explain.ContextDir))
	if err != nil {
		t.Fatal(err)
	}
	got, err := (&explain.Explainer{Context: snap}).Explain(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if got.RootCause.ID != want.RootCause.ID || got.RootCause.Confidence != want.RootCause.Confidence {
		t.Errorf("got %s (%s) from the pack's context; want %s (%s) as in its explanation.json",
			got.RootCause.ID, got.RootCause.Confidence, want.RootCause.ID, want.RootCause.Confidence)
	}
}

// firstWords is the start of a summary fact, "" when there is none.
func firstWords(s string) string {
	if len(s) > 40 {
		return s[:40]
	}
	return s
}
