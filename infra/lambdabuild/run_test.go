package lambdabuild

import (
	"bytes"
	"context"
	"debug/elf"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/run"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// EnvSkipARM64Run opts a developer machine out of TestScanBootstrapRuns; CI installs what it needs instead.
const EnvSkipARM64Run = "ATTEST_SKIP_ARM64_RUN"

// qemuARM64 runs linux/arm64 binaries on other hosts (Debian package qemu-user-static).
const qemuARM64 = "qemu-aarch64-static"

// runtimeAPI is a fake of the Lambda Runtime API (2018-06-01) that hands out one event, then holds the next
// poll open as Lambda does between invocations, and records what the function posts back.
type runtimeAPI struct {
	event     []byte
	requestID string

	mu       sync.Mutex
	served   bool
	result   chan runtimeResult
	resolved bool
}

// runtimeResult is the function's answer: a response, an invocation error or an initialization error.
type runtimeResult struct {
	kind string // "response", "error" or "init error"
	body []byte
	// errorType is the Lambda-Runtime-Function-Error-Type header or trailer.
	errorType string
}

func (api *runtimeAPI) finish(r runtimeResult) {
	api.mu.Lock()
	defer api.mu.Unlock()
	if !api.resolved {
		api.resolved = true
		api.result <- r
	}
}

func (api *runtimeAPI) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	const prefix = "/2018-06-01/runtime/"
	p, ok := strings.CutPrefix(r.URL.Path, prefix)
	if !ok {
		http.NotFound(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	errorType := r.Header.Get("Lambda-Runtime-Function-Error-Type")
	if t := r.Trailer.Get("Lambda-Runtime-Function-Error-Type"); t != "" {
		errorType = t
	}
	switch {
	case r.Method == http.MethodGet && p == "invocation/next":
		api.mu.Lock()
		first := !api.served
		api.served = true
		api.mu.Unlock()
		if !first {
			<-r.Context().Done() // the next event never comes; the test ends the process
			return
		}
		h := w.Header()
		h.Set("Lambda-Runtime-Aws-Request-Id", api.requestID)
		h.Set("Lambda-Runtime-Deadline-Ms", fmt.Sprint(time.Now().Add(5*time.Minute).UnixMilli()))
		h.Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:us-east-1:123456789012:function:attest-scan")
		h.Set("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0")
		h.Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		w.Write(api.event)
	case r.Method == http.MethodPost && p == "invocation/"+api.requestID+"/response":
		w.WriteHeader(http.StatusAccepted)
		api.finish(runtimeResult{kind: "response", body: body, errorType: errorType})
	case r.Method == http.MethodPost && p == "invocation/"+api.requestID+"/error":
		w.WriteHeader(http.StatusAccepted)
		api.finish(runtimeResult{kind: "error", body: body, errorType: errorType})
	case r.Method == http.MethodPost && p == "init/error":
		w.WriteHeader(http.StatusAccepted)
		api.finish(runtimeResult{kind: "init error", body: body, errorType: errorType})
	default:
		http.Error(w, "unexpected "+r.Method+" "+r.URL.Path, http.StatusBadRequest)
	}
}

// requireTool finds a command the test cannot do without: a clear failure in CI, a skip only when the
// developer opted out.
func requireTool(t *testing.T, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s is not installed: install the Debian package %s (bash .ci/test does), or set %s=1 to skip this test", name, pkg, EnvSkipARM64Run)
	}
	return p
}

// checkStatic checks that the binary is a static linux/arm64 executable: no program interpreter and no
// dynamic section, so it depends on nothing in the Lambda image.
func checkStatic(t *testing.T, path string) {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	if f.Machine != elf.EM_AARCH64 || f.Class != elf.ELFCLASS64 || f.Type != elf.ET_EXEC {
		t.Errorf("%s: machine %v, class %v, type %v; want EM_AARCH64, ELFCLASS64, ET_EXEC", path, f.Machine, f.Class, f.Type)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("%s: has a %v program header; want a statically linked executable", path, p.Type)
		}
	}
	if f.Section(".dynamic") != nil {
		t.Errorf("%s: has a .dynamic section; want a statically linked executable", path)
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("%s: needs shared libraries %v; want none", path, libs)
	}
}

// fakeS3 serves an in-memory S3 on 127.0.0.1 and returns its URL and a client for the test's own reads
// and writes.
func fakeS3(t *testing.T, bucket string) (string, *s3.Client) {
	t.Helper()
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(srv.Close)
	c := s3.New(s3.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDTEST", "secret", ""),
	})
	if _, err := c.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(bucket)}); err != nil {
		t.Fatalf("create bucket %s: %v", bucket, err)
	}
	return srv.URL, c
}

func putObject(t *testing.T, c *s3.Client, bucket, key string, data []byte) {
	t.Helper()
	if _, err := c.PutObject(context.Background(), &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: bytes.NewReader(data)}); err != nil {
		t.Fatalf("put %s: %v", key, err)
	}
}

func getObject(t *testing.T, c *s3.Client, bucket, key string) []byte {
	t.Helper()
	out, err := c.GetObject(context.Background(), &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		t.Fatalf("get %s: %v", key, err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		t.Fatalf("read %s: %v", key, err)
	}
	return b
}

// Head content of the push: files whose analyzers are tree-sitter (C), so that a binary whose cgo part did
// not survive the static link, or a build without cgo, cannot pass.
var pushFiles = map[string]struct {
	data string
	line int // the weak hash
}{
	"app/etag.py": {"import hashlib\n\n\ndef etag(body: bytes) -> str:\n    return hashlib.md5(body).hexdigest()\n", 5},
	"src/main/java/com/example/Checksums.java": {"package com.example;\n\nimport java.security.MessageDigest;\n\n" +
		"final class Checksums {\n    static byte[] sum(byte[] b) throws Exception {\n" +
		"        return MessageDigest.getInstance(\"SHA-1\").digest(b);\n    }\n}\n", 7},
}

// TestScanBootstrapRuns builds the scan function as cdk synth does (linux/arm64, cgo with the cross
// compiler, statically linked), checks the executable, and runs it under qemu against a fake Lambda Runtime
// API and an S3 work bucket on 127.0.0.1 (gofakes3, reached through AWS_ENDPOINT_URL_S3): one real scan-step
// invocation, whose SARIF log in the bucket must hold the weak hashes of the pushed files.
func TestScanBootstrapRuns(t *testing.T) {
	if os.Getenv(EnvSkipARM64Run) == "1" {
		t.Skipf("%s=1: not building and running the arm64 scan function", EnvSkipARM64Run)
	}
	if testing.Short() {
		t.Skip("builds the scan function with the C cross compiler and runs it under qemu")
	}
	requireTool(t, DefaultCC, CCPackage)
	qemu := requireTool(t, qemuARM64, "qemu-user-static")

	root, err := FindModuleRoot(".", ModulePath)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Minute)
	defer cancel()
	dirs, err := (&Builder{ModuleRoot: root, OutDir: t.TempDir()}).Build(ctx, []Target{{Name: "scan", CGO: true}})
	if err != nil {
		t.Fatalf("build the scan function: %v", err)
	}
	bin := filepath.Join(dirs["scan"], Executable)
	checkStatic(t, bin)

	const bucket = "attest-work"
	s3URL, s3c := fakeS3(t, bucket)
	st := run.State{RunID: "arm64-run", Flow: run.FlowPush, Files: map[string]string{run.ChangesetFile: "runs/arm64-run/changes.json"}}
	cs := run.Changeset{Repository: "orders", BaseCommit: strings.Repeat("a", 40), HeadCommit: strings.Repeat("b", 40)}
	for p, f := range pushFiles {
		key := "runs/arm64-run/head/" + p
		putObject(t, s3c, bucket, key, []byte(f.data))
		cs.Files = append(cs.Files, run.ChangedFile{Path: p, Change: run.ChangeAdded, HeadKey: key, Size: int64(len(f.data))})
	}
	raw, err := json.Marshal(cs)
	if err != nil {
		t.Fatal(err)
	}
	putObject(t, s3c, bucket, st.Files[run.ChangesetFile], raw)
	event, err := json.Marshal(st)
	if err != nil {
		t.Fatal(err)
	}

	api := &runtimeAPI{event: event, requestID: "8476a536-e9f4-11e8-9739-2dfe598c3fcd", result: make(chan runtimeResult, 1)}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	rt := &http.Server{Handler: api}
	go rt.Serve(ln)
	t.Cleanup(func() { rt.Close() })

	cmd := exec.CommandContext(ctx, qemu, bin)
	home := t.TempDir()
	// A clean environment: the function sees only what Lambda and the stack would set, never the developer's
	// AWS profile.
	cmd.Env = []string{
		"AWS_LAMBDA_RUNTIME_API=" + ln.Addr().String(),
		"AWS_LAMBDA_FUNCTION_NAME=attest-scan",
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=1024",
		"AWS_REGION=us-east-1",
		"AWS_ACCESS_KEY_ID=AKIDTEST",
		"AWS_SECRET_ACCESS_KEY=secret",
		"AWS_SESSION_TOKEN=token",
		"AWS_ENDPOINT_URL_S3=" + s3URL,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE=" + filepath.Join(home, "config"),
		"AWS_SHARED_CREDENTIALS_FILE=" + filepath.Join(home, "credentials"),
		"HOME=" + home,
		"WORK_BUCKET=" + bucket,
	}
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s %s: %v", qemu, bin, err)
	}
	// The function never exits on its own: it polls for the next event until it is killed.
	exited := make(chan struct{})
	var waitErr error
	go func() { waitErr = cmd.Wait(); close(exited) }()
	defer func() {
		cmd.Process.Kill()
		<-exited
	}()

	var res runtimeResult
	select {
	case res = <-api.result:
	case <-exited:
		t.Fatalf("the function exited before answering: %v\n%s", waitErr, output.String())
	case <-time.After(3 * time.Minute):
		t.Fatalf("no answer from the function within 3 minutes\n%s", output.String())
	}
	if res.kind != "response" {
		t.Fatalf("the function posted an %s (%s): %s\n%s", res.kind, res.errorType, res.body, output.String())
	}
	var out run.State
	if err := json.Unmarshal(res.body, &out); err != nil {
		t.Fatalf("response %s: %v", res.body, err)
	}
	if len(out.Gaps) != 0 {
		t.Errorf("gaps %+v; want none (every pushed file analysed)", out.Gaps)
	}
	if got, want := out.Summary["scanned"], fmt.Sprintf("%d files, 0 skipped", len(pushFiles)); got != want {
		t.Errorf("summary scanned = %q; want %q", got, want)
	}
	key, want := out.Files["findings.sarif.json"], st.Key("findings.sarif.json")
	if key != want {
		t.Fatalf("findings.sarif.json recorded at %q; want %q (files %v)", key, want, out.Files)
	}
	var log finding.SARIFLog
	if err := json.Unmarshal(getObject(t, s3c, bucket, key), &log); err != nil {
		t.Fatalf("%s: %v", key, err)
	}
	if len(log.Runs) != 1 {
		t.Fatalf("SARIF has %d runs; want 1", len(log.Runs))
	}
	got := map[string]bool{}
	for _, r := range log.Runs[0].Results {
		for _, l := range r.Locations {
			got[fmt.Sprintf("%s:%d %s", l.PhysicalLocation.ArtifactLocation.URI, l.PhysicalLocation.Region.StartLine, r.RuleID)] = true
		}
	}
	for p, f := range pushFiles {
		if w := fmt.Sprintf("%s:%d ATT-CRYPTO-WEAK-HASH", p, f.line); !got[w] {
			t.Errorf("SARIF results %v; want %s", got, w)
		}
	}
}
