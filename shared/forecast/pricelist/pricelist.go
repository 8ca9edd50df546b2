package pricelist

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/service/pricing"
	"github.com/aws/aws-sdk-go-v2/service/pricing/types"
	"golang.org/x/sync/errgroup"

	"github.com/attestdev/attest/shared/forecast"
)

// Endpoint region of the Price List API: it answers for every region from us-east-1.
const Endpoint = "us-east-1"

// API is the part of the Pricing client the adapter calls.
type API interface {
	GetProducts(ctx context.Context, in *pricing.GetProductsInput, optFns ...func(*pricing.Options)) (*pricing.GetProductsOutput, error)
}

// NewAPI returns a Pricing client for the Price List endpoint, retrying throttling with the standard
// backoff a few more times than the default, since a refresh makes a burst of calls.
func NewAPI(cfg aws.Config, optFns ...func(*pricing.Options)) *pricing.Client {
	opts := append([]func(*pricing.Options){func(o *pricing.Options) {
		o.Region = Endpoint
		o.Retryer = retry.NewStandard(func(so *retry.StandardOptions) { so.MaxAttempts = 6 })
	}}, optFns...)
	return pricing.NewFromConfig(cfg, opts...)
}

// maxPages bounds the pages read for one product query; a precise filter yields one page.
const maxPages = 20

// Client builds price tables from the Price List API. It is a forecast.Source.
type Client struct {
	API API
	// Template lists the price ids and instance types to fetch; nil means the embedded snapshot of the
	// default region, whose figures are also kept for ids the catalog does not cover in that region.
	Template *forecast.PriceTable
	// Now defaults to time.Now; it dates the table and every price in it.
	Now func() time.Time
}

// ErrNotFound is wrapped when the Price List has no product for a price in a region.
var ErrNotFound = errors.New("no matching product in the price list")

// Prices fetches the table of a region. A price the Price List has no product for in that region (an
// instance type not offered there) keeps the region's embedded figure when there is one, and is otherwise
// left out; either way the table's note names it.
func (c *Client) Prices(ctx context.Context, region string) (*forecast.PriceTable, error) {
	tmpl := c.Template
	if tmpl == nil {
		var err error
		if tmpl, err = forecast.LoadPrices(forecast.DefaultRegion); err != nil {
			return nil, fmt.Errorf("price list template: %w", err)
		}
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	day := now().UTC()
	source := "AWS Price List API GetProducts, " + day.Format(time.DateOnly)
	out := forecast.PriceTable{Region: region, Currency: "USD", PricesAsOf: day.Format(time.DateOnly)}
	// Ids the catalog does not map keep the region's own embedded figure, when it has one.
	regional := tmpl
	if region != tmpl.Region {
		regional, _ = forecast.LoadPrices(region)
	}
	// Fetch every mapped price and instance type, a few queries at a time.
	type job struct {
		what string
		prod product
		usd  float64
		err  error
	}
	var jobs []*job
	priceJob := map[string]*job{}
	for _, p := range tmpl.Prices {
		if prod, ok := catalog[p.ID]; ok {
			j := &job{what: "price " + p.ID, prod: prod}
			priceJob[p.ID] = j
			jobs = append(jobs, j)
		}
	}
	instanceJob := map[string]*job{}
	for _, ip := range tmpl.Instances {
		j := &job{what: "instance " + ip.Type, prod: instanceProduct(ip.Type)}
		instanceJob[ip.Type] = j
		jobs = append(jobs, j)
	}
	q := &queries{client: c, region: region, done: map[string]*query{}}
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(Concurrency)
	for _, j := range jobs {
		g.Go(func() error {
			j.usd, j.err = q.price(gctx, j.prod)
			if j.err != nil && !errors.Is(j.err, ErrNotFound) {
				return fmt.Errorf("%s in %s: %w", j.what, region, j.err)
			}
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}

	var kept, absent []string
	for _, p := range tmpl.Prices {
		j, ok := priceJob[p.ID]
		if !ok {
			if rp, found := regional.Lookup(p.ID); found {
				out.Prices = append(out.Prices, rp)
				kept = append(kept, p.ID)
			} else {
				out.Omitted = append(out.Omitted, forecast.Omission{ID: p.ID, Reason: "no Price List product is mapped for this price yet, and no figure for " + region + " is embedded; another region's figure is not used"})
			}
			continue
		}
		if j.err != nil {
			// No product matched: the service may not be offered in the region, or the Price List renamed an
			// attribute. The region's own embedded figure, if any, stands (unverified, as it was); nothing
			// else does.
			absent = append(absent, p.ID)
			if rp, found := regional.Lookup(p.ID); found {
				out.Prices = append(out.Prices, rp)
			} else {
				out.Omitted = append(out.Omitted, forecast.Omission{ID: p.ID, Reason: "the AWS Price List has no matching product in " + region})
			}
			continue
		}
		p.USD, p.Source, p.AsOf, p.Verified = j.usd, source, day.Format("2006-01"), true
		out.Prices = append(out.Prices, p)
	}
	for _, ip := range tmpl.Instances {
		j := instanceJob[ip.Type]
		if j.err != nil {
			absent = append(absent, ip.Type)
			if rp, found := regional.Instance(ip.Type); found {
				out.Instances = append(out.Instances, rp)
			}
			continue
		}
		out.Instances = append(out.Instances, forecast.InstancePrice{Type: ip.Type, HourlyUSD: j.usd, Source: source, AsOf: day.Format("2006-01"), Verified: true})
	}
	out.Note = "On-demand list prices from the AWS Price List API (pricing:GetProducts), fetched " + day.Format(time.DateOnly) + "."
	if len(kept) > 0 {
		out.Note += fmt.Sprintf(" %d prices without a mapped Price List product are kept from the embedded snapshot of %s.", len(kept), region)
	}
	if len(absent) > 0 {
		out.Note += " No matching Price List product in " + region + " (the embedded figure kept where there is one): " + strings.Join(absent, ", ") + "."
	}
	// Round-trip through the parser, so a refreshed table meets every check the embedded one does.
	b, err := out.Encode()
	if err != nil {
		return nil, fmt.Errorf("encode prices for %s: %w", region, err)
	}
	t, err := forecast.ParsePriceTable(b)
	if err != nil {
		return nil, fmt.Errorf("prices for %s from the price list: %w", region, err)
	}
	return t, nil
}

// Concurrency is how many GetProducts queries a refresh runs at once; the API throttles bursts, and the
// client retries throttling with backoff.
const Concurrency = 4

// queries runs each distinct product query of a refresh once (NAT hours and NAT data share one), however
// many prices read it.
type queries struct {
	client *Client
	region string
	mu     sync.Mutex
	done   map[string]*query
}

type query struct {
	once  sync.Once
	items []Item
	err   error
}

// price returns the USD price, in the table's unit, of the one product of a query that matches.
func (q *queries) price(ctx context.Context, prod product) (float64, error) {
	key := prod.serviceCode
	for _, f := range prod.filters {
		key += "\x00" + f[0] + "=" + f[1]
	}
	q.mu.Lock()
	r, ok := q.done[key]
	if !ok {
		r = &query{}
		q.done[key] = r
	}
	q.mu.Unlock()
	r.once.Do(func() { r.items, r.err = q.client.products(ctx, q.region, prod) })
	if r.err != nil {
		return 0, r.err
	}
	var matches []Item
	for _, it := range r.items {
		if it.matchesUsageType(prod.usageType) {
			matches = append(matches, it)
		}
	}
	switch len(matches) {
	case 0:
		return 0, fmt.Errorf("%s %s: %w", prod.serviceCode, prod.usageType, ErrNotFound)
	case 1:
	default:
		skus := make([]string, len(matches))
		for i, m := range matches {
			skus[i] = m.SKU
		}
		return 0, fmt.Errorf("%s %s: %d products match (%s); refusing to pick one", prod.serviceCode, prod.usageType, len(matches), strings.Join(skus, ", "))
	}
	d, err := matches[0].listPrice(prod.units)
	if err != nil {
		return 0, err
	}
	// Twelve significant digits undo the binary noise of scaling (0.0000002 × 1e6), far below a cent.
	return strconv.ParseFloat(strconv.FormatFloat(d.USD*prod.scale, 'g', 12, 64), 64)
}

// products returns every product a query's filters select in a region, across pages.
func (c *Client) products(ctx context.Context, region string, prod product) ([]Item, error) {
	filters := []types.Filter{{Type: types.FilterTypeTermMatch, Field: aws.String("regionCode"), Value: aws.String(region)}}
	for _, f := range prod.filters {
		filters = append(filters, types.Filter{Type: types.FilterTypeTermMatch, Field: aws.String(f[0]), Value: aws.String(f[1])})
	}
	in := &pricing.GetProductsInput{
		ServiceCode: aws.String(prod.serviceCode), Filters: filters,
		FormatVersion: aws.String("aws_v1"), MaxResults: aws.Int32(100),
	}
	var items []Item
	pages := pricing.NewGetProductsPaginator(c.API, in)
	for n := 0; pages.HasMorePages(); n++ {
		if n == maxPages {
			return nil, fmt.Errorf("more than %d pages of %s products: the filters are not specific enough", maxPages, prod.serviceCode)
		}
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("GetProducts %s: %w", prod.serviceCode, err)
		}
		for i, s := range page.PriceList {
			it, err := ParseItem(s)
			if err != nil {
				return nil, fmt.Errorf("GetProducts %s page %d item %d: %w", prod.serviceCode, n+1, i, err)
			}
			items = append(items, it)
		}
	}
	return items, nil
}
