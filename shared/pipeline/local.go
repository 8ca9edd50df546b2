package pipeline

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/attestdev/attest/shared/evaluate"
	"github.com/attestdev/attest/shared/event"
	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/snapshot"
	"github.com/attestdev/attest/shared/forecast"
	"github.com/attestdev/attest/shared/notify"
	"github.com/attestdev/attest/shared/policy"
	"github.com/attestdev/attest/shared/review"
	"github.com/attestdev/attest/shared/router"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/scan"
	"github.com/attestdev/attest/shared/securityhub"
	"github.com/attestdev/attest/shared/source"
	"github.com/attestdev/attest/shared/source/gitrepo"
	"github.com/attestdev/attest/shared/store"
)

// Version is the tool version written into SARIF logs and manifests.
const Version = "0.1.0"

// LocalOptions configure the one-process runtime.
type LocalOptions struct {
	// StoreDir holds work files, packs, the chain, published keys and the local signing key.
	StoreDir string
	// RepoDir is a git checkout that stands in for CodeCommit; without it pushes cannot be fetched.
	RepoDir string
	// ContextDir is a context snapshot that stands in for live AWS; without it alarms cannot be explained.
	ContextDir string
	// Router configures which events are run.
	Router router.Config
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Policy decides which findings block a pull request's approval (default policy.Default()).
	Policy *policy.Policy
}

// Local is the one-process runtime: the same step services as the Lambda functions, over a directory store,
// a git checkout, a context snapshot and a local ML-DSA-65 key.
type Local struct {
	Store  *store.Local
	Signer *evidence.LocalSigner
	runner Runner
	router router.Config
}

// PrivateKeyFile is where the local signing key lives, inside the store directory but outside what the
// portal serves.
const PrivateKeyFile = "private/signing-key.pem"

// NewLocal wires the local runtime.
func NewLocal(ctx context.Context, o LocalOptions) (*Local, error) {
	st, err := store.NewLocal(o.StoreDir)
	if err != nil {
		return nil, err
	}
	signer, err := evidence.LoadOrCreateLocalSigner(filepath.Join(o.StoreDir, filepath.FromSlash(PrivateKeyFile)))
	if err != nil {
		return nil, err
	}
	if err := evidence.PublishKey(ctx, st, signer.Public()); err != nil {
		return nil, err
	}
	now := o.Now
	if now == nil {
		now = time.Now
	}
	steps := Steps{
		Scan:     &scan.Step{Work: st, Service: scan.New(), Version: Version},
		Forecast: &forecast.Step{Work: st, Service: forecast.New()},
		Evaluate: &evaluate.Step{Work: st, Service: &evaluate.Service{}},
		Evidence: &evidence.Step{Work: st, Writer: &evidence.Writer{Store: st, Signer: signer, Now: now, Generator: "attest " + Version}},
		// Findings that Security Hub would import are written to securityhub/batches/ in the store.
		Notify: &notify.Step{Publisher: &notify.Outbox{Store: st, Now: now}, Exporters: map[string]notify.Exporter{
			"securityhub": &securityhub.Exporter{Importer: &securityhub.Outbox{Store: st}, Work: st, Now: now},
		}},
	}
	pol := policy.Default()
	if o.Policy != nil {
		pol = *o.Policy
	}
	// A policy given to the run is the deployment's: the scan applies its organisation settings.
	if o.Policy != nil {
		if ss, ok := steps.Scan.(*scan.Step); ok {
			ss.Policy = o.Policy
		}
	}
	// The policy's cost thresholds gate a push's forecast.
	if fs, ok := steps.Forecast.(*forecast.Step); ok {
		fs.Options.Cost = pol.Cost
	}
	// Pull request comments and approvals go to the store (pull-requests/<repository>/<id>/).
	steps.Review = &review.Step{Work: st, Host: &review.LocalHost{Store: st}, Policy: pol, FromDeployment: o.Policy != nil}
	if o.RepoDir != "" {
		repo, err := gitrepo.Open(o.RepoDir)
		if err != nil {
			return nil, fmt.Errorf("open repository %s: %w", o.RepoDir, err)
		}
		steps.Fetch = &source.Service{Repo: repo, Work: st}
	}
	if o.ContextDir != "" {
		snap, err := snapshot.Open(o.ContextDir)
		if err != nil {
			return nil, fmt.Errorf("open context snapshot: %w", err)
		}
		// The context each explanation used goes into its pack (context/), redacted.
		steps.Explain = &explain.Step{Work: st, Explainer: &explain.Explainer{Context: snap, Packs: &explain.StorePacks{Evidence: st}}, Record: snapshot.Record}
	}
	return &Local{Store: st, Signer: signer, runner: Runner{Steps: steps, Work: st}, router: o.Router}, nil
}

// Outcome is what happened to one event.
type Outcome struct {
	Ignored bool
	Reason  string
	State   run.State
}

// Handle runs one raw EventBridge event through the router's decision and the whole flow. A malformed or
// unknown event is an error of the event package's named types, and nothing is written.
func (l *Local) Handle(ctx context.Context, raw []byte) (Outcome, error) {
	env, err := event.Parse(raw)
	if err != nil {
		return Outcome{}, err
	}
	dec, err := router.Decide(env, l.router)
	if err != nil {
		return Outcome{}, err
	}
	if dec.Ignore {
		return Outcome{Ignored: true, Reason: dec.Reason, State: dec.State}, nil
	}
	st, err := l.runner.Start(ctx, dec.State, raw)
	if err != nil {
		return Outcome{State: st}, err
	}
	return Outcome{State: st}, nil
}
