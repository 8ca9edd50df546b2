package securityhub

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

// hub is an Importer that keeps the latest state of every finding, as Security Hub does.
type hub struct {
	calls    int
	findings map[string]finding.ASFFFinding
	fail     error
}

func (h *hub) Import(_ context.Context, batch []finding.ASFFFinding) ([]Rejected, error) {
	if h.fail != nil {
		return nil, h.fail
	}
	h.calls++
	for _, f := range batch {
		h.findings[f.ID] = f
	}
	return nil, nil
}

func (h *hub) open() []string {
	var out []string
	for _, f := range h.findings {
		if f.RecordState == "ACTIVE" {
			out = append(out, f.Resources[0].Details.Other["path"])
		}
	}
	return sortStrings(out)
}

func sortStrings(s []string) []string {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
	return s
}

var rule = finding.Rule{ID: "ATT-CRYPTO-WEAK-HASH", Title: "Weak hash", Level: finding.LevelError, Class: "crypto/weak-hash", Controls: []string{"PCI-DSS-4.0/4.2.1"}}

func weak(path string) finding.Finding {
	return finding.Finding{RuleID: rule.ID, Level: finding.LevelError, Message: "MD5", Path: path, Line: 3, Snippet: "md5(" + path + ")"}
}

// push writes a push run's changeset and findings to the work store and returns its state.
func push(t *testing.T, w *store.Local, n int, base string, changed []string, fs ...finding.Finding) run.State {
	t.Helper()
	ctx := context.Background()
	st := run.State{RunID: fmt.Sprintf("push-%d", n), Flow: run.FlowPush,
		Subject: run.Subject{Account: "123456789012", Region: "us-east-1", Repository: "attest-sample", Reference: "main", Commit: "c", BaseCommit: base}}
	cs := run.Changeset{Repository: "attest-sample", BaseCommit: base, HeadCommit: "c"}
	for _, p := range changed {
		cs.Files = append(cs.Files, run.ChangedFile{Path: p, Change: run.ChangeModified})
	}
	b, _ := json.Marshal(cs)
	w.Put(ctx, st.Key(run.ChangesetFile), b)
	st.AddFile(run.ChangesetFile, st.Key(run.ChangesetFile))
	sarif, err := (&finding.Report{Rules: []finding.Rule{rule}, Findings: fs}).MarshalSARIF(finding.ToolInfo{Name: "attest"})
	if err != nil {
		t.Fatal(err)
	}
	w.Put(ctx, st.Key(findingsFile), sarif)
	st.AddFile(findingsFile, st.Key(findingsFile))
	return st
}

// TestResolution: a finding is resolved only when the file it is in was rescanned without it.
func TestResolution(t *testing.T) {
	ctx := context.Background()
	w, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	h := &hub{findings: map[string]finding.ASFFFinding{}}
	clock := time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)
	e := &Exporter{Importer: h, Work: w, Now: func() time.Time { return clock }}
	steps := []struct {
		name     string
		st       run.State
		line     string
		open     string
		resolved int
	}{
		{"first push", push(t, w, 1, "", nil, weak("a.py"), weak("b.py")), "2 active, 0 resolved, in 1 batch(es)", "[a.py b.py]", 0},
		{"a.py fixed, b.py untouched", push(t, w, 2, "base", []string{"a.py"}), "0 active, 1 resolved, in 1 batch(es)", "[b.py]", 1},
		{"b.py changed, finding stays", push(t, w, 3, "base", []string{"b.py"}, weak("b.py")), "1 active, 0 resolved, in 1 batch(es)", "[b.py]", 0},
		{"whole tree clean", push(t, w, 4, "", nil), "0 active, 1 resolved, in 1 batch(es)", "[]", 1},
	}
	for _, s := range steps {
		t.Run(s.name, func(t *testing.T) {
			clock = clock.Add(time.Hour)
			line, err := e.Export(ctx, s.st)
			if err != nil {
				t.Fatal(err)
			}
			if line != s.line {
				t.Errorf("got %q; want %q", line, s.line)
			}
			if got := fmt.Sprint(h.open()); got != s.open {
				t.Errorf("open in Security Hub: got %s; want %s", got, s.open)
			}
		})
	}
	for _, f := range h.findings {
		if f.RecordState != "ARCHIVED" || f.Workflow.Status != "RESOLVED" || f.Compliance.Status != "PASSED" {
			t.Errorf("got %s %s %s; want every finding archived, resolved and passed", f.RecordState, f.Workflow.Status, f.Compliance.Status)
		}
		if f.CreatedAt != "2026-11-20T15:00:00Z" {
			t.Errorf("got CreatedAt %s; want the first import's time", f.CreatedAt)
		}
	}
}

func TestStableIDs(t *testing.T) {
	ctx := context.Background()
	w, _ := store.NewLocal(t.TempDir())
	h := &hub{findings: map[string]finding.ASFFFinding{}}
	e := &Exporter{Importer: h, Work: w}
	moved := weak("a.py")
	moved.Line = 40
	for i, f := range []finding.Finding{weak("a.py"), moved} {
		if _, err := e.Export(ctx, push(t, w, i, "base", []string{"a.py"}, f)); err != nil {
			t.Fatal(err)
		}
	}
	if len(h.findings) != 1 {
		t.Errorf("got %d findings; want the moved finding updated in place", len(h.findings))
	}
	for id := range h.findings {
		if want := "attest/attest-sample:main/" + weak("a.py").Fingerprint(); id != want {
			t.Errorf("got ID %s; want %s", id, want)
		}
	}
}

func TestNotExported(t *testing.T) {
	w, _ := store.NewLocal(t.TempDir())
	h := &hub{findings: map[string]finding.ASFFFinding{}}
	e := &Exporter{Importer: h, Work: w}
	pr := push(t, w, 1, "base", []string{"a.py"}, weak("a.py"))
	pr.Subject.PullRequestID = "42"
	alarm := run.State{RunID: "alarm-1", Flow: run.FlowAlarm}
	noAccount := push(t, w, 2, "base", []string{"a.py"}, weak("a.py"))
	noAccount.Subject.Account = ""
	for name, st := range map[string]run.State{"pull request": pr, "alarm": alarm, "no account": noAccount} {
		t.Run(name, func(t *testing.T) {
			line, err := e.Export(context.Background(), st)
			if err != nil || h.calls != 0 {
				t.Errorf("got %v after %d calls; want nothing imported", err, h.calls)
			}
			if (line == "") != (name != "no account") {
				t.Errorf("got line %q; want one only where the run is for Security Hub but cannot be sent", line)
			}
		})
	}
}

func TestConfigFindings(t *testing.T) {
	ctx := context.Background()
	w, _ := store.NewLocal(t.TempDir())
	h := &hub{findings: map[string]finding.ASFFFinding{}}
	e := &Exporter{Importer: h, Work: w}
	eval := func(n int, statuses ...finding.Status) run.State {
		st := run.State{RunID: fmt.Sprintf("config-%d", n), Flow: run.FlowConfig, Subject: run.Subject{Account: "123456789012", Region: "us-east-1",
			ResourceType: "AWS::S3::Bucket", ResourceID: "uploads", ResourceARN: "arn:aws:s3:::uploads"}}
		var evals []finding.Evaluation
		for i, s := range statuses {
			evals = append(evals, finding.Evaluation{RuleID: fmt.Sprintf("rule-%d", i), ConfigRule: fmt.Sprintf("rule-%d", i), Status: s,
				Controls: []string{"SOC2/CC6.1"}, ResourceType: "AWS::S3::Bucket", ResourceID: "uploads", Message: "m"})
		}
		b, _ := json.Marshal(evals)
		w.Put(ctx, st.Key(evaluationsFile), b)
		st.AddFile(evaluationsFile, st.Key(evaluationsFile))
		return st
	}
	if line, err := e.Export(ctx, eval(1, finding.StatusFail, finding.StatusPass, finding.StatusFail)); err != nil || !strings.HasPrefix(line, "2 active, 0 resolved") {
		t.Fatalf("got %q, %v; want the 2 failures imported", line, err)
	}
	for _, f := range h.findings {
		if r := f.Resources[0]; r.Type != "AwsS3Bucket" || r.ID != "arn:aws:s3:::uploads" {
			t.Errorf("got resource %+v; want the bucket by ARN", r)
		}
	}
	if line, err := e.Export(ctx, eval(2, finding.StatusPass, finding.StatusPass, finding.StatusFail)); err != nil || !strings.HasPrefix(line, "1 active, 1 resolved") {
		t.Errorf("got %q, %v; want rule-0 resolved", line, err)
	}
}

// TestImportFailureKeepsRecord: after a failed import the next run sends the same findings again.
func TestImportFailureKeepsRecord(t *testing.T) {
	ctx := context.Background()
	w, _ := store.NewLocal(t.TempDir())
	h := &hub{findings: map[string]finding.ASFFFinding{}, fail: errors.New("AccessDenied")}
	e := &Exporter{Importer: h, Work: w}
	_, err := e.Export(ctx, push(t, w, 1, "", nil, weak("a.py")))
	var ie *ImportError
	if !errors.As(err, &ie) {
		t.Fatalf("got %v; want an ImportError", err)
	}
	h.fail = nil
	line, err := e.Export(ctx, push(t, w, 2, "", nil, weak("a.py")))
	if err != nil || !strings.HasPrefix(line, "1 active") {
		t.Errorf("got %q, %v; want the finding sent again", line, err)
	}
}

func TestBatches(t *testing.T) {
	small := func(n int) []finding.ASFFFinding {
		out := make([]finding.ASFFFinding, n)
		for i := range out {
			out[i] = finding.ASFFFinding{ID: fmt.Sprint(i), Description: strings.Repeat("x", 900)}
		}
		return out
	}
	tests := []struct {
		name  string
		in    []finding.ASFFFinding
		max   int
		sizes string
		err   bool
	}{
		{"250 by count", small(250), MaxBatchBytes, "[100 100 50]", false},
		{"by bytes", small(30), 12 * 1024, "", false},
		{"none", nil, MaxBatchBytes, "[]", false},
		{"one too large", []finding.ASFFFinding{{ID: "big", Description: strings.Repeat("x", 300*1024)}}, MaxBatchBytes, "", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bs, err := Batches(tt.in, tt.max)
			if (err != nil) != tt.err {
				t.Fatalf("got error %v; want error %v", err, tt.err)
			}
			if tt.err {
				return
			}
			var sizes []int
			for _, b := range bs {
				sizes = append(sizes, len(b))
				enc, _ := json.Marshal(map[string]any{"Findings": b})
				if len(enc) > tt.max {
					t.Errorf("a batch encodes to %d bytes; the limit is %d", len(enc), tt.max)
				}
			}
			total := 0
			for _, n := range sizes {
				total += n
			}
			if total != len(tt.in) {
				t.Errorf("batches hold %d findings; want %d", total, len(tt.in))
			}
			if tt.sizes == "" {
				// Split by bytes: each full batch could not have taken the next finding.
				for i := 0; i+1 < len(bs); i++ {
					enc, _ := json.Marshal(map[string]any{"Findings": append(append([]finding.ASFFFinding(nil), bs[i]...), bs[i+1][0])})
					if len(enc)+envelopeBytes <= tt.max && len(bs[i]) < MaxBatchFindings {
						t.Errorf("batch %d (%d findings) had room for the next", i, len(bs[i]))
					}
				}
				if len(bs) < 2 {
					t.Errorf("got %d batch; want the bytes limit to split", len(bs))
				}
			} else if got := fmt.Sprint(sizes); got != tt.sizes && !(tt.sizes == "[]" && sizes == nil) {
				t.Errorf("got batch sizes %s; want %s", got, tt.sizes)
			}
		})
	}
}

// BenchmarkBatches splits 1,000 findings into import batches.
func BenchmarkBatches(b *testing.B) {
	fs := make([]finding.ASFFFinding, 1000)
	for i := range fs {
		fs[i] = finding.ASFFFinding{ID: fmt.Sprintf("attest/r:main/%032d", i), Description: strings.Repeat("x", 600),
			Resources: []finding.ASFFResource{{Type: "Other", ID: "r:a.py", Details: &finding.ASFFResourceDetails{Other: map[string]string{"path": "a.py"}}}}}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Batches(fs, MaxBatchBytes); err != nil {
			b.Fatal(err)
		}
	}
}
