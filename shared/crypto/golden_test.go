package crypto

import (
	"bytes"
	"flag"
	"os"
	"testing"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata")

// CompareGolden compares got with the reviewed golden file at path, or rewrites the file under -update. It is
// exported to this package's external tests only (it lives in a _test.go file).
func CompareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *updateGolden {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("output differs from %s; review the change and run the test with -update\ngot:\n%s", path, got)
	}
}
