package policy

import (
	"testing"

	"github.com/attestdev/attest/shared/finding"
)

func TestSuppressedNeverBlocks(t *testing.T) {
	f := finding.Finding{RuleID: "a", Level: finding.LevelError,
		Suppression: &finding.Suppression{Kind: finding.SuppressionInSource, Justification: "accepted", Source: "inline comment at line 1"}}
	for _, src := range []string{"", "block: [a]", "blockLevels: [error, warning, note]"} {
		p, err := Parse([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if p.Blocks(f) {
			t.Errorf("policy %q: a suppressed finding blocks; want it never to", src)
		}
		open := f
		open.Suppression = nil
		if !p.Blocks(open) {
			t.Errorf("policy %q: the same finding unsuppressed does not block; want it to", src)
		}
	}
}
