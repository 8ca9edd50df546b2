package main

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// Test files are not part of the function: this call must not count.
func TestNothing(t *testing.T) {
	var c *s3.Client
	_, _ = c.DeleteBucket(context.Background(), &s3.DeleteBucketInput{})
}
