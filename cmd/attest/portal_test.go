package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for the command's goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

// TestPortalDownloadVerifies runs attest portal, downloads a pack and an export over HTTP as a browser would,
// and checks both with attest verify; each download leaves an access record in the store.
func TestPortalDownloadVerifies(t *testing.T) {
	dir := exportStore(t)
	var out, errb syncBuffer
	c := &cli{stdout: &out, stderr: &errb, getenv: func(k string) string { return map[string]string{"ATTEST_STORE": dir}[k] }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() { done <- c.main(ctx, []string{"portal", "--addr", "127.0.0.1:0"}) }()
	defer func() {
		cancel()
		if code := <-done; code != exitOK {
			t.Errorf("portal exited %d: %s", code, errb.String())
		}
	}()
	addr := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`)
	var base string
	for i := 0; i < 100 && base == ""; i++ {
		base = addr.FindString(out.String())
		time.Sleep(20 * time.Millisecond)
	}
	if base == "" {
		t.Fatalf("portal did not start: %q %q", out.String(), errb.String())
	}
	fetch := func(t *testing.T, path string) string {
		t.Helper()
		res, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", path, res.StatusCode, b)
		}
		f := filepath.Join(t.TempDir(), "download.zip")
		if err := os.WriteFile(f, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	for _, tc := range []struct{ name, path, want string }{
		{"pack", "api/packs/push-1/download", "1 packs"},
		{"export", "api/export?from=2026-11-01&to=2026-11-30&framework=HIPAA", "2 packs in an export"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fetch(t, tc.path)
			code, stdout, stderr := attest(t, map[string]string{"ATTEST_STORE": dir}, "verify", f)
			if code != exitOK || !strings.Contains(stdout, tc.want) {
				t.Errorf("attest verify: got exit %d %q %q; want OK with %q", code, stdout, stderr, tc.want)
			}
		})
	}
	code, stdout, _ := attest(t, map[string]string{"ATTEST_STORE": dir}, "verify", dir)
	if code != exitOK || !strings.Contains(stdout, "5 packs") {
		t.Errorf("store after two downloads: got exit %d %q; want 5 intact packs (3 + 2 access records)", code, stdout)
	}
}
