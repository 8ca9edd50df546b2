package pricelist

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// MaxItemBytes bounds one PriceList entry; real entries are a few kilobytes.
const MaxItemBytes = 1 << 20

// Item is one product of a GetProducts answer with its on-demand price dimensions.
type Item struct {
	SKU           string
	ServiceCode   string
	ProductFamily string
	Attributes    map[string]string
	// OnDemand lists the on-demand price dimensions, lowest beginRange first.
	OnDemand []Dimension
}

// Dimension is one on-demand price tier of an item.
type Dimension struct {
	RateCode    string
	Unit        string
	Description string
	BeginRange  float64
	EndRange    float64 // +Inf for "Inf"
	USD         float64
}

// rawItem is the JSON of a PriceList entry (FormatVersion aws_v1).
type rawItem struct {
	Product struct {
		ProductFamily string            `json:"productFamily"`
		Attributes    map[string]string `json:"attributes"`
		SKU           string            `json:"sku"`
	} `json:"product"`
	ServiceCode string `json:"serviceCode"`
	Terms       struct {
		OnDemand map[string]struct {
			PriceDimensions map[string]struct {
				Unit         string            `json:"unit"`
				EndRange     string            `json:"endRange"`
				BeginRange   string            `json:"beginRange"`
				Description  string            `json:"description"`
				RateCode     string            `json:"rateCode"`
				PricePerUnit map[string]string `json:"pricePerUnit"`
			} `json:"priceDimensions"`
		} `json:"OnDemand"`
	} `json:"terms"`
}

// ParseItem parses one PriceList entry, a JSON document inside a JSON string in the API's answer. An entry
// without on-demand USD prices parses with no dimensions; a malformed one is an error.
func ParseItem(s string) (Item, error) {
	if len(s) > MaxItemBytes {
		return Item{}, fmt.Errorf("price list item is %d bytes; the limit is %d", len(s), MaxItemBytes)
	}
	var raw rawItem
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return Item{}, fmt.Errorf("decode price list item: %w", err)
	}
	it := Item{SKU: raw.Product.SKU, ServiceCode: raw.ServiceCode, ProductFamily: raw.Product.ProductFamily, Attributes: raw.Product.Attributes}
	if it.SKU == "" {
		return Item{}, fmt.Errorf("price list item without product.sku")
	}
	if it.Attributes == nil {
		it.Attributes = map[string]string{}
	}
	for term, t := range raw.Terms.OnDemand {
		for code, d := range t.PriceDimensions {
			usd, ok := d.PricePerUnit["USD"]
			if !ok {
				continue
			}
			price, err := parseNumber(usd)
			if err != nil {
				return Item{}, fmt.Errorf("item %s term %s dimension %s: pricePerUnit.USD: %w", it.SKU, term, code, err)
			}
			begin, err := parseNumber(orZero(d.BeginRange))
			if err != nil {
				return Item{}, fmt.Errorf("item %s dimension %s: beginRange: %w", it.SKU, code, err)
			}
			end := math.Inf(1)
			if d.EndRange != "" && d.EndRange != "Inf" {
				if end, err = parseNumber(d.EndRange); err != nil {
					return Item{}, fmt.Errorf("item %s dimension %s: endRange: %w", it.SKU, code, err)
				}
			}
			rate := d.RateCode
			if rate == "" {
				rate = code
			}
			it.OnDemand = append(it.OnDemand, Dimension{RateCode: rate, Unit: d.Unit, Description: d.Description, BeginRange: begin, EndRange: end, USD: price})
		}
	}
	sort.Slice(it.OnDemand, func(i, j int) bool {
		a, b := it.OnDemand[i], it.OnDemand[j]
		if a.BeginRange != b.BeginRange {
			return a.BeginRange < b.BeginRange
		}
		return a.RateCode < b.RateCode
	})
	return it, nil
}

func orZero(s string) string {
	if s == "" {
		return "0"
	}
	return s
}

// parseNumber reads a non-negative finite decimal, as prices and ranges are written.
func parseNumber(s string) (float64, error) {
	f, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return 0, fmt.Errorf("%q is not a non-negative number", s)
	}
	return f, nil
}

// listPrice is the price the forecast uses from an item: the first tier with a non-zero price, since
// pricers do not apply free tiers, in one of the accepted units.
func (it Item) listPrice(units []string) (Dimension, error) {
	for _, d := range it.OnDemand {
		if d.USD == 0 {
			continue
		}
		for _, u := range units {
			if strings.EqualFold(d.Unit, u) {
				return d, nil
			}
		}
		return Dimension{}, fmt.Errorf("item %s is priced per %q, not per %s", it.SKU, d.Unit, strings.Join(units, " or "))
	}
	return Dimension{}, fmt.Errorf("item %s has no non-zero on-demand USD price", it.SKU)
}

// matchesUsageType reports whether an item's usagetype is want, with or without the region prefix AWS puts
// before it outside us-east-1 ("USE2-NatGateway-Hours", "EU-NatGateway-Hours").
func (it Item) matchesUsageType(want string) bool {
	ut := it.Attributes["usagetype"]
	if ut == want {
		return true
	}
	prefix, ok := strings.CutSuffix(ut, "-"+want)
	if !ok || prefix == "" || len(prefix) > 5 {
		return false
	}
	for _, c := range prefix {
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
			return false
		}
	}
	return true
}
