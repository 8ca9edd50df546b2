package finding

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAssetsMergeAndSort(t *testing.T) {
	a := &Report{Assets: []CryptoAsset{{Algorithm: "SHA-256", Path: "b.go", Line: 3, Column: 1, Class: ClassSafe}}}
	b := &Report{Assets: []CryptoAsset{
		{Algorithm: "MD5", Path: "a.go", Line: 9, Class: "crypto/weak-hash"},
		{Algorithm: "AES", Path: "b.go", Line: 3, Column: 1, Class: ClassSafe},
		{Algorithm: "RSA", Path: "a.go", Line: 2, Class: "crypto/quantum-vulnerable"},
	}}
	a.Merge(b)
	a.SortAssets()
	var got []string
	for _, x := range a.Assets {
		got = append(got, x.Path+":"+x.Algorithm)
	}
	if want := "a.go:RSA a.go:MD5 b.go:AES b.go:SHA-256"; strings.Join(got, " ") != want {
		t.Errorf("got %q; want %q", strings.Join(got, " "), want)
	}
}

func TestAssetsOmittedWhenNone(t *testing.T) {
	for _, tc := range []struct {
		name string
		rep  Report
		want bool
	}{
		{"no assets", Report{}, false},
		{"one asset", Report{Assets: []CryptoAsset{{Kind: AssetAlgorithm, Algorithm: "AES", Path: "x", Line: 1, Class: ClassSafe}}}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b, err := json.Marshal(tc.rep)
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Contains(string(b), `"assets"`); got != tc.want {
				t.Errorf("got %s; want assets present: %v", b, tc.want)
			}
		})
	}
}
