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
	"sync"
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

// Omission is a price a regional snapshot does not carry, and why.
type Omission struct {
	ID     string `json:"id"`
	Reason string `json:"reason"`
}

// PriceTable is the embedded price list of one region.
type PriceTable struct {
	Region     string          `json:"region"`
	Currency   string          `json:"currency"`
	PricesAsOf string          `json:"pricesAsOf"`
	Note       string          `json:"note"`
	Prices     []Price         `json:"prices"`
	Instances  []InstancePrice `json:"ec2Instances"`
	// Omitted lists the ids a regional snapshot leaves out on purpose, with why: resources that need them
	// are unpriced in that region with that reason, never priced at another region's figure.
	Omitted []Omission `json:"omitted,omitempty"`

	byID       map[string]Price
	byInstance map[string]InstancePrice
	omitted    map[string]string
}

// Units are the price units the pricers understand; a table with any other unit is refused, so that a
// regenerated snapshot cannot silently change what a quantity means.
var Units = map[string]string{
	"hours":                 "per hour of running",
	"months":                "per resource and month",
	"GB":                    "per GB transferred or processed",
	"GB-months":             "per GB stored for a month",
	"GB-seconds":            "per GB of memory for a second",
	"GB-hours":              "per GB of memory or storage for an hour",
	"vCPU-hours":            "per vCPU for an hour",
	"AZ-hours":              "per Availability Zone and hour",
	"WCU-hours":             "per provisioned write capacity unit and hour",
	"RCU-hours":             "per provisioned read capacity unit and hour",
	"rWCU-hours":            "per replicated write capacity unit and hour",
	"IOPS-months":           "per provisioned IOPS for a month",
	"MBps-months":           "per provisioned MB/s of throughput for a month",
	"ACU-hours":             "per Aurora capacity unit and hour",
	"LCU-hours":             "per load balancer capacity unit and hour",
	"NLCU-hours":            "per network load balancer capacity unit and hour",
	"shard-hours":           "per Kinesis shard and hour",
	"stream-hours":          "per on-demand Kinesis stream and hour",
	"1M requests":           "per million requests",
	"1M WRU":                "per million write request units",
	"1M RRU":                "per million read request units",
	"1M rWRU":               "per million replicated write request units",
	"1M I/O requests":       "per million I/O requests",
	"1M PUT payload units":  "per million 25 KB PUT payload units",
	"1M messages":           "per million messages",
	"1M connection minutes": "per million connection minutes",
	"1k requests":           "per thousand requests",
	"1k state transitions":  "per thousand state transitions",
	"10k requests":          "per ten thousand requests",
}

var regionName = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]$`)

// loaded caches parsed tables by region: every forecast reads one, and parsing it each time would dominate
// the cost of a small forecast.
var loaded sync.Map // region → *PriceTable

// LoadPrices returns the embedded price table of a region, or an error wrapping ErrNoPrices. Tables are
// parsed once and shared: callers must not modify them.
func LoadPrices(region string) (*PriceTable, error) {
	if t, ok := loaded.Load(region); ok {
		return t.(*PriceTable), nil
	}
	t, err := loadPrices(region)
	if err != nil {
		return nil, err
	}
	loaded.Store(region, t)
	return t, nil
}

func loadPrices(region string) (*PriceTable, error) {
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
	t.omitted = make(map[string]string, len(t.Omitted))
	for _, o := range t.Omitted {
		if o.ID == "" || o.Reason == "" {
			return nil, fmt.Errorf("omitted price %q: no id or no reason", o.ID)
		}
		if _, dup := t.byID[o.ID]; dup {
			return nil, fmt.Errorf("price %s: both listed and omitted", o.ID)
		}
		t.omitted[o.ID] = o.Reason
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
	if _, ok := Units[unit]; !ok {
		return fmt.Errorf("price %s: unknown unit %q", id, unit)
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

// missing is the reason a price the table lacks leaves a resource unpriced.
func (t *PriceTable) missing(id string) error {
	if t == nil {
		return unpriced("no embedded price table")
	}
	if why, ok := t.omitted[id]; ok {
		return unpriced("no embedded price %s in %s: %s", id, t.Region, why)
	}
	return unpriced("no embedded price %s in %s", id, t.Region)
}
