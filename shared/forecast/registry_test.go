package forecast

import "testing"

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
