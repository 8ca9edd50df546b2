package portal

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/store"
)

// writeLargeStore lays out n packs over 2026 directly on disk, as the writer would (a pack folder of six
// files and an index entry each), without signing: listing never opens a pack.
func writeLargeStore(tb testing.TB, n int) *store.Local {
	tb.Helper()
	dir := tb.TempDir()
	st, err := store.NewLocal(dir)
	if err != nil {
		tb.Fatal(err)
	}
	controls := []string{"HIPAA/164.312(a)(1)", "HIPAA/164.312(a)(2)(iv)", "SOC2/CC6.1", "SOC2/CC6.6", "PCI-DSS-4.0/3.5.1", "PCI-DSS-4.0/4.2.1"}
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	put := func(key string, b []byte) {
		p := filepath.Join(dir, filepath.FromSlash(key))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	for i := 0; i < n; i++ {
		at := base.Add(time.Duration(i) * (365 * 24 * time.Hour / time.Duration(n)))
		id := fmt.Sprintf("push-orders-%06d", i)
		m := &evidence.Manifest{Schema: evidence.Schema, ID: id, Kind: "push", CreatedAt: at.Format(time.RFC3339Nano), Status: evidence.StatusComplete,
			Subject: map[string]any{"repository": fmt.Sprintf("repo-%d", i%20)}}
		for j, c := range controls {
			if (i+j)%3 == 0 {
				continue
			}
			status := evidence.ControlPass
			if (i+j)%7 == 0 {
				status = evidence.ControlFail
			}
			m.Controls = append(m.Controls, evidence.Control{ID: c, Status: status})
		}
		mb, _ := m.Encode()
		prefix := evidence.PackPrefix(at, id)
		for _, f := range []string{"manifest.sig", "controls.json", "report.html", "findings.sarif.json", "event.json"} {
			put(prefix+f, []byte("{}"))
		}
		put(prefix+evidence.ManifestFile, mb)
		e, _ := json.Marshal(evidence.NewIndexEntry(prefix, at, m, mb))
		put(evidence.IndexKey(at, id), e)
	}
	return st
}

// BenchmarkListMonthForControl lists one month's packs for one control in a store of 10,000 packs.
func BenchmarkListMonthForControl(b *testing.B) {
	st := writeLargeStore(b, 10000)
	h := (&Server{Store: st, PageSize: 500}).Handler()
	url := "/api/packs?from=2026-06-01&to=2026-06-30&control=HIPAA/164.312(a)(1)"
	b.Run("10000-packs", func(b *testing.B) {
		var got int
		for b.Loop() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", url, nil))
			if rec.Code != 200 {
				b.Fatalf("got %d", rec.Code)
			}
			var l Listing
			_ = json.Unmarshal(rec.Body.Bytes(), &l)
			got = len(l.Packs)
		}
		b.ReportMetric(float64(got), "packs/listing")
	})
}
