package export

import (
	"archive/zip"
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/evidence"
)

// rezip rewrites an export: edit returns the new content of a member, or nil to drop it; add appends members.
func rezip(t *testing.T, b []byte, edit func(name string, data []byte) []byte, add map[string][]byte) []byte {
	t.Helper()
	zr := openZip(t, b)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		data := readMember(t, zr, zf.Name)
		if edit != nil {
			data = edit(zf.Name, data)
		}
		if data == nil {
			continue
		}
		w, err := zw.Create(zf.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	for name, data := range add {
		w, _ := zw.Create(name)
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

func packDir(m *Manifest, id string) string {
	for _, p := range m.Packs {
		if p.ID == id {
			return p.Path
		}
	}
	return ""
}

func TestVerifyDetectsTampering(t *testing.T) {
	f := newFixture(t)
	f.standard(t)
	good, m := f.export(t, Request{})
	other, err := evidence.LoadOrCreateLocalSigner(filepath.Join(t.TempDir(), "other.pem"))
	if err != nil {
		t.Fatal(err)
	}
	// A pack from another export: the same store, written after the first export.
	f.pack(t, "push-5", "push", "orders", day.Add(96*time.Hour), nil, nil)
	later, lm := f.export(t, Request{})
	p2, p3 := packDir(m, "push-2"), packDir(m, "push-3")

	cases := []struct {
		name string
		zip  func() []byte
		keys evidence.KeyRing
		want string
	}{
		{"a changed byte in a pack file", func() []byte {
			return rezip(t, good, func(n string, d []byte) []byte {
				if n == p2+evidence.ControlsFile {
					d = append([]byte(nil), d...)
					d[10] ^= 1
				}
				return d
			}, nil)
		}, nil, "controls.json: SHA-256 is"},
		{"a changed byte in the summary", func() []byte {
			return rezip(t, good, func(n string, d []byte) []byte {
				if n == SummaryFile {
					return bytes.Replace(d, []byte("fail"), []byte("pass"), 1)
				}
				return d
			}, nil)
		}, nil, "summary.html: SHA-256 is"},
		{"a removed pack", func() []byte {
			return rezip(t, good, func(n string, d []byte) []byte {
				if strings.HasPrefix(n, p3) {
					return nil
				}
				return d
			}, nil)
		}, nil, "pack push-3 is listed in the export manifest but missing from the export: removed"},
		{"an added pack", func() []byte {
			extra := map[string][]byte{}
			lz := openZip(t, later)
			p5 := packDir(lm, "push-5")
			for _, zf := range lz.File {
				if strings.HasPrefix(zf.Name, p5) {
					extra[zf.Name] = readMember(t, lz, zf.Name)
				}
			}
			return rezip(t, good, nil, extra)
		}, nil, "pack is not in the export manifest: it was added"},
		{"a swapped pair", func() []byte {
			return rezip(t, good, func(n string, d []byte) []byte {
				switch {
				case strings.HasPrefix(n, p2):
					return readMember(t, openZip(t, good), p3+strings.TrimPrefix(n, p2))
				case strings.HasPrefix(n, p3):
					return readMember(t, openZip(t, good), p2+strings.TrimPrefix(n, p3))
				}
				return d
			}, nil)
		}, nil, "the pack was replaced or swapped"},
		{"a forged export manifest", func() []byte {
			// Drop a pack and re-sign the manifest with another key under the store key's name.
			fm, err := DecodeManifest(readMember(t, openZip(t, good), ManifestFile))
			if err != nil {
				t.Fatal(err)
			}
			var kept []PackEntry
			for _, p := range fm.Packs {
				if p.ID != "push-3" {
					kept = append(kept, p)
				}
			}
			fm.Packs = kept
			mb, _ := fm.Encode()
			sig, err := sign(context.Background(), renamed{other, f.signer.KeyID()}, mb)
			if err != nil {
				t.Fatal(err)
			}
			return rezip(t, good, func(n string, d []byte) []byte {
				switch {
				case n == ManifestFile:
					return mb
				case n == SignatureFile:
					return sig
				case strings.HasPrefix(n, p3):
					return nil
				}
				return d
			}, nil)
		}, nil, "export signature does not verify with key"},
		{"an export manifest edited to drop a pack", func() []byte {
			return rezip(t, good, func(n string, d []byte) []byte {
				if n == ManifestFile {
					return bytes.Replace(d, []byte(`"id": "push-3"`), []byte(`"id": "push-3x"`), 1)
				}
				return d
			}, nil)
		}, nil, "the export manifest was edited after signing"},
		{"a wrong key", func() []byte { return good }, evidence.KeyRing{other.KeyID(): other.Public()}, "no public key"},
		{"a file added beside the packs", func() []byte {
			return rezip(t, good, nil, map[string][]byte{"controls/HIPAA/extra.json": []byte("{}")})
		}, nil, "controls/HIPAA/extra.json: file is not in the export manifest"},
		{"the signature removed", func() []byte {
			return rezip(t, good, func(n string, d []byte) []byte {
				if n == SignatureFile {
					return nil
				}
				return d
			}, nil)
		}, nil, "export.sig: missing"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			keys := tc.keys
			if keys == nil {
				keys = f.keys
			}
			v, err := Verify(openZip(t, tc.zip()), keys)
			if err != nil {
				t.Fatal(err)
			}
			var all []string
			for _, p := range v.Problems {
				all = append(all, p.String())
			}
			if v.OK() {
				t.Fatalf("got an intact export; want it to fail with %q", tc.want)
			}
			if !strings.Contains(strings.Join(all, "\n"), tc.want) {
				t.Errorf("got problems %q; want one containing %q", all, tc.want)
			}
		})
	}
	if v, err := Verify(openZip(t, good), f.keys); err != nil || !v.OK() {
		t.Fatalf("untouched export: got %v %v; want intact", v, err)
	}
}

func FuzzVerify(f *testing.F) {
	fx := newFixture(f)
	fx.standard(f)
	// One pack keeps the seed small enough for the mutator to explore.
	good, _ := fx.export(f, Request{From: day.Add(72 * time.Hour)})
	f.Add(good)
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return
		}
		v, err := Verify(zr, fx.keys)
		if err == nil && v.OK() && !bytes.Equal(b, good) && v.Packs != 1 {
			t.Fatalf("an altered export verified with %d packs", v.Packs)
		}
	})
}

// renamed signs with one key under another key's id: a forger's signature.
type renamed struct {
	*evidence.LocalSigner
	id string
}

func (r renamed) KeyID() string { return r.id }
