package store_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/attestdev/attest/shared/store"
)

// Listing walks only below the prefix's directory, and a prefix that would leave the store lists nothing
// outside it.
func TestLocalListPrefixes(t *testing.T) {
	ctx := context.Background()
	st, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"packs/2026/11/27/a/manifest.json", "packs/2026/11/28/b/manifest.json", "packsx/c", "runs/r/state.json"} {
		if err := st.Put(ctx, k, []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		prefix string
		want   []string
	}{
		{"packs/2026/11/27/", []string{"packs/2026/11/27/a/manifest.json"}},
		{"packs/2026/11/2", []string{"packs/2026/11/27/a/manifest.json", "packs/2026/11/28/b/manifest.json"}},
		{"packs", []string{"packs/2026/11/27/a/manifest.json", "packs/2026/11/28/b/manifest.json", "packsx/c"}},
		{"missing/dir/", nil},
		{"../", nil},
		{"packs/../runs/", nil},
	}
	for _, tc := range tests {
		t.Run(tc.prefix, func(t *testing.T) {
			got, err := st.List(ctx, tc.prefix)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("List(%q) = %v; want %v", tc.prefix, got, tc.want)
			}
		})
	}
}
