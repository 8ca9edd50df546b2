package forecast_test

import (
	"bytes"
	"context"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/attestdev/attest/shared/forecast"
)

// accuracyCase is a case's expected.yml: the hand computation, line by line, and the totals it gives.
type accuracyCase struct {
	Description string `yaml:"description"`
	Lines       []struct {
		Side         string  `yaml:"side"`
		What         string  `yaml:"what"`
		Quantity     float64 `yaml:"quantity"`
		UnitPriceUSD float64 `yaml:"unitPriceUSD"`
		AmountUSD    float64 `yaml:"amountUSD"`
		Source       string  `yaml:"source"`
	} `yaml:"lines"`
	Totals struct {
		BaseMonthlyUSD  float64 `yaml:"baseMonthlyUSD"`
		HeadMonthlyUSD  float64 `yaml:"headMonthlyUSD"`
		DeltaMonthlyUSD float64 `yaml:"deltaMonthlyUSD"`
	} `yaml:"totals"`
}

// minAccuracyCases is how many hand-computed cases the accuracy measure rests on.
const minAccuracyCases = 25

// TestAccuracy forecasts every case under testdata/forecast/cases and fails when a monthly total is off
// from the hand computation by more than 1% (or half a cent, for totals near zero). It also checks the
// hand computation itself: each line's arithmetic, and that the lines add up to the totals.
func TestAccuracy(t *testing.T) {
	root := filepath.Join(fixtures, "cases")
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() {
			names = append(names, e.Name())
		}
	}
	if len(names) < minAccuracyCases {
		t.Fatalf("got %d cases; want at least %d", len(names), minAccuracyCases)
	}
	worst, worstCase := 0.0, ""
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(root, name)
			exp := readCase(t, filepath.Join(dir, "expected.yml"))
			checkHandComputation(t, exp)

			var opts forecast.Options
			if b, err := os.ReadFile(filepath.Join(dir, "usage.yml")); err == nil {
				if opts.Usage, err = forecast.ParseUsage(b); err != nil {
					t.Fatalf("usage.yml: %v", err)
				}
			}
			fc, err := forecast.New().Forecast(context.Background(), casePairs(t, dir), opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(fc.Unpriced) > 0 {
				t.Fatalf("unpriced: %+v; a case's totals must be complete", fc.Unpriced)
			}
			for _, c := range []struct {
				what      string
				got, want float64
			}{
				{"base", fc.Totals.BaseMonthlyUSD, exp.Totals.BaseMonthlyUSD},
				{"head", fc.Totals.HeadMonthlyUSD, exp.Totals.HeadMonthlyUSD},
				{"delta", fc.Totals.DeltaMonthlyUSD, exp.Totals.DeltaMonthlyUSD},
			} {
				off := math.Abs(c.got - c.want)
				if off > math.Max(0.01*math.Abs(c.want), 0.005) {
					t.Errorf("%s: got $%.4f; want $%.4f by hand (off by %.2f%%)", c.what, c.got, c.want, 100*off/math.Max(math.Abs(c.want), 1e-9))
				}
				if c.want != 0 && off/math.Abs(c.want) > worst {
					worst, worstCase = off/math.Abs(c.want), name+" "+c.what
				}
			}
		})
	}
	t.Logf("%d cases; largest relative error %.3f%% (%s)", len(names), 100*worst, worstCase)
}

func readCase(t *testing.T, path string) accuracyCase {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var exp accuracyCase
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(&exp); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if exp.Description == "" || len(exp.Lines) == 0 {
		t.Fatalf("%s: want a description and the hand computation's lines", path)
	}
	return exp
}

// checkHandComputation guards the expectations against slips of arithmetic: every line multiplies out, and
// each side's lines add up to its total.
func checkHandComputation(t *testing.T, exp accuracyCase) {
	t.Helper()
	sums := map[string]float64{}
	for _, l := range exp.Lines {
		if l.Source == "" || (l.Side != "base" && l.Side != "head") {
			t.Errorf("line %q: want side base or head and a source", l.What)
		}
		if got := l.Quantity * l.UnitPriceUSD; math.Abs(got-l.AmountUSD) > 0.005 {
			t.Errorf("line %q: %v × %v = %v, not %v", l.What, l.Quantity, l.UnitPriceUSD, got, l.AmountUSD)
		}
		sums[l.Side] += l.AmountUSD
	}
	tot := exp.Totals
	for _, c := range []struct {
		side       string
		sum, total float64
	}{{"base", sums["base"], tot.BaseMonthlyUSD}, {"head", sums["head"], tot.HeadMonthlyUSD}} {
		if math.Abs(c.sum-c.total) > 0.005 {
			t.Errorf("%s lines add up to %v, not the stated total %v", c.side, c.sum, c.total)
		}
	}
	if math.Abs(tot.HeadMonthlyUSD-tot.BaseMonthlyUSD-tot.DeltaMonthlyUSD) > 0.005 {
		t.Errorf("delta %v is not head %v − base %v", tot.DeltaMonthlyUSD, tot.HeadMonthlyUSD, tot.BaseMonthlyUSD)
	}
}

// casePairs pairs the files of a case's base/ and head/ directories by relative path; a missing directory
// is an empty side.
func casePairs(t testing.TB, dir string) []forecast.FilePair {
	t.Helper()
	sides := [2]map[string][]byte{{}, {}}
	for i, side := range []string{"base", "head"} {
		root := filepath.Join(dir, side)
		if _, err := os.Stat(root); os.IsNotExist(err) {
			continue
		}
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			b, err := os.ReadFile(p)
			sides[i][filepath.ToSlash(rel)] = b
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	paths := map[string]bool{}
	for _, s := range sides {
		for p := range s {
			paths[p] = true
		}
	}
	var out []forecast.FilePair
	for p := range paths {
		out = append(out, forecast.FilePair{Path: p, Base: sides[0][p], Head: sides[1][p]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}
