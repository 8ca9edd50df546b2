package event

import (
	"encoding/json"
	"fmt"
	"time"
)

// Time is a timestamp as AWS writes it in events: RFC 3339 ("2026-11-20T14:05:00Z") in envelopes and Config
// items, and with a "+0000" offset ("2026-11-20T14:05:00.000+0000") in CloudWatch alarm states. It keeps the
// text it was read from, so re-encoding writes the same string.
type Time struct {
	time.Time
	text string
}

// layoutNumericZone is CloudWatch's form. Parsing accepts a fractional second even though the layout has none.
const layoutNumericZone = "2006-01-02T15:04:05Z0700"

// ParseTime reads a timestamp in RFC 3339 or with a numeric offset without a colon.
func ParseTime(s string) (Time, error) {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return Time{Time: t, text: s}, nil
	}
	t, err := time.Parse(layoutNumericZone, s)
	if err != nil {
		return Time{}, fmt.Errorf("time %q is neither RFC 3339 nor 2006-01-02T15:04:05.000+0000", s)
	}
	return Time{Time: t, text: s}, nil
}

// UnmarshalJSON reads a JSON string; null and "" leave the zero time.
func (t *Time) UnmarshalJSON(b []byte) error {
	if isNull(b) {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s == "" {
		*t = Time{}
		return nil
	}
	p, err := ParseTime(s)
	if err != nil {
		return err
	}
	*t = p
	return nil
}

// MarshalJSON writes the text the time was read from, or RFC 3339 for a time built in code.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.text != "" || t.Time.IsZero() {
		return json.Marshal(t.text)
	}
	return json.Marshal(t.Time.Format(time.RFC3339Nano))
}

// IsZero reports whether the time is unset.
func (t Time) IsZero() bool { return t.Time.IsZero() && t.text == "" }

// RFC3339 formats the time in UTC, the form run identities and subjects use; "" for the zero time.
func (t Time) RFC3339() string {
	if t.Time.IsZero() {
		return ""
	}
	return t.Time.UTC().Format(time.RFC3339Nano)
}

// Text is the timestamp as it appeared in the event.
func (t Time) Text() string {
	if t.text == "" && !t.Time.IsZero() {
		return t.Time.Format(time.RFC3339Nano)
	}
	return t.text
}
