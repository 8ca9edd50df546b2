package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/crypto"
	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/iac"
)

// fakeTemplates stands in for the IaC scanner: a template is a file that says "AWSTemplateFormatVersion",
// a file that says "broken" does not parse, and anything else is not a template.
type fakeTemplates struct{}

const fakeRule = "FAKE-IAC-1"

func (fakeTemplates) Rules() []finding.Rule {
	return []finding.Rule{{ID: fakeRule, Title: "fake", Level: finding.LevelError, Class: "iac"}}
}

func (fakeTemplates) ScanTemplate(path string, data []byte) (*finding.Report, error) {
	switch {
	case bytes.Contains(data, []byte("broken")):
		return nil, &cfn.ParseError{Path: path, Line: 2, Reason: "mapping values are not allowed here"}
	case !bytes.Contains(data, []byte("AWSTemplateFormatVersion")):
		return nil, fmt.Errorf("parse %s: %w: no Resources", path, cfn.ErrNotTemplate)
	}
	return &finding.Report{
		Rules:       fakeTemplates{}.Rules(),
		Findings:    []finding.Finding{{RuleID: fakeRule, Level: finding.LevelError, Path: path, Line: 3, LogicalID: "Bucket"}},
		Evaluations: []finding.Evaluation{{RuleID: fakeRule, Status: finding.StatusFail, ResourceType: "AWS::S3::Bucket", ResourceID: "Bucket", Path: path}},
		Scanned:     []string{path},
	}, nil
}

// writeTree writes files under dir; a value of nil makes a directory.
func writeTree(t testing.TB, dir string, files map[string][]byte) {
	t.Helper()
	for p, data := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

const goMD5 = "package x\n\nimport \"crypto/md5\"\n\nvar Sum = md5.Sum([]byte(\"x\"))\n"
const pyRSA = "from Crypto.PublicKey import RSA\n\nkey = RSA.generate(1024)\n"

func mixedTree(t testing.TB) string {
	dir := t.TempDir()
	writeTree(t, dir, map[string][]byte{
		"app/sum.go":                         []byte(goMD5),
		"app/keys.py":                        []byte(pyRSA),
		"app/clean.py":                       []byte("import hashlib\nx = hashlib.sha256(b'x')\n"),
		"app/broken.py":                      []byte("def f(:\n"),
		"app/broken.go":                      []byte("package x\nfunc (\n"),
		"app/binary.py":                      append([]byte("import hashlib\n"), 0, 1, 2),
		"app/huge.go":                        append([]byte("package x\n//"), bytes.Repeat([]byte("x"), 5000)...),
		"README.md":                          []byte("# hashlib.md5\n"),
		"Makefile":                           []byte("all:\n"),
		"infra/template.yaml":                []byte("AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n"),
		"infra/broken.yml":                   []byte("broken: [\n"),
		"config/settings.json":               []byte(`{"debug": true}`),
		"cdk.out/Stack.template.json":        []byte(`{"AWSTemplateFormatVersion": "2010-09-09"}`),
		".git/config":                        []byte("[core]\n"),
		"node_modules/lib/index.py":          []byte(pyRSA),
		"vendor/example.com/m/m.go":          []byte(goMD5),
		".attest/packs/2026/x/manifest.json": []byte("{}"),
	})
	if err := os.Symlink("/etc/hostname", filepath.Join(dir, "app", "link.py")); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestScanMixedTree(t *testing.T) {
	dir := mixedTree(t)
	svc := &Service{Templates: fakeTemplates{}, MaxFileSize: 4096}
	rep, err := svc.Scan(context.Background(), os.DirFS(dir), nil)
	if err != nil {
		t.Fatal(err)
	}
	wantScanned := []string{"app/clean.py", "app/keys.py", "app/sum.go", "cdk.out/Stack.template.json", "infra/template.yaml"}
	if !slices.Equal(rep.Scanned, wantScanned) {
		t.Errorf("scanned %v; want %v", rep.Scanned, wantScanned)
	}
	wantSkipped := map[string]string{
		".attest":              "excluded directory: the local Attest store",
		".git":                 "excluded directory: version-control data",
		"Makefile":             "no analyzer for files without an extension",
		"README.md":            "no analyzer for .md files",
		"app/binary.py":        "binary file",
		"app/broken.go":        "parse app/broken.go:2:",
		"app/broken.py":        "parse app/broken.py:1:",
		"app/huge.go":          "file is 4.9 KiB, over the 4.0 KiB size limit",
		"app/link.py":          "symbolic link, not followed",
		"config/settings.json": "not a CloudFormation template",
		"infra/broken.yml":     "parse infra/broken.yml:2: mapping values are not allowed here",
		"node_modules":         "excluded directory: third-party code",
		"vendor":               "excluded directory: third-party code",
	}
	gotSkipped := map[string]string{}
	for _, s := range rep.Skipped {
		if _, dup := gotSkipped[s.Path]; dup {
			t.Errorf("%s is skipped twice", s.Path)
		}
		gotSkipped[s.Path] = s.Reason
	}
	for p, want := range wantSkipped {
		if got, ok := gotSkipped[p]; !ok || !strings.HasPrefix(got, want) {
			t.Errorf("skipped %s: got %q; want a reason starting %q", p, got, want)
		}
	}
	for p := range gotSkipped {
		if _, ok := wantSkipped[p]; !ok {
			t.Errorf("skipped %s (%s); want it scanned or not listed", p, gotSkipped[p])
		}
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, fmt.Sprintf("%s:%d %s", f.Path, f.Line, f.RuleID))
	}
	want := []string{
		"app/keys.py:3 " + crypto.RuleShortKeyRSA,
		"app/sum.go:5 " + crypto.RuleWeakHash,
		"cdk.out/Stack.template.json:3 " + fakeRule,
		"infra/template.yaml:3 " + fakeRule,
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings %v; want %v", got, want)
	}
	if len(rep.Evaluations) != 2 {
		t.Errorf("got %d evaluations; want the 2 of the templates", len(rep.Evaluations))
	}
	for _, id := range append(ruleIDs(crypto.Rules()), fakeRule) {
		if _, ok := rep.Rule(id); !ok {
			t.Errorf("report lacks rule %s; want every rule of every analyzer", id)
		}
	}
	if _, err := rep.MarshalSARIF(finding.ToolInfo{Name: "attest"}); err != nil {
		t.Errorf("MarshalSARIF: %v", err)
	}
}

func ruleIDs(rs []finding.Rule) []string {
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.ID)
	}
	return ids
}

func TestScanIsDeterministic(t *testing.T) {
	dir := mixedTree(t)
	var first *finding.Report
	for _, workers := range []int{1, 2, 8} {
		rep, err := (&Service{Templates: fakeTemplates{}, MaxFileSize: 4096, Workers: workers}).Scan(context.Background(), os.DirFS(dir), nil)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = rep
			continue
		}
		if !reflect.DeepEqual(rep, first) {
			t.Errorf("report with %d workers differs from the report with 1", workers)
		}
	}
}

func TestScanPaths(t *testing.T) {
	dir := mixedTree(t)
	svc := &Service{Templates: fakeTemplates{}}
	rep, err := svc.Scan(context.Background(), os.DirFS(dir), []string{"app/sum.go", "app/sum.go", "missing.py", "../etc/passwd", "infra", "app/link.py"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"app/sum.go", "infra/template.yaml"}; !slices.Equal(rep.Scanned, want) {
		t.Errorf("scanned %v; want %v", rep.Scanned, want)
	}
	tests := []struct{ path, reason string }{
		{"../etc/passwd", "invalid path"},
		{"app/link.py", "symbolic link, not followed"},
		{"infra/broken.yml", "parse infra/broken.yml"},
		{"missing.py", "file not found"},
	}
	if len(rep.Skipped) != len(tests) {
		t.Errorf("skipped %v; want %d entries", rep.Skipped, len(tests))
	}
	for i, tc := range tests {
		if i < len(rep.Skipped) && (rep.Skipped[i].Path != tc.path || !strings.HasPrefix(rep.Skipped[i].Reason, tc.reason)) {
			t.Errorf("skipped[%d] = %+v; want %s: %s…", i, rep.Skipped[i], tc.path, tc.reason)
		}
	}
}

func TestScanWithoutTemplateScanner(t *testing.T) {
	fsys := fstest.MapFS{"template.yaml": {Data: []byte("AWSTemplateFormatVersion: '2010-09-09'\n")}}
	rep, err := (&Service{}).Scan(context.Background(), fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Scanned) != 0 || len(rep.Skipped) != 1 || rep.Skipped[0].Reason != "no IaC scanner in this runtime" {
		t.Errorf("got scanned %v, skipped %v; want the template skipped for want of a scanner", rep.Scanned, rep.Skipped)
	}
}

// panicky is an analyzer that panics, to show one bad file does not cost the run.
type panicky struct{}

func (panicky) Language() string     { return "boom" }
func (panicky) Extensions() []string { return []string{".boom"} }
func (panicky) Analyze(context.Context, string, []byte) (crypto.Result, error) {
	panic("index out of range")
}

func TestScanSurvivesAnalyzerPanic(t *testing.T) {
	fsys := fstest.MapFS{"a.boom": {Data: []byte("x")}, "b.go": {Data: []byte(goMD5)}}
	svc := &Service{Analyzers: append(crypto.Analyzers(), panicky{})}
	rep, err := svc.Scan(context.Background(), fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Scanned, []string{"b.go"}) || len(rep.Findings) != 1 {
		t.Errorf("got scanned %v and %d findings; want b.go scanned with its finding", rep.Scanned, len(rep.Findings))
	}
	if len(rep.Skipped) != 1 || !strings.Contains(rep.Skipped[0].Reason, "internal error in the analyzer: index out of range") {
		t.Errorf("skipped %v; want a.boom with the panic", rep.Skipped)
	}
}

func TestScanErrors(t *testing.T) {
	t.Run("cancelled context", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := New().Scan(ctx, fstest.MapFS{"a.go": {Data: []byte(goMD5)}}, nil)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("got %v; want context.Canceled", err)
		}
	})
	t.Run("missing root", func(t *testing.T) {
		_, err := New().Scan(context.Background(), os.DirFS(filepath.Join(t.TempDir(), "nope")), nil)
		if err == nil {
			t.Error("got no error; want one for a root that does not exist")
		}
	})
}

func TestRuleIDsUniqueAcrossAnalyzers(t *testing.T) {
	seen := map[string]bool{}
	for _, id := range append(ruleIDs(crypto.Rules()), ruleIDs(iac.Rules())...) {
		if seen[id] {
			t.Errorf("rule ID %s is defined twice: Report.Merge would hide one", id)
		}
		seen[id] = true
	}
}

func TestScanRealTemplate(t *testing.T) {
	const corpus = "/work/shared/corpus/aws-cloudformation-templates/S3/compliant-bucket.yaml"
	data, err := os.ReadFile(corpus)
	if err != nil {
		t.Skipf("corpus not available: %v", err)
	}
	rep, err := New().Scan(context.Background(), fstest.MapFS{"infra/bucket.yaml": {Data: data}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rep.Scanned, []string{"infra/bucket.yaml"}) {
		t.Errorf("scanned %v, skipped %v; want the template scanned by the IaC rules", rep.Scanned, rep.Skipped)
	}
	if len(rep.Evaluations) == 0 {
		t.Error("got no evaluations; want the IaC rules applied to the bucket")
	}
}
