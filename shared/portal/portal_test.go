package portal

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/export"
	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/store"
)

type fixture struct {
	st     *store.Local
	keys   evidence.KeyRing
	signer *evidence.LocalSigner
	writer *evidence.Writer
	clock  time.Time
}

var start = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)

// newStore writes n packs alternating between push (HIPAA controls, the third one suppressed) and alarm kinds,
// an hour apart.
func newStore(t testing.TB, n int) *fixture {
	t.Helper()
	st, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	signer, err := evidence.LoadOrCreateLocalSigner(filepath.Join(t.TempDir(), "k.pem"))
	if err != nil {
		t.Fatal(err)
	}
	if err := evidence.PublishKey(context.Background(), st, signer.Public()); err != nil {
		t.Fatal(err)
	}
	f := &fixture{st: st, signer: signer, keys: evidence.KeyRing{}, clock: start}
	f.keys.Add(signer.Public())
	f.writer = &evidence.Writer{Store: st, Signer: signer, Now: func() time.Time { return f.clock }}
	for i := 0; i < n; i++ {
		f.clock = f.clock.Add(time.Hour)
		id := fmt.Sprintf("push-%c", 'a'+i)
		kind, subject := "push", map[string]any{"repository": "attest-sample", "reference": "refs/heads/main", "commit": "0123456789abcdef"}
		var evals []finding.Evaluation
		files := map[string][]byte{}
		switch {
		case i%2 == 1:
			id, kind, subject = fmt.Sprintf("alarm-%c", 'a'+i), "alarm", map[string]any{"alarm": "orders-errors"}
			files["explanation.json"] = []byte(`{"rootCause":{"id":"vpc-no-egress","title":"No route to the internet","summary":"The function's subnets have no NAT gateway.","confidence":"confirmed"},"fix":{"summary":"Add a NAT gateway."},"impact":{"summary":"Orders fail."},"evidence":[{"source":"ec2.describe-route-tables","fact":"no 0.0.0.0/0 route"}]}`)
		case i%4 == 2:
			evals = []finding.Evaluation{{RuleID: "s3-pab", ConfigRule: "s3-bucket-level-public-access-prohibited", Status: finding.StatusFail, Controls: []string{"HIPAA/164.312(a)(1)"}, ResourceType: "AWS::S3::Bucket", ResourceID: "Website",
				Suppression: &finding.Suppression{Kind: finding.SuppressionInSource, Justification: "public website, no PHI", Source: "Metadata.attest"}}}
		default:
			evals = []finding.Evaluation{{RuleID: "s3-pab", ConfigRule: "s3-bucket-level-public-access-prohibited", Status: finding.StatusFail, Controls: []string{"HIPAA/164.312(a)(1)"}, ResourceType: "AWS::S3::Bucket", ResourceID: "Uploads", Message: "public access is not blocked"}}
			files["forecast.json"] = []byte(`{"currency":"USD","totals":{"baseMonthlyUSD":1,"headMonthlyUSD":3.5,"deltaMonthlyUSD":2.5,"baseMonthlyKgCO2e":0,"headMonthlyKgCO2e":0.2,"deltaMonthlyKgCO2e":0.2}}`)
			files["cbom.cdx.json"] = []byte(`{"components":[{"type":"cryptographic-asset","name":"RSA-2048","cryptoProperties":{"assetType":"algorithm","algorithmProperties":{"primitive":"pke","nistQuantumSecurityLevel":0}},"evidence":{"occurrences":[{"location":"a.go"}]}}]}`)
		}
		controls := evidence.BuildControls(evals, nil)
		cb, _ := controls.Encode()
		files[evidence.ControlsFile] = cb
		if _, err := f.writer.Write(context.Background(), evidence.Input{ID: id, Kind: kind, Date: f.clock, Subject: subject, Stream: kind, Files: files, Controls: controls.Summary()}); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// server is the portal as attest portal runs it: exports, access records, a local principal.
func (f *fixture) server(t testing.TB) *Server {
	return &Server{Store: f.st, PageSize: 2, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), TempDir: t.TempDir(),
		Exporter: &export.Exporter{Store: f.st, Signer: f.signer, Now: func() time.Time { return f.clock }},
		Recorder: &export.Recorder{Writer: f.writer}, Now: func() time.Time { return f.clock }}
}

func (f *fixture) handler(t testing.TB) http.Handler {
	return AsPrincipal(f.server(t).Handler(), Principal{Username: "auditor"})
}

func get(t *testing.T, h http.Handler, url string) (*httptest.ResponseRecorder, Listing) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", url, nil))
	var l Listing
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		_ = json.Unmarshal(rec.Body.Bytes(), &l)
	}
	return rec, l
}

func TestListPacks(t *testing.T) {
	f := newStore(t, 5)
	h := f.handler(t)
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
		{"/api/packs?framework=HIPAA&status=suppressed", 200, []string{"push-c"}, false},
		{"/api/packs?status=fail", 200, []string{"push-e", "push-a"}, false},
		{"/api/packs?status=complete&kind=push&repo=other", 200, nil, false},
		{"/api/packs?framework=SOC2", 200, nil, false},
		{"/api/packs?from=2026-11-21", 200, nil, false},
		{"/api/packs?from=2026-11-20T02:30:00Z&to=2026-11-20T04:30:00Z", 200, []string{"alarm-d", "push-c"}, false},
		{"/api/packs?kind=bogus", 400, nil, false},
		{"/api/packs?framework=ISO", 400, nil, false},
		{"/api/packs?status=green", 400, nil, false},
		{"/api/packs?cursor=not-a-cursor!", 400, nil, false},
		{"/api/packs?from=yesterday", 400, nil, false},
		{"/api/packs?from=2026-11-22&to=2026-11-21", 400, nil, false},
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

func TestListingReadsOnlyTheIndex(t *testing.T) {
	f := newStore(t, 3)
	spy := &spyStore{Store: f.st}
	h := (&Server{Store: spy}).Handler()
	if rec, l := get(t, h, "/api/packs?from=2026-11-20&to=2026-11-20"); rec.Code != 200 || len(l.Packs) != 3 {
		t.Fatalf("got %d with %d packs; want 200 with 3", rec.Code, len(l.Packs))
	}
	for _, k := range spy.keys {
		if !strings.HasPrefix(k, evidence.IndexPrefix) {
			t.Errorf("listing read %s; want index objects only", k)
		}
	}
}

type spyStore struct {
	Store
	keys []string
}

func (s *spyStore) Get(ctx context.Context, k string) ([]byte, error) {
	s.keys = append(s.keys, k)
	return s.Store.Get(ctx, k)
}

func (s *spyStore) List(ctx context.Context, p string) ([]string, error) {
	s.keys = append(s.keys, p)
	return s.Store.List(ctx, p)
}

func TestPaginationVisitsEveryPackOnce(t *testing.T) {
	f := newStore(t, 5)
	h := f.handler(t)
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
		if pages == 0 {
			// A pack written between pages does not shift the next page.
			f.clock = f.clock.Add(time.Hour)
			if _, err := f.writer.Write(context.Background(), evidence.Input{ID: "late", Kind: "push", Date: f.clock, Stream: "push", Files: map[string][]byte{"x.json": []byte("{}")}}); err != nil {
				t.Fatal(err)
			}
		}
	}
	if len(seen) != 5 {
		t.Errorf("got %d distinct packs over all pages; want the 5 there were when listing began", len(seen))
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("pack %s listed %d times; want once", id, n)
		}
	}
}

func TestPackView(t *testing.T) {
	f := newStore(t, 3)
	h := f.handler(t)
	cases := []struct {
		id     string
		status int
		check  func(t *testing.T, v PackView)
	}{
		{"push-a", 200, func(t *testing.T, v PackView) {
			if len(v.Controls) != 1 || v.Controls[0].Status != evidence.ControlFail || len(v.Controls[0].Evaluations) != 1 {
				t.Errorf("got controls %+v; want one failing control with its evaluation", v.Controls)
			}
			if v.Forecast == nil || v.CBOM == nil || v.CBOM.Assets != 1 || v.CBOM.Algorithms[0].Name != "RSA-2048" {
				t.Errorf("got forecast %v cbom %+v; want both summarized", v.Forecast, v.CBOM)
			}
		}},
		{"alarm-b", 200, func(t *testing.T, v PackView) {
			if rc, _ := v.Explanation["rootCause"].(map[string]any); rc["id"] != "vpc-no-egress" {
				t.Errorf("got explanation %v; want its root cause", v.Explanation)
			}
		}},
		{"push-c", 200, func(t *testing.T, v PackView) {
			if v.Controls[0].Status != evidence.ControlSuppressed || v.Controls[0].Evaluations[0].Suppression == nil {
				t.Errorf("got %+v; want the suppressed control with its justification", v.Controls[0])
			}
		}},
		{"nope", 404, nil},
		{"..", 400, nil},
		{"a%2F..%2F..%2Fkeys", 400, nil},
		{"%00", 400, nil},
	}
	for _, tc := range cases {
		t.Run(tc.id, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/packs/"+tc.id, nil))
			if rec.Code != tc.status {
				t.Fatalf("got %d; want %d (%s)", rec.Code, tc.status, rec.Body)
			}
			if tc.check != nil {
				var v PackView
				if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
					t.Fatal(err)
				}
				tc.check(t, v)
			}
		})
	}
}

func TestDownloadVerifiesAndIsRecorded(t *testing.T) {
	f := newStore(t, 1)
	h := f.handler(t)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/packs/push-a/download", nil))
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "application/zip" {
		t.Fatalf("got %d %s; want a zip", rec.Code, rec.Header().Get("Content-Type"))
	}
	zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	v, err := evidence.Verify(zr, f.keys, false)
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() || v.Packs != 1 {
		t.Errorf("got %d packs with problems %v; want 1 intact pack", v.Packs, v.Problems)
	}
	_, l := get(t, h, "/api/packs?kind=export")
	if len(l.Packs) != 1 || l.Packs[0].Subject["who"] != "auditor" || l.Packs[0].Subject["pack"] != "push-a" {
		t.Errorf("got access records %+v; want one naming auditor and push-a", l.Packs)
	}
	// Without a principal nothing leaves unrecorded.
	rec = httptest.NewRecorder()
	f.server(t).Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/api/packs/push-a/download", nil))
	if rec.Code != http.StatusForbidden {
		t.Errorf("download without a principal: got %d; want 403", rec.Code)
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/packs/nope/download", nil))
	if rec.Code != 404 {
		t.Errorf("unknown pack: got %d; want 404", rec.Code)
	}
}

func TestExportEndpoint(t *testing.T) {
	f := newStore(t, 4)
	h := f.handler(t)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/export?from=2026-11-20&to=2026-11-20&framework=hipaa", nil))
	if rec.Code != 200 {
		t.Fatalf("got %d (%s); want a zip", rec.Code, rec.Body)
	}
	zr, err := zip.NewReader(bytes.NewReader(rec.Body.Bytes()), int64(rec.Body.Len()))
	if err != nil {
		t.Fatal(err)
	}
	v, err := export.Verify(zr, f.keys)
	if err != nil || !v.OK() || v.Packs != 2 {
		t.Fatalf("got %+v %v; want an intact export of the 2 HIPAA packs", v, err)
	}
	_, l := get(t, h, "/api/packs?kind=export")
	if len(l.Packs) != 1 || l.Packs[0].Subject["action"] != "export" || l.Packs[0].Subject["framework"] != "HIPAA" {
		t.Errorf("got access records %+v; want the export recorded", l.Packs)
	}
	for _, bad := range []string{"/api/export?framework=ISO", "/api/export?from=x"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", bad, nil))
		if rec.Code != 400 {
			t.Errorf("%s: got %d; want 400", bad, rec.Code)
		}
	}
}

func TestPageIsSelfContained(t *testing.T) {
	rec := httptest.NewRecorder()
	(&Server{}).Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	body := rec.Body.String()
	for _, bad := range []string{"http://", "https://", "src=", "@import"} {
		if strings.Contains(body, bad) {
			t.Errorf("page contains %q: it must load nothing from elsewhere", bad)
		}
	}
	if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("got CSP %q; want only this origin", csp)
	}
	// Every form control has a label.
	for _, id := range []string{"f-from", "f-to", "f-kind", "f-framework", "f-control", "f-repo", "f-status", "x-from", "x-to", "x-framework"} {
		if !strings.Contains(body, `<label for="`+id+`"`) || !strings.Contains(body, `id="`+id+`"`) {
			t.Errorf("control %s has no label", id)
		}
	}
}

// fakeOutbox keeps what it is given and answers with a URL, as the S3 outbox does.
type fakeOutbox struct{ got map[string][]byte }

func (o *fakeOutbox) Deliver(_ context.Context, name string, f *os.File) (string, error) {
	b, err := os.ReadFile(f.Name())
	if err != nil {
		return "", err
	}
	o.got[name] = b
	return "https://bucket.s3.example/" + name + "?X-Amz-Expires=600", nil
}

func TestDeliveryThroughOutbox(t *testing.T) {
	f := newStore(t, 2)
	srv := f.server(t)
	box := &fakeOutbox{got: map[string][]byte{}}
	srv.Outbox = box
	h := AsPrincipal(srv.Handler(), Principal{Subject: "sub-1", Username: "dana"})
	cases := []struct {
		name, url, accept string
		status            int
		file              string
	}{
		{"download redirects", "/api/packs/push-a/download", "", http.StatusFound, "push-a.zip"},
		{"download for the page", "/api/packs/push-a/download", "application/json", http.StatusOK, "push-a.zip"},
		{"export redirects", "/api/export?from=2026-11-20&to=2026-11-20", "", http.StatusFound, ".zip"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", tc.url, nil)
			if tc.accept != "" {
				req.Header.Set("Accept", tc.accept)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Fatalf("got %d (%s); want %d", rec.Code, rec.Body, tc.status)
			}
			loc := rec.Header().Get("Location")
			if tc.status == http.StatusOK {
				var body map[string]string
				_ = json.Unmarshal(rec.Body.Bytes(), &body)
				loc = body["url"]
			}
			if !strings.HasPrefix(loc, "https://bucket.s3.example/") || !strings.Contains(loc, tc.file) {
				t.Errorf("got URL %q; want the outbox's URL for %s", loc, tc.file)
			}
		})
	}
	if b := box.got["push-a.zip"]; len(b) == 0 {
		t.Fatal("the outbox got no pack zip")
	} else if zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b))); err != nil {
		t.Fatal(err)
	} else if v, err := evidence.Verify(zr, f.keys, false); err != nil || !v.OK() {
		t.Errorf("delivered pack: %v %v; want intact", v, err)
	}
}
