package iac

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSAMFindingsPointAtSource checks that a rule failing on a setting SAM takes from Globals points at the
// Globals line, and one failing on a SAM resource's missing setting at the resource.
func TestSAMFindingsPointAtSource(t *testing.T) {
	src := "Transform: AWS::Serverless-2016-10-31\n" + // 1
		"Globals:\n" + // 2
		"  Function:\n" + // 3
		"    Runtime: python3.8\n" + // 4
		"Resources:\n" + // 5
		"  Fn:\n" + // 6
		"    Type: AWS::Serverless::Function\n" + // 7
		"    Properties:\n" + // 8
		"      Handler: app.handler\n" + // 9
		"      CodeUri: src/\n" // 10
	rep, err := ScanTemplate("template.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"lambda-function-settings-check": 4, "lambda-dlq-check": 6}
	for _, f := range rep.Findings {
		if line, ok := want[f.RuleID]; ok {
			if f.Line != line || f.LogicalID != "Fn" {
				t.Errorf("%s: got %s line %d; want Fn line %d", f.RuleID, f.LogicalID, f.Line, line)
			}
			delete(want, f.RuleID)
		}
	}
	if len(want) > 0 {
		t.Errorf("no findings for %v", want)
	}
}

func TestCDKPathInMessages(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(corpusDir, "cdk-storage.template.json"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := ScanTemplate("cdk.out/StorageStack.template.json", data)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range rep.Findings {
		if f.LogicalID == "AccessLogsBucket83982689" {
			found = true
			if !strings.Contains(f.Message, "AccessLogsBucket83982689 (StorageStack/AccessLogs/Resource)") {
				t.Errorf("got message %q; want the construct path beside the logical ID", f.Message)
			}
		}
	}
	if !found {
		t.Fatal("no finding on the CDK access-log bucket")
	}
	for _, e := range rep.Evaluations {
		if e.ResourceID == "CDKMetadata" || e.Status == "" {
			t.Errorf("got evaluation %+v; want none on CDK metadata and a status on each", e)
		}
	}
}
