package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/finding"
)

// attest runs the command line in-process, from the repository root, and returns the exit code and output.
func attest(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	c := &cli{stdout: &out, stderr: &errb, getenv: func(k string) string { return env[k] }}
	code := c.main(context.Background(), args)
	return code, out.String(), errb.String()
}

func TestMain(m *testing.M) {
	// The commands resolve testdata/ and events/ from the repository root, as a user runs them.
	if err := os.Chdir(filepath.Join("..", "..")); err != nil {
		panic(err)
	}
	os.Exit(m.Run())
}

func TestUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "usage: attest"},
		{"unknown command", []string{"frobnicate"}, `unknown command "frobnicate"`},
		{"scan without path", []string{"scan"}, "scan takes one PATH"},
		{"scan bad format", []string{"scan", "--format", "xml", "testdata"}, `unknown format "xml"`},
		{"scan missing path", []string{"scan", "no/such/dir"}, "no such file"},
		{"asff without account", []string{"scan", "--format", "asff", "testdata/sample-repo/01-base"}, "needs the AWS account ID"},
		{"scan bad diff range", []string{"scan", "--diff", "HEAD", "."}, "--diff takes A..B"},
		{"scan diff and staged", []string{"scan", "--diff", "a..b", "--staged", "."}, "exclude each other"},
		{"unknown flag", []string{"verify", "--frob"}, "flag provided but not defined"},
		{"explain without event", []string{"explain", "--context", "testdata/context/vpc-no-egress"}, "--event FILE is required"},
		{"explain without context", []string{"explain", "--event", "events/cloudwatch-alarm-lambda-errors.json"}, "exactly one of --context DIR"},
		{"run malformed event", []string{"run", "--event", "go.mod"}, "malformed event"},
		{"evaluate an alarm event", []string{"evaluate", "--event", "events/cloudwatch-alarm-ok.json"}, "evaluate"},
		{"verify nothing", []string{"verify", "testdata/context"}, "no evidence pack found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, stderr := attest(t, map[string]string{"ATTEST_STORE": t.TempDir()}, tc.args...)
			if code != exitUsage {
				t.Errorf("got exit %d; want %d (stderr %q)", code, exitUsage, stderr)
			}
			if !strings.Contains(stderr, tc.want) {
				t.Errorf("got stderr %q; want it to contain %q", stderr, tc.want)
			}
			if tc.args != nil && strings.Count(strings.TrimSpace(stderr), "\n") > 0 && !strings.Contains(stderr, "usage:") {
				t.Errorf("got %d lines on stderr; want one: %q", strings.Count(stderr, "\n"), stderr)
			}
		})
	}
}

func TestScanSampleTrees(t *testing.T) {
	code, out, stderr := attest(t, nil, "scan", "--format", "sarif", "testdata/sample-repo/02-head")
	if code != exitBlocking {
		t.Fatalf("head: got exit %d; want %d: the pushed tree has blocking findings (stderr %q)", code, exitBlocking, stderr)
	}
	var log finding.SARIFLog
	if err := json.Unmarshal([]byte(out), &log); err != nil {
		t.Fatalf("head: SARIF does not parse: %v", err)
	}
	rules := map[string]bool{}
	for _, r := range log.Runs[0].Results {
		rules[r.RuleID] = true
		if r.Locations[0].PhysicalLocation.ArtifactLocation.URI == "" || r.PartialFingerprints["primaryLocationLineHash"] == "" {
			t.Errorf("result %s lacks a location or fingerprint", r.RuleID)
		}
	}
	if len(rules) < 3 {
		t.Errorf("head: got results of rules %v; want weak hash, short key and public access findings", rules)
	}
	if code, _, stderr := attest(t, nil, "scan", "testdata/sample-repo/01-base"); code != exitOK {
		t.Errorf("base: got exit %d; want 0: nothing in the base blocks (stderr %q)", code, stderr)
	}
	policy := filepath.Join(t.TempDir(), "policy.yml")
	os.WriteFile(policy, []byte("blockLevels: [error, warning]\n"), 0o644)
	if code, _, _ := attest(t, nil, "scan", "--config", policy, "testdata/sample-repo/01-base"); code != exitBlocking {
		t.Errorf("base with warnings blocking: got exit %d; want 1 (RSA is quantum-vulnerable)", code)
	}
}

func TestDemoThenVerify(t *testing.T) {
	store := filepath.Join(t.TempDir(), "store")
	env := map[string]string{"ATTEST_STORE": store}
	code, out, stderr := attest(t, env, "demo")
	if code != exitOK {
		t.Fatalf("demo: got exit %d; want 0\nstdout:\n%s\nstderr:\n%s", code, out, stderr)
	}
	if !strings.Contains(out, "all intact") {
		t.Errorf("demo output does not report an intact store:\n%s", out)
	}
	if code, out, _ := attest(t, env, "verify", store); code != exitOK || !strings.Contains(out, "OK:") {
		t.Fatalf("verify: got exit %d; want 0:\n%s", code, out)
	}
	// Running the demo again must not write second packs for the same events.
	packsBefore := countManifests(t, store)
	if code, out, _ := attest(t, env, "demo"); code != exitOK {
		t.Fatalf("second demo: got exit %d\n%s", code, out)
	}
	if after := countManifests(t, store); after != packsBefore {
		t.Errorf("second demo: got %d packs; want the same %d", after, packsBefore)
	}
	// One changed byte in any pack file makes verify fail and name the file.
	var victim string
	filepath.WalkDir(filepath.Join(store, "packs"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && filepath.Base(p) == "findings.sarif.json" && victim == "" {
			victim = p
		}
		return nil
	})
	if victim == "" {
		t.Fatal("no findings.sarif.json in any pack")
	}
	b, _ := os.ReadFile(victim)
	b[len(b)/2] ^= 0x20
	os.WriteFile(victim, b, 0o644)
	code, out, stderr = attest(t, env, "verify", store)
	if code != exitBlocking || !strings.Contains(out, "findings.sarif.json: SHA-256") {
		t.Errorf("verify after tampering: got exit %d, output %q, stderr %q; want exit 1 naming findings.sarif.json", code, out, stderr)
	}
}

func countManifests(t *testing.T, dir string) int {
	n := 0
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && d.Name() == "manifest.json" {
			n++
		}
		return nil
	})
	return n
}

func TestRunPrintsPackID(t *testing.T) {
	env := map[string]string{"ATTEST_STORE": t.TempDir()}
	code, out, stderr := attest(t, env, "run", "--event", "events/config-s3-bucket-update.json")
	if code != exitBlocking && code != exitOK {
		t.Fatalf("got exit %d; stderr %q", code, stderr)
	}
	id := strings.TrimSpace(out)
	if !strings.HasPrefix(id, "config-") {
		t.Errorf("got %q; want the pack id of a config run", out)
	}
	code, _, stderr = attest(t, env, "run", "--event", "events/cloudwatch-alarm-ok.json")
	if code != exitOK || !strings.Contains(stderr, "ignored") {
		t.Errorf("OK alarm: got exit %d, stderr %q; want 0 and the reason it was ignored", code, stderr)
	}
}

func TestExplainAndForecast(t *testing.T) {
	code, out, stderr := attest(t, nil, "explain", "--event", "events/cloudwatch-alarm-lambda-errors.json", "--context", "testdata/context/vpc-no-egress", "--format", "json")
	if code != exitOK {
		t.Fatalf("explain: got exit %d: %s", code, stderr)
	}
	var exp struct {
		RootCause struct{ ID, Confidence string } `json:"rootCause"`
	}
	if err := json.Unmarshal([]byte(out), &exp); err != nil || exp.RootCause.ID != "vpc-no-egress" || exp.RootCause.Confidence != "confirmed" {
		t.Errorf("explain: got %+v, %v; want vpc-no-egress confirmed", exp.RootCause, err)
	}
	code, out, stderr = attest(t, nil, "forecast", "--base", "testdata/sample-repo/01-base", "--format", "json", "testdata/sample-repo/02-head")
	if code != exitOK {
		t.Fatalf("forecast: got exit %d: %s", code, stderr)
	}
	var fc struct {
		Totals struct{ DeltaMonthlyUSD float64 } `json:"totals"`
	}
	if err := json.Unmarshal([]byte(out), &fc); err != nil || fc.Totals.DeltaMonthlyUSD <= 0 {
		t.Errorf("forecast: got delta %v, %v; want the NAT gateway, instance and capacity to add cost", fc.Totals.DeltaMonthlyUSD, err)
	}
}

func TestCBOM(t *testing.T) {
	code, out, stderr := attest(t, nil, "cbom", "testdata/sample-repo/02-head")
	if code != exitOK {
		t.Fatalf("got exit %d: %s", code, stderr)
	}
	var bom struct {
		BOMFormat   string `json:"bomFormat"`
		SpecVersion string `json:"specVersion"`
		Components  []struct {
			Type string `json:"type"`
			Name string `json:"name"`
		} `json:"components"`
	}
	if err := json.Unmarshal([]byte(out), &bom); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, c := range bom.Components {
		names[c.Name] = c.Type == "cryptographic-asset"
	}
	if bom.BOMFormat != "CycloneDX" || bom.SpecVersion != "1.6" || !names["MD5"] || !names["RSA-1024"] {
		t.Errorf("got %+v; want a CycloneDX 1.6 BOM listing MD5 and RSA-1024 as cryptographic assets", bom)
	}
}
