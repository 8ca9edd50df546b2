// Package s3outbox delivers the portal's downloads and exports in the cloud: it uploads the finished zip to
// the work bucket and returns a presigned GET URL that is valid for at most 15 minutes. Lambda cannot
// return more than 6 MB itself, and a presigned URL dies with the role session that signed it anyway.
package s3outbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// MaxExpiry is the longest a presigned URL may live.
const MaxExpiry = 15 * time.Minute

// DefaultExpiry is how long a presigned URL lives unless configured otherwise.
const DefaultExpiry = 10 * time.Minute

// Prefix is where delivered files go in the work bucket; the bucket's lifecycle rule for runs/ expires them.
const Prefix = "runs/portal/"

// API is the part of the S3 client the outbox calls.
type API interface {
	PutObject(ctx context.Context, in *s3.PutObjectInput, opts ...func(*s3.Options)) (*s3.PutObjectOutput, error)
}

// Presigner presigns GET requests (s3.PresignClient).
type Presigner interface {
	PresignGetObject(ctx context.Context, in *s3.GetObjectInput, opts ...func(*s3.PresignOptions)) (*v4.PresignedHTTPRequest, error)
}

// Outbox uploads files and presigns them.
type Outbox struct {
	api     API
	presign Presigner
	bucket  string
	kmsKey  string
	expiry  time.Duration
	now     func() time.Time
}

// Option configures an Outbox.
type Option func(*Outbox)

// WithKMSKey uploads with SSE-KMS under the given key.
func WithKMSKey(key string) Option { return func(o *Outbox) { o.kmsKey = key } }

// WithExpiry sets how long URLs live (at most MaxExpiry).
func WithExpiry(d time.Duration) Option { return func(o *Outbox) { o.expiry = d } }

// New returns an outbox over bucket. It refuses an expiry above MaxExpiry or not positive.
func New(api API, presign Presigner, bucket string, opts ...Option) (*Outbox, error) {
	o := &Outbox{api: api, presign: presign, bucket: bucket, expiry: DefaultExpiry, now: time.Now}
	for _, opt := range opts {
		opt(o)
	}
	if bucket == "" {
		return nil, fmt.Errorf("outbox: no bucket")
	}
	if o.expiry <= 0 || o.expiry > MaxExpiry {
		return nil, fmt.Errorf("outbox: presigned URLs must live between 1s and %s, not %s", MaxExpiry, o.expiry)
	}
	return o, nil
}

// Deliver uploads f as name and returns a presigned URL for it.
func (o *Outbox) Deliver(ctx context.Context, name string, f *os.File) (string, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", fmt.Errorf("deliver %s: %w", name, err)
	}
	st, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("deliver %s: %w", name, err)
	}
	var nonce [8]byte
	if _, err := rand.Read(nonce[:]); err != nil {
		return "", fmt.Errorf("deliver %s: %w", name, err)
	}
	key := Prefix + o.now().UTC().Format("2006-01-02") + "/" + hex.EncodeToString(nonce[:]) + "/" + name
	disposition := fmt.Sprintf("attachment; filename=%q", name)
	in := &s3.PutObjectInput{
		Bucket: aws.String(o.bucket), Key: aws.String(key), Body: f, ContentLength: aws.Int64(st.Size()),
		ContentType: aws.String("application/zip"), ContentDisposition: aws.String(disposition),
	}
	if o.kmsKey != "" {
		in.ServerSideEncryption = types.ServerSideEncryptionAwsKms
		in.SSEKMSKeyId = aws.String(o.kmsKey)
	}
	if _, err := o.api.PutObject(ctx, in); err != nil {
		return "", fmt.Errorf("deliver %s: upload s3://%s/%s: %w", name, o.bucket, key, err)
	}
	req, err := o.presign.PresignGetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(o.bucket), Key: aws.String(key),
		ResponseContentDisposition: aws.String(disposition)}, s3.WithPresignExpires(o.expiry))
	if err != nil {
		return "", fmt.Errorf("deliver %s: presign: %w", name, err)
	}
	return req.URL, nil
}
