// Package golden compares a test's output with a golden file, and rewrites the file when asked to.
//
// Each test package keeps its own -update flag (a flag can be defined once per test binary) and passes its
// value: golden.Check(t, "testdata/x.golden.json", got, *update).
package golden

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// Check fails t when got differs from the file at path; with update it first writes got there.
func Check(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (run go test -update after checking the change):\ngot\n%s", path, got)
	}
}
