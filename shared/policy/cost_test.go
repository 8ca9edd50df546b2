package policy

import (
	"strings"
	"testing"
)

func TestParseCost(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	cases := []struct {
		name        string
		policy      string
		wantUSD     *float64
		wantPercent *float64
	}{
		{"absent", "blockLevels: [error]", nil, nil},
		{"absolute only", "cost:\n  maxMonthlyDeltaUSD: 250\n", f(250), nil},
		{"percent only", "cost: {maxMonthlyDeltaPercent: 12.5}", nil, f(12.5)},
		{"both, beside the finding keys", "block: [a]\ncost:\n  maxMonthlyDeltaUSD: 0\n  maxMonthlyDeltaPercent: 10\n", f(0), f(10)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(tc.policy))
			if err != nil {
				t.Fatal(err)
			}
			if !samePtr(p.Cost.MaxMonthlyDeltaUSD, tc.wantUSD) || !samePtr(p.Cost.MaxMonthlyDeltaPercent, tc.wantPercent) {
				t.Errorf("got %v, %v; want %v, %v", show(p.Cost.MaxMonthlyDeltaUSD), show(p.Cost.MaxMonthlyDeltaPercent), show(tc.wantUSD), show(tc.wantPercent))
			}
			if got, want := p.Cost.Enabled(), tc.wantUSD != nil || tc.wantPercent != nil; got != want {
				t.Errorf("Enabled() = %v; want %v", got, want)
			}
		})
	}
}

func TestParseCostRejects(t *testing.T) {
	cases := []struct{ name, policy, want string }{
		{"negative", "cost: {maxMonthlyDeltaUSD: -1}", "not a non-negative number"},
		{"not a number", "cost: {maxMonthlyDeltaPercent: lots}", "parse policy"},
		{"NaN", "cost: {maxMonthlyDeltaUSD: .nan}", "not a non-negative number"},
		{"infinite", "cost: {maxMonthlyDeltaPercent: .inf}", "not a non-negative number"},
		{"typo in a cost key", "cost: {maxMonthlyDeltaUSd: 5}", "maxMonthlyDeltaUSd"},
		{"cost as a list", "cost: [1, 2]", "parse policy"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse([]byte(tc.policy))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v; want an error containing %q", err, tc.want)
			}
		})
	}
}

// FuzzParse checks that no policy file, however malformed, panics the parser or yields an unusable threshold.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"", "blockLevels: [error, warning]", "cost: {maxMonthlyDeltaUSD: 5, maxMonthlyDeltaPercent: 10}", "a: &a [*a, *a]", "cost:\n  maxMonthlyDeltaUSD: 1e400\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data)
		if err != nil {
			return
		}
		for _, v := range []*float64{p.Cost.MaxMonthlyDeltaUSD, p.Cost.MaxMonthlyDeltaPercent} {
			if v != nil && !(*v >= 0 && *v <= 1e308) {
				t.Errorf("accepted threshold %v", *v)
			}
		}
	})
}

func samePtr(a, b *float64) bool {
	return (a == nil) == (b == nil) && (a == nil || *a == *b)
}

func show(v *float64) any {
	if v == nil {
		return "unset"
	}
	return *v
}
