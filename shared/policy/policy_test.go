package policy

import (
	"testing"

	"github.com/attestdev/attest/shared/finding"
)

func TestBlocks(t *testing.T) {
	errF := finding.Finding{RuleID: "a", Level: finding.LevelError}
	warnF := finding.Finding{RuleID: "b", Level: finding.LevelWarning}
	cases := []struct {
		name   string
		policy string
		f      finding.Finding
		want   bool
	}{
		{"default blocks errors", "", errF, true},
		{"default lets warnings pass", "", warnF, false},
		{"levels widened", "blockLevels: [error, warning]", warnF, true},
		{"rule forced to block", "block: [b]", warnF, true},
		{"rule downgraded", "warn: [a]", errF, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse([]byte(tc.policy))
			if err != nil {
				t.Fatal(err)
			}
			if got := p.Blocks(tc.f); got != tc.want {
				t.Errorf("got %v; want %v", got, tc.want)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{"blockLevels: [fatal]", "blok: [a]", "block: {a: 1}", "[unclosed"} {
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("Parse(%q): got no error; want one", in)
		}
	}
}
