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
	"sync"
	"time"

	"github.com/attestdev/attest/shared/store"
)

// IndexPrefix is where the pack index lives: one small object per pack at index/<yyyy>/<mm>/<dd>/<id>.json,
// partitioned by the same day as the pack itself. Listing a period lists and reads only the index objects of
// that period, never the packs; every object is written once and never appended to, so concurrent writers
// need no coordination and Object Lock never blocks an update.
const IndexPrefix = "index/"

// IndexSchema identifies an index entry.
const IndexSchema = "attest.index/v1"

// IndexEntry is what listings and exports need to know of a pack without opening it.
type IndexEntry struct {
	Schema string `json:"schema"`
	ID     string `json:"id"`
	Kind   string `json:"kind"`
	// Time is the pack's time in its partition (the event's time): the period a listing or export asks for
	// is matched against it.
	Time           string         `json:"time"`
	CreatedAt      string         `json:"createdAt"`
	Status         string         `json:"status"`
	Subject        map[string]any `json:"subject,omitempty"`
	Controls       []Control      `json:"controls"`
	Key            string         `json:"key"` // the pack's prefix: packs/<yyyy>/<mm>/<dd>/<id>/
	ManifestSHA256 string         `json:"manifestSha256"`
}

// Repository is the subject's repository, or "".
func (e *IndexEntry) Repository() string {
	if s, ok := e.Subject["repository"].(string); ok {
		return s
	}
	return ""
}

// IndexKey is the index object of a pack.
func IndexKey(date time.Time, id string) string {
	d := date.UTC()
	return fmt.Sprintf("%s%04d/%02d/%02d/%s.json", IndexPrefix, d.Year(), int(d.Month()), d.Day(), id)
}

// NewIndexEntry describes the pack at prefix with manifest bytes mb, partitioned at date.
func NewIndexEntry(prefix string, date time.Time, m *Manifest, mb []byte) IndexEntry {
	controls := m.Controls
	if controls == nil {
		controls = []Control{}
	}
	return IndexEntry{
		Schema: IndexSchema, ID: m.ID, Kind: m.Kind, Time: date.UTC().Format(time.RFC3339Nano), CreatedAt: m.CreatedAt,
		Status: m.Status, Subject: m.Subject, Controls: controls, Key: prefix, ManifestSHA256: Digest(mb),
	}
}

// writeIndex records a pack in the index. It runs before the manifest is written, so a pack whose manifest
// exists is always listed; an entry whose manifest is not there yet belongs to a write that will be
// completed (or is visible as such in the portal).
func writeIndex(ctx context.Context, st Store, prefix string, date time.Time, m *Manifest, mb []byte) error {
	e := NewIndexEntry(prefix, date, m, mb)
	b, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("index pack %s: %w", m.ID, err)
	}
	if err := st.Put(ctx, IndexKey(date, m.ID), b); err != nil {
		return fmt.Errorf("index pack %s: %w", m.ID, err)
	}
	return nil
}

// Reindex writes the index entry of every pack in the store that has none (packs written before the index
// existed). It reads every manifest, so it is a maintenance step, not part of a listing. It returns how many
// entries it wrote.
func Reindex(ctx context.Context, st Store) (int, error) {
	keys, err := st.List(ctx, "packs/")
	if err != nil {
		return 0, fmt.Errorf("reindex: %w", err)
	}
	indexed, err := st.List(ctx, IndexPrefix)
	if err != nil {
		return 0, fmt.Errorf("reindex: %w", err)
	}
	have := make(map[string]bool, len(indexed))
	for _, k := range indexed {
		have[k] = true
	}
	n := 0
	for _, k := range keys {
		if path.Base(k) != ManifestFile {
			continue
		}
		date, id, ok := packKeyParts(k)
		if !ok || have[IndexKey(date, id)] {
			continue
		}
		mb, err := st.Get(ctx, k)
		if err != nil {
			return n, fmt.Errorf("reindex %s: %w", k, err)
		}
		m, err := DecodeManifest(mb)
		if err != nil {
			continue // an unreadable manifest is verification's finding, not the index's
		}
		// The partition holds only the day; the creation time places the pack within it when it falls on
		// that day.
		if t, err := time.Parse(time.RFC3339Nano, m.CreatedAt); err == nil && t.UTC().Format("2006-01-02") == date.Format("2006-01-02") {
			date = t.UTC()
		}
		if err := writeIndex(ctx, st, strings.TrimSuffix(k, ManifestFile), date, m, mb); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// packKeyParts reads the date and pack id of packs/<yyyy>/<mm>/<dd>/<id>/manifest.json.
func packKeyParts(key string) (time.Time, string, bool) {
	parts := strings.Split(key, "/")
	if len(parts) != 6 || parts[0] != "packs" {
		return time.Time{}, "", false
	}
	d, err := time.Parse("2006/01/02", strings.Join(parts[1:4], "/"))
	if err != nil {
		return time.Time{}, "", false
	}
	return d, parts[4], true
}

// IndexStore is what reading the index needs of a store.
type IndexStore interface {
	Get(ctx context.Context, key string) ([]byte, error)
	List(ctx context.Context, prefix string) ([]string, error)
}

// indexReaders bounds concurrent reads of index objects (each is one GET in S3).
const indexReaders = 16

// ReadIndex returns the index entries of the packs whose time lies in [from, to] (a zero bound is open),
// newest first. It lists the index by month (or by year for long periods), skips keys outside the period by
// their day before reading them, and reads the rest concurrently.
func ReadIndex(ctx context.Context, st IndexStore, from, to time.Time) ([]IndexEntry, error) {
	var keys []string
	for _, p := range indexPrefixes(from, to) {
		ks, err := st.List(ctx, p)
		if err != nil {
			return nil, fmt.Errorf("list index %s: %w", p, err)
		}
		for _, k := range ks {
			if day, ok := indexDay(k); ok && dayInRange(day, from, to) {
				keys = append(keys, k)
			}
		}
	}
	entries := make([]IndexEntry, len(keys))
	errs := make([]error, len(keys))
	next := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(indexReaders, len(keys)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				b, err := st.Get(ctx, keys[i])
				if err == nil {
					err = json.Unmarshal(b, &entries[i])
				}
				if err != nil {
					errs[i] = fmt.Errorf("read index %s: %w", keys[i], err)
				}
			}
		}()
	}
	for i := range keys {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]IndexEntry, 0, len(entries))
	for i, e := range entries {
		if errs[i] != nil {
			if errors.Is(errs[i], store.ErrNotFound) {
				continue
			}
			return nil, errs[i]
		}
		if e.Schema != IndexSchema || e.ID == "" {
			return nil, fmt.Errorf("read index %s: not an index entry", keys[i])
		}
		t, err := time.Parse(time.RFC3339Nano, e.Time)
		if err != nil {
			return nil, fmt.Errorf("read index %s: time %q: %w", keys[i], e.Time, err)
		}
		if (!from.IsZero() && t.Before(from)) || (!to.IsZero() && t.After(to)) {
			continue
		}
		out = append(out, e)
	}
	SortEntries(out)
	return out, nil
}

// SortEntries orders entries newest first (by time, then creation, then id), the order of every listing.
func SortEntries(es []IndexEntry) {
	sort.Slice(es, func(i, j int) bool { return EntryBefore(es[i], es[j]) })
}

// EntryBefore reports whether a comes before b in listing order (newer first).
func EntryBefore(a, b IndexEntry) bool {
	ta, _ := time.Parse(time.RFC3339Nano, a.Time)
	tb, _ := time.Parse(time.RFC3339Nano, b.Time)
	if !ta.Equal(tb) {
		return ta.After(tb)
	}
	if a.CreatedAt != b.CreatedAt {
		return a.CreatedAt > b.CreatedAt
	}
	return a.ID < b.ID
}

// indexPrefixes lists the index by month for periods up to two years, by year beyond, and whole otherwise.
func indexPrefixes(from, to time.Time) []string {
	if from.IsZero() || to.IsZero() {
		return []string{IndexPrefix} // an open period: the whole index, still filtered by day before reading
	}
	from, to = from.UTC(), to.UTC()
	if to.Before(from) {
		return nil
	}
	var out []string
	if to.Sub(from) > 2*366*24*time.Hour {
		for y := from.Year(); y <= to.Year(); y++ {
			out = append(out, fmt.Sprintf("%s%04d/", IndexPrefix, y))
		}
		return out
	}
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, time.UTC); !m.After(to); m = m.AddDate(0, 1, 0) {
		out = append(out, fmt.Sprintf("%s%04d/%02d/", IndexPrefix, m.Year(), int(m.Month())))
	}
	return out
}

// indexDay reads the day of index/<yyyy>/<mm>/<dd>/<id>.json.
func indexDay(key string) (time.Time, bool) {
	parts := strings.Split(strings.TrimPrefix(key, IndexPrefix), "/")
	if len(parts) != 4 || !strings.HasSuffix(parts[3], ".json") {
		return time.Time{}, false
	}
	y, e1 := strconv.Atoi(parts[0])
	m, e2 := strconv.Atoi(parts[1])
	d, e3 := strconv.Atoi(parts[2])
	if e1 != nil || e2 != nil || e3 != nil {
		return time.Time{}, false
	}
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC), true
}

func dayInRange(day, from, to time.Time) bool {
	if !from.IsZero() && day.Add(24*time.Hour).Before(from.UTC()) {
		return false
	}
	if !to.IsZero() && day.After(to.UTC()) {
		return false
	}
	return true
}

// Locate returns the store key of a pack's manifest from its id, through the pack's claim in the chain log
// (two reads, whatever the size of the store). It returns store.ErrNotFound for an unknown id.
func Locate(ctx context.Context, st IndexStore, id string) (string, error) {
	if !ValidID(id) {
		return "", fmt.Errorf("locate pack %q: %w", id, store.ErrNotFound)
	}
	b, err := st.Get(ctx, claimPrefix+id+".json")
	if err != nil {
		return "", fmt.Errorf("locate pack %s: %w", id, err)
	}
	seq, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64)
	if err != nil {
		return "", fmt.Errorf("locate pack %s: claim: %w", id, err)
	}
	rb, err := st.Get(ctx, chainKey(seq))
	if err != nil {
		return "", fmt.Errorf("locate pack %s: %w", id, err)
	}
	var rec chainRecord
	if err := json.Unmarshal(rb, &rec); err != nil {
		return "", fmt.Errorf("locate pack %s: chain entry %d: %w", id, seq, err)
	}
	if rec.PackID != id {
		return "", fmt.Errorf("locate pack %s: chain entry %d belongs to %s", id, seq, rec.PackID)
	}
	return rec.ManifestKey, nil
}

// ValidID reports whether id can name a pack: letters, digits, '.', '_' and '-', at most 128 characters,
// not starting with a dot. Anything else (a slash, "..", a NUL) is refused before it reaches a store key.
func ValidID(id string) bool {
	if id == "" || len(id) > 128 || id[0] == '.' || strings.Contains(id, "..") {
		return false
	}
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '.', r == '_', r == '-':
		default:
			return false
		}
	}
	return true
}
