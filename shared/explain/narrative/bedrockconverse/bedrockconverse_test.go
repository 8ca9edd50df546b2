package bedrockconverse_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/awscontext/awsreplay"
	"github.com/attestdev/attest/shared/explain/narrative"
	"github.com/attestdev/attest/shared/explain/narrative/bedrockconverse"
)

func golden(t *testing.T) *explain.Explanation {
	t.Helper()
	b, err := os.ReadFile("../testdata/vpc-no-egress.explanation.json")
	if err != nil {
		t.Fatal(err)
	}
	var e explain.Explanation
	if err := json.Unmarshal(b, &e); err != nil {
		t.Fatal(err)
	}
	return &e
}

// converse serves recorded Converse responses from dir to a real Bedrock Runtime client.
func converse(t *testing.T, dir string) (*bedrockruntime.Client, *awsreplay.Server) {
	t.Helper()
	srv := awsreplay.Start(dir)
	t.Cleanup(srv.Close)
	cfg := aws.Config{Region: "us-east-1", Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		RetryMaxAttempts: 1, HTTPClient: srv.Client(), BaseEndpoint: aws.String(srv.URL)}
	return bedrockruntime.NewFromConfig(cfg), srv
}

func TestNarrativeOverConverse(t *testing.T) {
	tests := []struct {
		name       string
		dir        string
		setup      func(*awsreplay.Server)
		timeout    time.Duration
		wantStatus string
		wantText   string
	}{
		{"recorded reply is used", "../../../../testdata/aws-recorded", nil, 0, "used", "Task timed out after 30.03 seconds"},
		{"hallucinated NAT gateway is discarded", "../../../../testdata/aws-recorded/narrative-hallucinating", nil, 0,
			`discarded: mentions "nat-0f3e2d1c0b9a88776", which is not in the evidence`, ""},
		{"timeout leaves the explanation alone", "../../../../testdata/aws-recorded", func(s *awsreplay.Server) { s.Delay("bedrock:Converse", 5*time.Second) },
			200 * time.Millisecond, "unavailable: no answer within 200ms", ""},
		{"access denied is unavailable", "../../../../testdata/aws-recorded", func(s *awsreplay.Server) { s.Deny("bedrock:Converse") }, 0,
			"unavailable: bedrock converse meta.llama3-70b-instruct-v1:0: operation error Bedrock Runtime: Converse", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			client, srv := converse(t, tt.dir)
			if tt.setup != nil {
				tt.setup(srv)
			}
			n := &narrative.Narrator{Model: bedrockconverse.New(client), Timeout: tt.timeout}
			start := time.Now()
			text, status := n.Narrate(context.Background(), golden(t))
			if !strings.HasPrefix(status, tt.wantStatus) {
				t.Errorf("status %q; want %q", status, tt.wantStatus)
			}
			if tt.wantText == "" && text != "" || !strings.Contains(text, tt.wantText) {
				t.Errorf("text %q; want %q", text, tt.wantText)
			}
			if tt.timeout > 0 && time.Since(start) > 2*time.Second {
				t.Errorf("took %v; want the narrative cut at %v", time.Since(start), tt.timeout)
			}
		})
	}
}

func TestConverseRequest(t *testing.T) {
	client, srv := converse(t, "../../../../testdata/aws-recorded")
	m := bedrockconverse.New(client, bedrockconverse.WithModelID("us.meta.llama3-3-70b-instruct-v1:0"), bedrockconverse.WithMaxTokens(256))
	if _, err := m.Complete(context.Background(), "be brief", "the facts"); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("got %d requests; want 1", len(reqs))
	}
	r := reqs[0]
	want := map[string]string{
		"messages.0.role":             "user",
		"messages.0.content.0.text":   "the facts",
		"system.0.text":               "be brief",
		"inferenceConfig.maxTokens":   "256",
		"inferenceConfig.temperature": "0.1",
	}
	if r.Resource != "us.meta.llama3-3-70b-instruct-v1:0" {
		t.Errorf("model %q; want the configured inference profile", r.Resource)
	}
	for k, v := range want {
		if r.Params[k] != v {
			t.Errorf("%s = %q; want %q", k, r.Params[k], v)
		}
	}
	if got := bedrockconverse.New(client).ModelID(); got != "meta.llama3-70b-instruct-v1:0" {
		t.Errorf("default model %q; want meta.llama3-70b-instruct-v1:0", got)
	}
}
