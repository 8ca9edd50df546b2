package forecast

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Source supplies the price table of a region: the embedded snapshot locally, the AWS Price List API
// behind a cache in the cloud. A region it has no prices for is an error wrapping ErrNoPrices, which the
// forecast reports as unpriced resources; any other error fails the forecast.
type Source interface {
	Prices(ctx context.Context, region string) (*PriceTable, error)
}

// Embedded is the Source of the embedded, dated snapshot (prices/<region>.json).
type Embedded struct{}

// Prices returns the embedded table of the region.
func (Embedded) Prices(_ context.Context, region string) (*PriceTable, error) {
	return LoadPrices(region)
}

// WithSource makes the service price from src instead of the embedded snapshot, and returns the service.
func (s *Service) WithSource(src Source) *Service {
	s.source = src
	return s
}

func (s *Service) loadPrices(ctx context.Context, region string) (*PriceTable, error) {
	if s.source == nil {
		return LoadPrices(region)
	}
	t, err := s.source.Prices(ctx, region)
	if err != nil {
		return nil, err
	}
	if t.Region != region {
		return nil, fmt.Errorf("prices for %s: the source returned region %q", region, t.Region)
	}
	return t, nil
}

// ParsePriceTable reads a price table in the schema of prices/<region>.json and checks every price, as
// the embedded snapshot is checked.
func ParsePriceTable(data []byte) (*PriceTable, error) { return parsePriceTable(data) }

// Encode renders the table in the layout of the embedded files: the header fields, then one price per line,
// so that a refreshed file diffs line by line against the one it replaces.
func (t *PriceTable) Encode() ([]byte, error) {
	var b bytes.Buffer
	line := func(v any) (string, error) {
		var lb bytes.Buffer
		enc := json.NewEncoder(&lb)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			return "", err
		}
		return string(bytes.TrimSpace(lb.Bytes())), nil
	}
	b.WriteString("{\n")
	for _, kv := range []struct {
		k string
		v any
	}{{"region", t.Region}, {"currency", t.Currency}, {"pricesAsOf", t.PricesAsOf}, {"note", t.Note}} {
		s, err := line(kv.v)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "  %q: %s,\n", kv.k, s)
	}
	writeList := func(name string, n int, item func(i int) any, last bool) error {
		fmt.Fprintf(&b, "  %q: [", name)
		for i := 0; i < n; i++ {
			s, err := line(item(i))
			if err != nil {
				return err
			}
			if i > 0 {
				b.WriteString(",")
			}
			b.WriteString("\n    " + s)
		}
		if n > 0 {
			b.WriteString("\n  ")
		}
		b.WriteString("]")
		if !last {
			b.WriteString(",")
		}
		b.WriteString("\n")
		return nil
	}
	if err := writeList("prices", len(t.Prices), func(i int) any { return t.Prices[i] }, false); err != nil {
		return nil, err
	}
	if err := writeList("ec2Instances", len(t.Instances), func(i int) any { return t.Instances[i] }, len(t.Omitted) == 0); err != nil {
		return nil, err
	}
	if len(t.Omitted) > 0 {
		if err := writeList("omitted", len(t.Omitted), func(i int) any { return t.Omitted[i] }, true); err != nil {
			return nil, err
		}
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

// CacheStore is the part of the work store the price cache uses.
type CacheStore interface {
	Get(ctx context.Context, key string) ([]byte, error)
	Put(ctx context.Context, key string, data []byte) error
}

// DefaultCacheTTL is how long a fetched price table is used before it is fetched again. List prices
// change a few times a year; a week keeps the Price List API out of almost every run.
const DefaultCacheTTL = 7 * 24 * time.Hour

// CacheKey is the store key of the cached table of a region.
func CacheKey(region string) string { return "prices/cache/" + region + ".json" }

// cacheEntry is the stored form of a cached table.
type cacheEntry struct {
	FetchedAt time.Time       `json:"fetchedAt"`
	Table     json.RawMessage `json:"table"`
}

// Cached is a Source that serves tables from Live through a cache in a store, fetching again once an entry
// is older than TTL. When Live fails, a stale entry is served rather than nothing, and without one the
// error stands: a forecast never silently falls back to prices of unknown age.
type Cached struct {
	Store CacheStore
	Live  Source
	// TTL defaults to DefaultCacheTTL.
	TTL time.Duration
	// Now defaults to time.Now.
	Now func() time.Time
}

// Prices returns the cached table of a region, refreshed from Live when missing or older than the TTL.
func (c *Cached) Prices(ctx context.Context, region string) (*PriceTable, error) {
	if !regionName.MatchString(region) {
		return nil, fmt.Errorf("region %q: %w", region, ErrNoPrices)
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	ttl := c.TTL
	if ttl <= 0 {
		ttl = DefaultCacheTTL
	}
	key := CacheKey(region)
	cached, fetchedAt, cerr := c.read(ctx, key, region)
	if cerr == nil && now().Sub(fetchedAt) < ttl {
		return cached, nil
	}
	live, err := c.Live.Prices(ctx, region)
	if err != nil {
		if cached != nil && !errors.Is(err, ErrNoPrices) {
			return cached, nil
		}
		return nil, fmt.Errorf("prices for %s: %w", region, err)
	}
	body, err := live.Encode()
	if err != nil {
		return nil, fmt.Errorf("encode prices for %s: %w", region, err)
	}
	entry, err := json.Marshal(cacheEntry{FetchedAt: now().UTC(), Table: body})
	if err != nil {
		return nil, fmt.Errorf("encode price cache %s: %w", key, err)
	}
	// A failed cache write costs only another fetch next time; the prices in hand are good.
	_ = c.Store.Put(ctx, key, entry)
	return live, nil
}

// read returns a cached table with its fetch time; an absent or unreadable entry is an error, and an
// unreadable one is simply fetched again.
func (c *Cached) read(ctx context.Context, key, region string) (*PriceTable, time.Time, error) {
	raw, err := c.Store.Get(ctx, key)
	if err != nil {
		return nil, time.Time{}, err
	}
	var e cacheEntry
	if err := json.Unmarshal(raw, &e); err != nil {
		return nil, time.Time{}, fmt.Errorf("price cache %s: %w", key, err)
	}
	t, err := ParsePriceTable(e.Table)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("price cache %s: %w", key, err)
	}
	if t.Region != region {
		return nil, time.Time{}, fmt.Errorf("price cache %s holds region %q", key, t.Region)
	}
	return t, e.FetchedAt, nil
}
