package main

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/pipeline"
	"github.com/attestdev/attest/shared/store"
)

// exportStore writes three packs in November 2026 (two with HIPAA controls, one alarm) into a store signed
// with the store's own key, as attest run would.
func exportStore(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	st, err := store.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := evidence.LoadOrCreateLocalSigner(filepath.Join(dir, filepath.FromSlash(pipeline.PrivateKeyFile)))
	if err != nil {
		t.Fatal(err)
	}
	if err := evidence.PublishKey(context.Background(), st, signer.Public()); err != nil {
		t.Fatal(err)
	}
	w := &evidence.Writer{Store: st, Signer: signer}
	day := time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)
	for i, kind := range []string{"push", "alarm", "push"} {
		var evals []finding.Evaluation
		if kind == "push" {
			evals = []finding.Evaluation{{RuleID: "r", Status: finding.StatusFail, Controls: []string{"HIPAA/164.312(a)(1)"}, ResourceID: "b"}}
		}
		c := evidence.BuildControls(evals, nil)
		cb, _ := c.Encode()
		_, err := w.Write(context.Background(), evidence.Input{ID: kind + "-" + string(rune('1'+i)), Kind: kind, Date: day.Add(time.Duration(i) * 24 * time.Hour),
			Stream: kind, Subject: map[string]any{"repository": "orders"}, Files: map[string][]byte{evidence.ControlsFile: cb}, Controls: c.Summary()})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestExportCommand(t *testing.T) {
	dir := exportStore(t)
	env := map[string]string{"ATTEST_STORE": dir}
	out := filepath.Join(t.TempDir(), "nov.zip")
	code, stdout, stderr := attest(t, env, "export", "--from", "2026-11-01", "--to", "2026-11-30", "--framework", "hipaa", "--out", out)
	if code != exitOK {
		t.Fatalf("export: got exit %d; want 0 (stderr %q)", code, stderr)
	}
	if !strings.Contains(stdout, "2 pack(s)") || !strings.Contains(stdout, "for HIPAA") {
		t.Errorf("got %q; want the two HIPAA packs reported", stdout)
	}
	code, stdout, stderr = attest(t, env, "verify", out)
	if code != exitOK || !strings.Contains(stdout, "OK: the export is signed and complete") {
		t.Fatalf("verify export: got exit %d, %q %q; want OK", code, stdout, stderr)
	}
	// The export is recorded as evidence, and the store still verifies whole.
	code, stdout, _ = attest(t, env, "verify", dir)
	if code != exitOK || !strings.Contains(stdout, "4 packs") {
		t.Errorf("verify store after export: got exit %d, %q; want 4 intact packs (3 + the access record)", code, stdout)
	}

	t.Run("a removed pack fails", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.zip")
		rewriteZip(t, out, bad, func(name string) bool { return !strings.Contains(name, "/push-3/") })
		code, stdout, stderr := attest(t, env, "verify", bad)
		if code != exitBlocking {
			t.Fatalf("got exit %d; want 1", code)
		}
		if !strings.Contains(stdout+stderr, "pack push-3 is listed in the export manifest but missing from the export: removed") {
			t.Errorf("got %q %q; want the removed pack named", stdout, stderr)
		}
	})
	t.Run("another key fails", func(t *testing.T) {
		other := t.TempDir()
		signer, err := evidence.LoadOrCreateLocalSigner(filepath.Join(other, "k.pem"))
		if err != nil {
			t.Fatal(err)
		}
		key := filepath.Join(other, "other.pem")
		os.WriteFile(key, signer.Public().PEM(), 0o644)
		code, stdout, _ := attest(t, env, "verify", "--key", key, out)
		if code != exitBlocking || !strings.Contains(stdout, "no public key") {
			t.Errorf("got exit %d %q; want 1 naming the missing key", code, stdout)
		}
	})
}

func TestExportUsage(t *testing.T) {
	dir := exportStore(t)
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no period", []string{"export"}, "needs an audit period"},
		{"bad date", []string{"export", "--from", "November", "--to", "2026-11-30"}, "--from"},
		{"reversed", []string{"export", "--from", "2026-12-01", "--to", "2026-11-01"}, "before --from"},
		{"unknown framework", []string{"export", "--from", "2026-11-01", "--to", "2026-11-30", "--framework", "ISO"}, "unknown framework"},
		{"no store", []string{"export", "--from", "2026-11-01", "--to", "2026-11-30", "--store", filepath.Join(dir, "nope")}, "store"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := attest(t, map[string]string{"ATTEST_STORE": dir}, tc.args...)
			if code != exitUsage || !strings.Contains(stderr, tc.want) {
				t.Errorf("got exit %d %q; want 2 with %q", code, stderr, tc.want)
			}
		})
	}
}

// rewriteZip copies the members of src that keep accepts into dst.
func rewriteZip(t *testing.T, src, dst string, keep func(string) bool) {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if !keep(f.Name) {
			continue
		}
		r, _ := f.Open()
		b, _ := io.ReadAll(r)
		r.Close()
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	zw.Close()
	if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}
