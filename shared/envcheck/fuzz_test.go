package envcheck

import (
	"context"
	"testing"
)

// FuzzExtractCalls feeds arbitrary source to every extractor: bad input must yield an error or calls, never a
// panic.
func FuzzExtractCalls(f *testing.F) {
	f.Add(uint8(0), []byte("import boto3\ns3 = boto3.client('s3')\ns3.put_object(Bucket='b')\n"))
	f.Add(uint8(1), []byte("import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\nnew PutObjectCommand({Bucket: process.env.B});\n"))
	f.Add(uint8(2), []byte("const AWS = require('aws-sdk'); new AWS.S3().putObject({Bucket: 'b'});"))
	f.Add(uint8(3), []byte("import software.amazon.awssdk.services.s3.S3Client;\nclass A { S3Client s3; void f() { s3.putObject(b -> b.bucket(\"x\")); } }"))
	f.Add(uint8(4), []byte("package main\nimport \"github.com/aws/aws-sdk-go-v2/service/s3\"\nfunc f(c *s3.Client) { c.PutObject(nil, &s3.PutObjectInput{}) }\n"))
	exts := []string{"a.py", "a.ts", "a.js", "A.java", "a.go", "a.tsx"}
	f.Fuzz(func(t *testing.T, which uint8, src []byte) {
		p := exts[int(which)%len(exts)]
		calls, err := ExtractCalls(context.Background(), p, src)
		if err != nil {
			return
		}
		for _, c := range calls {
			if c.Line < 1 || c.Operation == "" {
				t.Errorf("%s: call %+v has no line or operation", p, c)
			}
		}
	})
}

// FuzzCheckTemplate feeds arbitrary templates next to a fixed handler: Check must not fail or panic.
func FuzzCheckTemplate(f *testing.F) {
	f.Add([]byte("Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.h\n      CodeUri: .\n      Policies: [S3ReadPolicy: {BucketName: b}]\n"))
	f.Add([]byte(`{"Resources":{"F":{"Type":"AWS::Lambda::Function","Properties":{"Runtime":"nodejs20.x","Role":{"Fn::GetAtt":["R","Arn"]},"Code":{"ZipFile":"x"}}},"R":{"Type":"AWS::IAM::Role","Properties":{"Policies":[{"PolicyDocument":"{\"Statement\":[]}"}]}}}}`))
	f.Fuzz(func(t *testing.T, tpl []byte) {
		fsys := memFS{"template.yaml": tpl, "app.py": []byte("import boto3\nboto3.client('s3').get_object(Bucket='b')\n")}
		if _, err := Check(context.Background(), fsys, []string{"template.yaml"}); err != nil {
			t.Errorf("Check: %v", err)
		}
	})
}
