package envcheck

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// callSummary is the part of a call the extractor tests compare.
func callSummary(c Call) string {
	keys := make([]string, 0, len(c.Params))
	for k := range c.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	s := fmt.Sprintf("%s.%s@%d", c.Service, c.Operation, c.Line)
	if c.Env != "" {
		s += " env=" + c.Env
	}
	if c.Literal != "" {
		s += " lit=" + c.Literal
	}
	if c.InLoop {
		s += " loop"
	}
	if c.Paginated {
		s += " paged"
	}
	if len(keys) > 0 {
		s += " [" + strings.Join(keys, ",") + "]"
	}
	return s
}

func TestExtractCalls(t *testing.T) {
	tests := []struct {
		name, path, src string
		cgo             bool
		want            []string
	}{
		{
			name: "boto3 client with environment target", path: "a.py", cgo: true,
			src:  "import os, boto3\ns3 = boto3.client('s3')\nB = os.environ['B']\ndef h(e, c):\n    s3.put_object(Bucket=B, Key='k', Body=b'')\n",
			want: []string{"s3.PutObject@5 env=B [body,bucket,key]"},
		},
		{
			name: "boto3 resource table in a loop", path: "a.py", cgo: true,
			src:  "import os, boto3\nt = boto3.resource('dynamodb').Table(os.getenv('T'))\nfor i in range(3):\n    t.scan()\n",
			want: []string{"dynamodb.Scan@4 env=T loop"},
		},
		{
			name: "boto3 paginator and presigned url", path: "a.py", cgo: true,
			src:  "import boto3\nc = boto3.client('s3')\np = c.get_paginator('list_objects_v2')\nu = c.generate_presigned_url('get_object', Params={'Bucket': 'logs'})\n",
			want: []string{"s3.ListObjectsV2@3 paged [**]", "s3.GetObject@4 lit=logs [bucket,params]"},
		},
		{
			name: "boto3 paginator parameters from paginate", path: "a.py", cgo: true,
			src:  "import boto3\nc = boto3.client('dynamodb')\np = c.get_paginator('scan')\nfor page in p.paginate(TableName='t', ProjectionExpression='id'):\n    pass\nfor page in c.get_paginator('scan').paginate(TableName='u'):\n    pass\n",
			want: []string{"dynamodb.Scan@3 lit=t paged [projectionexpression,tablename]", "dynamodb.Scan@6 lit=u paged [tablename]"},
		},
		{
			name: "calls in comments and strings are not calls", path: "a.py", cgo: true,
			src:  "import boto3\ns3 = boto3.client('s3')\n# s3.delete_object(Bucket='x')\nx = 's3.delete_bucket()'\n",
			want: nil,
		},
		{
			name: "a client for another library", path: "a.py", cgo: true,
			src:  "import redis\nr = redis.client('s3')\nr.put_object()\n",
			want: nil,
		},
		{
			name: "SDK v3 command", path: "a.mjs", cgo: true,
			src:  "import { S3Client, PutObjectCommand } from '@aws-sdk/client-s3';\nconst c = new S3Client({});\nawait c.send(new PutObjectCommand({ Bucket: process.env.B, Key: 'k' }));\n",
			want: []string{"s3.PutObject@3 env=B [bucket,key]"},
		},
		{
			name: "SDK v3 paginator as a loop iterable runs once", path: "a.ts", cgo: true,
			src:  "import { S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';\nconst c = new S3Client({});\nfor await (const p of paginateListObjectsV2({ client: c }, { Bucket: 'b', MaxKeys: 5 })) {}\n",
			want: []string{"s3.ListObjectsV2@3 lit=b paged [bucket,maxkeys]"},
		},
		{
			name: "SDK v2 client and document client", path: "a.js", cgo: true,
			src:  "const AWS = require('aws-sdk');\nconst s3 = new AWS.S3();\nconst db = new AWS.DynamoDB.DocumentClient();\nconst params = { TableName: 'T' };\ns3.getObject({ Bucket: 'b', Key: 'k' }).promise();\ndb.query(params).promise();\n",
			want: []string{"s3.GetObject@5 lit=b [bucket,key]", "dynamodb.Query@6 lit=T [tablename]"},
		},
		{
			name: "SDK v3 namespace import and plain require", path: "a.js", cgo: true,
			src:  "import * as sqs from '@aws-sdk/client-sqs';\nconst sns = require('@aws-sdk/client-sns');\nnew sqs.SendMessageCommand({ QueueUrl: 'q' });\nnew sns.PublishCommand({ TopicArn: 't' });\n",
			want: []string{"sqs.SendMessage@3 lit=q [queueurl]", "sns.Publish@4 lit=t [topicarn]"},
		},
		{
			name: "boto3 client imported by name", path: "a.py", cgo: true,
			src:  "from boto3 import client\nsm = client('secretsmanager')\nsm.get_secret_value(SecretId='s')\n",
			want: []string{"secretsmanager.GetSecretValue@3 lit=s [secretid]"},
		},
		{
			name: "an event emitter is not an SDK client", path: "a.js", cgo: true,
			src:  "const { EventEmitter } = require('events');\nconst bus = new EventEmitter();\nbus.publish('x');\n",
			want: nil,
		},
		{
			name: "Java SDK v2 client field", path: "A.java", cgo: true,
			src:  "import software.amazon.awssdk.services.sqs.SqsClient;\nclass A {\n  private static final String Q = System.getenv(\"Q\");\n  private final SqsClient sqs = SqsClient.create();\n  void f() {\n    sqs.sendMessage(r -> r.queueUrl(Q).messageBody(\"x\"));\n  }\n}\n",
			want: []string{"sqs.SendMessage@6 env=Q [messagebody,queueurl]"},
		},
		{
			name: "Go SDK v2 request literal", path: "a.go", cgo: false,
			src:  "package main\nimport (\n\t\"context\"\n\t\"os\"\n\t\"github.com/aws/aws-sdk-go-v2/aws\"\n\t\"github.com/aws/aws-sdk-go-v2/service/sqs\"\n)\nfunc f(ctx context.Context, c *sqs.Client) {\n\tfor range 3 {\n\t\tc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(os.Getenv(\"Q\"))})\n\t}\n}\n",
			want: []string{"sqs.SendMessage@10 env=Q loop [queueurl]"},
		},
		{
			name: "Go input built before the call", path: "a.go", cgo: false,
			src:  "package main\nimport \"github.com/aws/aws-sdk-go-v2/service/dynamodb\"\nfunc f(c *dynamodb.Client) {\n\tin := &dynamodb.ScanInput{Limit: nil}\n\tc.Scan(nil, in)\n}\n",
			want: []string{"dynamodb.Scan@5 [limit]"},
		},
		{
			name: "Go client field with a request built elsewhere", path: "a.go", cgo: false,
			src:  "package main\nimport \"github.com/aws/aws-sdk-go-v2/service/sns\"\ntype h struct{ pub *sns.Client }\nfunc (x *h) f(in *sns.PublishInput) {\n\tx.pub.Publish(nil, in)\n\t_ = x.pub.Options()\n}\n",
			want: []string{"sns.Publish@5 [**]"},
		},
		{
			name: "Go presign client", path: "a.go", cgo: false,
			src:  "package main\nimport \"github.com/aws/aws-sdk-go-v2/service/s3\"\nfunc f(c *s3.Client) {\n\tp := s3.NewPresignClient(c)\n\tp.PresignPutObject(nil, &s3.PutObjectInput{Bucket: nil})\n}\n",
			want: []string{"s3.PutObject@5 [bucket]"},
		},
		{
			name: "Go file without the SDK", path: "a.go", cgo: false,
			src:  "package main\nfunc PutObject() {}\nfunc main() { PutObject() }\n",
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.cgo && !cgoEnabled {
				t.Skip("needs tree-sitter (cgo)")
			}
			calls, err := ExtractCalls(context.Background(), tt.path, []byte(tt.src))
			if err != nil {
				t.Fatalf("ExtractCalls: %v", err)
			}
			var got []string
			for _, c := range calls {
				got = append(got, callSummary(c))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got calls\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func TestExtractCallsRejectsBrokenInput(t *testing.T) {
	tests := []struct{ name, path, src string }{
		{"python syntax error", "a.py", "def f(:\n"},
		{"go syntax error", "a.go", "package main\nfunc {\n"},
		{"unknown extension", "a.rb", "puts 1"},
		{"deep nesting", "a.py", "x = " + strings.Repeat("(", 5000) + strings.Repeat(")", 5000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := ExtractCalls(context.Background(), tt.path, []byte(tt.src)); err == nil {
				t.Errorf("got no error for %s; want one", tt.path)
			}
		})
	}
}
