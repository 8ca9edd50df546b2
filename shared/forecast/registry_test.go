package forecast

import (
	"strings"
	"testing"
)

func TestPricerRegistry(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range pricers() {
		if len(p.types) == 0 || p.price == nil {
			t.Errorf("pricer %v has no types or no price function", p.types)
		}
		for _, typ := range p.types {
			if seen[typ] {
				t.Errorf("%s is priced twice", typ)
			}
			seen[typ] = true
			if freeTypes[typ] {
				t.Errorf("%s is both priced and listed as free", typ)
			}
		}
		for _, k := range p.usage {
			if k.Name == "" || k.Description == "" {
				t.Errorf("pricer %v has an undocumented usage key %+v", p.types, k)
			}
		}
	}
}

// TestPricerPriceIDs checks that every price a pricer declares is in the us-east-1 snapshot (a prefix
// ending in "*" must match at least one price), and that the snapshot holds no price no pricer reads.
func TestPricerPriceIDs(t *testing.T) {
	table, err := LoadPrices("us-east-1")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{"vpcendpoint.gateway": true} // documents why gateway endpoints cost nothing
	for _, p := range pricers() {
		for _, id := range p.prices {
			if prefix, ok := strings.CutSuffix(id, "*"); ok {
				n := 0
				for _, pr := range table.Prices {
					if strings.HasPrefix(pr.ID, prefix) {
						used[pr.ID] = true
						n++
					}
				}
				if n == 0 {
					t.Errorf("pricer %v: no price matches %s", p.types, id)
				}
				continue
			}
			used[id] = true
			if _, ok := table.Lookup(id); !ok {
				t.Errorf("pricer %v reads %s, which us-east-1 lacks", p.types, id)
			}
		}
	}
	for _, pr := range table.Prices {
		if !used[pr.ID] {
			t.Errorf("price %s is read by no pricer", pr.ID)
		}
	}
}

func TestParsePriceTableRejects(t *testing.T) {
	const head = `{"region": "us-east-1", "currency": "USD", "pricesAsOf": "2024-07-01", "note": "", "ec2Instances": [], `
	tests := []struct {
		name, body, wantErr string
	}{
		{"unknown unit", `"prices": [{"id": "a", "usd": 1, "unit": "furlongs", "description": "", "source": "s", "asOf": "2024-07", "verified": true}]}`, "unknown unit"},
		{"no source", `"prices": [{"id": "a", "usd": 1, "unit": "hours", "description": "", "source": "", "asOf": "2024-07", "verified": true}]}`, "no source"},
		{"negative", `"prices": [{"id": "a", "usd": -1, "unit": "hours", "description": "", "source": "s", "asOf": "2024-07", "verified": true}]}`, "negative"},
		{"bad month", `"prices": [{"id": "a", "usd": 1, "unit": "hours", "description": "", "source": "s", "asOf": "July", "verified": true}]}`, "not YYYY-MM"},
		{"listed and omitted", `"prices": [{"id": "a", "usd": 1, "unit": "hours", "description": "", "source": "s", "asOf": "2024-07", "verified": true}], "omitted": [{"id": "a", "reason": "r"}]}`, "both listed and omitted"},
		{"omitted without reason", `"prices": [], "omitted": [{"id": "a", "reason": ""}]}`, "no id or no reason"},
		{"unknown field", `"prices": [], "extra": 1}`, "unknown field"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parsePriceTable([]byte(head + tt.body))
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("err = %v; want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestUsageKeysShared(t *testing.T) {
	for _, p := range pricers() {
		for _, k := range p.usage {
			if usageDocs[k.Name] == "" {
				t.Errorf("pricer %v reads usage %q, which usageDocs does not document", p.types, k.Name)
			}
		}
	}
}
