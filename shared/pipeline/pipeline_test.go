package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/attestdev/attest/shared/evaluate"
	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/snapshot"
	"github.com/attestdev/attest/shared/forecast"
	"github.com/attestdev/attest/shared/notify"
	"github.com/attestdev/attest/shared/router"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/samplerepo"
	"github.com/attestdev/attest/shared/scan"
	"github.com/attestdev/attest/shared/source"
	"github.com/attestdev/attest/shared/source/gitrepo"
	"github.com/attestdev/attest/shared/store/s3store"
	"github.com/aws/aws-lambda-go/lambda"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// lambdaStep runs a step the way Lambda does: the state goes in and out as JSON through aws-lambda-go's
// handler, so every step is exercised with the exact payloads Step Functions passes.
type lambdaStep struct{ h lambda.Handler }

func asLambda(s Step) Step { return &lambdaStep{h: lambda.NewHandler(s.Run)} }

func (l *lambdaStep) Run(ctx context.Context, in run.State) (run.State, error) {
	payload, err := json.Marshal(in)
	if err != nil {
		return in, err
	}
	out, err := l.h.Invoke(ctx, payload)
	if err != nil {
		return in, err
	}
	var st run.State
	if err := json.Unmarshal(out, &st); err != nil {
		return in, fmt.Errorf("step output is not a run state: %w", err)
	}
	return st, nil
}

type captureStarter struct{ inputs map[string][]byte }

func (c *captureStarter) Start(_ context.Context, name string, input []byte) error {
	if _, ok := c.inputs[name]; ok {
		return router.ErrAlreadyStarted
	}
	c.inputs[name] = input
	return nil
}

type memPublisher struct{ subjects []string }

func (m *memPublisher) Publish(_ context.Context, subject, _ string) error {
	m.subjects = append(m.subjects, subject)
	return nil
}

func newS3(t *testing.T, buckets ...string) *s3.Client {
	t.Helper()
	srv := httptest.NewServer(gofakes3.New(s3mem.New()).Server())
	t.Cleanup(srv.Close)
	c := s3.New(s3.Options{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL), UsePathStyle: true,
		Credentials: credentials.NewStaticCredentialsProvider("AKID", "SECRET", "")})
	for _, b := range buckets {
		if _, err := c.CreateBucket(context.Background(), &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

// mirror copies a bucket into a directory, for offline verification as an auditor would do with a download.
func mirror(t *testing.T, st *s3store.Store) string {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	keys, err := st.List(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		b, err := st.Get(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, filepath.FromSlash(k))
		os.MkdirAll(filepath.Dir(p), 0o755)
		os.WriteFile(p, b, 0o644)
	}
	return dir
}

// TestCloudShapedPipeline runs every sample event through the router service and the state machine's steps,
// each behind a Lambda handler, over S3 (an S3-protocol server in the process, through the real SDK).
func TestCloudShapedPipeline(t *testing.T) {
	ctx := context.Background()
	root := filepath.Join("..", "..")
	client := newS3(t, "work", "evidence")
	work := s3store.New(client, "work")
	packs := s3store.New(client, "evidence")

	repoDir := t.TempDir()
	if _, err := samplerepo.Build(filepath.Join(root, "testdata", "sample-repo"), repoDir); err != nil {
		t.Fatal(err)
	}
	repo, err := gitrepo.Open(repoDir)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := snapshot.Open(filepath.Join(root, "testdata", "context", "vpc-no-egress"))
	if err != nil {
		t.Fatal(err)
	}
	signer, err := evidence.LoadOrCreateLocalSigner(filepath.Join(t.TempDir(), "key.pem"))
	if err != nil {
		t.Fatal(err)
	}
	if err := evidence.PublishKey(ctx, packs, signer.Public()); err != nil {
		t.Fatal(err)
	}
	pub := &memPublisher{}
	runner := &Runner{Work: work, Steps: Steps{
		Fetch:    asLambda(&source.Service{Repo: repo, Work: work}),
		Scan:     asLambda(&scan.Step{Work: work, Service: scan.New(), Version: Version}),
		Forecast: asLambda(&forecast.Step{Work: work, Service: forecast.New()}),
		Explain:  asLambda(&explain.Step{Work: work, Explainer: &explain.Explainer{Context: snap}, Record: snapshot.Record}),
		Evaluate: asLambda(&evaluate.Step{Work: work, Service: &evaluate.Service{}}),
		Evidence: asLambda(&evidence.Step{Work: work, Writer: &evidence.Writer{Store: packs, Signer: signer, Now: time.Now}}),
		Notify:   asLambda(&notify.Step{Publisher: pub}),
	}}
	starter := &captureStarter{inputs: map[string][]byte{}}
	rt := &router.Service{Starter: starter, Work: work}

	cases := []struct {
		event  string
		status string // "" when the router ignores the event
		files  []string
	}{
		{"codecommit-reference-updated.json", evidence.StatusComplete, []string{"changes.json", "findings.sarif.json", "forecast.json", "evaluations.json"}},
		{"codecommit-reference-created.json", evidence.StatusComplete, []string{"changes.json", "findings.sarif.json", "forecast.json"}},
		{"codecommit-reference-deleted.json", "", nil},
		{"codecommit-tag-created.json", "", nil},
		{"cloudwatch-alarm-lambda-errors.json", evidence.StatusComplete, []string{"explanation.json"}},
		{"cloudwatch-alarm-ok.json", "", nil},
		{"cloudwatch-alarm-metric-math.json", evidence.StatusComplete, []string{"explanation.json"}},
		{"cloudwatch-alarm-composite.json", evidence.StatusComplete, []string{"explanation.json"}},
		{"config-s3-bucket-update.json", evidence.StatusComplete, []string{"evaluation.json", "evaluations.json"}},
		{"config-s3-bucket-deleted.json", evidence.StatusComplete, []string{"evaluation.json"}},
		{"config-oversized.json", evidence.StatusIncomplete, []string{"evaluation.json"}},
	}
	written := 0
	for _, tc := range cases {
		t.Run(tc.event, func(t *testing.T) {
			raw, err := os.ReadFile(filepath.Join(root, "events", tc.event))
			if err != nil {
				t.Fatal(err)
			}
			res, err := rt.Handle(ctx, raw)
			if err != nil {
				t.Fatal(err)
			}
			if tc.status == "" {
				if !res.Ignored {
					t.Fatalf("got %+v; want the event ignored", res)
				}
				return
			}
			var in run.State
			if err := json.Unmarshal(starter.inputs[res.RunID], &in); err != nil {
				t.Fatalf("execution input: %v", err)
			}
			out, err := runner.Run(ctx, in)
			if err != nil {
				t.Fatal(err)
			}
			written++
			if out.Status != tc.status {
				t.Errorf("got pack status %s (gaps %v); want %s", out.Status, out.Gaps, tc.status)
			}
			for _, f := range tc.files {
				if _, ok := out.Files[f]; !ok {
					t.Errorf("run produced %v; want %s among them", out.Files, f)
				}
			}
			if dup, err := rt.Handle(ctx, raw); err != nil || !dup.Duplicate {
				t.Errorf("second delivery: got %+v, %v; want a duplicate", dup, err)
			}
		})
	}
	if len(pub.subjects) != written {
		t.Errorf("got %d notifications; want one per run (%d)", len(pub.subjects), written)
	}
	v, err := evidence.Verify(os.DirFS(mirror(t, packs)), evidence.KeyRing{signer.KeyID(): signer.Public()}, true)
	if err != nil {
		t.Fatal(err)
	}
	if !v.OK() || v.Packs != written {
		t.Errorf("got %d packs with problems %v; want %d intact packs", v.Packs, v.Problems, written)
	}
}

// failing is a step that always fails, as a step does after its retries.
type failing struct{}

func (failing) Run(context.Context, run.State) (run.State, error) {
	return run.State{}, errors.New("throttled after 6 attempts")
}

func TestFailedStepStillWritesIncompletePack(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	local, err := NewLocal(ctx, LocalOptions{StoreDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	local.runner.Steps.Evaluate = failing{}
	raw, err := os.ReadFile(filepath.Join("..", "..", "events", "config-s3-bucket-update.json"))
	if err != nil {
		t.Fatal(err)
	}
	out, err := local.Handle(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	st := out.State
	if st.Status != evidence.StatusIncomplete || len(st.Gaps) == 0 || st.Gaps[0].Step != "evaluate" {
		t.Fatalf("got status %s with gaps %v; want incomplete naming the evaluate step", st.Status, st.Gaps)
	}
	v, err := evidence.Verify(os.DirFS(dir), evidence.KeyRing{local.Signer.KeyID(): local.Signer.Public()}, true)
	if err != nil || !v.OK() {
		t.Fatalf("verify: %v %v", err, v)
	}
	// A push with no repository to fetch from is incomplete too, and says so: nothing is reported as clean.
	raw, _ = os.ReadFile(filepath.Join("..", "..", "events", "codecommit-reference-updated.json"))
	out, err = local.Handle(ctx, raw)
	if err != nil {
		t.Fatal(err)
	}
	if out.State.Status != evidence.StatusIncomplete || out.State.Files["findings.sarif.json"] != "" {
		t.Errorf("got status %s and files %v; want incomplete with no findings file", out.State.Status, out.State.Files)
	}
}

func TestPanickingStepIsCaught(t *testing.T) {
	r := &Runner{}
	st := r.try(context.Background(), "scan", StepFunc(func(context.Context, run.State) (run.State, error) { panic("boom") }), run.State{RunID: "x"})
	if st.Error == nil || st.FailedStep != "scan" {
		t.Errorf("got %+v; want the panic caught as the scan step's error", st)
	}
}
