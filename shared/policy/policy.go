// Package policy decides which findings block a push (exit 1 in the CLI, a failing status in the pipeline)
// and which only inform. By default findings at level error block; a policy file changes that.
package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"

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
	return doc.Policy, nil
}

// Blocks reports whether a finding blocks.
func (p Policy) Blocks(f finding.Finding) bool {
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
