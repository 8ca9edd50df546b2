package explain

import (
	"strings"
	"testing"
)

func TestMarkdownNarrative(t *testing.T) {
	base := Explanation{}
	base.Alarm.Name = "orders-errors"
	base.RootCause.ID = "vpc-no-egress"
	base.RootCause.Confidence = "confirmed"
	const text = "The function cannot reach SQS: its subnets have no NAT route."
	tests := []struct {
		name, narrative, status string
		want                    bool
	}{
		{"used", text, "used", true},
		{"discarded", text, "discarded: names nat-0abc not in the evidence", false},
		{"unavailable", "", "unavailable: Bedrock not configured", false},
		{"none", "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := base
			e.Narrative, e.NarrativeStatus = tc.narrative, tc.status
			md := string(e.Markdown())
			if got := strings.Contains(md, "In plain words"); got != tc.want {
				t.Errorf("narrative section shown = %v; want %v\n%s", got, tc.want, md)
			}
			if tc.want && !strings.Contains(md, "> The function cannot reach SQS") {
				t.Errorf("narrative text missing:\n%s", md)
			}
		})
	}
}
