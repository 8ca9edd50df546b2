package evaluate

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var fixtures = filepath.Join("..", "..", "testdata", "iac", "config")

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeEvent(t *testing.T) {
	cases := []struct {
		file                   string
		id, status, s3Location string
		oversized, deleted     bool
		supplementary          int
	}{
		{"uploads-change.json", "attest-sample-uploads", "OK", "", false, false, 6},
		{"legacy-deleted.json", "attest-sample-legacy", "ResourceDeleted", "", false, true, 0},
		{"logs-oversized.json", "attest-sample-logs", "OK", "config-bucket-123456789012/AWSLogs/", true, false, 0},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			it, err := DecodeEvent(readFixture(t, c.file))
			if err != nil {
				t.Fatalf("DecodeEvent: %v", err)
			}
			if it.ResourceType != "AWS::S3::Bucket" || it.ResourceID != c.id || it.Status != c.status {
				t.Errorf("got %s %s %s; want AWS::S3::Bucket %s %s", it.ResourceType, it.ResourceID, it.Status, c.id, c.status)
			}
			if it.Account != "123456789012" || it.Region != "us-east-1" || it.ARN != "arn:aws:s3:::"+c.id {
				t.Errorf("got account %q region %q ARN %q; want the sample world's", it.Account, it.Region, it.ARN)
			}
			if it.Oversized != c.oversized || it.Deleted() != c.deleted || !strings.HasPrefix(it.S3Location, c.s3Location) {
				t.Errorf("got oversized %v deleted %v location %q; want %v %v %q…", it.Oversized, it.Deleted(), it.S3Location, c.oversized, c.deleted, c.s3Location)
			}
			if len(it.Supplementary) != c.supplementary {
				t.Errorf("got %d supplementary entries; want %d", len(it.Supplementary), c.supplementary)
			}
		})
	}
}

func TestDecodeEventErrors(t *testing.T) {
	cases := []struct{ name, src, reason string }{
		{"not json", "{", "unexpected end"},
		{"other source", `{"source":"aws.codecommit","detail-type":"CodeCommit Repository State Change","detail":{}}`, "not a Config"},
		{"no detail", `{"source":"aws.config","detail-type":"Config Configuration Item Change"}`, "no detail"},
		{"other message", `{"source":"aws.config","detail-type":"Config Configuration Item Change","detail":{"messageType":"ComplianceChangeNotification"}}`, "message type"},
		{"no item", `{"source":"aws.config","detail-type":"Config Configuration Item Change","detail":{"messageType":"ConfigurationItemChangeNotification"}}`, "without a configurationItem"},
		{"no summary", `{"source":"aws.config","detail-type":"Config Configuration Item Change","detail":{"messageType":"OversizedConfigurationItemChangeNotification"}}`, "without a configurationItemSummary"},
		{"no resource id", `{"source":"aws.config","detail-type":"Config Configuration Item Change","detail":{"messageType":"ConfigurationItemChangeNotification","configurationItem":{"resourceType":"AWS::S3::Bucket"}}}`, "required"},
		{"detail wrong type", `{"source":"aws.config","detail-type":"Config Configuration Item Change","detail":[1]}`, "detail"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := DecodeEvent([]byte(c.src))
			var de *DecodeError
			if !errors.As(err, &de) || !strings.Contains(err.Error(), c.reason) {
				t.Errorf("got %T %v; want a *DecodeError about %q", err, err, c.reason)
			}
		})
	}
}

func TestDecodeEventTooBig(t *testing.T) {
	_, err := DecodeEvent(make([]byte, MaxItemSize+1))
	var de *DecodeError
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "limit") {
		t.Errorf("got %T %v; want a *DecodeError about the limit", err, err)
	}
}

func TestDecodeEventDeliveryError(t *testing.T) {
	src := strings.Replace(string(readFixture(t, "logs-oversized.json")), `"errorCode": null`, `"errorCode": "AccessDenied"`, 1)
	it, err := DecodeEvent([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if it.S3Error != "AccessDenied" {
		t.Errorf("got S3Error %q; want AccessDenied", it.S3Error)
	}
}

func TestDecodeItem(t *testing.T) {
	full := readFixture(t, "logs-item.json")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(full)
	zw.Close()
	bare := `{"resourceType":"AWS::S3::Bucket","resourceId":"b","configurationItemStatus":"OK","supplementaryConfiguration":{"A":"{}"}}`
	cases := []struct {
		name, id string
		data     []byte
		tags     int
	}{
		{"notification", "attest-sample-logs", full, 3},
		{"gzip", "attest-sample-logs", gz.Bytes(), 3},
		{"bare item", "b", []byte(bare), 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			it, err := DecodeItem(c.data)
			if err != nil {
				t.Fatalf("DecodeItem: %v", err)
			}
			if it.ResourceID != c.id || it.Oversized || len(it.Tags) != c.tags || it.MessageType != MessageChange {
				t.Errorf("got id %q oversized %v %d tags type %q; want %q false %d %q", it.ResourceID, it.Oversized, len(it.Tags), it.MessageType, c.id, c.tags, MessageChange)
			}
		})
	}
	for _, bad := range [][]byte{[]byte("\x1f\x8b garbage"), []byte("[]"), []byte(`{"configurationItem": 5}`)} {
		if _, err := DecodeItem(bad); err == nil {
			t.Errorf("DecodeItem(%q) succeeded; want an error", bad)
		}
	}
}

func FuzzDecodeEvent(f *testing.F) {
	for _, name := range []string{"uploads-change.json", "legacy-deleted.json", "logs-oversized.json"} {
		f.Add(readFixture(f, name))
	}
	f.Add([]byte(`{"source":"aws.config","detail-type":"Config Configuration Item Change","detail":{"messageType":"ConfigurationItemChangeNotification","configurationItem":{"resourceType":"A","resourceId":"b","tags":{"k":null}}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		it, err := DecodeEvent(data)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("got %T %v; want *DecodeError", err, err)
			}
			return
		}
		if it.ResourceType == "" || it.ResourceID == "" {
			t.Fatalf("decoded an item without identity: %+v", it)
		}
	})
}

func FuzzDecodeItem(f *testing.F) {
	f.Add(readFixture(f, "logs-item.json"))
	f.Add([]byte(`{"resourceType":"A","resourceId":"b"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := DecodeItem(data); err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("got %T %v; want *DecodeError", err, err)
			}
		}
	})
}
