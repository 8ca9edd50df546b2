package export

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/attestdev/attest/shared/evidence"
)

// maxManifest bounds how much of export.json and export.sig verification reads.
const maxManifest = 64 << 20

// IsExport reports whether fsys holds an export (an export manifest at its root).
func IsExport(fsys fs.FS) bool {
	_, err := fs.Stat(fsys, ManifestFile)
	return err == nil
}

// Verify checks an export offline: the export manifest's signature; every file the export adds against its
// SHA-256; that the packs present are exactly the packs the manifest lists, each with the manifest it lists
// (a removed, added or replaced pack fails); and every member pack on its own (files, signature, and the
// chain links between packs adjacent in a stream). Problems name what is wrong; an error means the export
// could not be read at all.
func Verify(fsys fs.FS, keys evidence.KeyRing) (*evidence.Verification, error) {
	raw, err := readSmall(fsys, ManifestFile)
	if err != nil {
		return nil, fmt.Errorf("read export manifest: %w", err)
	}
	m, err := DecodeManifest(raw)
	if err != nil {
		return nil, err
	}
	var problems []evidence.Problem
	bad := func(p, reason string) { problems = append(problems, evidence.Problem{Path: p, Reason: reason}) }
	used := map[string]bool{}
	if reason, key := verifySignature(fsys, m, raw, keys); reason != "" {
		bad(SignatureFile, reason)
	} else {
		used[key] = true
	}

	// The export's own files.
	listed := map[string]bool{ManifestFile: true, SignatureFile: true}
	for _, f := range m.Files {
		listed[f.Path] = true
		if !fs.ValidPath(f.Path) || strings.HasPrefix(f.Path, "packs/") {
			bad(f.Path, "invalid path in the export manifest")
			continue
		}
		b, err := readSmall(fsys, f.Path)
		if err != nil {
			bad(f.Path, "missing: "+errText(err))
			continue
		}
		if int64(len(b)) != f.Size || evidence.Digest(b) != f.SHA256 {
			bad(f.Path, fmt.Sprintf("SHA-256 is %s (%d bytes), the export manifest says %s (%d bytes): the file was changed", evidence.Digest(b), len(b), f.SHA256, f.Size))
		}
	}

	// The packs: exactly those listed, each with the listed manifest.
	want := map[string]PackEntry{}
	for _, p := range m.Packs {
		dir := strings.TrimSuffix(p.Path, "/")
		if !fs.ValidPath(dir) || !strings.HasPrefix(dir, "packs/") {
			bad(p.Path, fmt.Sprintf("pack %s has an invalid path in the export manifest", p.ID))
			continue
		}
		if _, dup := want[dir]; dup {
			bad(p.Path, "pack path listed twice in the export manifest")
		}
		want[dir] = p
	}
	found := map[string]bool{}
	var strays []string
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		if !strings.HasPrefix(p, "packs/") {
			if !listed[p] {
				bad(p, "file is not in the export manifest: it was added after the export was signed")
			}
			return nil
		}
		if d.Name() != evidence.ManifestFile {
			strays = append(strays, p) // checked against its pack's manifest, if it is in a pack
			return nil
		}
		dir := path.Dir(p)
		found[dir] = true
		entry, ok := want[dir]
		if !ok {
			bad(p, "pack is not in the export manifest: it was added to the export")
			return nil
		}
		b, err := readSmall(fsys, p)
		if err != nil {
			bad(p, "unreadable: "+err.Error())
			return nil
		}
		if got := evidence.Digest(b); got != entry.ManifestSHA256 {
			bad(p, fmt.Sprintf("pack %s: manifest SHA-256 is %s, the export manifest lists %s: the pack was replaced or swapped", entry.ID, got, entry.ManifestSHA256))
		} else if pm, err := evidence.DecodeManifest(b); err == nil && pm.ID != entry.ID {
			bad(p, fmt.Sprintf("pack at this path is %s, the export manifest lists %s here", pm.ID, entry.ID))
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read export: %w", err)
	}
	for _, p := range strays {
		in := false
		for d := path.Dir(p); d != "." && d != "/"; d = path.Dir(d) {
			if found[d] {
				in = true
				break
			}
		}
		if !in {
			bad(p, "file is outside every pack and not in the export manifest: it was added")
		}
	}
	dirs := make([]string, 0, len(want))
	for d := range want {
		dirs = append(dirs, d)
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		if !found[d] {
			bad(d+"/", fmt.Sprintf("pack %s is listed in the export manifest but missing from the export: removed", want[d].ID))
		}
	}

	v := &evidence.Verification{Problems: []evidence.Problem{}}
	if len(found) > 0 {
		if v, err = evidence.VerifyWith(fsys, keys, evidence.Options{Selection: true}); err != nil {
			return nil, fmt.Errorf("verify member packs: %w", err)
		}
	}
	v.Problems = append(problems, v.Problems...)
	for _, k := range v.KeyIDs {
		used[k] = true
	}
	v.KeyIDs = v.KeyIDs[:0]
	for k := range used {
		v.KeyIDs = append(v.KeyIDs, k)
	}
	sort.Strings(v.KeyIDs)
	return v, nil
}

// verifySignature checks export.sig; it returns a reason when it does not verify, or the key it verified with.
func verifySignature(fsys fs.FS, m *Manifest, raw []byte, keys evidence.KeyRing) (string, string) {
	b, err := readSmall(fsys, SignatureFile)
	if err != nil {
		return "missing: " + errText(err), ""
	}
	var doc evidence.SignatureDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		return "not a signature document: " + err.Error(), ""
	}
	if doc.Statement != string(Statement(raw)) {
		return "the signed statement does not match export.json: the export manifest was edited after signing", ""
	}
	if doc.KeyID != m.Signature.KeyID || doc.Algorithm != m.Signature.Algorithm {
		return fmt.Sprintf("signature names key %s (%s), the export manifest names %s (%s)", doc.KeyID, doc.Algorithm, m.Signature.KeyID, m.Signature.Algorithm), ""
	}
	key, ok := keys[doc.KeyID]
	if !ok {
		return fmt.Sprintf("no public key %s to check the export signature with (pass it with --key)", doc.KeyID), ""
	}
	if key.Algorithm != doc.Algorithm {
		return fmt.Sprintf("key %s is %s, the signature says %s", key.ID, key.Algorithm, doc.Algorithm), ""
	}
	sig, err := base64.StdEncoding.DecodeString(doc.Signature)
	if err != nil {
		return "signature is not base64", ""
	}
	if !key.Verify([]byte(doc.Statement), sig) {
		return "export signature does not verify with key " + key.ID + ": forged or signed by another key", ""
	}
	return "", key.ID
}

func readSmall(fsys fs.FS, p string) ([]byte, error) {
	st, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxManifest {
		return nil, fmt.Errorf("%s is %d bytes, more than verification reads", p, st.Size())
	}
	return fs.ReadFile(fsys, p)
}

func errText(err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		return "file does not exist"
	}
	return err.Error()
}
