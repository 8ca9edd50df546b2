package review_test

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/golden"
	"github.com/attestdev/attest/shared/policy"
	"github.com/attestdev/attest/shared/review"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

var rules = []finding.Rule{
	{ID: "ATT-CRYPTO-001", Title: "Weak hash function", Remediation: "Use SHA-256 or stronger; for passwords, a KDF such as Argon2id.",
		Level: finding.LevelError, Class: "crypto/weak-hash", Controls: []string{"HIPAA/164.312(c)(1)", "PCI-DSS-4.0/3.5.1"}, CWE: []int{328}},
	{ID: "ATT-IAC-S3-001", Title: "S3 bucket without default encryption", Remediation: "Set BucketEncryption with SSE-KMS.",
		Level: finding.LevelWarning, Class: "iac", ConfigRule: "s3-bucket-server-side-encryption-enabled", Controls: []string{"SOC2/CC6.1"}},
}

func report(t *testing.T, findings ...finding.Finding) *finding.Report {
	t.Helper()
	rep := &finding.Report{Rules: rules, Findings: findings, Scanned: []string{"app/hash.py", "template.yaml"},
		Skipped: []finding.Skip{{Path: "logo.png", Reason: "binary"}}}
	b, err := rep.MarshalSARIF(finding.ToolInfo{Name: "attest", Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	back, err := review.ReadSARIF(b)
	if err != nil {
		t.Fatal(err)
	}
	return back
}

var (
	md5Finding = finding.Finding{RuleID: "ATT-CRYPTO-001", Level: finding.LevelError, Message: "MD5 hashes the password", Path: "app/hash.py", Line: 12, Snippet: "hashlib.md5(pw)"}
	s3Finding  = finding.Finding{RuleID: "ATT-IAC-S3-001", Level: finding.LevelWarning, Message: "Uploads has no default encryption", Path: "template.yaml", Line: 40, LogicalID: "Uploads"}
)

func prState() run.State {
	return run.State{RunID: "push-attest-sample-pr42-0123", Flow: run.FlowPush, PackID: "push-attest-sample-pr42-0123", Status: "complete",
		Subject: run.Subject{Repository: "attest-sample", Reference: "receipts", Commit: "92f6181645c4659bbf347ceec7891e773757074b",
			BaseCommit: "058df7cb6c465ca7a59d2903141dae2bd9f9a171", PullRequestID: "42", RevisionID: "rev-1",
			DestinationReference: "release", DestinationCommit: "058df7cb6c465ca7a59d2903141dae2bd9f9a171"}}
}

func TestReadSARIFKeepsWhatTheCommentNeeds(t *testing.T) {
	rep := report(t, md5Finding, s3Finding)
	if len(rep.Findings) != 2 || len(rep.Rules) != 2 {
		t.Fatalf("got %d findings, %d rules; want 2, 2", len(rep.Findings), len(rep.Rules))
	}
	r, _ := rep.Rule("ATT-CRYPTO-001")
	if r.Class != "crypto/weak-hash" || len(r.Controls) != 2 || r.Remediation == "" {
		t.Errorf("got rule %+v; want class, controls and remediation from the tags and help", r)
	}
	f := rep.Findings[0]
	if review.Fingerprint(f) != md5Finding.Fingerprint() {
		t.Errorf("got fingerprint %s; want the scan's %s", review.Fingerprint(f), md5Finding.Fingerprint())
	}
	if rep.Findings[1].LogicalID != "Uploads" || rep.Skipped[0].Reason != "binary" {
		t.Errorf("got logical ID %q, skip %+v; want Uploads, binary", rep.Findings[1].LogicalID, rep.Skipped[0])
	}
}

func TestReadSARIFErrors(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"not JSON", "{"},
		{"wrong version", `{"version":"1.0","runs":[]}`},
		{"result without rule", `{"version":"2.1.0","runs":[{"tool":{"driver":{"rules":[]}},"results":[{"ruleId":"X"}]}]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := review.ReadSARIF([]byte(tc.in)); err == nil {
				t.Error("got no error; want one")
			}
		})
	}
}

func FuzzReadSARIF(f *testing.F) {
	f.Add([]byte(`{"version":"2.1.0","runs":[{"tool":{"driver":{"rules":[{"id":"A","properties":{"tags":["class:iac","control:SOC2/CC6.1"]}}]}},"results":[{"ruleId":"A","locations":[{"physicalLocation":{"artifactLocation":{"uri":"a"},"region":{"startLine":3}}}]}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rep, err := review.ReadSARIF(data)
		if err != nil {
			return
		}
		in := review.Input{State: prState(), Report: rep, Policy: policy.Default()}
		out := review.Compose(in, review.Decide(in))
		if !strings.HasPrefix(out, review.Marker) || len(out) > review.MaxCommentChars {
			t.Fatalf("comment of %d bytes, marker first %v", len(out), strings.HasPrefix(out, review.Marker))
		}
	})
}

func TestDecide(t *testing.T) {
	incomplete := prState()
	incomplete.Status = "incomplete"
	incomplete.Gaps = []run.Gap{{Step: "forecast", Reason: "timed out"}}
	tests := []struct {
		name     string
		in       review.Input
		approve  bool
		blocking int
		reason   string
	}{
		{"clean", review.Input{State: prState(), Report: report(t), Policy: policy.Default()}, true, 0, "nothing blocks"},
		{"warning only", review.Input{State: prState(), Report: report(t, s3Finding), Policy: policy.Default()}, true, 0, "nothing blocks"},
		{"error blocks", review.Input{State: prState(), Report: report(t, md5Finding, s3Finding), Policy: policy.Default()}, false, 1, "1 finding blocks"},
		{"policy warns", review.Input{State: prState(), Report: report(t, md5Finding), Policy: policy.Policy{BlockLevels: []finding.Level{finding.LevelError}, Warn: []string{"ATT-CRYPTO-001"}}}, true, 0, "nothing blocks"},
		{"policy blocks a warning", review.Input{State: prState(), Report: report(t, s3Finding), Policy: policy.Policy{Block: []string{"ATT-IAC-S3-001"}}}, false, 1, "1 finding blocks"},
		{"no scan result", review.Input{State: prState(), Policy: policy.Default()}, false, 0, "no result"},
		{"incomplete run", review.Input{State: incomplete, Report: report(t), Policy: policy.Default()}, false, 0, "incomplete"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := review.Decide(tt.in)
			if v.Approve != tt.approve || len(v.Blocking) != tt.blocking || !strings.Contains(v.Reason, tt.reason) {
				t.Errorf("got approve %v, %d blocking, %q; want %v, %d, containing %q", v.Approve, len(v.Blocking), v.Reason, tt.approve, tt.blocking, tt.reason)
			}
		})
	}
}

func TestComposeGolden(t *testing.T) {
	fc := &review.Forecast{Currency: "USD", Region: "us-east-1", PricesAsOf: "2026-11-01",
		Resources: []review.ResourceForecast{
			{File: "template.yaml", LogicalID: "Reports", Type: "AWS::EC2::Instance", Change: "added", Head: review.Cost{MonthlyUSD: 1214.4}, DeltaMonthlyUSD: 1214.4},
			{File: "template.yaml", LogicalID: "Orders", Type: "AWS::Lambda::Function", Change: "unchanged", Base: review.Cost{MonthlyUSD: 3}, Head: review.Cost{MonthlyUSD: 3}},
		},
		Unpriced: []review.Unpriced{{File: "template.yaml", LogicalID: "Vpc", Type: "AWS::EC2::VPC", Reason: "no charge model"}},
		Totals:   review.Totals{BaseMonthlyUSD: 3, HeadMonthlyUSD: 1217.4, DeltaMonthlyUSD: 1214.4}}
	incomplete := prState()
	incomplete.Status = "incomplete"
	incomplete.Gaps = []run.Gap{{Step: "scan", Reason: "1 file not analysed: big.py (over the limit)"}}
	tests := []struct {
		name string
		in   review.Input
	}{
		{"blocking", review.Input{State: prState(), Report: report(t, s3Finding, md5Finding), Forecast: fc, Policy: policy.Default(), PortalURL: "https://portal.example/"}},
		{"approved", review.Input{State: prState(), Report: report(t, s3Finding), Policy: policy.Default()}},
		{"incomplete", review.Input{State: incomplete, Report: report(t), Forecast: fc, Policy: policy.Default()}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			golden.Check(t, filepath.Join("testdata", "comment-"+tt.name+".golden.md"), []byte(review.Compose(tt.in, review.Decide(tt.in))), *update)
		})
	}
}

// TestComposeNeutralisesRepositoryText: a path or message from the pushed code cannot forge the marker,
// break out of a code span or add HTML.
func TestComposeNeutralisesRepositoryText(t *testing.T) {
	evil := md5Finding
	evil.Path = "a`b/<!-- attest:pr-comment -->.py"
	evil.Message = "x <script>alert(1)</script> | y"
	in := review.Input{State: prState(), Report: report(t, evil), Policy: policy.Default()}
	out := review.Compose(in, review.Decide(in))
	if strings.Count(out, review.Marker) != 1 || strings.Contains(out, "<script>") || strings.Contains(out, "a`b") {
		t.Errorf("repository text was not neutralised:\n%s", out)
	}
}

func TestComposeFitsCodeCommit(t *testing.T) {
	var many []finding.Finding
	for i := range 800 {
		f := md5Finding
		f.Line = i + 1
		f.Path = fmt.Sprintf("pkg/module_%03d/hash.py", i)
		many = append(many, f)
	}
	in := review.Input{State: prState(), Report: report(t, many...), Policy: policy.Default(), PortalURL: "https://portal.example"}
	out := review.Compose(in, review.Decide(in))
	if len(out) > review.MaxCommentChars {
		t.Errorf("comment is %d bytes; CodeCommit allows %d", len(out), review.MaxCommentChars)
	}
	for _, want := range []string{"800 findings block", "shortened", "#/packs/push-attest-sample-pr42-0123"} {
		if !strings.Contains(out, want) {
			t.Errorf("the shortened comment lacks %q", want)
		}
	}
}

type failingHost struct {
	review.LocalHost
	approvalErr error
}

func (h *failingHost) SetApproval(ctx context.Context, pr review.PullRequest, approve bool) error {
	if h.approvalErr != nil {
		return h.approvalErr
	}
	return h.LocalHost.SetApproval(ctx, pr, approve)
}

func TestStep(t *testing.T) {
	ctx := context.Background()
	st, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	sarif, _ := (&finding.Report{Rules: rules, Findings: []finding.Finding{md5Finding}}).MarshalSARIF(finding.ToolInfo{Name: "attest"})
	state := prState()
	if err := st.Put(ctx, state.Key(review.FindingsFile), sarif); err != nil {
		t.Fatal(err)
	}
	state.AddFile(review.FindingsFile, state.Key(review.FindingsFile))

	t.Run("not a pull request", func(t *testing.T) {
		in := state
		in.Subject.PullRequestID = ""
		host := &failingHost{LocalHost: review.LocalHost{Store: st}}
		out, err := (&review.Step{Work: st, Host: host, Policy: policy.Default()}).Run(ctx, in)
		if err != nil || out.Summary["review"] != "" {
			t.Errorf("got %v, summary %q; want the state unchanged", err, out.Summary["review"])
		}
	})
	t.Run("blocking revokes", func(t *testing.T) {
		host := &failingHost{LocalHost: review.LocalHost{Store: st}}
		out, err := (&review.Step{Work: st, Host: host, Policy: policy.Default()}).Run(ctx, state)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.Summary["review"], "comment posted; not approved") {
			t.Errorf("got summary %q", out.Summary["review"])
		}
		b, err := st.Get(ctx, review.LocalDir("attest-sample", "42")+"/approval.json")
		if err != nil {
			t.Fatal(err)
		}
		var a review.LocalApproval
		json.Unmarshal(b, &a)
		if a.State != review.StateRevoke || a.RevisionID != "rev-1" {
			t.Errorf("got approval %+v; want REVOKE of rev-1", a)
		}
	})
	t.Run("superseded revision is no failure", func(t *testing.T) {
		host := &failingHost{LocalHost: review.LocalHost{Store: st}, approvalErr: fmt.Errorf("x: %w", review.ErrRevisionNotCurrent)}
		out, err := (&review.Step{Work: st, Host: host, Policy: policy.Default()}).Run(ctx, state)
		if err != nil || !strings.Contains(out.Summary["review"], "comment unchanged; approval not set") {
			t.Errorf("got %v, summary %q; want the comment left and the approval skipped", err, out.Summary["review"])
		}
	})
	t.Run("approval failure", func(t *testing.T) {
		host := &failingHost{LocalHost: review.LocalHost{Store: st}, approvalErr: errors.New("AccessDenied")}
		_, err := (&review.Step{Work: st, Host: host, Policy: policy.Default()}).Run(ctx, state)
		var he *review.HostError
		if !errors.As(err, &he) {
			t.Errorf("got %v; want a HostError", err)
		}
	})
	t.Run("unreadable findings", func(t *testing.T) {
		in := state
		in.Files = map[string]string{review.FindingsFile: "runs/x/bad.json"}
		st.Put(ctx, "runs/x/bad.json", []byte("{"))
		_, err := (&review.Step{Work: st, Host: &review.LocalHost{Store: st}, Policy: policy.Default()}).Run(ctx, in)
		var ie *review.InputError
		if !errors.As(err, &ie) {
			t.Errorf("got %v; want an InputError", err)
		}
	})
}

// BenchmarkCompose is one pull request comment of 200 findings with a forecast.
func BenchmarkCompose(b *testing.B) {
	var fs []finding.Finding
	for i := range 200 {
		f := md5Finding
		if i%2 == 1 {
			f = s3Finding
		}
		f.Line = i + 1
		fs = append(fs, f)
	}
	rep := &finding.Report{Rules: rules, Findings: fs}
	fc := &review.Forecast{Region: "us-east-1", PricesAsOf: "2026-11-01", Resources: []review.ResourceForecast{{LogicalID: "R", Change: "added", DeltaMonthlyUSD: 10}}}
	in := review.Input{State: prState(), Report: rep, Forecast: fc, Policy: policy.Default(), PortalURL: "https://portal.example"}
	b.ReportAllocs()
	for b.Loop() {
		review.Compose(in, review.Decide(in))
	}
}
