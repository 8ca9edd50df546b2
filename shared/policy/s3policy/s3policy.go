// Package s3policy reads the deployment's policy file from S3, named by an s3://bucket/key URI.
package s3policy

import (
	"context"
	"fmt"

	"github.com/attestdev/attest/shared/policy"
	"github.com/attestdev/attest/shared/store/s3store"
)

// Load reads and parses the policy file at uri (s3://bucket/key).
func Load(ctx context.Context, api s3store.API, uri string) (policy.Policy, error) {
	bucket, key, err := policy.SplitS3URI(uri)
	if err != nil {
		return policy.Policy{}, err
	}
	raw, err := s3store.New(api, bucket).Get(ctx, key)
	if err != nil {
		return policy.Policy{}, fmt.Errorf("read policy %s: %w", uri, err)
	}
	pol, err := policy.Parse(raw)
	if err != nil {
		return policy.Policy{}, fmt.Errorf("policy %s: %w", uri, err)
	}
	return pol, nil
}
