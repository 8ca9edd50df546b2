package portal

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/store"
)

// newStore writes n packs alternating between push and alarm kinds.
func newStore(t *testing.T, n int) (string, *store.Local) {
	t.Helper()
	dir := t.TempDir()
	st, err := store.NewLocal(dir)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := evidence.LoadOrCreateLocalSigner(filepath.Join(t.TempDir(), "k.pem"))
	if err != nil {
		t.Fatal(err)
	}
	clock := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	if err := evidence.PublishKey(context.Background(), st, signer.Public()); err != nil {
		t.Fatal(err)
	}
	w := &evidence.Writer{Store: st, Signer: signer, Now: func() time.Time { clock = clock.Add(time.Hour); return clock }}
	for i := 0; i < n; i++ {
		kind, subject, controls := "push", map[string]any{"repository": "attest-sample"}, []evidence.Control{{ID: "HIPAA/164.312(a)(1)", Status: "fail", Findings: 1}}
		if i%2 == 1 {
			kind, subject, controls = "alarm", map[string]any{"alarm": "orders-errors"}, nil
		}
		if _, err := w.Write(context.Background(), evidence.Input{ID: kind + "-" + string(rune('a'+i)), Kind: kind, Date: clock, Subject: subject, Stream: kind, Files: map[string][]byte{"x.json": []byte("{}")}, Controls: controls}); err != nil {
			t.Fatal(err)
		}
	}
	return dir, st
}

type listing struct {
	Packs []PackSummary `json:"packs"`
	Next  string        `json:"next"`
}

func get(t *testing.T, h http.Handler, url string) (*httptest.ResponseRecorder, listing) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", url, nil))
	var l listing
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		_ = json.Unmarshal(rec.Body.Bytes(), &l)
	}
	return rec, l
}

func TestListPacks(t *testing.T) {
	_, st := newStore(t, 5)
	h := (&Server{Store: st, PageSize: 2}).Handler()
	cases := []struct {
		url     string
		status  int
		wantIDs []string
		next    bool
	}{
		{"/api/packs", 200, []string{"push-e", "alarm-d"}, true},
		{"/api/packs?kind=alarm", 200, []string{"alarm-d", "alarm-b"}, false},
		{"/api/packs?framework=hipaa", 200, []string{"push-e", "push-c"}, true},
		{"/api/packs?control=HIPAA/164.312(a)(1)&repo=attest-sample", 200, []string{"push-e", "push-c"}, true},
		{"/api/packs?framework=SOC2", 200, nil, false},
		{"/api/packs?from=2026-11-21", 200, nil, false},
		{"/api/packs?kind=bogus", 400, nil, false},
		{"/api/packs?cursor=not-a-cursor!", 400, nil, false},
		{"/api/packs?from=yesterday", 400, nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.url, func(t *testing.T) {
			rec, l := get(t, h, tc.url)
			if rec.Code != tc.status {
				t.Fatalf("got status %d; want %d (%s)", rec.Code, tc.status, rec.Body)
			}
			var ids []string
			for _, p := range l.Packs {
				ids = append(ids, p.ID)
			}
			if strings.Join(ids, ",") != strings.Join(tc.wantIDs, ",") {
				t.Errorf("got packs %v; want %v", ids, tc.wantIDs)
			}
			if (l.Next != "") != tc.next {
				t.Errorf("got next %q; want next: %v", l.Next, tc.next)
			}
		})
	}
}

func TestPaginationVisitsEveryPackOnce(t *testing.T) {
	_, st := newStore(t, 5)
	h := (&Server{Store: st, PageSize: 2}).Handler()
	seen := map[string]int{}
	url := "/api/packs"
	for pages := 0; pages < 10; pages++ {
		_, l := get(t, h, url)
		for _, p := range l.Packs {
			seen[p.ID]++
		}
		if l.Next == "" {
			break
		}
		url = "/api/packs?cursor=" + l.Next
	}
	if len(seen) != 5 {
		t.Errorf("got %d distinct packs over all pages; want 5", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("pack %s listed %d times; want once", id, n)
		}
	}
}

func TestDownloadVerifies(t *testing.T) {
	_, st := newStore(t, 1)
	h := (&Server{Store: st}).Handler()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/packs/push-a/download", nil))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/zip" {
		t.Fatalf("got %d %s; want a zip", rec.Code, rec.Header().Get("Content-Type"))
	}
	zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	ring, err := evidence.LoadKeys(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	v, err := evidence.Verify(zr, ring, false)
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() || v.Packs != 1 {
		t.Errorf("got %d packs with problems %v; want 1 intact pack", v.Packs, v.Problems)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/packs/nope/download", nil))
	if rec.Code != 404 {
		t.Errorf("unknown pack: got %d; want 404", rec.Code)
	}
}

// TestPageInChromium loads the portal page in headless Chromium and checks that the script rendered a row per
// pack from the API.
func TestPageInChromium(t *testing.T) {
	bin := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium is not installed; the test command installs it (Debian package chromium)")
		}
		t.Skip("chromium is not installed")
	}
	_, st := newStore(t, 3)
	srv := httptest.NewServer((&Server{Store: st}).Handler())
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir="+t.TempDir(),
		"--virtual-time-budget=5000", "--dump-dom", srv.URL+"/")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v: %s", err, stderr.String())
	}
	dom := string(out)
	for _, id := range []string{"push-a", "alarm-b", "push-c"} {
		if !strings.Contains(dom, `data-pack="`+id+`"`) {
			t.Errorf("rendered page has no row for pack %s", id)
		}
	}
	if strings.Contains(dom, "Loading…") {
		t.Error("rendered page still says Loading…")
	}
}
