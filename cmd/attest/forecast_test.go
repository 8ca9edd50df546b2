package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/samplerepo"
)

func TestForecastFormatsAndGate(t *testing.T) {
	base, head := "testdata/sample-repo/01-base", "testdata/sample-repo/02-head"
	policy := func(t *testing.T, body string) string {
		p := filepath.Join(t.TempDir(), "policy.yml")
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	code, out, stderr := attest(t, nil, "forecast", "--base", base, "--format", "json", head)
	if code != exitOK {
		t.Fatalf("json: got exit %d: %s", code, stderr)
	}
	var fc struct {
		Totals   struct{ DeltaMonthlyUSD float64 } `json:"totals"`
		Warnings []struct{ ID string }             `json:"warnings"`
	}
	if err := json.Unmarshal([]byte(out), &fc); err != nil || fc.Totals.DeltaMonthlyUSD <= 0 {
		t.Fatalf("json: got %v, %v; want an increase", fc.Totals.DeltaMonthlyUSD, err)
	}

	cases := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  string
		wantErr  string
	}{
		{"text table", []string{"--format", "text"}, exitOK, "/month", ""},
		{"markdown comment", []string{"--format", "markdown"}, exitOK, "### Cost forecast: +\\$", ""},
		{"under the absolute limit", []string{"--config", policy(t, "cost: {maxMonthlyDeltaUSD: 1000000}")}, exitOK, "Cost gate: pass", ""},
		{"over the absolute limit", []string{"--config", policy(t, "cost: {maxMonthlyDeltaUSD: 1}")}, exitBlocking, "Cost gate: fail", "above the limit of $1.00"},
		{"over the limit, JSON still written", []string{"--format", "json", "--config", policy(t, "cost: {maxMonthlyDeltaUSD: 0}")}, exitBlocking, `"blocking": true`, "cost gate"},
		{"bad format", []string{"--format", "html"}, exitUsage, "", `unknown format "html"`},
		{"bad policy", []string{"--config", policy(t, "cost: {maxMonthlyDeltaUSD: -5}")}, exitUsage, "", "not a non-negative number"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{"forecast", "--base", base}, tc.args...)
			code, out, stderr := attest(t, nil, append(args, head)...)
			if code != tc.wantCode {
				t.Fatalf("got exit %d (stderr %q); want %d", code, stderr, tc.wantCode)
			}
			if !strings.Contains(out, tc.wantOut) {
				t.Errorf("got stdout %q; want it to contain %q", out, tc.wantOut)
			}
			if !strings.Contains(stderr, tc.wantErr) {
				t.Errorf("got stderr %q; want it to contain %q", stderr, tc.wantErr)
			}
		})
	}
}

// TestRunCostGate runs a push through the whole local pipeline with a cost threshold the push exceeds: the
// run exits 1 naming the cost gate, and the signed pack records the failed cost control.
func TestRunCostGate(t *testing.T) {
	repoDir := t.TempDir()
	if _, err := samplerepo.Build("testdata/sample-repo", repoDir); err != nil {
		t.Fatal(err)
	}
	store := t.TempDir()
	pol := filepath.Join(t.TempDir(), "policy.yml")
	if err := os.WriteFile(pol, []byte("blockLevels: []\ncost: {maxMonthlyDeltaUSD: 1}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := attest(t, map[string]string{"ATTEST_STORE": store}, "run", "--event", "events/codecommit-reference-updated.json", "--repo-dir", repoDir, "--config", pol)
	if code != exitBlocking || !strings.Contains(stderr, "cost gate") {
		t.Fatalf("got exit %d, stderr %q; want 1 and the cost gate", code, stderr)
	}
	var manifest string
	filepath.WalkDir(filepath.Join(store, "packs"), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "manifest.json" && strings.Contains(p, strings.TrimSpace(out)) {
			manifest = p
		}
		return nil
	})
	b, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatalf("pack %s: %v", strings.TrimSpace(out), err)
	}
	var m struct {
		Files    []struct{ Path string }
		Controls []struct{ ID, Status string }
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var status string
	for _, c := range m.Controls {
		if c.ID == "POLICY/cost-monthly-delta" {
			status = c.Status
		}
	}
	if status != "fail" {
		t.Errorf("cost control status %q; want fail in %+v", status, m.Controls)
	}
	files := map[string]bool{}
	for _, f := range m.Files {
		files[f.Path] = true
	}
	for _, want := range []string{"forecast.json", "forecast.txt", "forecast.md"} {
		if !files[want] {
			t.Errorf("pack lacks %s: %+v", want, m.Files)
		}
	}
}
