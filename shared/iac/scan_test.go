package iac

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/golden"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestScanTemplateSARIFGolden(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "golden", "buckets.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ScanTemplate("infra/buckets.yaml", src)
	if err != nil {
		t.Fatalf("ScanTemplate: %v", err)
	}
	rep.Sort()
	sarif, err := rep.MarshalSARIF(finding.ToolInfo{Name: "attest", Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "golden", "buckets.sarif.json"), sarif, *update)
}

// TestScanTemplateOutcomes pins the outcome of each rule on each bucket of the golden template, so that the
// golden file is not the only judge.
func TestScanTemplateOutcomes(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "golden", "buckets.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ScanTemplate("buckets.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	const sse, pab = "s3-bucket-server-side-encryption-enabled", "s3-bucket-level-public-access-prohibited"
	// The template also holds a KMS key, which the KMS rules judge; this test is about the two bucket rules.
	got := map[string]string{}
	for _, e := range rep.Evaluations {
		if e.RuleID == sse || e.RuleID == pab {
			got[e.ResourceID+"/"+e.RuleID] = fmt.Sprintf("%s@%d", e.Status, e.Line)
		}
	}
	want := map[string]string{
		"Uploads/" + sse: "PASS@12",
		"Uploads/" + pab: "FAIL@24", // RestrictPublicBuckets: false
		"Legacy/" + sse:  "FAIL@25", // the resource line: nothing declared
		"Legacy/" + pab:  "FAIL@25",
		"Logs/" + sse:    "PASS@29", // Env defaults to prod, so the !If picks aws:kms
		"Logs/" + pab:    "PASS@29",
		"Static/" + sse:  "NOT_ASSESSED@48", // BucketEncryption: !Ref to a resource
		"Static/" + pab:  "FAIL@49",         // three flags unset (the block lacks them), whatever the unknown one is
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: got %q; want %q", k, got[k], w)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d bucket evaluations; want %d", len(got), len(want))
	}
	var staticSSE string
	for _, e := range rep.Evaluations {
		if e.ResourceID == "Static" && e.RuleID == sse {
			staticSSE = e.Message
		}
	}
	if !strings.Contains(staticSSE, "BucketEncryption") || !strings.Contains(staticSSE, "resource Encryption") {
		t.Errorf("not-assessed message %q does not say what is unknown and why", staticSSE)
	}
	bucketFindings := 0
	for _, f := range rep.Findings {
		if f.RuleID == sse || f.RuleID == pab {
			bucketFindings++
		}
	}
	if bucketFindings != 4 || rep.Scanned[0] != "buckets.yaml" {
		t.Errorf("got %d bucket findings, scanned %v; want 4 findings, scanned [buckets.yaml]", bucketFindings, rep.Scanned)
	}
	for _, f := range rep.Findings {
		if f.LogicalID == "" || f.Line == 0 || f.Snippet == "" {
			t.Errorf("finding %+v lacks a logical ID, line or snippet", f)
		}
	}
}

func TestScanTemplateParams(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("testdata", "golden", "buckets.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	tpl, err := cfn.Parse("buckets.yaml", src)
	if err != nil {
		t.Fatal(err)
	}
	rep := ScanParsed(tpl, src, map[string]string{"Env": "dev"})
	for _, e := range rep.Evaluations {
		if e.ResourceID == "Logs" && e.RuleID == "s3-bucket-level-public-access-prohibited" && e.Status != finding.StatusFail {
			t.Errorf("with Env=dev the Logs bucket has no public access block: got %s; want FAIL", e.Status)
		}
	}
}

func TestScanTemplateErrors(t *testing.T) {
	cases := []struct {
		name   string
		src    string
		notTpl bool
	}{
		{"not a template", "name: ci\njobs: {}\n", true},
		{"broken", "Resources: [\n", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rep, err := ScanTemplate("x.yaml", []byte(c.src))
			if rep != nil {
				t.Errorf("got a report; want none")
			}
			var pe *cfn.ParseError
			if c.notTpl != errors.Is(err, cfn.ErrNotTemplate) || (!c.notTpl && !errors.As(err, &pe)) {
				t.Errorf("got %T %v; want ErrNotTemplate=%v", err, err, c.notTpl)
			}
		})
	}
}

func TestScanTemplateReportsUnexpanded(t *testing.T) {
	src := "Resources:\n  M:\n    Type: !Rain::Module bucket.yml\n  B:\n    Type: AWS::S3::Bucket\n"
	rep, err := ScanTemplate("t.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Skipped) != 1 || !strings.Contains(rep.Skipped[0].Reason, "M") {
		t.Errorf("got skipped %+v; want the module M reported", rep.Skipped)
	}
}

func FuzzScanTemplate(f *testing.F) {
	for _, p := range []string{"golden/buckets.yaml", "s3-bucket-level-public-access-prohibited/fail-flag-unset.yaml"} {
		b, err := os.ReadFile(filepath.Join("testdata", p))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("Resources: {B: {Type: AWS::S3::Bucket, Properties: {BucketEncryption: {ServerSideEncryptionConfiguration: 5}, PublicAccessBlockConfiguration: [1]}}}"))
	f.Add([]byte("Transform: AWS::Serverless-2016-10-31\nGlobals: {Function: {Tags: {a: b}}}\nResources: {F: {Type: AWS::Serverless::Function, Properties: {Events: {E: {Type: S3}}, Tags: [1]}}, K: {Type: AWS::KMS::Key}, T: {Type: AWS::DynamoDB::GlobalTable, Properties: {Replicas: [{Region: [1]}]}}}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := ScanTemplate("fuzz.yaml", data)
		if err != nil {
			return
		}
		if _, err := rep.MarshalSARIF(finding.ToolInfo{Name: "attest"}); err != nil {
			t.Fatalf("MarshalSARIF: %v", err)
		}
		// The policy-driven rules read every resource type, so run them too.
		tpl, err := cfn.Parse("fuzz.yaml", data)
		if err != nil {
			t.Fatalf("the template parsed once and not twice: %v", err)
		}
		opts := exampleOptions
		opts.Region = "us-east-1"
		ScanParsedWith(tpl, data, nil, &opts)
	})
}

func BenchmarkScanTemplate(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Parameters: {Env: {Type: String, Default: prod}}\nConditions: {IsProd: !Equals [!Ref Env, prod]}\nResources:\n")
	for i := range 300 {
		fmt.Fprintf(&sb, "  B%d:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault: {SSEAlgorithm: !If [IsProd, aws:kms, AES256]}\n      PublicAccessBlockConfiguration: {BlockPublicAcls: true, BlockPublicPolicy: false}\n", i)
	}
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ScanTemplate("bench.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}

func TestConfigTypeNames(t *testing.T) {
	if !HasRules("AWS::OpenSearch::Domain") {
		t.Error("AWS Config's AWS::OpenSearch::Domain has no rules; want the OpenSearchService::Domain rules")
	}
	if got := TemplateType("AWS::S3::Bucket"); got != "AWS::S3::Bucket" {
		t.Errorf("got %s; want the same name", got)
	}
}
