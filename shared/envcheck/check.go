package envcheck

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"path"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/forecast"
)

// maxTemplateSize and maxCodeSize bound what Check reads; larger files are generated or data.
const (
	maxTemplateSize = 1 << 20
	maxCodeSize     = 1 << 20
)

// resolverParams are the pseudo-parameters the checks assume: only the partition matters to them (managed
// policy ARNs, endpoint service names); the region placeholder is never reported.
var resolverParams = map[string]string{cfn.PseudoPartition: "aws", cfn.PseudoRegion: "us-east-1", cfn.PseudoURLSuffix: "amazonaws.com"}

// templateExts are the extensions of files that may be templates.
var templateExts = map[string]bool{".yaml": true, ".yml": true, ".json": true, ".template": true}

// Check reads the templates among paths in fsys, joins each Lambda function with its code in fsys, and
// evaluates every rule on every function: one evaluation per function and rule, and a finding per failure.
// Files that are not templates, or templates without functions, are ignored; the IaC scanner reports what
// does not parse. The error is for a cancelled ctx or a broken data table.
func Check(ctx context.Context, fsys fs.FS, paths []string) (*finding.Report, error) {
	return CheckWith(ctx, fsys, paths, Options{})
}

// Options are what Check uses besides the files.
type Options struct {
	// Usage states monthly request counts and table sizes (the forecast's usage file), and Prices prices them;
	// the costly-pattern findings carry a monthly estimate only when both are given and cover the function.
	Usage  forecast.Usage
	Prices *forecast.PriceTable
}

// CheckWith is Check with options.
func CheckWith(ctx context.Context, fsys fs.FS, paths []string, opts Options) (*finding.Report, error) {
	t, err := loadTables()
	if err != nil {
		return nil, fmt.Errorf("envcheck tables: %w", err)
	}
	rep := &finding.Report{Rules: Rules(), Findings: []finding.Finding{}, Evaluations: []finding.Evaluation{},
		Scanned: []string{}, Skipped: []finding.Skip{}}
	c := &checker{fsys: fsys, t: t, calls: map[string]fileResult{}, opts: opts}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if !templateExts[strings.ToLower(path.Ext(p))] {
			continue
		}
		data, err := readLimited(fsys, p, maxTemplateSize)
		if err != nil || !(bytes.Contains(data, []byte(typeSAMFunction)) || bytes.Contains(data, []byte(typeLambdaFunction))) {
			continue
		}
		tpl, err := cfn.Parse(p, data)
		if err != nil {
			continue
		}
		resolver := tpl.NewResolver(resolverParams)
		for _, res := range tpl.Resources {
			if res.Type != typeSAMFunction && res.Type != typeLambdaFunction {
				continue
			}
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			c.function(ctx, rep, join(fsys, tpl, res, resolver))
		}
	}
	return rep, nil
}

func readLimited(fsys fs.FS, p string, limit int64) ([]byte, error) {
	info, err := fs.Stat(fsys, p)
	if err != nil {
		return nil, err
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("%s is over the %d-byte limit", p, limit)
	}
	return fs.ReadFile(fsys, p)
}

// fileResult is the extraction of one code file, shared by the functions that use it.
type fileResult struct {
	calls []Call
	err   error
}

type checker struct {
	fsys  fs.FS
	t     *tables
	calls map[string]fileResult
	opts  Options
}

// codeCalls extracts the calls of the function's code; why is set when some of it could not be read.
func (c *checker) codeCalls(ctx context.Context, f *function) (calls []Call, why string) {
	if f.inline != "" {
		p := f.inlinePath()
		cs, err := ExtractCalls(ctx, p, []byte(f.inline))
		if err != nil {
			return nil, fmt.Sprintf("inline code of %s: %v", f.res.LogicalID, err)
		}
		for i := range cs {
			// Inline code starts on the line after its key (a block scalar).
			cs[i].Path = f.tpl.Path
			cs[i].Line += f.inlineLine
		}
		return cs, ""
	}
	for _, p := range f.files {
		r, ok := c.calls[p]
		if !ok {
			data, err := readLimited(c.fsys, p, maxCodeSize)
			if err == nil {
				r.calls, r.err = ExtractCalls(ctx, p, data)
			} else {
				r.err = fmt.Errorf("read %s: %w", p, err)
			}
			c.calls[p] = r
		}
		if r.err != nil {
			return nil, r.err.Error()
		}
		calls = append(calls, r.calls...)
	}
	return calls, ""
}

// outcome is the result of one rule on one function.
type outcome struct {
	status   finding.Status
	message  string
	findings []finding.Finding
}

func pass(format string, args ...any) outcome {
	return outcome{status: finding.StatusPass, message: fmt.Sprintf(format, args...)}
}

func notAssessed(format string, args ...any) outcome {
	return outcome{status: finding.StatusNotAssessed, message: fmt.Sprintf(format, args...)}
}

// function evaluates every rule on one function.
func (c *checker) function(ctx context.Context, rep *finding.Report, f *function) {
	var calls []Call
	why := f.why
	if why == "" {
		calls, why = c.codeCalls(ctx, f)
	}
	resolved := resolveCalls(c.t, f, calls)
	var g *grants
	if why == "" {
		g = roleGrants(f, c.t)
	}
	for _, rule := range Registry() {
		var o outcome
		switch {
		case why != "":
			o = notAssessed("%s", why)
		case rule.ID == RuleMissingPermission:
			o = missingPermission(f, g, resolved)
		case rule.ID == RuleWildcardGrant:
			o = wildcardGrant(f, g, resolved)
		case rule.ID == RuleUnencryptedWrite:
			o = unencryptedWrites(f, resolved)
		case rule.ID == RuleUnreachableService:
			o = unreachable(f, c.t, resolved)
		case rule.ID == RuleUnboundedScan:
			o = unboundedScans(f, resolved, c.opts)
		case rule.ID == RuleListInLoop:
			o = listsInLoops(f, resolved, c.opts)
		}
		rep.Evaluations = append(rep.Evaluations, finding.Evaluation{
			RuleID:       rule.ID,
			Status:       o.status,
			Controls:     rule.Controls,
			ResourceType: f.res.Type,
			ResourceID:   f.res.LogicalID,
			Path:         f.tpl.Path,
			Line:         f.res.Line,
			Message:      o.message,
		})
		for _, fd := range o.findings {
			fd.RuleID, fd.Level, fd.LogicalID = rule.ID, rule.Level, f.res.LogicalID
			rep.Findings = append(rep.Findings, fd)
		}
	}
}

// resolvedCall is a call with its IAM actions and target.
type resolvedCall struct {
	Call
	prefix  string
	actions []string
	// why is set when the call's actions are not known (an unknown service, a request-dependent operation).
	why    string
	none   bool
	target target
}

func (r resolvedCall) where() string { return fmt.Sprintf("%s:%d", r.Path, r.Line) }

func resolveCalls(t *tables, f *function, calls []Call) []resolvedCall {
	out := make([]resolvedCall, 0, len(calls))
	for _, c := range calls {
		r := resolvedCall{Call: c, prefix: t.iamPrefix(c.Service)}
		switch {
		case r.prefix == "":
			r.why = fmt.Sprintf("SDK service %q is not in Attest's table", c.Service)
		default:
			var unknown bool
			r.actions, r.none, unknown = t.iamActions(r.prefix, c.Operation)
			if unknown {
				r.why = fmt.Sprintf("the actions %s:%s needs depend on the request", r.prefix, c.Operation)
			}
			// Writing an object with an ACL also needs PutObjectAcl.
			if r.prefix == "s3" && (c.Operation == "PutObject" || c.Operation == "CopyObject") && (c.has("ACL") || c.has("GrantRead") || c.has("GrantFullControl")) {
				r.actions = append(r.actions, "s3:PutObjectAcl")
			}
		}
		r.target = f.targetOf(c)
		if r.target.logical != "" && r.prefix != "" {
			if types, ok := serviceTypes[r.prefix]; ok && !contains(types, f.tpl.Resource(r.target.logical).Type) {
				r.target = target{why: fmt.Sprintf("%s is not a %s resource", r.target.logical, r.prefix)}
			}
		}
		out = append(out, r)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// describe names a call's target for messages.
func (t target) describe() string {
	switch {
	case t.logical != "":
		return t.logical
	case t.name != "":
		return t.name
	}
	return ""
}

// Scan is Check for callers that carry on without it: a failure becomes a skipped entry that says the
// environment checks did not run, so the report never reads as clean for them.
func Scan(ctx context.Context, fsys fs.FS, paths []string) *finding.Report {
	rep, err := Check(ctx, fsys, paths)
	if err != nil {
		return &finding.Report{Skipped: []finding.Skip{{Path: ".", Reason: "environment checks not run: " + err.Error()}}}
	}
	return rep
}
