package evidence

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/store"
)

type fixture struct {
	dir    string
	store  *store.Local
	writer *Writer
	keys   KeyRing
	packs  []*Manifest
}

func newFixture(t *testing.T, streams ...string) *fixture {
	t.Helper()
	dir := t.TempDir()
	st, err := store.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := LoadOrCreateLocalSigner(filepath.Join(t.TempDir(), "key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
	f := &fixture{dir: dir, store: st, keys: KeyRing{}, writer: &Writer{Store: st, Signer: signer, Now: func() time.Time { clock = clock.Add(time.Second); return clock }}}
	f.keys.Add(signer.Public())
	for i, s := range streams {
		m, err := f.writer.Write(context.Background(), Input{
			ID: "run-" + string(rune('a'+i)), Kind: "push", Date: clock, Stream: s,
			Subject: map[string]any{"repository": s},
			Files:   map[string][]byte{"findings.sarif.json": []byte(`{"n":` + string(rune('0'+i)) + `}`), "controls.json": []byte("{}")},
		})
		if err != nil {
			t.Fatal(err)
		}
		f.packs = append(f.packs, m)
	}
	return f
}

func (f *fixture) packDir(i int) string {
	return filepath.Join(f.dir, filepath.FromSlash(PackPrefix(time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC), f.packs[i].ID)))
}

func (f *fixture) verify(t *testing.T) *Verification {
	t.Helper()
	v, err := Verify(os.DirFS(f.dir), f.keys, true)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestVerifyIntactStore(t *testing.T) {
	f := newFixture(t, "repository/a", "repository/b", "repository/a", "repository/a")
	v := f.verify(t)
	if !v.OK() {
		t.Fatalf("got problems %v; want none", v.Problems)
	}
	if v.Packs != 4 || v.Streams != 3 {
		t.Errorf("got %d packs in %d streams; want 4 in 3", v.Packs, v.Streams)
	}
	if l, _ := f.packs[3].Link("repository/a"); l.Sequence != 3 {
		t.Errorf("got sequence %d for the third pack of stream a; want 3", l.Sequence)
	}
	if f.packs[0].Previous != "" || f.packs[2].Previous == "" {
		t.Errorf("got previous %q and %q; want empty then set", f.packs[0].Previous, f.packs[2].Previous)
	}
}

func TestVerifyDetectsTampering(t *testing.T) {
	cases := []struct {
		name   string
		tamper func(t *testing.T, f *fixture)
		want   string
	}{
		{"one byte of a file", func(t *testing.T, f *fixture) {
			p := filepath.Join(f.packDir(1), "findings.sarif.json")
			b, _ := os.ReadFile(p)
			b[0] ^= 1
			os.WriteFile(p, b, 0o644)
		}, "findings.sarif.json: SHA-256 is"},
		{"pack removed from the middle", func(t *testing.T, f *fixture) {
			os.RemoveAll(f.packDir(2))
		}, "missing between"},
		{"manifest edited", func(t *testing.T, f *fixture) {
			p := filepath.Join(f.packDir(1), ManifestFile)
			b, _ := os.ReadFile(p)
			os.WriteFile(p, []byte(strings.Replace(string(b), `"push"`, `"alarm"`, 1)), 0o644)
		}, "the manifest was edited after signing"},
		{"file added", func(t *testing.T, f *fixture) {
			os.WriteFile(filepath.Join(f.packDir(0), "extra.json"), []byte("{}"), 0o644)
		}, "extra.json: file is not in the manifest"},
		{"signature removed", func(t *testing.T, f *fixture) {
			os.Remove(filepath.Join(f.packDir(0), SignatureFile))
		}, "manifest.sig: missing"},
		{"last pack removed", func(t *testing.T, f *fixture) {
			os.RemoveAll(f.packDir(3))
		}, "missing from the store: removed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, "repository/a", "repository/a", "repository/a", "repository/a")
			tc.tamper(t, f)
			v := f.verify(t)
			var all []string
			for _, p := range v.Problems {
				all = append(all, p.String())
			}
			if !strings.Contains(strings.Join(all, "\n"), tc.want) {
				t.Errorf("got problems %q; want one containing %q", all, tc.want)
			}
		})
	}
}

func TestVerifyWrongKey(t *testing.T) {
	f := newFixture(t, "repository/a")
	other, err := LoadOrCreateLocalSigner(filepath.Join(t.TempDir(), "other.pem"))
	if err != nil {
		t.Fatal(err)
	}
	v, err := Verify(os.DirFS(f.dir), KeyRing{other.KeyID(): other.Public()}, true)
	if err != nil {
		t.Fatal(err)
	}
	if v.OK() || !strings.Contains(v.Problems[0].Reason, "no public key") {
		t.Errorf("got %v; want a missing-key problem", v.Problems)
	}
}

func TestWriteIsIdempotent(t *testing.T) {
	f := newFixture(t, "repository/a")
	in := Input{ID: "run-a", Kind: "push", Date: time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC), Stream: "repository/a", Files: map[string][]byte{"x": []byte("other")}}
	m, err := f.writer.Write(context.Background(), in)
	if err != nil {
		t.Fatal(err)
	}
	if m.CreatedAt != f.packs[0].CreatedAt {
		t.Errorf("got a new pack created at %s; want the existing one from %s", m.CreatedAt, f.packs[0].CreatedAt)
	}
	if v := f.verify(t); !v.OK() {
		t.Errorf("got problems %v after a repeated write; want none", v.Problems)
	}
}

func TestPublicKeyRoundTrip(t *testing.T) {
	s, err := LoadOrCreateLocalSigner(filepath.Join(t.TempDir(), "k.pem"))
	if err != nil {
		t.Fatal(err)
	}
	k, err := ParsePublicKey(s.Public().PEM(), "")
	if err != nil {
		t.Fatal(err)
	}
	if k.ID != s.KeyID() || k.Algorithm != AlgMLDSA65 {
		t.Errorf("got key %s %s; want %s %s", k.ID, k.Algorithm, s.KeyID(), AlgMLDSA65)
	}
	sig, _ := s.Sign(context.Background(), []byte("statement"))
	if !k.Verify([]byte("statement"), sig) || k.Verify([]byte("statemenT"), sig) {
		t.Error("signature check does not tell a good statement from a changed one")
	}
}

func FuzzDecodeManifest(f *testing.F) {
	f.Add([]byte(`{"schema":"attest.pack/v1","id":"x","status":"complete"}`))
	f.Add([]byte(`{`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := DecodeManifest(b)
		if err == nil && m.ID == "" {
			t.Fatal("accepted a manifest without id")
		}
	})
}
