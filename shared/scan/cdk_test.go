package scan

import (
	"context"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

// TestScanCDKOutput checks that synthesised CDK templates are found anywhere in a push (cdk.out of any app
// directory), that the other files of cdk.out are skipped as not templates, and that findings name the
// construct path.
func TestScanCDKOutput(t *testing.T) {
	tpl, err := os.ReadFile("../../testdata/iac/corpus/cdk-storage.template.json")
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{
		"services/orders/cdk.out/StorageStack.template.json": {Data: tpl},
		"services/orders/cdk.out/manifest.json":              {Data: []byte(`{"version":"36.0.0","artifacts":{}}`)},
		"services/orders/cdk.out/tree.json":                  {Data: []byte(`{"version":"tree-0.1","tree":{"id":"App"}}`)},
	}
	rep, err := New().Scan(context.Background(), fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	evals := 0
	for _, e := range rep.Evaluations {
		if e.Path == "services/orders/cdk.out/StorageStack.template.json" {
			evals++
		}
	}
	if evals == 0 {
		t.Fatal("got no evaluations of the CDK template")
	}
	named := false
	for _, f := range rep.Findings {
		if strings.Contains(f.Message, "(StorageStack/AccessLogs/Resource)") {
			named = true
		}
	}
	if !named {
		t.Error("no finding names the construct path StorageStack/AccessLogs/Resource")
	}
	for _, s := range rep.Skipped {
		if strings.HasSuffix(s.Path, "manifest.json") || strings.HasSuffix(s.Path, "tree.json") {
			if s.Reason != "not a CloudFormation template" {
				t.Errorf("%s skipped as %q; want \"not a CloudFormation template\"", s.Path, s.Reason)
			}
		}
	}
}
