package suppress

import (
	"reflect"
	"testing"

	"github.com/attestdev/attest/shared/cfn"
)

const yamlTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Metadata:
      attest:
        skip:
          - id: s3-bucket-logging-enabled
            reason: This is the log bucket
      cfn_nag:
        rules_to_suppress:
          - id: W35
            reason: "This is the log bucket"
          - id: W51
      checkov:
        skip:
          - id: CKV_AWS_18
            comment: This is the log bucket
  Bad:
    Type: AWS::S3::Bucket
    Metadata:
      attest:
        skip: s3-bucket-logging-enabled
      checkov:
        skip:
          - CKV_AWS_18
          - comment: no id
  Plain:
    Type: AWS::S3::Bucket
    Metadata:
      Comment: nothing to see
`

const jsonTemplate = `{
  "Resources": {
    "Queue": {
      "Type": "AWS::SQS::Queue",
      "Metadata": {
        "cfn_nag": {"rules_to_suppress": [{"id": "W48", "reason": "no customer data"}]},
        "attest": {"skip": [{"id": "sqs-queue-encrypted", "reason": "   "}]}
      }
    }
  }
}`

func TestFromTemplate(t *testing.T) {
	tests := []struct {
		name, path, src string
		want            []Entry
	}{
		{"yaml", "t.yaml", yamlTemplate, []Entry{
			{Form: FormAttest, LogicalID: "Logs", ID: "s3-bucket-logging-enabled", Reason: "This is the log bucket", Line: 8},
			{Form: FormCfnNag, LogicalID: "Logs", ID: "W35", Reason: "This is the log bucket", Line: 12},
			{Form: FormCfnNag, LogicalID: "Logs", ID: "W51", Line: 14},
			{Form: FormCheckov, LogicalID: "Logs", ID: "CKV_AWS_18", Reason: "This is the log bucket", Line: 17},
			{Form: FormAttest, LogicalID: "Bad", Line: 23, Problem: `Metadata.attest needs a list under "skip"`},
			{Form: FormCheckov, LogicalID: "Bad", Line: 26, Problem: "an entry of Metadata.checkov.skip is not a mapping with id and comment"},
			{Form: FormCheckov, LogicalID: "Bad", Reason: "no id", Line: 27, Problem: "an entry of Metadata.checkov.skip has no id"},
		}},
		{"json", "t.json", jsonTemplate, []Entry{
			{Form: FormAttest, LogicalID: "Queue", ID: "sqs-queue-encrypted", Line: 7},
			{Form: FormCfnNag, LogicalID: "Queue", ID: "W48", Reason: "no customer data", Line: 6},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl, err := cfn.Parse(tt.path, []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			got := FromTemplate(tpl)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("FromTemplate(%s):\n got %+v\nwant %+v", tt.path, got, tt.want)
			}
		})
	}
	if got := FromTemplate(nil); got != nil {
		t.Errorf("FromTemplate(nil): got %v; want nil", got)
	}
}
