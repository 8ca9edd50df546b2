package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/attestdev/attest/shared/crypto"
	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/iac"
	"github.com/attestdev/attest/shared/policy"
	"github.com/attestdev/attest/shared/scan"
)

// version is the tool version written into SARIF logs.
const version = "0.1.0"

func (c *cli) scan(ctx context.Context, args []string) error {
	fl := c.flags("scan", "[--diff A..B | --staged] [--format text|json|sarif|asff] [--config FILE] PATH")
	diff := fl.String("diff", "", "scan only the files changed between two commits, as they are at the second (A..B)")
	staged := fl.Bool("staged", false, "scan only what is staged in git, as staged")
	format := fl.String("format", "text", "output format: text, json, sarif or asff (Security Hub)")
	account := fl.String("account", "", "asff: the AWS account the findings belong to (default AWS_ACCOUNT_ID)")
	region := fl.String("region", "", "asff: the region (default AWS_REGION, else us-east-1)")
	configFile := fl.String("config", "", "policy file (YAML) that says which findings block (default: PATH/.attest.yml when PATH is a directory)")
	pos, err := parse(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("scan takes one PATH")
	}
	switch *format {
	case "text", "json", "sarif", "asff":
	default:
		return usagef("unknown format %q (want text, json, sarif or asff)", *format)
	}
	asff := finding.ASFFOptions{Account: firstOf(*account, c.getenv("AWS_ACCOUNT_ID")), Region: firstOf(*region, c.getenv("AWS_REGION"), "us-east-1"), Now: time.Now()}
	if *format == "asff" && asff.Account == "" {
		return usagef("--format asff needs the AWS account ID: --account 123456789012 or AWS_ACCOUNT_ID")
	}
	if *diff != "" && *staged {
		return usagef("--diff and --staged exclude each other")
	}
	root := pos[0]
	pol, err := loadScanPolicy(*configFile, root)
	if err != nil {
		return err
	}

	var tree *treeFS
	switch {
	case *diff != "":
		tree, err = gitDiffFS(ctx, root, *diff)
	case *staged:
		tree, err = gitStagedFS(ctx, root)
	default:
		tree, err = pathFS(root)
	}
	if err != nil {
		return err
	}
	rep := &finding.Report{Rules: scanRules()}
	if tree.paths == nil || len(tree.paths) > 0 {
		if rep, err = scan.New().WithPolicy(pol).Scan(ctx, tree.fsys, tree.paths); err != nil {
			return usagef("scan %s: %v", root, err)
		}
	}
	rep.Skipped = append(rep.Skipped, tree.skipped...)
	rep.Sort()
	pol.FilterFrameworks(rep)
	asff.Source = filepath.Base(filepath.Clean(root))
	if abs, err := filepath.Abs(root); err == nil {
		asff.Source = filepath.Base(abs)
	}
	if err := writeReport(c.stdout, rep, *format, asff); err != nil {
		return err
	}
	// A suppressed finding stays in every output but never blocks.
	blocking := pol.Blocking(finding.Active(rep.Findings))
	if len(blocking) > 0 {
		return &blockingError{fmt.Sprintf("%d blocking finding(s); first: %s:%d %s", len(blocking), blocking[0].Path, blocking[0].Line, blocking[0].RuleID)}
	}
	return nil
}

func loadPolicy(file string) (policy.Policy, error) {
	if file == "" {
		return policy.Default(), nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return policy.Policy{}, usagef("read policy: %v", err)
	}
	p, err := policy.Parse(b)
	if err != nil {
		return policy.Policy{}, usagef("%s: %v", file, err)
	}
	return p, nil
}

// loadScanPolicy reads the policy of a scan: --config when given, else the repository's .attest.yml (or
// .attest.yaml) at PATH when PATH is a directory, else the default policy.
func loadScanPolicy(file, root string) (policy.Policy, error) {
	if file != "" {
		return loadPolicy(file)
	}
	if st, err := os.Stat(root); err != nil || !st.IsDir() {
		return policy.Default(), nil
	}
	p, _, err := policy.LoadRepo(os.DirFS(root))
	if err != nil {
		return policy.Policy{}, usagef("policy of %s: %v", root, err)
	}
	return p, nil
}

// pathFS opens PATH: a directory is scanned whole (nil paths), a file alone.
func pathFS(root string) (*treeFS, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, usagef("%v", err)
	}
	if st.IsDir() {
		return &treeFS{fsys: os.DirFS(root)}, nil
	}
	return &treeFS{fsys: os.DirFS(filepath.Dir(root)), paths: []string{filepath.Base(root)}}, nil
}

// scanRules is the rule set reported when there is nothing to scan, so SARIF consumers still see every rule.
func scanRules() []finding.Rule {
	return append(crypto.Rules(), iac.Rules()...)
}

func writeReport(w io.Writer, rep *finding.Report, format string, asff finding.ASFFOptions) error {
	switch format {
	case "asff":
		fs, err := rep.ASFF(asff)
		if err != nil {
			return usagef("%v", err)
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(fs)
	case "sarif":
		b, err := rep.MarshalSARIF(finding.ToolInfo{Name: "attest", Version: version})
		if err != nil {
			return err
		}
		_, err = w.Write(b)
		return err
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	active := finding.Active(rep.Findings)
	for _, f := range active {
		fmt.Fprintf(w, "%s: %s %s: %s\n", textLocation(f), f.Level, f.RuleID, f.Message)
	}
	suppressed := len(rep.Findings) - len(active)
	if suppressed > 0 {
		fmt.Fprintf(w, "\nSuppressed (%d, not blocking):\n", suppressed)
		for _, f := range rep.Findings {
			if s := f.Suppression; s != nil {
				fmt.Fprintf(w, "%s: %s %s: %s\n    suppressed: %s (%s)\n", textLocation(f), f.Level, f.RuleID, f.Message, s.Justification, s.Source)
			}
		}
		fmt.Fprintln(w)
	}
	counts := map[finding.Level]int{}
	for _, f := range active {
		counts[f.Level]++
	}
	fmt.Fprintf(w, "%d findings (%d error, %d warning, %d note) in %d files scanned", len(active), counts[finding.LevelError], counts[finding.LevelWarning], counts[finding.LevelNote], len(rep.Scanned))
	if suppressed > 0 {
		fmt.Fprintf(w, "; %d suppressed", suppressed)
	}
	if len(rep.Skipped) > 0 {
		reasons := map[string]int{}
		for _, s := range rep.Skipped {
			reasons[s.Reason]++
		}
		var parts []string
		for r, n := range reasons {
			parts = append(parts, fmt.Sprintf("%d %s", n, r))
		}
		fmt.Fprintf(w, "; %d not scanned (%s)", len(rep.Skipped), strings.Join(sortedStrings(parts), "; "))
	}
	fmt.Fprintln(w)
	return nil
}

// textLocation is where a finding is, for the text output: path:line (logical ID).
func textLocation(f finding.Finding) string {
	loc := f.Path
	if f.Line > 0 {
		loc = fmt.Sprintf("%s:%d", f.Path, f.Line)
	}
	if f.LogicalID != "" {
		loc += " (" + f.LogicalID + ")"
	}
	return loc
}
