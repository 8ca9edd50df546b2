package securityhubimport_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/securityhub"
	"github.com/attestdev/attest/shared/securityhub/securityhubimport"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/credentials"
	sdk "github.com/aws/aws-sdk-go-v2/service/securityhub"
)

// hub speaks Security Hub's REST-JSON BatchImportFindings and throttles the requests it is told to.
type hub struct {
	mu       sync.Mutex
	requests int
	throttle map[int]bool // request numbers (1-based) answered with 429
	imported map[string]map[string]any
	batches  []int
	reject   string // an ID to report as failed
}

func (h *hub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.requests++
	w.Header().Set("Content-Type", "application/json")
	if r.Method != http.MethodPost || r.URL.Path != "/findings/import" || !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
		w.WriteHeader(http.StatusNotFound)
		return
	}
	if h.throttle[h.requests] {
		w.Header().Set("X-Amzn-ErrorType", "LimitExceededException")
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"Message":"Rate exceeded","Code":"LimitExceededException"}`)
		return
	}
	body, _ := io.ReadAll(r.Body)
	var in struct {
		Findings []map[string]any
	}
	if err := json.Unmarshal(body, &in); err != nil || len(in.Findings) == 0 || len(in.Findings) > 100 || len(body) > 240*1024 {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"Message":"invalid batch: %d findings, %d bytes"}`, len(in.Findings), len(body))
		return
	}
	var failed []map[string]string
	for _, f := range in.Findings {
		id, _ := f["Id"].(string)
		for _, req := range []string{"SchemaVersion", "Id", "ProductArn", "GeneratorId", "AwsAccountId", "Types", "CreatedAt", "UpdatedAt", "Severity", "Title", "Description", "Resources"} {
			if _, ok := f[req]; !ok {
				failed = append(failed, map[string]string{"Id": id, "ErrorCode": "InvalidInput", "ErrorMessage": "missing " + req})
			}
		}
		if id == h.reject {
			failed = append(failed, map[string]string{"Id": id, "ErrorCode": "FindingSizeExceeded", "ErrorMessage": "too big"})
			continue
		}
		h.imported[id] = f
	}
	h.batches = append(h.batches, len(in.Findings))
	json.NewEncoder(w).Encode(map[string]any{"FailedCount": len(failed), "SuccessCount": len(in.Findings) - len(failed), "FailedFindings": failed})
}

func newImporter(t *testing.T, h *hub) *securityhubimport.Importer {
	t.Helper()
	h.imported = map[string]map[string]any{}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	client := sdk.New(sdk.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		HTTPClient:   srv.Client(),
		Retryer: retry.NewStandard(func(o *retry.StandardOptions) {
			o.MaxAttempts = securityhubimport.MaxAttempts
			o.Backoff = retry.NewExponentialJitterBackoff(20 * time.Millisecond)
		}),
	})
	return &securityhubimport.Importer{API: client}
}

func findings(n int) []finding.ASFFFinding {
	out := make([]finding.ASFFFinding, n)
	for i := range out {
		out[i] = finding.ASFFFinding{SchemaVersion: finding.ASFFSchemaVersion, ID: fmt.Sprintf("attest/attest-sample:main/%032d", i),
			ProductArn: "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default", GeneratorID: "attest/ATT-CRYPTO-WEAK-HASH",
			AwsAccountID: "123456789012", Types: []string{"Software and Configuration Checks/Industry and Regulatory Standards"},
			CreatedAt: "2026-11-20T14:00:00Z", UpdatedAt: "2026-11-20T14:00:00Z", Severity: finding.ASFFSeverity{Label: "HIGH"},
			Title: "Weak hash function", Description: strings.Repeat("MD5 hashes the password. ", 20),
			Resources:   []finding.ASFFResource{{Type: "Other", ID: fmt.Sprintf("attest-sample:app/m%d.py", i), Region: "us-east-1", Details: &finding.ASFFResourceDetails{Other: map[string]string{"path": "app.py"}}}},
			Compliance:  &finding.ASFFCompliance{Status: "FAILED", RelatedRequirements: []string{"PCI-DSS-4.0/4.2.1"}},
			RecordState: "ACTIVE", Workflow: finding.ASFFWorkflow{Status: "NEW"}}
	}
	return out
}

// Test250FindingsIn3CallsWithOneThrottle: 250 findings go in 3 batches; the first call is throttled (429)
// once and retried.
func Test250FindingsIn3CallsWithOneThrottle(t *testing.T) {
	h := &hub{throttle: map[int]bool{1: true}}
	imp := newImporter(t, h)
	batches, err := securityhub.Batches(findings(250), securityhub.MaxBatchBytes)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range batches {
		rej, err := imp.Import(context.Background(), b)
		if err != nil || len(rej) > 0 {
			t.Fatalf("got %v, rejected %v; want the batch imported", err, rej)
		}
	}
	if fmt.Sprint(h.batches) != "[100 100 50]" || h.requests != 4 {
		t.Errorf("got batches %v in %d requests; want [100 100 50] in 4 (one throttled and retried)", h.batches, h.requests)
	}
	if len(h.imported) != 250 {
		t.Errorf("imported %d findings; want 250", len(h.imported))
	}
	f := h.imported["attest/attest-sample:main/00000000000000000000000000000007"]
	if f["RecordState"] != "ACTIVE" || f["Severity"].(map[string]any)["Label"] != "HIGH" || f["Compliance"].(map[string]any)["Status"] != "FAILED" {
		t.Errorf("got finding %v; want its state, severity and compliance sent", f)
	}
}

func TestRejectedFindings(t *testing.T) {
	h := &hub{reject: "attest/attest-sample:main/00000000000000000000000000000001"}
	rej, err := newImporter(t, h).Import(context.Background(), findings(3))
	if err != nil {
		t.Fatal(err)
	}
	if len(rej) != 1 || rej[0].ID != h.reject || rej[0].Code != "FindingSizeExceeded" {
		t.Errorf("got rejected %+v; want the one finding with its code", rej)
	}
}

func TestThrottledBeyondRetries(t *testing.T) {
	h := &hub{throttle: map[int]bool{}}
	for i := 1; i <= securityhubimport.MaxAttempts; i++ {
		h.throttle[i] = true
	}
	_, err := newImporter(t, h).Import(context.Background(), findings(1))
	if err == nil || !strings.Contains(err.Error(), "LimitExceededException") || h.requests != securityhubimport.MaxAttempts {
		t.Errorf("got %v after %d requests; want the throttling error after %d", err, h.requests, securityhubimport.MaxAttempts)
	}
}
