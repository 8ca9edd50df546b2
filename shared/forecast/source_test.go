package forecast_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/forecast"
	"github.com/attestdev/attest/shared/store"
)

// liveStub is a Source that counts its calls and can fail.
type liveStub struct {
	calls int
	err   error
	usd   float64
}

func (l *liveStub) Prices(_ context.Context, region string) (*forecast.PriceTable, error) {
	l.calls++
	if l.err != nil {
		return nil, l.err
	}
	t, err := forecast.LoadPrices("us-east-1")
	if err != nil {
		return nil, err
	}
	t.PricesAsOf = "2026-11-0" + string(rune('0'+l.calls))
	for i := range t.Prices {
		if t.Prices[i].ID == "natgateway.hours" {
			t.Prices[i].USD = l.usd
		}
	}
	b, err := t.Encode()
	if err != nil {
		return nil, err
	}
	return forecast.ParsePriceTable(b)
}

func TestCachedSource(t *testing.T) {
	ctx := context.Background()
	day := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name      string
		prime     bool          // fetch once first, at day
		after     time.Duration // then ask again this much later
		liveErr   error
		wantCalls int
		wantAsOf  string
		wantErr   error
	}{
		{"first use fetches and caches", false, 0, nil, 1, "2026-11-01", nil},
		{"fresh entry is served from the cache", true, 6 * 24 * time.Hour, nil, 1, "2026-11-01", nil},
		{"entry older than seven days is fetched again", true, 7*24*time.Hour + time.Minute, nil, 2, "2026-11-02", nil},
		{"stale entry is served when the API fails", true, 30 * 24 * time.Hour, errors.New("throttled"), 2, "2026-11-01", nil},
		{"no entry and a failing API is an error", false, 0, errors.New("access denied"), 1, "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st, err := store.NewLocal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			live := &liveStub{usd: 0.05}
			now := day
			c := &forecast.Cached{Store: st, Live: live, Now: func() time.Time { return now }}
			if tc.prime {
				if _, err := c.Prices(ctx, "us-east-1"); err != nil {
					t.Fatal(err)
				}
			}
			now = day.Add(tc.after)
			live.err = tc.liveErr
			got, err := c.Prices(ctx, "us-east-1")
			if live.calls != tc.wantCalls {
				t.Errorf("got %d Price List fetches; want %d", live.calls, tc.wantCalls)
			}
			if tc.wantAsOf == "" {
				if err == nil || !strings.Contains(err.Error(), tc.liveErr.Error()) {
					t.Errorf("got %v; want the API's error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.PricesAsOf != tc.wantAsOf {
				t.Errorf("got prices as of %s; want %s", got.PricesAsOf, tc.wantAsOf)
			}
			if p, _ := got.Lookup("natgateway.hours"); p.USD != 0.05 {
				t.Errorf("got natgateway.hours $%v; want the live $0.05", p.USD)
			}
			if _, err := st.Get(ctx, forecast.CacheKey("us-east-1")); err != nil {
				t.Errorf("cache entry: %v", err)
			}
		})
	}
}

func TestCachedSourceRejectsBadRegion(t *testing.T) {
	st, _ := store.NewLocal(t.TempDir())
	live := &liveStub{}
	_, err := (&forecast.Cached{Store: st, Live: live}).Prices(context.Background(), "../etc")
	if !errors.Is(err, forecast.ErrNoPrices) || live.calls != 0 {
		t.Errorf("got %v after %d calls; want ErrNoPrices before any fetch", err, live.calls)
	}
}

func TestCorruptCacheIsRefetched(t *testing.T) {
	ctx := context.Background()
	st, _ := store.NewLocal(t.TempDir())
	if err := st.Put(ctx, forecast.CacheKey("us-east-1"), []byte(`{"fetchedAt":"2099-01-01T00:00:00Z","table":{"region":"us-east-1"}}`)); err != nil {
		t.Fatal(err)
	}
	live := &liveStub{usd: 0.05}
	if _, err := (&forecast.Cached{Store: st, Live: live}).Prices(ctx, "us-east-1"); err != nil || live.calls != 1 {
		t.Errorf("got %v after %d fetches; want one fetch replacing the unreadable entry", err, live.calls)
	}
}
