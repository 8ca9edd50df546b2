package portal

import (
	"archive/zip"
	"context"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/export"
	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
)

// chromium finds the browser; CI installs Debian's chromium and must not skip.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed; the test command installs it (Debian package chromium)")
	}
	t.Skip("chromium is not installed")
	return ""
}

// TestPortalInChromium drives the page in headless Chromium as an auditor would: filter, open a pack and
// read its controls, download it and verify the download, then export a period and verify the export.
func TestPortalInChromium(t *testing.T) {
	bin := chromium(t)
	f := newStore(t, 5)
	srv := httptest.NewServer(f.handler(t))
	defer srv.Close()

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(bin),
		chromedp.NoSandbox, chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()), chromedp.Flag("disable-quic", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()

	downloads := t.TempDir()
	// The first action starts the browser; it runs without the timeout, which would stop the browser.
	if err := chromedp.Do(ctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	ctx, cancelT := context.WithTimeout(ctx, 90*time.Second)
	defer cancelT()
	completed := make(chan string, 4)
	go func() {
		for ev, err := range chromedp.Events(ctx, browser.DownloadProgress) {
			if err != nil {
				return
			}
			if ev.State == browser.DownloadProgressStateCompleted {
				completed <- ev.GUID
			}
		}
	}()
	waitDownload := func(t *testing.T) string {
		t.Helper()
		select {
		case guid := <-completed:
			return filepath.Join(downloads, guid)
		case <-time.After(30 * time.Second):
			t.Fatal("no download completed")
		}
		return ""
	}
	eval := func(t *testing.T, js string) any {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[any](js))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	err := chromedp.Do(ctx,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: downloads, EventsEnabled: ptr(true)})
			return err
		}),
		chromedp.Navigate(srv.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS(`tr[data-pack="push-e"]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if rows := eval(t, `document.querySelectorAll('tr[data-pack]').length`); rows != float64(2) {
		t.Errorf("first page: got %v rows; want the page size, 2", rows)
	}

	t.Run("filter", func(t *testing.T) {
		err := chromedp.Do(ctx,
			chromedp.SetValue(chromedp.CSS(`#f-framework`), "HIPAA"),
			chromedp.SetValue(chromedp.CSS(`#f-status`), "suppressed"),
			chromedp.Click(chromedp.CSS(`#filters button[type=submit]`)),
			chromedp.WaitNotPresent(chromedp.CSS(`tr[data-pack="push-e"]`)),
			chromedp.WaitVisible(chromedp.CSS(`tr[data-pack="push-c"]`)),
		)
		if err != nil {
			t.Fatal(err)
		}
		if ids := eval(t, `[...document.querySelectorAll('tr[data-pack]')].map(r => r.dataset.pack).join(',')`); ids != "push-c" {
			t.Errorf("got rows %v; want only the suppressed HIPAA pack push-c", ids)
		}
	})

	t.Run("open a pack", func(t *testing.T) {
		err := chromedp.Do(ctx,
			chromedp.Click(chromedp.CSS(`tr[data-pack="push-c"] button.open`)),
			chromedp.WaitVisible(chromedp.CSS(`#view-download`)),
		)
		if err != nil {
			t.Fatal(err)
		}
		text, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(`#view`)))
		if err != nil {
			t.Fatal(err)
		}
		focused := eval(t, `document.activeElement.id`)
		for _, want := range []string{"Pack push-c", "HIPAA/164.312(a)(1)", "suppressed", "public website, no PHI", "controls.json"} {
			if !strings.Contains(text, want) {
				t.Errorf("pack view lacks %q:\n%s", want, text)
			}
		}
		if focused != "view" {
			t.Errorf("focus is on %q after opening; want the pack view, for keyboard and screen reader users", focused)
		}
	})

	t.Run("download and verify", func(t *testing.T) {
		if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#view-download`))); err != nil {
			t.Fatal(err)
		}
		file := waitDownload(t)
		zr, err := zip.OpenReader(file)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		v, err := evidence.Verify(zr, f.keys, false)
		if err != nil {
			t.Fatal(err)
		}
		if !v.OK() || v.Packs != 1 {
			t.Errorf("downloaded pack: got %d packs, problems %v; want 1 intact pack", v.Packs, v.Problems)
		}
	})

	t.Run("export a period and verify", func(t *testing.T) {
		err := chromedp.Do(ctx,
			chromedp.SetValue(chromedp.CSS(`#x-from`), "2026-11-20"),
			chromedp.SetValue(chromedp.CSS(`#x-to`), "2026-11-20"),
			chromedp.SetValue(chromedp.CSS(`#x-framework`), "HIPAA"),
			chromedp.Click(chromedp.CSS(`#export button[type=submit]`)),
		)
		if err != nil {
			t.Fatal(err)
		}
		file := waitDownload(t)
		zr, err := zip.OpenReader(file)
		if err != nil {
			t.Fatal(err)
		}
		defer zr.Close()
		v, err := export.Verify(zr, f.keys)
		if err != nil {
			t.Fatal(err)
		}
		if !v.OK() || v.Packs != 3 {
			t.Errorf("export: got %d packs, problems %v; want the 3 HIPAA packs intact", v.Packs, v.Problems)
		}
	})

	t.Run("keyboard", func(t *testing.T) {
		// Tab moves through the labelled filters in order; Enter on Open opens the pack view and moves focus
		// to it; Escape closes it and returns focus to the list.
		eval(t, `document.getElementById('view-close').click(); document.getElementById('f-control').focus()`)
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\t")); err != nil {
			t.Fatal(err)
		}
		if got := eval(t, `document.activeElement.id`); got != "f-repo" {
			t.Errorf("Tab from Control went to %q; want Repository", got)
		}
		eval(t, `document.querySelector('button.open').focus()`)
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.CSS(`#view-download`))); err != nil {
			t.Fatal(err)
		}
		if got := eval(t, `document.activeElement.id`); got != "view" {
			t.Errorf("Enter on Open left focus on %q; want the pack view", got)
		}
		if err := chromedp.Do(ctx, chromedp.KeyEvent("\u001b")); err != nil {
			t.Fatal(err)
		}
		if hidden := eval(t, `document.getElementById('view').hidden`); hidden != true {
			t.Error("Escape did not close the pack view")
		}
		if got := eval(t, `document.activeElement.className`); got != "open" {
			t.Errorf("after Escape focus is on %q; want back on an Open button", got)
		}
	})
}

func ptr[T any](v T) *T { return &v }
