package event_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/event"
)

func TestParseTime(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2026-11-20T14:05:00.000+0000", time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)},
		{"2019-10-02T17:04:40.985+0000", time.Date(2019, 10, 2, 17, 4, 40, 985e6, time.UTC)},
		{"2026-11-20T16:05:00.000+0200", time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)},
		{"2026-11-20T14:05:00Z", time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)},
		{"2026-11-20T14:10:11.204Z", time.Date(2026, 11, 20, 14, 10, 11, 204e6, time.UTC)},
		{"2026-11-20T09:05:00-05:00", time.Date(2026, 11, 20, 14, 5, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := event.ParseTime(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(tt.want) {
				t.Errorf("got %v; want %v", got.Time, tt.want)
			}
			b, _ := json.Marshal(got)
			if string(b) != `"`+tt.in+`"` {
				t.Errorf("re-encoded as %s; want the original text", b)
			}
		})
	}
	for _, bad := range []string{"", "noon", "2026-11-20", "2026-11-20 14:05:00", "2026-13-20T14:05:00Z", "1700000000"} {
		t.Run("bad "+bad, func(t *testing.T) {
			if got, err := event.ParseTime(bad); err == nil {
				t.Errorf("got %v; want an error", got)
			}
		})
	}
}
