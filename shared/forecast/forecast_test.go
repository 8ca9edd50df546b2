package forecast_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/attestdev/attest/shared/forecast"
)

var update = flag.Bool("update", false, "rewrite golden files")

const fixtures = "../../testdata/forecast"

func read(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ordersChange is the fixture change: the orders template edited, a SAM template added, and files that are
// not templates beside them.
func ordersChange(t testing.TB) []forecast.FilePair {
	dir := filepath.Join(fixtures, "orders")
	return []forecast.FilePair{
		{Path: "infra/orders.yaml", Base: read(t, filepath.Join(dir, "base.yaml")), Head: read(t, filepath.Join(dir, "head.yaml"))},
		{Path: "infra/receipts.yaml", Head: read(t, filepath.Join(dir, "sam-head.yaml"))},
		{Path: "README.md", Base: []byte("# orders\n"), Head: []byte("# orders service\n")},
		{Path: "config/app.yaml", Head: []byte("log_level: debug\nretries: 3\n")},
	}
}

func TestGoldenForecast(t *testing.T) {
	dir := filepath.Join(fixtures, "orders")
	usage, err := forecast.ParseUsage(read(t, filepath.Join(dir, "usage.yml")))
	if err != nil {
		t.Fatal(err)
	}
	fc, err := forecast.New().Forecast(context.Background(), ordersChange(t), forecast.Options{Usage: usage})
	if err != nil {
		t.Fatal(err)
	}
	got, err := fc.MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join(dir, "forecast.golden.json")
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if want := read(t, golden); !bytes.Equal(got, want) {
		t.Errorf("forecast differs from %s (run with -update after checking):\n%s", golden, got)
	}
}
