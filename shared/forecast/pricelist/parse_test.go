package pricelist

import (
	"math"
	"strings"
	"testing"
)

const natItem = `{"product":{"productFamily":"NAT Gateway","attributes":{"usagetype":"USE2-NatGateway-Hours","regionCode":"us-east-2"},"sku":"ABC"},"serviceCode":"AmazonEC2","terms":{"OnDemand":{"ABC.JRTCKXETXF":{"priceDimensions":{"ABC.JRTCKXETXF.6YS6EN2CT7":{"unit":"Hrs","endRange":"Inf","beginRange":"0","rateCode":"ABC.JRTCKXETXF.6YS6EN2CT7","pricePerUnit":{"USD":"0.0450000000"}}}}}}}`

const tieredItem = `{"product":{"productFamily":"Provisioned IOPS","attributes":{"usagetype":"WriteCapacityUnit-Hrs"},"sku":"T"},"serviceCode":"AmazonDynamoDB","terms":{"OnDemand":{"T.1":{"priceDimensions":{"T.1.b":{"unit":"WriteCapacityUnit-Hrs","beginRange":"18600","endRange":"Inf","pricePerUnit":{"USD":"0.00065"}},"T.1.a":{"unit":"WriteCapacityUnit-Hrs","beginRange":"0","endRange":"18600","pricePerUnit":{"USD":"0.0000000000"}}}}}}}`

func TestParseItem(t *testing.T) {
	cases := []struct {
		name      string
		in        string
		units     []string
		wantUSD   float64
		wantErr   string
		wantTiers int
	}{
		{"single dimension", natItem, []string{"Hrs"}, 0.045, "", 1},
		{"free tier skipped", tieredItem, []string{"WriteCapacityUnit-Hrs"}, 0.00065, "", 2},
		{"unit mismatch", natItem, []string{"GB"}, 0, `priced per "Hrs"`, 1},
		{"no on-demand terms", `{"product":{"sku":"R","attributes":{}},"terms":{"Reserved":{}}}`, []string{"Hrs"}, 0, "no non-zero", 0},
		{"other currency only", `{"product":{"sku":"C"},"terms":{"OnDemand":{"C.1":{"priceDimensions":{"C.1.1":{"unit":"Hrs","pricePerUnit":{"CNY":"1.2"}}}}}}}`, []string{"Hrs"}, 0, "no non-zero", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			it, err := ParseItem(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			if len(it.OnDemand) != tc.wantTiers {
				t.Errorf("got %d dimensions; want %d", len(it.OnDemand), tc.wantTiers)
			}
			d, err := it.listPrice(tc.units)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Errorf("got %v; want an error containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || d.USD != tc.wantUSD {
				t.Errorf("got %v, %v; want %v", d.USD, err, tc.wantUSD)
			}
		})
	}
}

func TestParseItemRejects(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"not JSON", "PriceList", "decode price list item"},
		{"no sku", `{"product":{"attributes":{}}}`, "without product.sku"},
		{"negative price", strings.Replace(natItem, `"0.0450000000"`, `"-1"`, 1), "not a non-negative number"},
		{"price not a number", strings.Replace(natItem, `"0.0450000000"`, `"free"`, 1), "not a non-negative number"},
		{"infinite price", strings.Replace(natItem, `"0.0450000000"`, `"1e999"`, 1), "not a non-negative number"},
		{"bad range", strings.Replace(natItem, `"beginRange":"0"`, `"beginRange":"x"`, 1), "beginRange"},
		{"huge", `{"product":{"sku":"` + strings.Repeat("A", MaxItemBytes) + `"}}`, "limit"},
		{"wrong shape", `{"product":[1,2]}`, "decode price list item"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ParseItem(tc.in); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v; want an error containing %q", err, tc.want)
			}
		})
	}
}

func TestMatchesUsageType(t *testing.T) {
	cases := []struct {
		usagetype, want string
		match           bool
	}{
		{"NatGateway-Hours", "NatGateway-Hours", true},
		{"USE2-NatGateway-Hours", "NatGateway-Hours", true},
		{"EU-NatGateway-Hours", "NatGateway-Hours", true},
		{"NatGateway-Bytes", "NatGateway-Hours", false},
		{"USE2-Lambda-GB-Second-ARM", "Lambda-GB-Second", false},
		{"ReplWriteRequestUnits", "WriteRequestUnits", false},
		{"Something-Long-NatGateway-Hours", "NatGateway-Hours", false},
		{"use2-NatGateway-Hours", "NatGateway-Hours", false},
	}
	for _, tc := range cases {
		t.Run(tc.usagetype, func(t *testing.T) {
			it := Item{Attributes: map[string]string{"usagetype": tc.usagetype}}
			if got := it.matchesUsageType(tc.want); got != tc.match {
				t.Errorf("got %v; want %v", got, tc.match)
			}
		})
	}
}

// FuzzParseItem checks that no entry, however malformed, panics the parser or yields an unusable price.
func FuzzParseItem(f *testing.F) {
	for _, s := range []string{natItem, tieredItem, "{}", `{"product":{"sku":"x"},"terms":{"OnDemand":{"a":{"priceDimensions":{"b":{"pricePerUnit":{"USD":"NaN"}}}}}}}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		it, err := ParseItem(s)
		if err != nil {
			return
		}
		for _, d := range it.OnDemand {
			if math.IsNaN(d.USD) || math.IsInf(d.USD, 0) || d.USD < 0 || d.BeginRange < 0 || math.IsNaN(d.EndRange) {
				t.Errorf("accepted dimension %+v", d)
			}
		}
		for i := 1; i < len(it.OnDemand); i++ {
			if it.OnDemand[i].BeginRange < it.OnDemand[i-1].BeginRange {
				t.Errorf("dimensions out of order: %+v", it.OnDemand)
			}
		}
	})
}
