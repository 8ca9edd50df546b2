package securityhub

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/review"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

// BatchImportFindings limits.
const (
	MaxBatchFindings = 100
	MaxBatchBytes    = 240 * 1024
	// envelopeBytes is left for the request around the findings.
	envelopeBytes = 1024
)

// Files the exporter reads, by their pack names.
const (
	findingsFile    = "findings.sarif.json"
	evaluationsFile = "evaluations.json"
)

// Importer sends one batch to Security Hub and returns the findings it rejected.
type Importer interface {
	Import(ctx context.Context, batch []finding.ASFFFinding) ([]Rejected, error)
}

// Rejected is a finding Security Hub did not import, and why.
type Rejected struct {
	ID      string
	Code    string
	Message string
}

// Store keeps the findings last imported for each stream.
type Store interface {
	Get(ctx context.Context, key string) ([]byte, error)
	Put(ctx context.Context, key string, data []byte) error
}

// Exporter imports a finished run's findings. It implements notify.Exporter, so that the notify step
// imports before it tells people.
type Exporter struct {
	Importer Importer
	Work     Store
	Now      func() time.Time
}

// ImportError is a batch Security Hub refused, or findings it rejected; the stream's record is left as it
// was, so that the next run sends them again.
type ImportError struct {
	Stream   string
	Rejected []Rejected
	Err      error
}

func (e *ImportError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("securityhub: import %s: %v", e.Stream, e.Err)
	}
	first := e.Rejected[0]
	return fmt.Sprintf("securityhub: import %s: %d finding(s) rejected; first %s: %s %s", e.Stream, len(e.Rejected), first.ID, first.Code, first.Message)
}

// Unwrap returns the import's error.
func (e *ImportError) Unwrap() error { return e.Err }

// record is what is kept of a stream: the findings last imported as active, with the path each is about.
type record struct {
	Stream   string                 `json:"stream"`
	Findings map[string]recordEntry `json:"findings"`
}

type recordEntry struct {
	Path    string              `json:"path"`
	Finding finding.ASFFFinding `json:"finding"`
}

// Result is what one export did.
type Result struct {
	Active, Resolved, Batches int
}

// Export imports the findings of a branch push or a Config evaluation and resolves the ones that are gone.
// A pull request's run is not imported (its code is not merged), nor are alarm runs (no findings); for
// them it returns "".
func (e *Exporter) Export(ctx context.Context, st run.State) (string, error) {
	if !Exported(st) {
		return "", nil
	}
	res, skip, err := e.export(ctx, st)
	if err != nil || skip != "" {
		return skip, err
	}
	return fmt.Sprintf("%d active, %d resolved, in %d batch(es)", res.Active, res.Resolved, res.Batches), nil
}

// Exported reports whether a run's findings go to Security Hub: a branch push's or a Config evaluation's.
func Exported(st run.State) bool {
	return st.Flow == run.FlowPush && st.Subject.PullRequestID == "" || st.Flow == run.FlowConfig
}

func (e *Exporter) export(ctx context.Context, st run.State) (Result, string, error) {
	if len(st.Subject.Account) != 12 || st.Subject.Region == "" {
		return Result{}, "not imported: the run names no account and region", nil
	}
	now := time.Now
	if e.Now != nil {
		now = e.Now
	}
	cur, scope, stream, err := e.current(ctx, st, now())
	if err != nil {
		return Result{}, "", err
	}
	if cur == nil {
		return Result{}, "not imported: the run has no findings document", nil
	}
	key := recordKey(st.Subject.Account, st.Subject.Region, stream)
	prev, err := e.load(ctx, key, stream)
	if err != nil {
		return Result{}, "", err
	}
	next := record{Stream: stream, Findings: map[string]recordEntry{}}
	var send []finding.ASFFFinding
	res := Result{}
	for id, ent := range prev.Findings {
		if _, again := cur[id]; again || !scope(ent.Path) {
			if !again {
				next.Findings[id] = ent // not rescanned: still open as far as Attest knows
			}
			continue
		}
		send = append(send, resolved(ent.Finding, now()))
		res.Resolved++
	}
	for id, ent := range cur {
		if old, ok := prev.Findings[id]; ok {
			ent.Finding.CreatedAt = old.Finding.CreatedAt
		}
		next.Findings[id] = ent
		send = append(send, ent.Finding)
		res.Active++
	}
	sort.Slice(send, func(i, j int) bool { return send[i].ID < send[j].ID })
	batches, err := Batches(send, MaxBatchBytes)
	if err != nil {
		return Result{}, "", &ImportError{Stream: stream, Err: err}
	}
	for _, b := range batches {
		rej, err := e.Importer.Import(ctx, b)
		if err != nil {
			return Result{}, "", &ImportError{Stream: stream, Err: err}
		}
		if len(rej) > 0 {
			return Result{}, "", &ImportError{Stream: stream, Rejected: rej}
		}
		res.Batches++
	}
	data, err := json.MarshalIndent(next, "", "  ")
	if err != nil {
		return Result{}, "", fmt.Errorf("securityhub: encode record of %s: %w", stream, err)
	}
	if err := e.Work.Put(ctx, key, data); err != nil {
		return Result{}, "", fmt.Errorf("securityhub: write record of %s: %w", stream, err)
	}
	return res, "", nil
}

// recordKey names a stream's record; the stream is hashed because branch and resource names may hold any
// character.
func recordKey(account, region, stream string) string {
	h := sha256.Sum256([]byte(account + "\x00" + region + "\x00" + stream))
	return path.Join("securityhub", "streams", hex.EncodeToString(h[:16])+".json")
}

func (e *Exporter) load(ctx context.Context, key, stream string) (record, error) {
	b, err := e.Work.Get(ctx, key)
	if errors.Is(err, store.ErrNotFound) {
		return record{Stream: stream, Findings: map[string]recordEntry{}}, nil
	}
	if err != nil {
		return record{}, fmt.Errorf("securityhub: read record of %s: %w", stream, err)
	}
	var r record
	if err := json.Unmarshal(b, &r); err != nil || r.Findings == nil {
		// A damaged record only loses resolutions; the findings themselves are sent again.
		return record{Stream: stream, Findings: map[string]recordEntry{}}, nil
	}
	return r, nil
}

// current renders the run's findings, with the scope of what the run rescanned (a previous finding outside
// it is neither confirmed nor resolved) and the stream's name.
func (e *Exporter) current(ctx context.Context, st run.State, now time.Time) (map[string]recordEntry, func(string) bool, string, error) {
	s := st.Subject
	opts := finding.ASFFOptions{Account: s.Account, Region: s.Region, Now: now}
	if st.Flow == run.FlowConfig {
		stream := s.ResourceType + "/" + s.ResourceID
		opts.Source = stream
		key := st.Files[evaluationsFile]
		if key == "" {
			return nil, nil, stream, nil
		}
		b, err := e.Work.Get(ctx, key)
		if err != nil {
			return nil, nil, stream, fmt.Errorf("securityhub: read %s: %w", key, err)
		}
		var evals []finding.Evaluation
		if err := json.Unmarshal(b, &evals); err != nil {
			return nil, nil, stream, fmt.Errorf("securityhub: read %s: %w", key, err)
		}
		cur, err := configFindings(evals, s, opts)
		// The evaluation covers the whole resource, deleted or not.
		return cur, func(string) bool { return true }, stream, err
	}
	stream := s.Repository + ":" + s.Reference
	opts.Source = stream
	key := st.Files[findingsFile]
	if key == "" {
		return nil, nil, stream, nil
	}
	b, err := e.Work.Get(ctx, key)
	if err != nil {
		return nil, nil, stream, fmt.Errorf("securityhub: read %s: %w", key, err)
	}
	rep, err := review.ReadSARIF(b)
	if err != nil {
		return nil, nil, stream, fmt.Errorf("securityhub: %s: %w", key, err)
	}
	scope, err := e.scope(ctx, st, rep)
	if err != nil {
		return nil, nil, stream, err
	}
	cur, err := pushFindings(rep, opts)
	return cur, scope, stream, err
}

// scope is the set of paths a push rescanned: its changed files (deleted ones included: their findings are
// gone) but not those skipped; every path when the whole tree was scanned.
func (e *Exporter) scope(ctx context.Context, st run.State, rep *finding.Report) (func(string) bool, error) {
	skipped := map[string]bool{}
	for _, sk := range rep.Skipped {
		skipped[sk.Path] = true
	}
	key := st.Files[run.ChangesetFile]
	if key == "" {
		return func(string) bool { return false }, nil
	}
	b, err := e.Work.Get(ctx, key)
	if err != nil {
		return nil, fmt.Errorf("securityhub: read %s: %w", key, err)
	}
	var cs run.Changeset
	if err := json.Unmarshal(b, &cs); err != nil {
		return nil, fmt.Errorf("securityhub: read %s: %w", key, err)
	}
	if cs.BaseCommit == "" {
		return func(p string) bool { return !skipped[p] }, nil
	}
	in := map[string]bool{}
	for _, f := range cs.Files {
		if !skipped[f.Path] {
			in[f.Path] = true
		}
	}
	return func(p string) bool { return in[p] }, nil
}

// pushFindings renders a push's findings in ASFF under IDs made of the stream and the scan's fingerprint.
func pushFindings(rep *finding.Report, o finding.ASFFOptions) (map[string]recordEntry, error) {
	fs, err := rep.ASFF(o)
	if err != nil {
		return nil, err
	}
	out := make(map[string]recordEntry, len(fs))
	for i, af := range fs {
		f := rep.Findings[i]
		// The fingerprint the scan computed (from the source line, which SARIF does not carry).
		af.ID = "attest/" + o.Source + "/" + review.Fingerprint(f)
		out[af.ID] = recordEntry{Path: f.Path, Finding: af}
	}
	return out, nil
}

// configFindings renders a Config evaluation's failures in ASFF, about the evaluated resource.
func configFindings(evals []finding.Evaluation, s run.Subject, o finding.ASFFOptions) (map[string]recordEntry, error) {
	rep := &finding.Report{}
	seen := map[string]bool{}
	for _, ev := range evals {
		if ev.Status != finding.StatusFail {
			continue
		}
		if !seen[ev.RuleID] {
			seen[ev.RuleID] = true
			title := ev.ConfigRule
			if title == "" {
				title = ev.RuleID
			}
			rep.Rules = append(rep.Rules, finding.Rule{ID: ev.RuleID, Title: title, Level: finding.LevelError, Class: "iac",
				ConfigRule: ev.ConfigRule, Controls: ev.Controls})
		}
		rep.Findings = append(rep.Findings, finding.Finding{RuleID: ev.RuleID, Level: finding.LevelError, Message: ev.Message,
			LogicalID: ev.ResourceID})
	}
	fs, err := rep.ASFF(o)
	if err != nil {
		return nil, err
	}
	id := s.ResourceARN
	if id == "" {
		id = s.ResourceID
	}
	out := make(map[string]recordEntry, len(fs))
	for _, af := range fs {
		af.Resources = []finding.ASFFResource{{Type: resourceType(s.ResourceType), ID: id, Region: s.Region}}
		out[af.ID] = recordEntry{Path: "", Finding: af}
	}
	return out, nil
}

// resourceType is the ASFF resource type of a CloudFormation type, for the types whose ASFF names are
// known; Other for the rest.
func resourceType(cfn string) string {
	if t, ok := asffTypes[cfn]; ok {
		return t
	}
	return "Other"
}

var asffTypes = map[string]string{
	"AWS::S3::Bucket":             "AwsS3Bucket",
	"AWS::EC2::Instance":          "AwsEc2Instance",
	"AWS::EC2::SecurityGroup":     "AwsEc2SecurityGroup",
	"AWS::EC2::Volume":            "AwsEc2Volume",
	"AWS::EC2::VPC":               "AwsEc2Vpc",
	"AWS::EC2::Subnet":            "AwsEc2Subnet",
	"AWS::IAM::Role":              "AwsIamRole",
	"AWS::IAM::User":              "AwsIamUser",
	"AWS::IAM::Policy":            "AwsIamPolicy",
	"AWS::KMS::Key":               "AwsKmsKey",
	"AWS::Lambda::Function":       "AwsLambdaFunction",
	"AWS::DynamoDB::Table":        "AwsDynamoDbTable",
	"AWS::RDS::DBInstance":        "AwsRdsDbInstance",
	"AWS::SQS::Queue":             "AwsSqsQueue",
	"AWS::SNS::Topic":             "AwsSnsTopic",
	"AWS::CloudTrail::Trail":      "AwsCloudTrailTrail",
	"AWS::SecretsManager::Secret": "AwsSecretsManagerSecret",
}

// resolved is a finding that is gone: archived, its workflow resolved and its control passed, so that
// Security Hub closes it instead of leaving it open.
func resolved(af finding.ASFFFinding, now time.Time) finding.ASFFFinding {
	af.UpdatedAt = now.UTC().Format(time.RFC3339)
	af.RecordState = "ARCHIVED"
	af.Workflow = finding.ASFFWorkflow{Status: "RESOLVED"}
	if af.Compliance != nil {
		c := *af.Compliance
		c.Status = "PASSED"
		af.Compliance = &c
	}
	return af
}

// Batches splits findings into calls of at most MaxBatchFindings findings and maxBytes of JSON. A finding
// that alone exceeds the limit is an error: Security Hub would refuse every batch holding it.
func Batches(fs []finding.ASFFFinding, maxBytes int) ([][]finding.ASFFFinding, error) {
	var out [][]finding.ASFFFinding
	var cur []finding.ASFFFinding
	size := envelopeBytes
	for _, f := range fs {
		b, err := json.Marshal(f)
		if err != nil {
			return nil, fmt.Errorf("encode finding %s: %w", f.ID, err)
		}
		n := len(b) + 1
		if envelopeBytes+n > maxBytes {
			return nil, fmt.Errorf("finding %s is %d bytes; a batch holds at most %d", clip(f.ID), n, maxBytes)
		}
		if len(cur) == MaxBatchFindings || size+n > maxBytes {
			out = append(out, cur)
			cur, size = nil, envelopeBytes
		}
		cur = append(cur, f)
		size += n
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out, nil
}

func clip(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return strings.TrimSpace(s)
}
