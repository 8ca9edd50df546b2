package event_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/event"
)

func TestParseAlarmRule(t *testing.T) {
	tests := []struct {
		rule string
		want []event.AlarmRef
	}{
		{`ALARM("orders-errors") OR ALARM("orders-throttles")`, []event.AlarmRef{{"ALARM", "orders-errors"}, {"ALARM", "orders-throttles"}}},
		{`ALARM(orders-errors)`, []event.AlarmRef{{"ALARM", "orders-errors"}}},
		{`(ALARM(a) AND NOT OK("b")) OR INSUFFICIENT_DATA(c)`, []event.AlarmRef{{"ALARM", "a"}, {"OK", "b"}, {"INSUFFICIENT_DATA", "c"}}},
		{`ALARM("arn:aws:cloudwatch:us-east-1:123456789012:alarm:orders-errors")`, []event.AlarmRef{{"ALARM", "orders-errors"}}},
		{`ALARM("quote \" inside")`, []event.AlarmRef{{"ALARM", `quote " inside`}}},
		{`AT_LEAST(2, ALARM, ("a", "b", c))`, []event.AlarmRef{{"ALARM", "a"}, {"ALARM", "b"}, {"ALARM", "c"}}},
		{`TRUE`, nil},
		{`  ALARM( "spaced name" )  `, []event.AlarmRef{{"ALARM", "spaced name"}}},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			got, err := event.ParseAlarmRule(tt.rule)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v; want %v", got, tt.want)
			}
		})
	}
	for _, bad := range []string{``, `ALARM(`, `ALARM("a"`, `ALARM()`, `ALARM("a") XOR ALARM("b")`, `BREACH("a")`, `ALARM("a"))`,
		`AT_LEAST(x, ALARM, (a))`, strings.Repeat("(", 500) + `ALARM(a)` + strings.Repeat(")", 500), strings.Repeat("NOT ", 200) + "TRUE",
		strings.Repeat("x", 20000)} {
		name := bad
		if len(name) > 30 {
			name = name[:30]
		}
		t.Run("bad "+name, func(t *testing.T) {
			var me *event.MalformedError
			if got, err := event.ParseAlarmRule(bad); !errors.As(err, &me) {
				t.Errorf("got %v, %v; want *MalformedError", got, err)
			}
		})
	}
}

func FuzzParseAlarmRule(f *testing.F) {
	f.Add(`ALARM("orders-errors") OR ALARM("orders-throttles")`)
	f.Add(`AT_LEAST(2, ALARM, ("a", "b"))`)
	f.Add(`NOT (OK(a) AND TRUE)`)
	f.Fuzz(func(t *testing.T, rule string) {
		refs, err := event.ParseAlarmRule(rule)
		if err != nil {
			return
		}
		for _, r := range refs {
			if r.Alarm == "" {
				t.Fatalf("empty alarm name from %q", rule)
			}
		}
	})
}
