package s3outbox

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

func TestDeliverUploadsAndPresigns(t *testing.T) {
	ctx := context.Background()
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	defer srv.Close()
	client := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")})
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String("work")}); err != nil {
		t.Fatal(err)
	}
	o, err := New(client, s3.NewPresignClient(client), "work")
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "x.zip")
	if err := os.WriteFile(p, []byte("PK zip bytes"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	f.Seek(5, io.SeekStart) // Deliver reads from the start whatever the offset
	link, err := o.Deliver(ctx, "pack-1.zip", f)
	if err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	if exp, _ := strconv.Atoi(q.Get("X-Amz-Expires")); exp <= 0 || exp > int(MaxExpiry/time.Second) {
		t.Errorf("got X-Amz-Expires %q; want at most %d seconds", q.Get("X-Amz-Expires"), int(MaxExpiry/time.Second))
	}
	if !strings.HasPrefix(u.Path, "/work/"+Prefix) || !strings.HasSuffix(u.Path, "/pack-1.zip") {
		t.Errorf("got key %s; want it under %s in the work bucket", u.Path, Prefix)
	}
	res, err := http.Get(link)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || string(body) != "PK zip bytes" {
		t.Errorf("GET presigned URL: got %d %q; want the uploaded file", res.StatusCode, body)
	}
}

func TestNewRefusesLongExpiry(t *testing.T) {
	for _, d := range []time.Duration{16 * time.Minute, 7 * 24 * time.Hour, 0, -time.Second} {
		if _, err := New(nil, nil, "work", WithExpiry(d)); err == nil {
			t.Errorf("expiry %s: got no error; want it refused (at most %s)", d, MaxExpiry)
		}
	}
	if _, err := New(nil, nil, "work", WithExpiry(MaxExpiry)); err != nil {
		t.Errorf("expiry %s: %v", MaxExpiry, err)
	}
}
