package evidence

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Problem is one thing that makes evidence untrustworthy.
type Problem struct {
	Pack   string `json:"pack,omitempty"`
	Path   string `json:"path,omitempty"`
	Reason string `json:"reason"`
}

func (p Problem) String() string {
	var b strings.Builder
	if p.Pack != "" {
		b.WriteString("pack " + p.Pack + ": ")
	}
	if p.Path != "" {
		b.WriteString(p.Path + ": ")
	}
	b.WriteString(p.Reason)
	return b.String()
}

// Verification is the outcome of checking a set of packs.
type Verification struct {
	Packs    int       `json:"packs"`
	Streams  int       `json:"streams"`
	KeyIDs   []string  `json:"keyIds"`
	Problems []Problem `json:"problems"`
}

// OK reports whether nothing was wrong.
func (v *Verification) OK() bool { return len(v.Problems) == 0 }

// KeyRing holds the public keys signatures may be checked against, by key ID.
type KeyRing map[string]*PublicKey

// Add puts a key in the ring.
func (k KeyRing) Add(p *PublicKey) { k[p.ID] = p }

// maxVerifyFile bounds how much of one file verification reads, so a hostile export cannot exhaust memory.
const maxVerifyFile = 512 << 20

type loaded struct {
	dir    string
	raw    []byte
	digest string
	m      *Manifest
}

// Verify checks every pack under fsys: a single pack (manifest.json at the root), a directory of packs, an
// export, or a whole store (which also has the chain log under chain/). It checks each file's size and
// SHA-256, that no file was added, each signature, and each stream's chain: sequences without gaps and every
// manifest naming the digest of the one before it. When full is true the first pack of each stream must be
// the stream's first (sequence 1): nothing may be missing before it.
func Verify(fsys fs.FS, keys KeyRing, full bool) (*Verification, error) {
	return VerifyWith(fsys, keys, Options{Full: full})
}

// Options say which chain links Verify may expect to find.
type Options struct {
	// Full: the first pack of each stream must be the stream's first (nothing missing before it).
	Full bool
	// Selection: the packs are a selection from the store (an export of a period or framework), so a stream
	// may skip packs that were not selected. Packs adjacent in a stream must still link, and no sequence may
	// be claimed twice; what belongs in the selection is the export manifest's to say.
	Selection bool
}

// VerifyWith is Verify with options.
func VerifyWith(fsys fs.FS, keys KeyRing, opt Options) (*Verification, error) {
	full := opt.Full
	v := &Verification{Problems: []Problem{}}
	var packs []*loaded
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || d.Name() != ManifestFile {
			return nil
		}
		raw, err := readLimited(fsys, p)
		if err != nil {
			v.Problems = append(v.Problems, Problem{Path: p, Reason: err.Error()})
			return nil
		}
		m, err := DecodeManifest(raw)
		if err != nil {
			v.Problems = append(v.Problems, Problem{Path: p, Reason: err.Error()})
			return nil
		}
		packs = append(packs, &loaded{dir: path.Dir(p), raw: raw, digest: Digest(raw), m: m})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read packs: %w", err)
	}
	if len(packs) == 0 && len(v.Problems) == 0 {
		return nil, errors.New("no evidence pack found (no manifest.json)")
	}
	v.Packs = len(packs)
	used := map[string]bool{}
	for _, p := range packs {
		v.Problems = append(v.Problems, verifyPack(fsys, p, keys, used)...)
	}
	for id := range used {
		v.KeyIDs = append(v.KeyIDs, id)
	}
	sort.Strings(v.KeyIDs)
	var streams int
	v.Problems, streams = append(v.Problems, verifyChains(packs, full, opt.Selection)...), countStreams(packs)
	v.Streams = streams
	if _, err := fs.Stat(fsys, strings.TrimSuffix(chainPrefix, "/")); err == nil {
		v.Problems = append(v.Problems, verifyLog(fsys, packs)...)
	}
	if _, err := fs.Stat(fsys, strings.TrimSuffix(IndexPrefix, "/")); err == nil {
		v.Problems = append(v.Problems, verifyIndex(fsys, packs)...)
	}
	return v, nil
}

// verifyIndex checks that every index entry describes the manifest it points at: the index is not signed,
// so an edited entry (a failing pack listed as passing) must be caught here.
func verifyIndex(fsys fs.FS, packs []*loaded) []Problem {
	byKey := map[string]*loaded{}
	for _, p := range packs {
		byKey[p.dir+"/"] = p
	}
	var out []Problem
	_ = fs.WalkDir(fsys, strings.TrimSuffix(IndexPrefix, "/"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".json") {
			return nil
		}
		b, err := readLimited(fsys, p)
		if err != nil {
			out = append(out, Problem{Path: p, Reason: "unreadable index entry: " + err.Error()})
			return nil
		}
		var e IndexEntry
		if err := json.Unmarshal(b, &e); err != nil || e.Schema != IndexSchema {
			out = append(out, Problem{Path: p, Reason: "not an index entry"})
			return nil
		}
		pk, ok := byKey[e.Key]
		switch {
		case !ok:
			out = append(out, Problem{Pack: e.ID, Path: p, Reason: "index entry names a pack that is not in the store"})
		case pk.digest != e.ManifestSHA256 || pk.m.ID != e.ID:
			out = append(out, Problem{Pack: e.ID, Path: p, Reason: "index entry does not match the pack's manifest: the index was edited"})
		case !sameControls(pk.m, &e):
			out = append(out, Problem{Pack: e.ID, Path: p, Reason: "index entry's status or controls differ from the signed manifest: the index was edited"})
		}
		return nil
	})
	return out
}

func sameControls(m *Manifest, e *IndexEntry) bool {
	if m.Status != e.Status || m.Kind != e.Kind || len(m.Controls) != len(e.Controls) {
		return false
	}
	for i := range m.Controls {
		if m.Controls[i] != e.Controls[i] {
			return false
		}
	}
	return true
}

func readLimited(fsys fs.FS, p string) ([]byte, error) {
	st, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, err
	}
	if st.Size() > maxVerifyFile {
		return nil, fmt.Errorf("file is %d bytes, more than verification reads", st.Size())
	}
	return fs.ReadFile(fsys, p)
}

func verifyPack(fsys fs.FS, p *loaded, keys KeyRing, used map[string]bool) []Problem {
	var out []Problem
	bad := func(file, reason string) { out = append(out, Problem{Pack: p.m.ID, Path: file, Reason: reason}) }
	listed := map[string]bool{ManifestFile: true, SignatureFile: true}
	for _, f := range p.m.Files {
		listed[f.Path] = true
		if !fs.ValidPath(f.Path) {
			bad(f.Path, "invalid path in manifest")
			continue
		}
		b, err := readLimited(fsys, path.Join(p.dir, f.Path))
		if err != nil {
			bad(f.Path, "missing: "+errText(err))
			continue
		}
		if int64(len(b)) != f.Size {
			bad(f.Path, fmt.Sprintf("size is %d bytes, manifest says %d", len(b), f.Size))
		}
		if got := Digest(b); got != f.SHA256 {
			bad(f.Path, fmt.Sprintf("SHA-256 is %s, manifest says %s: the file was changed", got, f.SHA256))
		}
	}
	_ = fs.WalkDir(fsys, p.dir, func(fp string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel := strings.TrimPrefix(fp, p.dir+"/")
		if p.dir == "." {
			rel = fp
		}
		if strings.Contains(rel, "/") && hasManifest(fsys, path.Join(p.dir, strings.SplitN(rel, "/", 2)[0])) {
			return nil // a nested pack, checked on its own
		}
		if !listed[rel] {
			bad(rel, "file is not in the manifest: it was added after the pack was signed")
		}
		return nil
	})
	out = append(out, verifySignature(fsys, p, keys, used)...)
	return out
}

func hasManifest(fsys fs.FS, dir string) bool {
	_, err := fs.Stat(fsys, path.Join(dir, ManifestFile))
	return err == nil
}

func verifySignature(fsys fs.FS, p *loaded, keys KeyRing, used map[string]bool) []Problem {
	bad := func(reason string) []Problem {
		return []Problem{{Pack: p.m.ID, Path: SignatureFile, Reason: reason}}
	}
	b, err := readLimited(fsys, path.Join(p.dir, SignatureFile))
	if err != nil {
		return bad("missing: " + errText(err))
	}
	var doc SignatureDoc
	if err := json.Unmarshal(b, &doc); err != nil {
		return bad("not a signature document: " + err.Error())
	}
	if doc.Statement != string(Statement(p.raw)) {
		return bad("the signed statement does not match manifest.json: the manifest was edited after signing")
	}
	if doc.KeyID != p.m.Signature.KeyID || doc.Algorithm != p.m.Signature.Algorithm {
		return bad(fmt.Sprintf("signature names key %s (%s), manifest names %s (%s)", doc.KeyID, doc.Algorithm, p.m.Signature.KeyID, p.m.Signature.Algorithm))
	}
	key, ok := keys[doc.KeyID]
	if !ok {
		return bad(fmt.Sprintf("no public key %s to check the signature with (pass it with --key)", doc.KeyID))
	}
	if key.Algorithm != doc.Algorithm {
		return bad(fmt.Sprintf("key %s is %s, signature says %s", key.ID, key.Algorithm, doc.Algorithm))
	}
	sig, err := base64.StdEncoding.DecodeString(doc.Signature)
	if err != nil {
		return bad("signature is not base64")
	}
	if !key.Verify([]byte(doc.Statement), sig) {
		return bad("signature does not verify with key " + key.ID)
	}
	used[key.ID] = true
	return nil
}

func countStreams(packs []*loaded) int {
	s := map[string]bool{}
	for _, p := range packs {
		for _, l := range p.m.Chain {
			s[l.Stream] = true
		}
	}
	return len(s)
}

func verifyChains(packs []*loaded, full, selection bool) []Problem {
	var out []Problem
	byStream := map[string][]*loaded{}
	for _, p := range packs {
		if len(p.m.Chain) == 0 {
			out = append(out, Problem{Pack: p.m.ID, Reason: "manifest has no chain links"})
			continue
		}
		if p.m.Previous != p.m.Chain[0].Previous {
			out = append(out, Problem{Pack: p.m.ID, Reason: "manifest previous does not match its own stream link"})
		}
		for _, l := range p.m.Chain {
			byStream[l.Stream] = append(byStream[l.Stream], p)
		}
	}
	names := make([]string, 0, len(byStream))
	for s := range byStream {
		names = append(names, s)
	}
	sort.Strings(names)
	for _, s := range names {
		list := byStream[s]
		seq := func(p *loaded) int64 { l, _ := p.m.Link(s); return l.Sequence }
		sort.SliceStable(list, func(i, j int) bool { return seq(list[i]) < seq(list[j]) })
		first, _ := list[0].m.Link(s)
		if first.Sequence == 1 && first.Previous != "" {
			out = append(out, Problem{Pack: list[0].m.ID, Reason: fmt.Sprintf("stream %s: first pack names a previous manifest %s", s, first.Previous)})
		}
		if full && first.Sequence > 1 {
			out = append(out, Problem{Pack: list[0].m.ID, Reason: fmt.Sprintf("stream %s: packs 1 to %d are missing before this one", s, first.Sequence-1)})
		}
		for i := 1; i < len(list); i++ {
			prev, cur := list[i-1], list[i]
			pl, _ := prev.m.Link(s)
			cl, _ := cur.m.Link(s)
			switch {
			case cl.Sequence == pl.Sequence:
				out = append(out, Problem{Pack: cur.m.ID, Reason: fmt.Sprintf("stream %s: sequence %d is claimed by both %s and %s", s, cl.Sequence, prev.m.ID, cur.m.ID)})
			case cl.Sequence != pl.Sequence+1 && selection:
				// Not selected in between: nothing links these two.
			case cl.Sequence != pl.Sequence+1:
				out = append(out, Problem{Pack: cur.m.ID, Reason: fmt.Sprintf("stream %s: pack(s) %d to %d are missing between %s and %s: removed from the stream", s, pl.Sequence+1, cl.Sequence-1, prev.m.ID, cur.m.ID)})
			case cl.Previous != prev.digest:
				out = append(out, Problem{Pack: cur.m.ID, Reason: fmt.Sprintf("stream %s: previous manifest should be %s (pack %s) but is %s: a pack was replaced or reordered", s, prev.digest, prev.m.ID, cl.Previous)})
			}
		}
	}
	return out
}

// verifyLog checks a whole store's chain log against the manifests: every logged pack present and unchanged.
func verifyLog(fsys fs.FS, packs []*loaded) []Problem {
	var out []Problem
	byKey := map[string]*loaded{}
	for _, p := range packs {
		byKey[path.Join(p.dir, ManifestFile)] = p
	}
	entries, err := fs.ReadDir(fsys, strings.TrimSuffix(chainPrefix, "/"))
	if err != nil {
		return []Problem{{Path: chainPrefix, Reason: "unreadable chain log: " + err.Error()}}
	}
	logged := map[string]bool{}
	var expect int64 = 1
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".json") {
			continue
		}
		b, err := readLimited(fsys, chainPrefix+e.Name())
		if err != nil {
			out = append(out, Problem{Path: chainPrefix + e.Name(), Reason: err.Error()})
			continue
		}
		var rec chainRecord
		if err := json.Unmarshal(b, &rec); err != nil {
			out = append(out, Problem{Path: chainPrefix + e.Name(), Reason: "not a chain record: " + err.Error()})
			continue
		}
		if rec.Sequence != expect {
			out = append(out, Problem{Path: chainPrefix + e.Name(), Reason: fmt.Sprintf("chain log entry %d follows %d: entries removed", rec.Sequence, expect-1)})
		}
		expect = rec.Sequence + 1
		logged[rec.ManifestKey] = true
		p, ok := byKey[rec.ManifestKey]
		switch {
		case !ok:
			out = append(out, Problem{Pack: rec.PackID, Path: rec.ManifestKey, Reason: fmt.Sprintf("pack is in the chain log (entry %d) but missing from the store: removed", rec.Sequence)})
		case p.digest != rec.ManifestSHA256:
			out = append(out, Problem{Pack: rec.PackID, Path: rec.ManifestKey, Reason: fmt.Sprintf("manifest differs from the one logged in chain entry %d: replaced", rec.Sequence)})
		}
	}
	for key, p := range byKey {
		if !logged[key] {
			out = append(out, Problem{Pack: p.m.ID, Path: key, Reason: "pack is not in the chain log: it was not written by this store's pipeline"})
		}
	}
	return out
}

func errText(err error) string {
	if errors.Is(err, fs.ErrNotExist) {
		return "file does not exist"
	}
	return err.Error()
}
