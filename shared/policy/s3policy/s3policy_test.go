package s3policy

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"

	"github.com/attestdev/attest/shared/finding"
)

func TestLoad(t *testing.T) {
	ctx := context.Background()
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(srv.Close)
	client := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")})
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("policies")}); err != nil {
		t.Fatal(err)
	}
	for key, body := range map[string]string{
		"org/attest.yml": "blockLevels: [error, warning]\n",
		"org/broken.yml": "blockLevels: [loud]\n",
	} {
		if _, err := client.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String("policies"), Key: aws.String(key),
			Body: strings.NewReader(body)}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		uri, wantErr  string
		blocksWarning bool
	}{
		{uri: "s3://policies/org/attest.yml", blocksWarning: true},
		{uri: "s3://policies/org/missing.yml", wantErr: "read policy s3://policies/org/missing.yml"},
		{uri: "s3://policies/org/broken.yml", wantErr: "policy s3://policies/org/broken.yml"},
		{uri: "https://policies/org/attest.yml", wantErr: "not an s3://bucket/key URI"},
	}
	for _, tc := range tests {
		t.Run(tc.uri, func(t *testing.T) {
			pol, err := Load(ctx, client, tc.uri)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("Load error %v; want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := pol.Blocks(finding.Finding{RuleID: "X", Level: finding.LevelWarning}); got != tc.blocksWarning {
				t.Errorf("warning blocks = %v; want %v", got, tc.blocksWarning)
			}
		})
	}
}
