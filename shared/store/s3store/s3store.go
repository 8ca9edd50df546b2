// Package s3store keeps Attest's objects in an S3 bucket through aws-sdk-go-v2.
package s3store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/attestdev/attest/shared/store"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go"
)

// API is the part of the S3 client the store calls.
type API interface {
	GetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.Options)) (*s3.GetObjectOutput, error)
	PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error)
	ListObjectsV2(ctx context.Context, in *s3.ListObjectsV2Input, opts ...func(*s3.Options)) (*s3.ListObjectsV2Output, error)
}

// Store is a bucket, optionally under a key prefix, written with SSE-KMS when a key is set.
type Store struct {
	api    API
	bucket string
	prefix string
	kmsKey string
}

// Option configures a Store.
type Option func(*Store)

// WithKMSKey writes every object with SSE-KMS under the given key (ID or ARN).
func WithKMSKey(key string) Option { return func(s *Store) { s.kmsKey = key } }

// WithPrefix keeps every key under prefix (for example "attest/").
func WithPrefix(prefix string) Option { return func(s *Store) { s.prefix = prefix } }

// New returns a store over bucket.
func New(api API, bucket string, opts ...Option) *Store {
	s := &Store{api: api, bucket: bucket}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Bucket names the bucket.
func (s *Store) Bucket() string { return s.bucket }

// Get reads an object.
func (s *Store) Get(ctx context.Context, key string) ([]byte, error) {
	out, err := s.api.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.bucket), Key: aws.String(s.prefix + key)})
	if err != nil {
		var nsk *types.NoSuchKey
		if errors.As(err, &nsk) || httpStatus(err) == http.StatusNotFound {
			return nil, fmt.Errorf("get s3://%s/%s%s: %w", s.bucket, s.prefix, key, store.ErrNotFound)
		}
		return nil, fmt.Errorf("get s3://%s/%s%s: %w", s.bucket, s.prefix, key, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		return nil, fmt.Errorf("read s3://%s/%s%s: %w", s.bucket, s.prefix, key, err)
	}
	return b, nil
}

func (s *Store) put(key string, data []byte) *s3.PutObjectInput {
	in := &s3.PutObjectInput{
		Bucket:        aws.String(s.bucket),
		Key:           aws.String(s.prefix + key),
		Body:          bytes.NewReader(data),
		ContentLength: aws.Int64(int64(len(data))),
	}
	if s.kmsKey != "" {
		in.ServerSideEncryption = types.ServerSideEncryptionAwsKms
		in.SSEKMSKeyId = aws.String(s.kmsKey)
	}
	return in
}

// Put writes an object.
func (s *Store) Put(ctx context.Context, key string, data []byte) error {
	if _, err := s.api.PutObject(ctx, s.put(key, data)); err != nil {
		return fmt.Errorf("put s3://%s/%s%s: %w", s.bucket, s.prefix, key, err)
	}
	return nil
}

// PutIfAbsent writes an object only when the key has none, with an S3 conditional write (If-None-Match: *).
func (s *Store) PutIfAbsent(ctx context.Context, key string, data []byte) error {
	in := s.put(key, data)
	in.IfNoneMatch = aws.String("*")
	if _, err := s.api.PutObject(ctx, in); err != nil {
		switch httpStatus(err) {
		case http.StatusPreconditionFailed, http.StatusConflict:
			return fmt.Errorf("put s3://%s/%s%s: %w", s.bucket, s.prefix, key, store.ErrExists)
		}
		return fmt.Errorf("put s3://%s/%s%s: %w", s.bucket, s.prefix, key, err)
	}
	return nil
}

// List returns the keys under prefix, across every page, in S3's (lexicographic) order.
func (s *Store) List(ctx context.Context, prefix string) ([]string, error) {
	var keys []string
	p := s3.NewListObjectsV2Paginator(s.api, &s3.ListObjectsV2Input{Bucket: aws.String(s.bucket), Prefix: aws.String(s.prefix + prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list s3://%s/%s%s: %w", s.bucket, s.prefix, prefix, err)
		}
		for _, o := range page.Contents {
			keys = append(keys, aws.ToString(o.Key)[len(s.prefix):])
		}
	}
	return keys, nil
}

func httpStatus(err error) int {
	var re interface{ HTTPStatusCode() int }
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	var ae smithy.APIError
	if errors.As(err, &ae) {
		switch ae.ErrorCode() {
		case "NotFound", "NoSuchKey":
			return http.StatusNotFound
		case "PreconditionFailed":
			return http.StatusPreconditionFailed
		case "ConditionalRequestConflict":
			return http.StatusConflict
		}
	}
	return 0
}

// FromEnv opens the bucket that the environment variable bucketVar names (it must be set), writing with the
// SSE-KMS key that keyVar names when that is set. Lambda functions take their stores' configuration this way.
func FromEnv(api API, getenv func(string) string, bucketVar, keyVar string) (*Store, error) {
	bucket := getenv(bucketVar)
	if bucket == "" {
		return nil, fmt.Errorf("%s must be set", bucketVar)
	}
	var opts []Option
	if key := getenv(keyVar); key != "" {
		opts = append(opts, WithKMSKey(key))
	}
	return New(api, bucket, opts...), nil
}
