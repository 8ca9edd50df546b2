package explain

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestPackFileName(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{"lambda.get-function-configuration.orders.json", true},
		{"README.md", true},
		{"cloudwatch.get-metric-statistics.a..b.json", false},
		{"../manifest.json", false},
		{"a/b.json", false},
		{`a\b.json`, false},
		{".hidden.json", false},
		{"", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := packFileName(tt.name); got != tt.want {
				t.Errorf("packFileName(%q) = %v; want %v", tt.name, got, tt.want)
			}
		})
	}
}

func TestSummaryLine(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"short", "Add a NAT gateway.", "Add a NAT gateway."},
		{"lines joined", "first\n  second\tthird", "first second third"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := summaryLine(tt.in); got != tt.want {
				t.Errorf("summaryLine(%q) = %q; want %q", tt.in, got, tt.want)
			}
		})
	}
	t.Run("long text cut at a character", func(t *testing.T) {
		got := summaryLine(strings.Repeat("é", maxSummaryLine))
		if len(got) > maxSummaryLine || !utf8.ValidString(got) || !strings.HasSuffix(got, "…") {
			t.Errorf("got %d bytes, valid UTF-8 %v, %q at the end; want at most %d valid bytes ending in …", len(got), utf8.ValidString(got), got[len(got)-3:], maxSummaryLine)
		}
	})
}
