package forecast_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/forecast"
	"github.com/attestdev/attest/shared/policy"
)

// TestGoldenFormats renders the fixture change as text and Markdown and compares with the golden files.
func TestGoldenFormats(t *testing.T) {
	dir := filepath.Join(fixtures, "orders")
	usage, err := forecast.ParseUsage(read(t, filepath.Join(dir, "usage.yml")))
	if err != nil {
		t.Fatal(err)
	}
	limit := 50.0
	fc, err := forecast.New().Forecast(context.Background(), ordersChange(t), forecast.Options{Usage: usage, Cost: policy.Cost{MaxMonthlyDeltaUSD: &limit}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ format, golden string }{
		{forecast.FormatText, "forecast.golden.txt"},
		{forecast.FormatMarkdown, "forecast.golden.md"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			got, err := fc.Render(tc.format)
			if err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join(dir, tc.golden)
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if want := read(t, golden); !bytes.Equal(got, want) {
				t.Errorf("%s output differs from %s (run with -update after checking):\n%s", tc.format, golden, got)
			}
		})
	}
}

func TestRenderUnknownFormat(t *testing.T) {
	_, err := (&forecast.Forecast{}).Render("xml")
	if err == nil || !strings.Contains(err.Error(), `"xml"`) {
		t.Errorf("got %v; want an error naming the format", err)
	}
}

func TestHeadline(t *testing.T) {
	cases := []struct {
		name       string
		base, head float64
		want       string
	}{
		{"increase", 1000, 1123.45, "+$123.45/month (+12.3%)"},
		{"decrease", 60, 57, "-$3.00/month (-5%)"},
		{"from nothing", 0, 40, "+$40.00/month (new)"},
		{"no change", 12, 12, "$0.00/month (0%)"},
		{"nothing at all", 0, 0, "$0.00/month"},
		{"thousands", 0, 1234567.891, "+$1,234,567.89/month (new)"},
		{"under a cent", 1, 1.002, "+$0.0020/month (+0.2%)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fc := &forecast.Forecast{Totals: forecast.Totals{BaseMonthlyUSD: tc.base, HeadMonthlyUSD: tc.head, DeltaMonthlyUSD: tc.head - tc.base}}
			if got := fc.Headline(); got != tc.want {
				t.Errorf("got %q; want %q", got, tc.want)
			}
		})
	}
}

// TestMarkdownEscapesTemplateText checks that names and reasons from a pushed template cannot inject markup,
// links or HTML into a pull-request comment.
func TestMarkdownEscapesTemplateText(t *testing.T) {
	fc := &forecast.Forecast{
		Region: "us-east-1", PricesAsOf: "2024-07-01",
		Resources: []forecast.ResourceForecast{{File: "a|b.yaml", LogicalID: "X", Type: "AWS::S3::Bucket", Change: forecast.Added}},
		Unpriced:  []forecast.Unpriced{{File: "t.yaml", LogicalID: "Y", Reason: "bad <img src=x onerror=alert(1)> [link](http://e.x) `code`\n| cell |"}},
	}
	b, err := fc.Render(forecast.FormatMarkdown)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, bad := range []string{"<img", "[link](", "`code`", "a|b.yaml", "\n| cell"} {
		if strings.Contains(got, bad) {
			t.Errorf("markdown contains %q unescaped:\n%s", bad, got)
		}
	}
	for _, want := range []string{`a\|b.yaml`, "&lt;img", `\[link\]`} {
		if !strings.Contains(got, want) {
			t.Errorf("markdown lacks %q:\n%s", want, got)
		}
	}
}
