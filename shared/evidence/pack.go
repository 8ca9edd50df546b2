package evidence

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/attestdev/attest/shared/store"
)

// Store is what the evidence writer needs of a store.
type Store interface {
	Get(ctx context.Context, key string) ([]byte, error)
	Put(ctx context.Context, key string, data []byte) error
	PutIfAbsent(ctx context.Context, key string, data []byte) error
	List(ctx context.Context, prefix string) ([]string, error)
}

// GlobalStream is the stream every pack belongs to.
const GlobalStream = "global"

// Input is what a pack is made of.
type Input struct {
	ID       string
	Kind     string
	Date     time.Time // partitions the pack's key (the event's time, so a retried write lands in the same place)
	Subject  map[string]any
	Stream   string // the pack's own stream: "repository/<name>", "alarm/<name>", "resource/<type>/<id>"
	Files    map[string][]byte
	Missing  []Missing
	Controls []Control
}

// Writer writes packs into an evidence store.
type Writer struct {
	Store     Store
	Signer    Signer
	Now       func() time.Time
	Generator string
}

// chainRecord is one entry of the global chain log.
type chainRecord struct {
	Sequence       int64  `json:"sequence"`
	PackID         string `json:"packId"`
	ManifestKey    string `json:"manifestKey"`
	ManifestSHA256 string `json:"manifestSha256"`
	Links          []Link `json:"links"`
	// Manifest is kept so that a write interrupted after its claim can be completed with the same bytes.
	Manifest json.RawMessage `json:"manifest"`
}

// streamHint caches a stream's head; it is only a hint, checked against the chain log.
type streamHint struct {
	Global         int64  `json:"global"`
	Sequence       int64  `json:"sequence"`
	ManifestSHA256 string `json:"manifestSha256"`
}

const (
	chainPrefix = "chain/global/"
	hintPrefix  = "chain/streams/"
	claimPrefix = "chain/packs/"
	maxAttempts = 50
)

// PackPrefix is the store prefix of a pack.
func PackPrefix(date time.Time, id string) string {
	d := date.UTC()
	return fmt.Sprintf("packs/%04d/%02d/%02d/%s/", d.Year(), int(d.Month()), d.Day(), id)
}

// Write stores a pack and returns its manifest. Writing the same pack ID again returns the pack already
// written (a retried step must not create a second pack).
func (w *Writer) Write(ctx context.Context, in Input) (*Manifest, error) {
	if in.ID == "" || strings.ContainsAny(in.ID, "/\\") {
		return nil, fmt.Errorf("write pack: invalid id %q", in.ID)
	}
	prefix := PackPrefix(in.Date, in.ID)
	if b, err := w.Store.Get(ctx, prefix+ManifestFile); err == nil {
		return DecodeManifest(b)
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, fmt.Errorf("write pack %s: %w", in.ID, err)
	}
	if rec, err := w.claimOf(ctx, in.ID); err != nil {
		return nil, err
	} else if rec != nil {
		// Claimed before an interruption: finish with the claimed manifest.
		return w.finish(ctx, prefix, in, rec.Manifest)
	}

	files := make([]FileEntry, 0, len(in.Files))
	for name, data := range in.Files {
		if name == ManifestFile || name == SignatureFile || strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
			return nil, fmt.Errorf("write pack %s: invalid file name %q", in.ID, name)
		}
		files = append(files, FileEntry{Path: name, SHA256: Digest(data), Size: int64(len(data))})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	controls := append([]Control(nil), in.Controls...)
	sort.Slice(controls, func(i, j int) bool { return controls[i].ID < controls[j].ID })
	if controls == nil {
		controls = []Control{}
	}
	status := StatusComplete
	if len(in.Missing) > 0 {
		status = StatusIncomplete
	}
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	streams := []string{GlobalStream}
	if in.Stream != "" && in.Stream != GlobalStream {
		streams = append([]string{in.Stream}, GlobalStream)
	}

	for attempt := 0; attempt < maxAttempts; attempt++ {
		head, err := w.globalHead(ctx)
		if err != nil {
			return nil, err
		}
		var links []Link
		for _, s := range streams {
			l, err := w.nextLink(ctx, s, head)
			if err != nil {
				return nil, err
			}
			links = append(links, l)
		}
		m := &Manifest{
			Schema: Schema, ID: in.ID, Kind: in.Kind, CreatedAt: now().UTC().Format(time.RFC3339Nano),
			Subject: in.Subject, Status: status, Missing: in.Missing, Files: files, Controls: controls,
			Previous: links[0].Previous, Chain: links,
			Signature: SignatureInfo{Algorithm: w.Signer.Algorithm(), KeyID: w.Signer.KeyID()},
			Generator: w.Generator,
		}
		mb, err := m.Encode()
		if err != nil {
			return nil, err
		}
		rec := chainRecord{Sequence: head.Sequence + 1, PackID: in.ID, ManifestKey: prefix + ManifestFile, ManifestSHA256: Digest(mb), Links: links, Manifest: mb}
		rb, err := json.MarshalIndent(rec, "", "  ")
		if err != nil {
			return nil, fmt.Errorf("write pack %s: %w", in.ID, err)
		}
		err = w.Store.PutIfAbsent(ctx, chainKey(rec.Sequence), rb)
		if errors.Is(err, store.ErrExists) {
			continue // another writer took this sequence: recompute the links
		}
		if err != nil {
			return nil, fmt.Errorf("write pack %s: claim chain entry %d: %w", in.ID, rec.Sequence, err)
		}
		if err := w.Store.PutIfAbsent(ctx, claimPrefix+in.ID+".json", []byte(strconv.FormatInt(rec.Sequence, 10))); err != nil && !errors.Is(err, store.ErrExists) {
			return nil, fmt.Errorf("write pack %s: record claim: %w", in.ID, err)
		}
		for _, l := range links {
			h, _ := json.Marshal(streamHint{Global: rec.Sequence, Sequence: l.Sequence, ManifestSHA256: rec.ManifestSHA256})
			// A hint that fails to write only costs a longer scan next time.
			_ = w.Store.Put(ctx, hintKey(l.Stream), h)
		}
		return w.finish(ctx, prefix, in, mb)
	}
	return nil, fmt.Errorf("write pack %s: the chain kept moving after %d attempts", in.ID, maxAttempts)
}

// finish writes the files, the manifest and its signature. Files go first: a manifest never names a file
// that is not there yet.
func (w *Writer) finish(ctx context.Context, prefix string, in Input, mb []byte) (*Manifest, error) {
	m, err := DecodeManifest(mb)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(in.Files))
	for name := range in.Files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := w.Store.Put(ctx, prefix+name, in.Files[name]); err != nil {
			return nil, fmt.Errorf("write pack %s: %w", in.ID, err)
		}
	}
	sig, err := SignManifest(ctx, w.Signer, mb)
	if err != nil {
		return nil, fmt.Errorf("write pack %s: %w", in.ID, err)
	}
	if err := w.Store.Put(ctx, prefix+SignatureFile, sig); err != nil {
		return nil, fmt.Errorf("write pack %s: %w", in.ID, err)
	}
	if err := writeIndex(ctx, w.Store, prefix, in.Date, m, mb); err != nil {
		return nil, fmt.Errorf("write pack %s: %w", in.ID, err)
	}
	if err := w.Store.Put(ctx, prefix+ManifestFile, mb); err != nil {
		return nil, fmt.Errorf("write pack %s: %w", in.ID, err)
	}
	return m, nil
}

func (w *Writer) claimOf(ctx context.Context, id string) (*chainRecord, error) {
	b, err := w.Store.Get(ctx, claimPrefix+id+".json")
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read claim of pack %s: %w", id, err)
	}
	seq, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return nil, fmt.Errorf("read claim of pack %s: %w", id, err)
	}
	rec, err := w.record(ctx, seq)
	if err != nil {
		return nil, err
	}
	if rec.PackID != id {
		return nil, fmt.Errorf("chain entry %d belongs to pack %s, not %s", seq, rec.PackID, id)
	}
	return rec, nil
}

func chainKey(seq int64) string { return fmt.Sprintf("%s%012d.json", chainPrefix, seq) }

func hintKey(stream string) string { return hintPrefix + Digest([]byte(stream))[:32] + ".json" }

func (w *Writer) record(ctx context.Context, seq int64) (*chainRecord, error) {
	b, err := w.Store.Get(ctx, chainKey(seq))
	if err != nil {
		return nil, fmt.Errorf("read chain entry %d: %w", seq, err)
	}
	var rec chainRecord
	if err := json.Unmarshal(b, &rec); err != nil {
		return nil, fmt.Errorf("read chain entry %d: %w", seq, err)
	}
	return &rec, nil
}

// globalHead is the newest chain record, or a zero record for an empty chain.
func (w *Writer) globalHead(ctx context.Context) (*chainRecord, error) {
	keys, err := w.Store.List(ctx, chainPrefix)
	if err != nil {
		return nil, fmt.Errorf("read chain: %w", err)
	}
	var last int64
	for _, k := range keys {
		n, err := strconv.ParseInt(strings.TrimSuffix(path.Base(k), ".json"), 10, 64)
		if err == nil && n > last {
			last = n
		}
	}
	if last == 0 {
		return &chainRecord{}, nil
	}
	return w.record(ctx, last)
}

// nextLink finds the stream's newest manifest at or before the global head and links after it.
func (w *Writer) nextLink(ctx context.Context, stream string, head *chainRecord) (Link, error) {
	if head.Sequence == 0 {
		return Link{Stream: stream, Sequence: 1}, nil
	}
	if stream == GlobalStream {
		l, _ := linkIn(head, GlobalStream)
		return Link{Stream: stream, Sequence: l.Sequence + 1, Previous: head.ManifestSHA256}, nil
	}
	from := int64(0)
	best := Link{Stream: stream, Sequence: 1}
	if b, err := w.Store.Get(ctx, hintKey(stream)); err == nil {
		var h streamHint
		if json.Unmarshal(b, &h) == nil && h.Global <= head.Sequence && h.Global > 0 {
			if rec, err := w.record(ctx, h.Global); err == nil && rec.ManifestSHA256 == h.ManifestSHA256 {
				if l, ok := linkIn(rec, stream); ok {
					from = h.Global
					best = Link{Stream: stream, Sequence: l.Sequence + 1, Previous: rec.ManifestSHA256}
				}
			}
		}
	}
	// Scan newer entries than the hint, newest first; without a hint this reads back to the start.
	for seq := head.Sequence; seq > from; seq-- {
		rec, err := w.record(ctx, seq)
		if err != nil {
			return Link{}, err
		}
		if l, ok := linkIn(rec, stream); ok {
			return Link{Stream: stream, Sequence: l.Sequence + 1, Previous: rec.ManifestSHA256}, nil
		}
	}
	return best, nil
}

func linkIn(rec *chainRecord, stream string) (Link, bool) {
	for _, l := range rec.Links {
		if l.Stream == stream {
			return l, true
		}
	}
	return Link{}, false
}
