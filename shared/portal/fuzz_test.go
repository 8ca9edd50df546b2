package portal

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/evidence"
)

func FuzzDecodeCursor(f *testing.F) {
	f.Add(encodeCursor(evidence.IndexEntry{Time: "2026-11-20T01:00:00Z", CreatedAt: "2026-11-20T01:00:01Z", ID: "push-a"}))
	f.Add("not-a-cursor!")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		e, err := decodeCursor(s)
		if err == nil && e != nil && e.ID == "" {
			t.Fatalf("accepted a cursor without a position: %q", s)
		}
	})
}

func FuzzGroups(f *testing.F) {
	for _, s := range []string{"[auditors]", `["a","auditors"]`, "[a b]", "", "[", `["\u0000"]`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, g := range Groups(s) {
			if g == "" || strings.ContainsAny(g, " ,") && !strings.HasPrefix(strings.TrimSpace(s), `["`) {
				t.Fatalf("Groups(%q) gave %q", s, g)
			}
		}
	})
}

// FuzzQuery sends arbitrary listing queries: every one is answered (200 or 400), never a panic or a 500.
func FuzzQuery(f *testing.F) {
	fx := newStore(f, 3)
	h := fx.handler(f)
	for _, q := range []string{"kind=push", "from=2026-11-20&to=2026-11-21", "control=HIPAA/164.312(a)(1)", "cursor=x", "status=fail&framework=SOC2"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if strings.ContainsAny(q, " #\x7f") || strings.ContainsFunc(q, func(r rune) bool { return r < 0x20 || r > 0x7e }) {
			return // not a request line a client can send
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", "/api/packs?"+q, nil))
		if rec.Code != 200 && rec.Code != 400 {
			t.Fatalf("query %q: got %d (%s)", q, rec.Code, rec.Body)
		}
	})
}
