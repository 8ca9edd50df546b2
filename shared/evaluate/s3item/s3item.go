// Package s3item reads the full configuration item of an oversized AWS Config notification from the bucket
// Config delivered it to, through aws-sdk-go-v2.
package s3item

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// MaxSize bounds what Fetch reads. AWS Config items are at most a few MB.
const MaxSize = 32 << 20

// API is the part of the S3 client the fetcher calls.
type API interface {
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
}

// Fetcher reads objects named "bucket/key".
type Fetcher struct {
	api     API
	maxSize int
}

// New returns a fetcher over an S3 client.
func New(api API) *Fetcher { return &Fetcher{api: api, maxSize: MaxSize} }

// Fetch reads the object at location, "bucket/key" as AWS Config writes s3DeliverySummary.s3BucketLocation
// (an s3:// prefix is accepted too).
func (f *Fetcher) Fetch(ctx context.Context, location string) ([]byte, error) {
	bucket, key, ok := strings.Cut(strings.TrimPrefix(location, "s3://"), "/")
	if !ok || bucket == "" || key == "" {
		return nil, fmt.Errorf("fetch configuration item: location %q is not bucket/key", location)
	}
	out, err := f.api.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return nil, fmt.Errorf("fetch configuration item s3://%s/%s: %w", bucket, key, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(io.LimitReader(out.Body, int64(f.maxSize)+1))
	if err != nil {
		return nil, fmt.Errorf("read configuration item s3://%s/%s: %w", bucket, key, err)
	}
	if len(b) > f.maxSize {
		return nil, fmt.Errorf("configuration item s3://%s/%s is over %d bytes", bucket, key, f.maxSize)
	}
	return b, nil
}
