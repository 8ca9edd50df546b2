package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/attestdev/attest/shared/event"
	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/forecast"
	"github.com/attestdev/attest/shared/pipeline"
	"github.com/attestdev/attest/shared/policy"
	"github.com/attestdev/attest/shared/router"
)

func (c *cli) runEvent(ctx context.Context, args []string) error {
	fl := c.flags("run", "--event FILE [--repo-dir DIR] [--context DIR] [--config FILE] [--store DIR]")
	eventFile := fl.String("event", "", "an EventBridge event (CodeCommit, CloudWatch alarm or Config)")
	repoDir := fl.String("repo-dir", "", "a git checkout that stands in for the CodeCommit repository")
	contextDir := fl.String("context", "", "a context snapshot that stands in for live AWS")
	configFile := fl.String("config", "", "policy file (YAML) that says which findings block")
	scanTags := fl.Bool("scan-tags", false, "scan pushed tags too")
	storeFlag := fl.String("store", "", "the store (default ./.attest or ATTEST_STORE)")
	pos, err := parse(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("run takes no positional arguments")
	}
	pol, err := loadPolicy(*configFile)
	if err != nil {
		return err
	}
	raw, err := readEvent(*eventFile)
	if err != nil {
		return err
	}
	local, err := pipeline.NewLocal(ctx, pipeline.LocalOptions{
		StoreDir: c.storeDir(*storeFlag), RepoDir: *repoDir, ContextDir: *contextDir,
		Router: router.Config{ScanTags: *scanTags}, Policy: &pol,
	})
	if err != nil {
		return usagef("%v", err)
	}
	out, err := local.Handle(ctx, raw)
	if err != nil {
		if isBadEvent(err) {
			return usagef("%s: %v", *eventFile, err)
		}
		return fmt.Errorf("run %s: %w", *eventFile, err)
	}
	if out.Ignored {
		fmt.Fprintf(c.stderr, "attest run: ignored: %s\n", out.Reason)
		return nil
	}
	fmt.Fprintln(c.stdout, out.State.PackID)
	return gate(ctx, local, out, pol)
}

// isBadEvent tells input errors (exit 2) from failures of the run.
func isBadEvent(err error) bool {
	var me *event.MalformedError
	var ue *event.UnsupportedError
	return errors.As(err, &me) || errors.As(err, &ue)
}

// gate applies the policy to a finished run: blocking findings, or an incomplete run that cannot say there
// are none, exit 1.
func gate(ctx context.Context, local *pipeline.Local, out pipeline.Outcome, pol policy.Policy) error {
	st := out.State
	if st.Status == evidence.StatusIncomplete {
		var parts []string
		for _, g := range st.Gaps {
			parts = append(parts, g.Step+": "+g.Reason)
		}
		return &blockingError{fmt.Sprintf("run %s is incomplete (%s); pack %s records what was not done", st.RunID, strings.Join(parts, "; "), st.PackID)}
	}
	if g := st.Summary[forecast.GateSummaryKey]; strings.HasPrefix(g, "fail") {
		return &blockingError{fmt.Sprintf("cost gate in pack %s: %s", st.PackID, strings.TrimPrefix(g, "fail: "))}
	}
	key, ok := st.Files["findings.sarif.json"]
	if !ok {
		return nil
	}
	b, err := local.Store.Get(ctx, key)
	if err != nil {
		return fmt.Errorf("read findings: %w", err)
	}
	var log finding.SARIFLog
	if err := json.Unmarshal(b, &log); err != nil {
		return fmt.Errorf("read findings: %w", err)
	}
	var blocking []finding.Finding
	for _, r := range log.Runs {
		for _, res := range r.Results {
			if finding.SuppressionFromSARIF(res.Suppressions) != nil {
				continue // accepted with a written reason: kept in the pack, never blocking
			}
			f := finding.Finding{RuleID: res.RuleID, Level: res.Level}
			if len(res.Locations) > 0 {
				f.Path = res.Locations[0].PhysicalLocation.ArtifactLocation.URI
				if reg := res.Locations[0].PhysicalLocation.Region; reg != nil {
					f.Line = reg.StartLine
				}
			}
			if pol.Blocks(f) {
				blocking = append(blocking, f)
			}
		}
	}
	if len(blocking) > 0 {
		return &blockingError{fmt.Sprintf("%d blocking finding(s) in pack %s; first: %s:%d %s", len(blocking), st.PackID, blocking[0].Path, blocking[0].Line, blocking[0].RuleID)}
	}
	return nil
}
