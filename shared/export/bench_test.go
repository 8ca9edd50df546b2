package export

import (
	"context"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/store"
)

// largeStore writes n signed packs with a payload of size bytes each into a local store (through an
// in-memory store, whose chain log is faster to append to, then copied to disk).
func largeStore(tb testing.TB, n, size int) (*store.Local, *evidence.LocalSigner) {
	tb.Helper()
	f := newFixture(tb)
	payload := make([]byte, size)
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range payload {
		payload[i] = byte(rng.Uint32()) // incompressible, as a zip of SARIF never is, to keep the test honest
	}
	for i := 0; i < n; i++ {
		status := "PASS"
		if i%5 == 0 {
			status = "FAIL"
		}
		f.pack(tb, "push-"+itoa(i), "push", "repo-"+itoa(i%10), day.Add(time.Duration(i)*time.Minute),
			[]finding.Evaluation{eval("s3-sse", status, "", hipaaE)}, map[string][]byte{"findings.sarif.json": payload})
	}
	dir := tb.TempDir()
	for k, b := range f.st.objs {
		p := filepath.Join(dir, filepath.FromSlash(k))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	st, err := store.NewLocal(dir)
	if err != nil {
		tb.Fatal(err)
	}
	return st, f.signer // the in-memory copy is dropped: the heap must only hold what the export holds
}

func itoa(i int) string {
	const digits = "0123456789"
	if i == 0 {
		return "0"
	}
	var b []byte
	for ; i > 0; i /= 10 {
		b = append([]byte{digits[i%10]}, b...)
	}
	return string(b)
}

// heapWatcher is an io.Writer that samples the live heap while an export streams through it.
type heapWatcher struct {
	n, next int64
	peak    uint64
}

func (h *heapWatcher) Write(p []byte) (int, error) {
	h.n += int64(len(p))
	if h.n >= h.next {
		h.next = h.n + 2<<20
		runtime.GC() // live heap, not garbage awaiting collection
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		h.peak = max(h.peak, ms.HeapInuse)
	}
	return len(p), nil
}

func (h *heapWatcher) peakOver(base uint64) uint64 {
	if h.peak < base {
		return 0
	}
	return h.peak - base
}

func heapNow() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// TestExportStreams exports 100 packs of 256 KiB each (25 MiB) and checks the heap never holds more than a
// fraction of them: packs are streamed, not gathered.
func TestExportStreams(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 100 packs")
	}
	const n, size = 100, 256 << 10
	st, signer := largeStore(t, n, size)
	base := heapNow()
	w := &heapWatcher{}
	m, err := (&Exporter{Store: st, Signer: signer}).Write(context.Background(), w, Request{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Packs) != n {
		t.Fatalf("got %d packs; want %d", len(m.Packs), n)
	}
	if w.n < n*size/2 {
		t.Fatalf("wrote %d bytes; want at least the packs' %d", w.n, n*size/2)
	}
	if grew := w.peakOver(base); grew > uint64(n*size/4) {
		t.Errorf("heap grew by %d bytes while streaming %d bytes of packs; want well under a quarter (packs are streamed, not gathered)", grew, n*size)
	}
}

// BenchmarkExport1000Packs streams an export of 1,000 packs of 64 KiB each from a local store.
func BenchmarkExport1000Packs(b *testing.B) {
	st, signer := largeStore(b, 1000, 64<<10)
	b.Run("1000-packs", func(b *testing.B) {
		var written int64
		var peak uint64
		for b.Loop() {
			base := heapNow()
			w := &heapWatcher{}
			if _, err := (&Exporter{Store: st, Signer: signer}).Write(context.Background(), w, Request{}); err != nil {
				b.Fatal(err)
			}
			written, peak = w.n, max(peak, w.peakOver(base))
		}
		b.ReportMetric(float64(written)/(1<<20), "MiB-zip")
		b.ReportMetric(float64(peak)/(1<<20), "MiB-peak-heap-growth")
	})
}

var _ io.Writer = (*heapWatcher)(nil)
