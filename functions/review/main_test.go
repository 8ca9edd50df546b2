package main

import (
	"testing"

	"github.com/attestdev/attest/shared/finding"
)

func TestLoadEnv(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		blocks bool // whether a warning blocks under the loaded policy
		err    bool
	}{
		{"defaults", map[string]string{"WORK_BUCKET": "w"}, false, false},
		{"policy", map[string]string{"WORK_BUCKET": "w", "POLICY": "blockLevels: [error, warning]\n"}, true, false},
		{"bad policy", map[string]string{"WORK_BUCKET": "w", "POLICY": "blockLevel: [error]\n"}, false, true},
		{"no bucket", map[string]string{}, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := loadEnv(func(k string) string { return tt.env[k] })
			if (err != nil) != tt.err {
				t.Fatalf("got error %v; want error %v", err, tt.err)
			}
			if err == nil && e.Policy.Blocks(finding.Finding{Level: finding.LevelWarning}) != tt.blocks {
				t.Errorf("warning blocks: got %v; want %v", !tt.blocks, tt.blocks)
			}
		})
	}
}
