package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/pipeline"
	"github.com/attestdev/attest/shared/policy"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

const desGo = `package app

import "crypto/des"

// Open speaks to the mainframe, which knows only DES.
func Open(key []byte) error {
	_, err := des.NewCipher(key) // attest:ignore ATT-CRYPTO-WEAK-CIPHER%s
	return err
}
`

const bucketYAML = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Website:
    Type: AWS::S3::Bucket
    Metadata:
      attest:
        skip:
          - id: s3-bucket-level-public-access-prohibited
            reason: Public website content behind CloudFront
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault:
              SSEAlgorithm: AES256
`

// suppressTree writes a tree whose only errors are suppressed when reason is set.
func suppressTree(t *testing.T, reason string) string {
	t.Helper()
	dir := t.TempDir()
	for p, data := range map[string]string{
		"app/open.go":         strings.Replace(desGo, "%s", reason, 1),
		"infra/template.yaml": bucketYAML,
	} {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestScanSuppressed(t *testing.T) {
	t.Run("only suppressed errors exit 0", func(t *testing.T) {
		code, out, stderr := attest(t, nil, "scan", suppressTree(t, " mainframe link, replaced in Q3"))
		if code != exitOK {
			t.Fatalf("got exit %d; want %d: every error is suppressed (stderr %q)\n%s", code, exitOK, stderr, out)
		}
		for _, want := range []string{
			"Suppressed (2, not blocking):",
			"suppressed: mainframe link, replaced in Q3 (inline comment at line 7)",
			"suppressed: Public website content behind CloudFront (Metadata.attest s3-bucket-level-public-access-prohibited on Website",
			"; 2 suppressed",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("text output lacks %q:\n%s", want, out)
			}
		}
		if strings.Contains(strings.Split(out, "Suppressed (")[0], "ATT-CRYPTO-WEAK-CIPHER") {
			t.Errorf("the suppressed finding is listed with the open ones:\n%s", out)
		}
	})
	t.Run("a suppression without reason blocks and is reported", func(t *testing.T) {
		code, out, _ := attest(t, nil, "scan", suppressTree(t, ""))
		if code != exitBlocking {
			t.Fatalf("got exit %d; want %d: the DES finding is not suppressed\n%s", code, exitBlocking, out)
		}
		if !strings.Contains(out, "warning ATT-SUPPRESS-NO-REASON") || !strings.Contains(out, "error ATT-CRYPTO-WEAK-CIPHER") {
			t.Errorf("got:\n%s\nwant the DES error and the no-reason warning", out)
		}
	})
	t.Run("the policy cannot block a suppressed finding", func(t *testing.T) {
		pol := filepath.Join(t.TempDir(), "policy.yml")
		// The policy names both suppressed rules as blocking; the bucket's other findings (logging, versioning …)
		// are warnings and notes that this policy leaves non-blocking.
		if err := os.WriteFile(pol, []byte("blockLevels: [error]\nblock: [ATT-CRYPTO-WEAK-CIPHER, s3-bucket-level-public-access-prohibited]\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		code, out, stderr := attest(t, nil, "scan", "--config", pol, suppressTree(t, " mainframe link"))
		if code != exitOK {
			t.Errorf("got exit %d; want %d (stderr %q)\n%s", code, exitOK, stderr, out)
		}
	})
	t.Run("sarif keeps suppressed results with their justification", func(t *testing.T) {
		code, out, _ := attest(t, nil, "scan", "--format", "sarif", suppressTree(t, " mainframe link"))
		if code != exitOK {
			t.Fatalf("got exit %d; want %d", code, exitOK)
		}
		var log finding.SARIFLog
		if err := json.Unmarshal([]byte(out), &log); err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, r := range log.Runs[0].Results {
			if len(r.Suppressions) == 1 && r.Suppressions[0].Kind == "inSource" && r.Suppressions[0].Justification != "" {
				n++
			}
		}
		if n != 2 {
			t.Errorf("got %d suppressed results; want 2", n)
		}
	})
	t.Run("asff marks suppressed findings", func(t *testing.T) {
		code, out, _ := attest(t, nil, "scan", "--format", "asff", "--account", "123456789012", suppressTree(t, " mainframe link"))
		if code != exitOK {
			t.Fatalf("got exit %d; want %d", code, exitOK)
		}
		if !strings.Contains(out, `"Status": "SUPPRESSED"`) {
			t.Errorf("got:\n%s\nwant a SUPPRESSED workflow status", out)
		}
	})
	t.Run("the fixture tree still has open errors", func(t *testing.T) {
		if code, out, _ := attest(t, nil, "scan", "testdata/suppress/tree"); code != exitBlocking {
			t.Errorf("got exit %d; want %d\n%s", code, exitBlocking, out)
		}
	})
}

// TestRunGateSkipsSuppressed checks the gate of attest run: it reads the pack's SARIF log, where a suppressed
// error must not block and an open one must.
func TestRunGateSkipsSuppressed(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		name       string
		suppressed bool
		want       bool // blocks
	}{
		{"suppressed error", true, false},
		{"open error", false, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			st, err := store.NewLocal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			f := finding.Finding{RuleID: "ATT-CRYPTO-WEAK-CIPHER", Level: finding.LevelError, Path: "a.go", Line: 3}
			if tt.suppressed {
				f.Suppression = &finding.Suppression{Kind: finding.SuppressionInSource, Justification: "mainframe", Source: "inline comment at line 3"}
			}
			rep := &finding.Report{Rules: []finding.Rule{{ID: f.RuleID, Class: "crypto/weak-cipher", Level: finding.LevelError}}, Findings: []finding.Finding{f}}
			b, err := rep.MarshalSARIF(finding.ToolInfo{Name: "attest"})
			if err != nil {
				t.Fatal(err)
			}
			if err := st.Put(ctx, "runs/r1/findings.sarif.json", b); err != nil {
				t.Fatal(err)
			}
			out := pipeline.Outcome{State: run.State{RunID: "r1", PackID: "push-1", Files: map[string]string{"findings.sarif.json": "runs/r1/findings.sarif.json"}}}
			err = gate(ctx, &pipeline.Local{Store: st}, out, policy.Default())
			if (err != nil) != tt.want {
				t.Errorf("gate: got %v; want blocking=%v", err, tt.want)
			}
		})
	}
}

// TestRunPackRecordsSuppressions pushes a commit whose only errors are suppressed through the whole local
// pipeline: attest run exits 0, and the pack keeps the suppressed results with their reasons, in the SARIF
// log and in controls.json, where no control they fail counts as a pass.
func TestRunPackRecordsSuppressions(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	repo := t.TempDir()
	git := func(args ...string) string {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = repo
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=A", "GIT_AUTHOR_EMAIL=a@example.com", "GIT_COMMITTER_NAME=A", "GIT_COMMITTER_EMAIL=a@example.com")
		var out, errb bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errb
		if err := cmd.Run(); err != nil {
			t.Fatalf("git %v: %v: %s", args, err, errb.String())
		}
		return strings.TrimSpace(out.String())
	}
	git("init", "-q", "-b", "main")
	if err := os.WriteFile(filepath.Join(repo, "README.md"), []byte("# app\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	git("add", ".")
	git("commit", "-q", "-m", "base")
	base := git("rev-parse", "HEAD")
	tree := suppressTree(t, " mainframe link, replaced in Q3")
	for _, p := range []string{"app/open.go", "infra/template.yaml"} {
		data, err := os.ReadFile(filepath.Join(tree, p))
		if err != nil {
			t.Fatal(err)
		}
		full := filepath.Join(repo, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	git("add", ".")
	git("commit", "-q", "-m", "head")
	head := git("rev-parse", "HEAD")

	ev, err := os.ReadFile("events/codecommit-reference-updated.json")
	if err != nil {
		t.Fatal(err)
	}
	ev = bytes.ReplaceAll(ev, []byte("92f6181645c4659bbf347ceec7891e773757074b"), []byte(head))
	ev = bytes.ReplaceAll(ev, []byte("058df7cb6c465ca7a59d2903141dae2bd9f9a171"), []byte(base))
	evFile := filepath.Join(t.TempDir(), "push.json")
	if err := os.WriteFile(evFile, ev, 0o644); err != nil {
		t.Fatal(err)
	}
	storeDir := t.TempDir()
	code, out, stderr := attest(t, map[string]string{"ATTEST_STORE": storeDir}, "run", "--event", evFile, "--repo-dir", repo)
	if code != exitOK {
		t.Fatalf("got exit %d; want %d: every error is suppressed (stderr %q)", code, exitOK, stderr)
	}
	packID := strings.TrimSpace(out)
	var packDir string
	filepath.WalkDir(filepath.Join(storeDir, "packs"), func(p string, d os.DirEntry, err error) error {
		if err == nil && d.IsDir() && d.Name() == packID {
			packDir = p
		}
		return nil
	})
	if packDir == "" {
		t.Fatalf("pack %s not found under %s", packID, storeDir)
	}

	b, err := os.ReadFile(filepath.Join(packDir, "findings.sarif.json"))
	if err != nil {
		t.Fatal(err)
	}
	var log finding.SARIFLog
	if err := json.Unmarshal(b, &log); err != nil {
		t.Fatal(err)
	}
	reasons := map[string]string{}
	for _, r := range log.Runs[0].Results {
		if s := finding.SuppressionFromSARIF(r.Suppressions); s != nil {
			reasons[r.RuleID] = s.Justification
		}
	}
	if reasons["ATT-CRYPTO-WEAK-CIPHER"] != "mainframe link, replaced in Q3" || reasons["s3-bucket-level-public-access-prohibited"] == "" {
		t.Errorf("pack SARIF: got suppressed %v; want the DES finding and the bucket's public access finding with their reasons", reasons)
	}

	b, err = os.ReadFile(filepath.Join(packDir, "controls.json"))
	if err != nil {
		t.Fatal(err)
	}
	var controls struct {
		Controls []struct {
			ID, Status string
			Suppressed int
		} `json:"controls"`
	}
	if err := json.Unmarshal(b, &controls); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range controls.Controls {
		if c.ID == "SOC2/CC6.6" { // s3-bucket-level-public-access-prohibited's SOC 2 control
			found = true
			if c.Status != "suppressed" || c.Suppressed == 0 {
				t.Errorf("%s: got %s with %d suppressed; want suppressed, never pass", c.ID, c.Status, c.Suppressed)
			}
		}
	}
	if !found {
		t.Errorf("controls.json has no SOC2/CC6.6:\n%s", b)
	}
}
