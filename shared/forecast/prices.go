package forecast

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"
	"time"
)

//go:embed prices/*.json
var priceFiles embed.FS

// ErrNoPrices is returned (wrapped) for a region without embedded prices.
var ErrNoPrices = errors.New("no embedded prices")

// Price is one on-demand list price with where it came from.
type Price struct {
	ID          string  `json:"id"`
	USD         float64 `json:"usd"`
	Unit        string  `json:"unit"`
	Description string  `json:"description"`
	Source      string  `json:"source"`
	// AsOf is the month (YYYY-MM) the price was seen at its source.
	AsOf string `json:"asOf"`
	// Verified is false for figures taken from third-party tables, which forecasts flag as assumptions.
	Verified bool `json:"verified"`
}

// InstancePrice is the on-demand Linux hourly price of an EC2 instance type (shared tenancy).
type InstancePrice struct {
	Type      string  `json:"type"`
	HourlyUSD float64 `json:"hourlyUSD"`
	Source    string  `json:"source"`
	AsOf      string  `json:"asOf"`
	Verified  bool    `json:"verified"`
}

// PriceTable is the embedded price list of one region.
type PriceTable struct {
	Region     string          `json:"region"`
	Currency   string          `json:"currency"`
	PricesAsOf string          `json:"pricesAsOf"`
	Note       string          `json:"note"`
	Prices     []Price         `json:"prices"`
	Instances  []InstancePrice `json:"ec2Instances"`

	byID       map[string]Price
	byInstance map[string]InstancePrice
}

var regionName = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]$`)

// LoadPrices returns the embedded price table of a region, or an error wrapping ErrNoPrices.
func LoadPrices(region string) (*PriceTable, error) {
	if !regionName.MatchString(region) {
		return nil, fmt.Errorf("region %q: %w", region, ErrNoPrices)
	}
	data, err := priceFiles.ReadFile("prices/" + region + ".json")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("region %s: %w", region, ErrNoPrices)
	}
	if err != nil {
		return nil, fmt.Errorf("read prices for %s: %w", region, err)
	}
	t, err := parsePriceTable(data)
	if err != nil {
		return nil, fmt.Errorf("prices for %s: %w", region, err)
	}
	if t.Region != region {
		return nil, fmt.Errorf("prices for %s: file says region %q", region, t.Region)
	}
	return t, nil
}

// PriceRegions lists the regions with embedded prices.
func PriceRegions() []string {
	entries, _ := priceFiles.ReadDir("prices")
	var out []string
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".json")
		if regionName.MatchString(name) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

func parsePriceTable(data []byte) (*PriceTable, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var t PriceTable
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("decode price table: %w", err)
	}
	if t.Currency != "USD" {
		return nil, fmt.Errorf("currency %q: only USD is supported", t.Currency)
	}
	if _, err := time.Parse(time.DateOnly, t.PricesAsOf); err != nil {
		return nil, fmt.Errorf("pricesAsOf %q: %w", t.PricesAsOf, err)
	}
	t.byID = make(map[string]Price, len(t.Prices))
	for _, p := range t.Prices {
		if err := checkPrice(p.ID, p.USD, p.Unit, p.Source, p.AsOf); err != nil {
			return nil, err
		}
		if _, dup := t.byID[p.ID]; dup {
			return nil, fmt.Errorf("price %s: listed twice", p.ID)
		}
		t.byID[p.ID] = p
	}
	t.byInstance = make(map[string]InstancePrice, len(t.Instances))
	for _, p := range t.Instances {
		if err := checkPrice(p.Type, p.HourlyUSD, "hours", p.Source, p.AsOf); err != nil {
			return nil, err
		}
		if p.HourlyUSD == 0 {
			return nil, fmt.Errorf("instance %s: zero price", p.Type)
		}
		if _, dup := t.byInstance[p.Type]; dup {
			return nil, fmt.Errorf("instance %s: listed twice", p.Type)
		}
		t.byInstance[p.Type] = p
	}
	return &t, nil
}

func checkPrice(id string, usd float64, unit, source, asOf string) error {
	switch {
	case id == "":
		return errors.New("price without id")
	case usd < 0:
		return fmt.Errorf("price %s: negative", id)
	case unit == "":
		return fmt.Errorf("price %s: no unit", id)
	case source == "":
		return fmt.Errorf("price %s: no source", id)
	}
	if _, err := time.Parse("2006-01", asOf); err != nil {
		return fmt.Errorf("price %s: asOf %q is not YYYY-MM", id, asOf)
	}
	return nil
}

// Lookup returns the price with the given id.
func (t *PriceTable) Lookup(id string) (Price, bool) {
	if t == nil {
		return Price{}, false
	}
	p, ok := t.byID[id]
	return p, ok
}

// Instance returns the on-demand Linux price of an EC2 instance type.
func (t *PriceTable) Instance(instanceType string) (InstancePrice, bool) {
	if t == nil {
		return InstancePrice{}, false
	}
	p, ok := t.byInstance[instanceType]
	return p, ok
}

// mustPrice returns a price the pricers depend on; its absence is a defect of the embedded table, which a
// test guards, so callers report it as an error rather than a zero.
func (t *PriceTable) mustPrice(id string) (Price, error) {
	p, ok := t.Lookup(id)
	if !ok {
		return Price{}, fmt.Errorf("price %s missing from the %s price table", id, t.Region)
	}
	return p, nil
}
