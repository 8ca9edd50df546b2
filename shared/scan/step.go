package scan

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/attestdev/attest/shared/cbom"
	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/policy"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

// Files the step writes, by their names in the evidence pack.
const (
	FindingsFile    = "findings.sarif.json"
	EvaluationsFile = "evaluations.json"
	CBOMFile        = "cbom.cdx.json"
	// PolicyFile is the repository's policy file the scan applied (when it applied one).
	PolicyFile = "policy.yml"
)

// stepName names the step in gaps.
const stepName = "scan"

// Store is the part of the work store the step uses.
type Store interface {
	Get(ctx context.Context, key string) ([]byte, error)
	Put(ctx context.Context, key string, data []byte) error
}

// InvalidChangesetError is a changes.json that is not a changeset. Retrying cannot help.
type InvalidChangesetError struct {
	Key string
	Err error
}

func (e *InvalidChangesetError) Error() string {
	return fmt.Sprintf("changeset %s: %v", e.Key, e.Err)
}

func (e *InvalidChangesetError) Unwrap() error { return e.Err }

// Step is the pipeline's scan step: it scans the head content of a push's added and modified files.
type Step struct {
	Work    Store
	Service *Service
	// Version is the tool version written into the SARIF log.
	Version string
	// Policy is the deployment's organisation policy. When nil, a .attest.yml changed by the push applies;
	// a repository's unchanged policy file is not part of the changeset and so is not read.
	Policy *policy.Policy
}

// Run reads the changeset named by st.Files["changes.json"], scans the head content of every added or
// modified file, and writes findings.sarif.json, evaluations.json and cbom.cdx.json (the inventory of every
// use of cryptography in those files, with its readiness summary, whose one line goes into the state's
// summary). Files the fetch step skipped are carried into the report's skipped files; files that should have
// been analysed and were not are also recorded as a gap, so the pack says the scan was incomplete. A read or
// write of the work store that fails is returned as an error, for the state machine to retry.
func (s *Step) Run(ctx context.Context, st run.State) (run.State, error) {
	// The state's maps are shared with the input, which a Parallel branch shares with its sibling.
	out := st
	out.Files = maps.Clone(st.Files)
	out.Summary = maps.Clone(st.Summary)
	out.Gaps = slices.Clone(st.Gaps)

	key, ok := st.Files[run.ChangesetFile]
	if !ok || key == "" {
		out.AddGap(stepName, "no changeset to scan: the fetch step recorded no "+run.ChangesetFile)
		return out, nil
	}
	raw, err := s.Work.Get(ctx, key)
	if err != nil {
		return st, fmt.Errorf("scan run %s: read changeset: %w", st.RunID, err)
	}
	var cs run.Changeset
	if err := json.Unmarshal(raw, &cs); err != nil {
		return st, &InvalidChangesetError{Key: key, Err: err}
	}
	svc := s.Service
	if svc == nil {
		svc = New()
	}
	pol, polRaw, why, err := s.policyFor(ctx, cs)
	if err != nil {
		return st, fmt.Errorf("scan run %s: %w", st.RunID, err)
	}
	if polRaw != nil {
		// The repository's policy goes into the pack, as the record of what decided, and on to the review
		// step, whose merge gate applies the same file.
		key := st.Key(PolicyFile)
		if err := s.Work.Put(ctx, key, polRaw); err != nil {
			return st, fmt.Errorf("scan run %s: write %s: %w", st.RunID, key, err)
		}
		out.AddFile(PolicyFile, key)
	}
	if why != "" {
		out.AddGap(stepName, why)
	}
	if pol != nil {
		svc = svc.WithPolicy(*pol)
	}
	srcs, skipped := s.sources(cs)
	rep, missed, err := svc.scanSuppressed(ctx, srcs, newChangesetFS(ctx, s.Work, cs))
	if err != nil {
		return st, fmt.Errorf("scan run %s: %w", st.RunID, err)
	}
	applyFrameworks(pol, rep)
	for _, sk := range skipped {
		rep.Skipped = append(rep.Skipped, sk.Skip)
		if sk.missed {
			missed = append(missed, sk.Skip)
		}
	}
	rep.Sort()

	sarif, err := rep.MarshalSARIF(finding.ToolInfo{Name: "attest", Version: s.Version})
	if err != nil {
		return st, fmt.Errorf("scan run %s: %w", st.RunID, err)
	}
	evals, err := json.MarshalIndent(rep.Evaluations, "", "  ")
	if err != nil {
		return st, fmt.Errorf("scan run %s: encode evaluations: %w", st.RunID, err)
	}
	rep.SortAssets()
	bom, err := cbom.Build(rep, cbom.Options{Subject: cs.Repository, Version: s.Version, Now: time.Now()})
	if err != nil {
		return st, fmt.Errorf("scan run %s: %w", st.RunID, err)
	}
	bomJSON, err := cbom.Encode(bom)
	if err != nil {
		return st, fmt.Errorf("scan run %s: %w", st.RunID, err)
	}
	for _, w := range []struct {
		name string
		data []byte
	}{{FindingsFile, sarif}, {EvaluationsFile, append(evals, '\n')}, {CBOMFile, bomJSON}} {
		if err := s.Work.Put(ctx, st.Key(w.name), w.data); err != nil {
			return st, fmt.Errorf("scan run %s: write %s: %w", st.RunID, w.name, err)
		}
		out.AddFile(w.name, st.Key(w.name))
	}
	if len(missed) > 0 {
		out.AddGap(stepName, missedGap(missed))
	}
	out.SetSummary("findings", levelCounts(finding.Active(rep.Findings)))
	if n := len(rep.Findings) - len(finding.Active(rep.Findings)); n > 0 {
		out.SetSummary("suppressed", fmt.Sprintf("%d (kept in the pack with their reasons)", n))
	}
	out.SetSummary("scanned", fileCounts(rep))
	out.SetSummary("cryptography", cbom.ReadinessOf(rep.Assets).Line())
	return out, nil
}

// changesetSkip is a file of the changeset that is not scanned; missed when it should have been.
type changesetSkip struct {
	finding.Skip
	missed bool
}

// sources lists the changed files to scan, reading each from the work store when a worker gets to it.
func (s *Step) sources(cs run.Changeset) ([]source, []changesetSkip) {
	var srcs []source
	var skipped []changesetSkip
	for _, sk := range cs.Skipped {
		// Fetch records why; whether that is a gap is fetch's call, made in its own gaps.
		skipped = append(skipped, changesetSkip{Skip: finding.Skip{Path: sk.Path, Reason: sk.Reason}})
	}
	seen := map[string]bool{}
	for _, f := range cs.Files {
		if f.Change == run.ChangeDeleted || seen[f.Path] {
			continue
		}
		seen[f.Path] = true
		switch {
		case !fs.ValidPath(f.Path) || f.Path == ".":
			skipped = append(skipped, changesetSkip{finding.Skip{Path: f.Path, Reason: "invalid path in the changeset"}, true})
			continue
		case f.HeadKey == "":
			skipped = append(skipped, changesetSkip{finding.Skip{Path: f.Path, Reason: "no head content in the changeset"}, true})
			continue
		}
		size := f.Size
		if size <= 0 {
			size = -1 // not recorded: known once read
		}
		key := f.HeadKey
		srcs = append(srcs, source{path: f.Path, size: size, read: func(ctx context.Context, _ int64) ([]byte, error) {
			b, err := s.Work.Get(ctx, key)
			if errors.Is(err, store.ErrNotFound) {
				return nil, &unreadableError{fmt.Errorf("head content %s is missing from the work store", key)}
			}
			return b, err
		}})
	}
	return srcs, skipped
}

// maxGapFiles bounds the files named in a gap: the state that carries it must stay small.
const maxGapFiles = 5

func missedGap(missed []finding.Skip) string {
	slices.SortFunc(missed, func(a, b finding.Skip) int { return strings.Compare(a.Path, b.Path) })
	var parts []string
	for i, m := range missed {
		if i == maxGapFiles {
			parts = append(parts, fmt.Sprintf("and %d more", len(missed)-maxGapFiles))
			break
		}
		reason := m.Reason
		if len(reason) > 160 {
			reason = reason[:160] + "…"
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", m.Path, reason))
	}
	return fmt.Sprintf("%s not analysed: %s", plural(len(missed), "file"), strings.Join(parts, "; "))
}

func levelCounts(fs []finding.Finding) string {
	counts := map[finding.Level]int{}
	for _, f := range fs {
		counts[f.Level]++
	}
	return fmt.Sprintf("%d error, %d warning, %d note",
		counts[finding.LevelError], counts[finding.LevelWarning], counts[finding.LevelNote])
}

// fileCounts counts the files scanned and the files skipped outright (not those scanned in part).
func fileCounts(rep *finding.Report) string {
	scanned := map[string]bool{}
	for _, p := range rep.Scanned {
		scanned[p] = true
	}
	skipped := map[string]bool{}
	for _, sk := range rep.Skipped {
		if !scanned[sk.Path] {
			skipped[sk.Path] = true
		}
	}
	return fmt.Sprintf("%s, %d skipped", plural(len(scanned), "file"), len(skipped))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
