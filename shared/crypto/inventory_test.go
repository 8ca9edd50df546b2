package crypto

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/finding"
)

// describeAssets renders assets compactly for table comparisons: "L5 SHA-256 hash safe",
// "L9 AES-256/gcm ae safe", "L12 RSA-2048 pke quantum-vulnerable", "L3 TLS 1.3 protocol safe".
func describeAssets(as []finding.CryptoAsset) []string {
	out := []string{}
	for _, a := range as {
		name := a.Algorithm
		switch {
		case a.ParameterSet != "":
			name += "-" + a.ParameterSet
		case a.KeySize > 0:
			name += fmt.Sprintf("-%d", a.KeySize)
		}
		if a.Curve != "" {
			name += " " + a.Curve
		}
		if a.Mode != "" {
			name += "/" + a.Mode
		}
		if a.Version != "" {
			name += " " + a.Version
		}
		prim := a.Primitive
		if a.Kind == finding.AssetProtocol {
			prim = "protocol"
		}
		out = append(out, fmt.Sprintf("L%d %s %s %s", a.Line, name, prim, strings.TrimPrefix(a.Class, "crypto/")))
	}
	slices.Sort(out)
	return out
}

type assetCase struct {
	name string
	src  string
	want []string
}

// runAssetCases checks the inventory an analyzer makes of each source, and what every asset must carry.
func runAssetCases(t *testing.T, a Analyzer, file string, cases []assetCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := a.Analyze(context.Background(), file, []byte(tc.src))
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			got := describeAssets(res.Assets)
			want := slices.Clone(tc.want)
			if want == nil {
				want = []string{}
			}
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("got assets\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
			checkAssets(t, file, res)
		})
	}
}

// checkAssets checks what every asset must carry, and that every crypto finding is in the inventory once.
func checkAssets(t *testing.T, file string, res Result) {
	t.Helper()
	for _, a := range res.Assets {
		if a.Path != file || a.Line < 1 || a.Column < 1 || a.API == "" || a.Class == "" || a.Algorithm == "" {
			t.Errorf("asset %+v; want path %s, a line, a column, an API, a class and an algorithm", a, file)
		}
		if a.Kind == finding.AssetAlgorithm && a.Primitive == "" {
			t.Errorf("asset %+v has no primitive", a)
		}
	}
	for _, f := range res.Findings {
		n := 0
		for _, a := range res.Assets {
			if a.Line == f.Line && a.RuleID != "" && a.Algorithm == findingAsset(f).Algorithm {
				n++
			}
		}
		if n != 1 {
			t.Errorf("finding %s %s at line %d is in the inventory %d times; want once", f.RuleID, f.Props["algorithm"], f.Line, n)
		}
	}
}

func equalSorted(got, want []string) bool {
	w := slices.Clone(want)
	slices.Sort(w)
	return slices.Equal(got, w)
}
