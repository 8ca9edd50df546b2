package main

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/attestdev/attest/infra/settings"
)

// TestBedrockNarrative: the explain function may invoke exactly the configured model, and only when
// attest:bedrockModelId names one.
func TestBedrockNarrative(t *testing.T) {
	first := sample(t)
	prebuilt := func(k string) string {
		if k == EnvBuildDir {
			return first.buildDir
		}
		return ""
	}
	invokes := func(t *testing.T, tm template) []statement {
		var out []statement
		for _, s := range statementsOf(t, tm, roleOf(t, tm, "explain")) {
			if slices.ContainsFunc(s.Actions, func(a string) bool { return strings.HasPrefix(a, "bedrock:") }) {
				out = append(out, s)
			}
		}
		return out
	}
	modelEnv := func(tm template) any {
		return get(tm.Resources[functionID(t, tm, "explain")].Properties, "Environment.Variables.BEDROCK_MODEL_ID")
	}

	t.Run("off by default", func(t *testing.T) {
		if s := invokes(t, first.tmpl); len(s) != 0 {
			t.Errorf("explain may call Bedrock without attest:bedrockModelId: %+v", s)
		}
		if v := modelEnv(first.tmpl); v != nil {
			t.Errorf("BEDROCK_MODEL_ID = %v; want unset", v)
		}
	})

	tests := []struct {
		name, model string
		want        []string
	}{
		{"foundation model", "meta.llama3-70b-instruct-v1:0", []string{":bedrock:us-east-1::foundation-model/meta.llama3-70b-instruct-v1:0"}},
		{"inference profile", "us.meta.llama3-3-70b-instruct-v1:0", []string{
			":bedrock:us-east-1:123456789012:inference-profile/us.meta.llama3-3-70b-instruct-v1:0",
			":bedrock:*::foundation-model/meta.llama3-3-70b-instruct-v1:0"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := synthesize("bedrock-"+strings.ReplaceAll(tt.name, " ", "-"), map[string]any{settings.KeyBedrockModelID: tt.model}, prebuilt)
			if err != nil {
				t.Fatalf("synth: %v", err)
			}
			if v := modelEnv(s.tmpl); v != tt.model {
				t.Errorf("BEDROCK_MODEL_ID = %v; want %s", v, tt.model)
			}
			stmts := invokes(t, s.tmpl)
			if len(stmts) != 1 || !slices.Equal(stmts[0].Actions, []string{"bedrock:InvokeModel"}) {
				t.Fatalf("bedrock statements %+v; want one allowing only bedrock:InvokeModel", stmts)
			}
			if len(stmts[0].Resources) != len(tt.want) {
				t.Errorf("resources %v; want %d", stmts[0].Resources, len(tt.want))
			}
			for _, w := range tt.want {
				if !allows(stmts, "bedrock:InvokeModel", w) {
					b, _ := json.Marshal(stmts[0].Resources)
					t.Errorf("resources %s; want %s", b, w)
				}
			}
		})
	}
}

func TestBedrockModelIDSetting(t *testing.T) {
	tests := []struct {
		id string
		ok bool
	}{
		{"meta.llama3-70b-instruct-v1:0", true},
		{"anthropic.claude-sonnet-4-20250514-v1:0", true},
		{"us.meta.llama3-3-70b-instruct-v1:0", true},
		{"global.anthropic.claude-sonnet-4-20250514-v1:0", true},
		{"llama", false},
		{"meta.llama3/*", false},
		{"arn:aws:bedrock:us-east-1::foundation-model/meta.llama3-70b-instruct-v1:0", false},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			c, err := settings.Parse(settings.FromMap(map[string]any{settings.KeyBedrockModelID: tt.id}))
			if tt.ok && (err != nil || c.BedrockModelID != tt.id) {
				t.Errorf("got %q, %v; want it accepted", c.BedrockModelID, err)
			}
			if !tt.ok && (err == nil || !strings.Contains(err.Error(), settings.KeyBedrockModelID)) {
				t.Errorf("got %v; want an error naming %s", err, settings.KeyBedrockModelID)
			}
		})
	}
}
