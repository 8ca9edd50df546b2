package envcheck

import (
	"context"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/finding"
)

// evaluation returns the evaluation of a rule on a function.
func evaluation(t *testing.T, rep *finding.Report, fn, rule string) finding.Evaluation {
	t.Helper()
	for _, ev := range rep.Evaluations {
		if ev.ResourceID == fn && ev.RuleID == rule {
			return ev
		}
	}
	t.Fatalf("no evaluation of %s on %s", rule, fn)
	return finding.Evaluation{}
}

func TestJoinNotAssessed(t *testing.T) {
	const head = "Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n"
	tests := []struct {
		name, props string
		files       memFS
		want        string // part of the NOT_ASSESSED reason
	}{
		{"container image", "      PackageType: Image\n      ImageUri: x\n", nil, "container-image"},
		{"code in S3", "      Runtime: python3.12\n      Handler: a.h\n      CodeUri: s3://bucket/code.zip\n", nil, "package"},
		{"handler file missing", "      Runtime: python3.12\n      Handler: a.h\n      CodeUri: src/\n", nil, "not in the push"},
		{"unsupported runtime", "      Runtime: ruby3.3\n      Handler: a.h\n      CodeUri: .\n", nil, "ruby3.3"},
		{"runtime from a parameter without default", "      Runtime: !Ref Rt\n      Handler: a.h\n      CodeUri: .\n", nil, "Runtime"},
		{"code outside the tree", "      Runtime: python3.12\n      Handler: a.h\n      CodeUri: ../elsewhere\n", nil, "outside the scanned tree"},
		{"handler that does not parse", "      Runtime: python3.12\n      Handler: a.h\n      CodeUri: .\n", memFS{"a.py": []byte("def h(:\n")}, "syntax error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.files == nil {
				tt.files = memFS{}
			}
			tpl := head + tt.props
			if strings.Contains(tt.props, "!Ref Rt") {
				tpl = "Parameters:\n  Rt:\n    Type: String\n" + tpl
			}
			tt.files["template.yaml"] = []byte(tpl)
			if !cgoEnabled && tt.name == "handler that does not parse" {
				t.Skip("needs tree-sitter (cgo)")
			}
			rep, err := Check(context.Background(), tt.files, []string{"template.yaml"})
			if err != nil {
				t.Fatal(err)
			}
			for _, rule := range Registry() {
				ev := evaluation(t, rep, "F", rule.ID)
				if ev.Status != finding.StatusNotAssessed || !strings.Contains(ev.Message, tt.want) {
					t.Errorf("%s: got %s %q; want NOT_ASSESSED mentioning %q", rule.ID, ev.Status, ev.Message, tt.want)
				}
			}
		})
	}
}

func TestCheckIgnoresOtherFiles(t *testing.T) {
	fsys := memFS{
		"notes.yaml":    []byte("a: [1, 2"),
		"data.json":     []byte(`{"Resources": "AWS::Lambda::Function"}`),
		"README.md":     []byte("# AWS::Lambda::Function"),
		"template.yaml": []byte("Resources:\n  B:\n    Type: AWS::S3::Bucket\n"),
	}
	rep, err := Check(context.Background(), fsys, []string{"notes.yaml", "data.json", "README.md", "template.yaml", "missing.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Evaluations) != 0 || len(rep.Findings) != 0 {
		t.Errorf("got %d evaluations and %d findings; want none for files without functions", len(rep.Evaluations), len(rep.Findings))
	}
}

func TestScanReportsCancellation(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fsys := memFS{"template.yaml": []byte("Resources:\n  F:\n    Type: AWS::Lambda::Function\n")}
	rep := Scan(ctx, fsys, []string{"template.yaml"})
	if len(rep.Skipped) != 1 || !strings.Contains(rep.Skipped[0].Reason, "environment checks not run") {
		t.Errorf("got skipped %+v; want one entry saying the environment checks did not run", rep.Skipped)
	}
}

func TestInlineCodeLines(t *testing.T) {
	if !cgoEnabled {
		t.Skip("needs tree-sitter (cgo)")
	}
	tpl := `Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {}
  F:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt Role.Arn
      Code:
        ZipFile: |
          import boto3
          def handler(event, context):
              boto3.client("sqs").send_message(QueueUrl="q", MessageBody="m")
`
	rep, err := Check(context.Background(), memFS{"t.yaml": []byte(tpl)}, []string{"t.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 {
		t.Fatalf("got %d findings; want 1 (sqs:SendMessage not granted)", len(rep.Findings))
	}
	f := rep.Findings[0]
	if f.Path != "t.yaml" || f.Line != 16 || f.RuleID != RuleMissingPermission {
		t.Errorf("got %s %s:%d; want %s t.yaml:16", f.RuleID, f.Path, f.Line, RuleMissingPermission)
	}
}
