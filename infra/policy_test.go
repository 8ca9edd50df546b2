package main

import (
	"slices"
	"strings"
	"testing"

	"github.com/attestdev/attest/infra/settings"
)

// TestOrganisationPolicy: with attest:policyUri, the scan and review functions read exactly that object and
// are told where it is; without it, neither gets the variable or the permission.
func TestOrganisationPolicy(t *testing.T) {
	first := sample(t)
	prebuilt := func(k string) string {
		if k == EnvBuildDir {
			return first.buildDir
		}
		return ""
	}
	reads := func(t *testing.T, tm template, fn string) []statement {
		var out []statement
		for _, s := range statementsOf(t, tm, roleOf(t, tm, fn)) {
			if s.Sid == "OrganisationPolicy" {
				out = append(out, s)
			}
		}
		return out
	}
	envOf := func(tm template, fn string) any {
		return get(tm.Resources[functionID(t, tm, fn)].Properties, "Environment.Variables.ATTEST_POLICY")
	}
	t.Run("off by default", func(t *testing.T) {
		for _, fn := range []string{"scan", "review"} {
			if s := reads(t, first.tmpl, fn); len(s) != 0 || envOf(first.tmpl, fn) != nil {
				t.Errorf("%s reads a policy without attest:policyUri: %+v", fn, s)
			}
		}
	})
	t.Run("set", func(t *testing.T) {
		const uri = "s3://org-guardrails/attest/policy.yml"
		s, err := synthesize("org-policy", map[string]any{settings.KeyPolicyURI: uri}, prebuilt)
		if err != nil {
			t.Fatalf("synth: %v", err)
		}
		for _, fn := range []string{"scan", "review"} {
			if v := envOf(s.tmpl, fn); v != uri {
				t.Errorf("%s ATTEST_POLICY = %v; want %s", fn, v, uri)
			}
			stmts := reads(t, s.tmpl, fn)
			if len(stmts) != 1 || !slices.Equal(stmts[0].Actions, []string{"s3:GetObject"}) ||
				!allows(stmts, "s3:GetObject", ":s3:::org-guardrails/attest/policy.yml") {
				t.Errorf("%s policy statements %+v; want s3:GetObject on that object only", fn, stmts)
			}
		}
	})
	for _, bad := range []string{"org-guardrails/policy.yml", "s3://org-guardrails", "s3://Bad_Bucket/p.yml"} {
		t.Run("rejects "+bad, func(t *testing.T) {
			_, err := settings.Parse(settings.FromMap(map[string]any{settings.KeyPolicyURI: bad}))
			if err == nil || !strings.Contains(err.Error(), settings.KeyPolicyURI) {
				t.Errorf("got %v; want an error naming %s", err, settings.KeyPolicyURI)
			}
		})
	}
}
