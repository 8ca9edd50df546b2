package evidence

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/store"
)

func TestIndexWrittenWithEveryPack(t *testing.T) {
	f := newFixture(t, "repository/a", "repository/b", "repository/a")
	ctx := context.Background()
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	entries, err := ReadIndex(ctx, f.store, day, day.Add(24*time.Hour-time.Nanosecond))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 {
		t.Fatalf("got %d entries; want 3", len(entries))
	}
	for _, e := range entries {
		key, err := Locate(ctx, f.store, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		mb, err := f.store.Get(ctx, key)
		if err != nil {
			t.Fatal(err)
		}
		if Digest(mb) != e.ManifestSHA256 || e.Key+ManifestFile != key {
			t.Errorf("entry %s: got digest %s at %s; want the manifest's %s at %s", e.ID, e.ManifestSHA256, e.Key, Digest(mb), key)
		}
	}
	if !EntryBefore(entries[0], entries[1]) {
		t.Error("entries are not newest first")
	}
	for name, from := range map[string]time.Time{"the day before": day.Add(-24 * time.Hour), "the next month": day.AddDate(0, 1, 0)} {
		es, err := ReadIndex(ctx, f.store, from, from.Add(24*time.Hour-time.Nanosecond))
		if err != nil || len(es) != 0 {
			t.Errorf("%s: got %d entries, %v; want none", name, len(es), err)
		}
	}
}

func TestReindexRebuildsTheIndex(t *testing.T) {
	f := newFixture(t, "repository/a", "repository/b")
	ctx := context.Background()
	before, err := ReadIndex(ctx, f.store, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(f.dir, "index")); err != nil {
		t.Fatal(err)
	}
	n, err := Reindex(ctx, f.store)
	if err != nil || n != 2 {
		t.Fatalf("got %d entries written, %v; want 2", n, err)
	}
	after, err := ReadIndex(ctx, f.store, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(after) != len(before) {
		t.Fatalf("got %d entries after reindexing; want %d", len(after), len(before))
	}
	for i := range after {
		if after[i].ID != before[i].ID || after[i].ManifestSHA256 != before[i].ManifestSHA256 || after[i].Key != before[i].Key {
			t.Errorf("entry %d: got %+v; want %+v", i, after[i], before[i])
		}
	}
	if n, _ := Reindex(ctx, f.store); n != 0 {
		t.Errorf("second reindex wrote %d entries; want 0", n)
	}
}

func TestVerifyDetectsAnEditedIndex(t *testing.T) {
	f := newFixture(t, "repository/a")
	p := filepath.Join(f.dir, filepath.FromSlash(IndexKey(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), f.packs[0].ID)))
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), `"status":"complete"`, `"status":"incomplete"`, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	v := f.verify(t)
	if v.OK() || !strings.Contains(v.Problems[0].Reason, "the index was edited") {
		t.Errorf("got %v; want the edited index entry named", v.Problems)
	}
}

func TestLocate(t *testing.T) {
	f := newFixture(t, "repository/a")
	ctx := context.Background()
	for _, id := range []string{"nope", "../keys", "a/b", "", ".hidden", strings.Repeat("x", 200)} {
		if _, err := Locate(ctx, f.store, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Locate(%q): got %v; want not found", id, err)
		}
	}
}

func TestValidID(t *testing.T) {
	cases := map[string]bool{
		"push-orders-0123abcd": true, "access-export-20261120T010000Z-ab12": true, "a.b_c-d": true,
		"": false, "..": false, "a..b": false, ".x": false, "a/b": false, `a\b`: false, "a b": false, "a\x00": false,
		"é": false, strings.Repeat("a", 129): false,
	}
	for id, want := range cases {
		if got := ValidID(id); got != want {
			t.Errorf("ValidID(%q): got %v; want %v", id, got, want)
		}
	}
}

func TestIndexPrefixes(t *testing.T) {
	d := func(s string) time.Time { t, _ := time.Parse("2006-01-02", s); return t }
	cases := []struct {
		name     string
		from, to time.Time
		want     string
	}{
		{"open", time.Time{}, time.Time{}, "index/"},
		{"one month", d("2026-11-03"), d("2026-11-20"), "index/2026/11/"},
		{"across a year end", d("2026-12-20"), d("2027-01-05"), "index/2026/12/ index/2027/01/"},
		{"reversed", d("2026-12-20"), d("2026-01-05"), ""},
		{"years", d("2020-01-01"), d("2026-01-01"), "index/2020/ index/2021/ index/2022/ index/2023/ index/2024/ index/2025/ index/2026/"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := strings.Join(indexPrefixes(tc.from, tc.to), " "); got != tc.want {
				t.Errorf("got %q; want %q", got, tc.want)
			}
		})
	}
}
