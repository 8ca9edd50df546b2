// Package policy decides which findings block a push (exit 1 in the CLI, a failing status in the pipeline)
// and which only inform. By default findings at level error block; a policy file changes that. The policy
// file also sets the cost thresholds (absolute and percent monthly increase) beyond which a push blocks.
package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"

	"github.com/attestdev/attest/shared/finding"
	"go.yaml.in/yaml/v3"
)

// Policy is the organisation's choice of what blocks.
type Policy struct {
	// BlockLevels are the finding levels that block (default: error).
	BlockLevels []finding.Level `yaml:"blockLevels"`
	// Block lists rule IDs that always block, whatever their level.
	Block []string `yaml:"block"`
	// Warn lists rule IDs that never block, whatever their level.
	Warn []string `yaml:"warn"`
	// Cost sets the thresholds beyond which a push's forecast cost increase blocks.
	Cost Cost `yaml:"cost"`
	// Org holds the organisation settings (frameworks, required tags, allowed regions and instance families,
	// log retention); its keys are at the top level of the file (see org.go).
	Org Org `yaml:",inline"`
}

// Cost holds the cost thresholds of a push. A nil threshold is not applied; with neither set, cost never
// blocks. A push blocks when its monthly cost increase is strictly above either threshold; decreases never block.
type Cost struct {
	// MaxMonthlyDeltaUSD is the largest monthly increase, in USD, that passes.
	MaxMonthlyDeltaUSD *float64 `yaml:"maxMonthlyDeltaUSD"`
	// MaxMonthlyDeltaPercent is the largest monthly increase, in percent of the base's monthly cost, that
	// passes. It is not applied when the base costs nothing (a percentage of zero means nothing).
	MaxMonthlyDeltaPercent *float64 `yaml:"maxMonthlyDeltaPercent"`
}

// Enabled reports whether any cost threshold is set.
func (c Cost) Enabled() bool {
	return c.MaxMonthlyDeltaUSD != nil || c.MaxMonthlyDeltaPercent != nil
}

// check rejects thresholds that cannot mean anything.
func (c Cost) check() error {
	for _, t := range []struct {
		name string
		v    *float64
	}{{"maxMonthlyDeltaUSD", c.MaxMonthlyDeltaUSD}, {"maxMonthlyDeltaPercent", c.MaxMonthlyDeltaPercent}} {
		if t.v != nil && (math.IsNaN(*t.v) || math.IsInf(*t.v, 0) || *t.v < 0) {
			return fmt.Errorf("cost.%s: %v is not a non-negative number", t.name, *t.v)
		}
	}
	return nil
}

// Default blocks errors only.
func Default() Policy {
	return Policy{BlockLevels: []finding.Level{finding.LevelError}}
}

// maxPolicyBytes bounds a policy file.
const maxPolicyBytes = 1 << 20

// Parse reads a policy file (YAML). Unknown keys are errors, so a typo never silently weakens the gate.
func Parse(data []byte) (Policy, error) {
	if len(data) > maxPolicyBytes {
		return Policy{}, fmt.Errorf("policy file is %d bytes; the limit is %d", len(data), maxPolicyBytes)
	}
	p := Default()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var doc struct {
		Policy `yaml:",inline"`
	}
	doc.Policy = p
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return Policy{}, fmt.Errorf("parse policy: %w", err)
	}
	for _, l := range doc.BlockLevels {
		if l.Rank() == 0 {
			return Policy{}, fmt.Errorf("parse policy: blockLevels: %q is not error, warning or note", l)
		}
	}
	if err := doc.Cost.check(); err != nil {
		return Policy{}, fmt.Errorf("parse policy: %w", err)
	}
	if err := doc.Org.check(); err != nil {
		return Policy{}, fmt.Errorf("parse policy: %w", err)
	}
	return doc.Policy, nil
}

// Blocks reports whether a finding blocks. A suppressed finding never does: it was accepted with a written
// reason, which no policy overrides.
func (p Policy) Blocks(f finding.Finding) bool {
	if f.Suppression != nil {
		return false
	}
	for _, id := range p.Warn {
		if id == f.RuleID {
			return false
		}
	}
	for _, id := range p.Block {
		if id == f.RuleID {
			return true
		}
	}
	for _, l := range p.BlockLevels {
		if l == f.Level {
			return true
		}
	}
	return false
}

// Blocking returns the findings that block.
func (p Policy) Blocking(fs []finding.Finding) []finding.Finding {
	var out []finding.Finding
	for _, f := range fs {
		if p.Blocks(f) {
			out = append(out, f)
		}
	}
	return out
}
