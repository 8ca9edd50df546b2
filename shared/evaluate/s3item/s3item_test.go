package s3item

import (
	"bytes"
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// newS3 serves the S3 protocol from memory, so the fetcher is tested through the real SDK client.
func newS3(t *testing.T, bucket string, objects map[string][]byte) *s3.Client {
	t.Helper()
	backend := s3mem.New()
	if err := backend.CreateBucket(bucket); err != nil {
		t.Fatal(err)
	}
	for key, data := range objects {
		if _, err := backend.PutObject(bucket, key, map[string]string{}, bytes.NewReader(data), int64(len(data)), nil); err != nil {
			t.Fatal(err)
		}
	}
	srv := httptest.NewServer(gofakes3.New(backend).Server())
	t.Cleanup(srv.Close)
	return s3.NewFromConfig(aws.Config{
		BaseEndpoint: aws.String(srv.URL),
		Region:       "us-east-1",
		Credentials:  credentials.NewStaticCredentialsProvider("test", "test", ""),
	}, func(o *s3.Options) { o.UsePathStyle = true })
}

func TestFetch(t *testing.T) {
	const bucket = "config-bucket-123456789012"
	const key = "AWSLogs/123456789012/Config/us-east-1/2026/11/20/OversizedChangeNotification/AWS::S3::Bucket/attest-sample-logs/item.json.gz"
	item := []byte(`{"configurationItem":{"resourceType":"AWS::S3::Bucket","resourceId":"attest-sample-logs"}}`)
	f := New(newS3(t, bucket, map[string][]byte{key: item}))
	cases := []struct {
		name, location string
		want           []byte
		err            string
	}{
		{"bucket/key", bucket + "/" + key, item, ""},
		{"s3 url", "s3://" + bucket + "/" + key, item, ""},
		{"missing object", bucket + "/nope.json", nil, "fetch configuration item s3://" + bucket + "/nope.json"},
		{"no key", bucket, nil, "not bucket/key"},
		{"empty", "", nil, "not bucket/key"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := f.Fetch(context.Background(), c.location)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Errorf("got %v; want an error containing %q", err, c.err)
				}
				return
			}
			if err != nil || !bytes.Equal(got, c.want) {
				t.Errorf("got %q, %v; want %q", got, err, c.want)
			}
		})
	}
	small := New(f.api)
	small.maxSize = len(item) - 1
	if _, err := small.Fetch(context.Background(), bucket+"/"+key); err == nil || !strings.Contains(err.Error(), "is over") {
		t.Errorf("got %v; want the size limit to stop the read", err)
	}
	// A missing object keeps the SDK's typed error for callers that check it.
	_, err := f.Fetch(context.Background(), bucket+"/nope.json")
	var nsk *types.NoSuchKey
	if !errors.As(err, &nsk) {
		t.Errorf("got %T; want it to wrap *types.NoSuchKey", err)
	}
}
