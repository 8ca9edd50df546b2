package scan

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/crypto"
	"github.com/attestdev/attest/shared/envcheck"
	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/iac"
	"golang.org/x/sync/errgroup"
)

// DefaultMaxFileSize is the largest file analysed by default. Hand-written source and templates are far
// smaller; larger files are generated or data, and parsing them would cost the memory a Lambda does not have.
const DefaultMaxFileSize = 1 << 20

// TemplateScanner checks infrastructure templates.
type TemplateScanner interface {
	// ScanTemplate checks one template. For YAML or JSON that is not a template its error wraps
	// cfn.ErrNotTemplate; for a broken file it is a *cfn.ParseError.
	ScanTemplate(path string, data []byte) (*finding.Report, error)
	// Rules describes every rule the scanner applies.
	Rules() []finding.Rule
}

// IaC scans CloudFormation templates: the guardrails of package iac and the cryptographic settings of package
// crypto, on one parse of each template.
type IaC struct {
	// Options are the organisation's rule settings (from the policy file); nil means the defaults.
	Options *iac.Options
}

// ScanTemplate parses the template once, evaluates the IaC guardrails on it and adds the crypto findings, each
// with its source line as snippet, and the template's cryptographic inventory. The report's rules include
// every crypto rule, so those findings name rules the report defines.
func (s IaC) ScanTemplate(path string, data []byte) (*finding.Report, error) {
	tpl, err := cfn.Parse(path, data)
	if err != nil {
		return nil, err
	}
	rep := iac.ScanParsedWith(tpl, data, nil, s.Options)
	res := crypto.ScanTemplateResult(tpl, nil)
	found := res.Findings
	if len(found) == 0 {
		rep.Assets = append(rep.Assets, res.Assets...)
		return rep, nil
	}
	// Lines end at CR, LF or CRLF, as the parser counts them.
	text := bytes.ReplaceAll(bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n")), []byte("\r"), []byte("\n"))
	lines := bytes.Split(text, []byte("\n"))
	for i := range found {
		if n := found[i].Line; found[i].Snippet == "" && n >= 1 && n <= len(lines) {
			found[i].Snippet = strings.TrimSpace(string(lines[n-1]))
		}
	}
	rep.Merge(&finding.Report{Rules: crypto.Rules(), Findings: found, Assets: res.Assets})
	return rep, nil
}

// Rules lists the IaC guardrails and the crypto rules, since template findings name both.
func (IaC) Rules() []finding.Rule {
	rep := &finding.Report{Rules: iac.Rules()}
	rep.Merge(&finding.Report{Rules: crypto.Rules()})
	return rep.Rules
}

// Service scans files. The zero value scans source code only; New adds the IaC scanner.
type Service struct {
	// Templates checks .yaml, .yml, .json and .template files; nil leaves them unscanned, and says so.
	Templates TemplateScanner
	// Analyzers read source code; nil means crypto.Analyzers().
	Analyzers []crypto.Analyzer
	// MaxFileSize is the largest file analysed, in bytes; 0 means DefaultMaxFileSize.
	MaxFileSize int64
	// Workers bounds the files analysed at once; 0 means GOMAXPROCS.
	Workers int
}

// New returns a service with every analyzer and the IaC scanner.
func New() *Service { return &Service{Templates: IaC{}} }

// templateExts are the extensions of files that may be CloudFormation templates (cdk.out writes .json).
var templateExts = map[string]bool{".yaml": true, ".yml": true, ".json": true, ".template": true}

// excludedDirs are not walked: version-control data, third-party code, and the local evidence store.
// Each one is recorded as skipped, once.
var excludedDirs = map[string]string{
	".git":         "version-control data",
	".hg":          "version-control data",
	".svn":         "version-control data",
	"node_modules": "third-party code",
	"vendor":       "third-party code",
	".attest":      "the local Attest store",
}

// source is one file to scan.
type source struct {
	path string
	size int64 // -1 when unknown until read
	// read returns the content, reading at most limit+1 bytes where it can. An error wrapped in
	// unreadableError skips the file; any other error aborts the scan (a store that may recover on retry).
	read func(ctx context.Context, limit int64) ([]byte, error)
}

// unreadableError is a file that cannot be read, recorded as skipped.
type unreadableError struct{ err error }

func (e *unreadableError) Error() string { return e.err.Error() }
func (e *unreadableError) Unwrap() error { return e.err }

// outcome is the result of one file.
type outcome struct {
	report *finding.Report
	// missed is set when the file should have been analysed and was not (as opposed to files that hold
	// nothing to analyse, such as images).
	missed *finding.Skip
}

// Scan analyses the files at paths in fsys (all files when paths is nil; a directory in paths is walked).
// Paths are slash-separated and relative to the root of fsys, as fs.FS requires, and name the files in the
// report. Files that cannot be analysed are listed in Report.Skipped with the reason; the error is for
// failures of the scan itself (the root cannot be read, ctx is done).
func (s *Service) Scan(ctx context.Context, fsys fs.FS, paths []string) (*finding.Report, error) {
	srcs, skipped, err := s.collect(fsys, paths)
	if err != nil {
		return nil, err
	}
	rep, _, err := s.scanSuppressed(ctx, srcs, fsys)
	if err != nil {
		return nil, err
	}
	rep.Skipped = append(rep.Skipped, skipped...)
	rep.Sort()
	return rep, nil
}

func (s *Service) maxSize() int64 {
	if s.MaxFileSize > 0 {
		return s.MaxFileSize
	}
	return DefaultMaxFileSize
}

func (s *Service) analyzers() []crypto.Analyzer {
	if s.Analyzers != nil {
		return s.Analyzers
	}
	return crypto.Analyzers()
}

// rules lists the rules of every analyzer, so SARIF consumers see the whole rule set, not only the rules
// that fired.
func (s *Service) rules() []finding.Rule {
	rep := &finding.Report{Rules: crypto.Rules()}
	if s.Templates != nil {
		rep.Merge(&finding.Report{Rules: s.Templates.Rules()})
		rep.Merge(&finding.Report{Rules: envcheck.Rules()})
	}
	return rep.Rules
}

// collect lists the files to scan in fsys, and the paths skipped on the way.
func (s *Service) collect(fsys fs.FS, paths []string) ([]source, []finding.Skip, error) {
	var srcs []source
	var skipped []finding.Skip
	seen := map[string]bool{}
	addFile := func(p string, size int64) {
		if seen[p] {
			return
		}
		seen[p] = true
		srcs = append(srcs, source{path: p, size: size, read: func(_ context.Context, limit int64) ([]byte, error) {
			return readFS(fsys, p, limit)
		}})
	}
	walk := func(root string) error {
		return fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p == root {
					return fmt.Errorf("scan %s: %w", root, err)
				}
				skipped = append(skipped, finding.Skip{Path: p, Reason: "cannot read: " + unwrapPathError(err)})
				return nil
			}
			if d.IsDir() {
				if why, ok := excludedDirs[d.Name()]; ok && p != root {
					skipped = append(skipped, finding.Skip{Path: p, Reason: "excluded directory: " + why})
					return fs.SkipDir
				}
				return nil
			}
			if reason := irregular(d.Type()); reason != "" {
				skipped = append(skipped, finding.Skip{Path: p, Reason: reason})
				return nil
			}
			size := int64(-1)
			if info, err := d.Info(); err == nil {
				size = info.Size()
			}
			addFile(p, size)
			return nil
		})
	}
	if paths == nil {
		if err := walk("."); err != nil {
			return nil, nil, err
		}
		return srcs, skipped, nil
	}
	for _, p := range paths {
		if !fs.ValidPath(p) {
			skipped = append(skipped, finding.Skip{Path: p, Reason: "invalid path: not slash-separated and relative to the scanned root"})
			continue
		}
		info, err := fs.Lstat(fsys, p)
		if err != nil {
			reason := "cannot read: " + unwrapPathError(err)
			if errors.Is(err, fs.ErrNotExist) {
				reason = "file not found"
			}
			skipped = append(skipped, finding.Skip{Path: p, Reason: reason})
			continue
		}
		switch {
		case info.IsDir():
			if err := walk(p); err != nil {
				return nil, nil, err
			}
		case irregular(info.Mode().Type()) != "":
			skipped = append(skipped, finding.Skip{Path: p, Reason: irregular(info.Mode().Type())})
		default:
			addFile(p, info.Size())
		}
	}
	return srcs, skipped, nil
}

// irregular says why a file of this type is not read, or "" for a regular file.
func irregular(t fs.FileMode) string {
	switch {
	case t&fs.ModeSymlink != 0:
		return "symbolic link, not followed (it may point outside the scanned tree)"
	case t.IsRegular():
		return ""
	}
	return "not a regular file"
}

func unwrapPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

func readFS(fsys fs.FS, p string, limit int64) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, &unreadableError{err}
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, &unreadableError{err}
	}
	return b, nil
}

// scan analyses the sources in parallel and returns the report (not yet sorted) and the files that should
// have been analysed and were not.
func (s *Service) scan(ctx context.Context, srcs []source) (*finding.Report, []finding.Skip, error) {
	workers := s.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	outs := make([]outcome, len(srcs))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(workers)
	for i, src := range srcs {
		g.Go(func() error {
			out, err := s.scanOne(gctx, src)
			outs[i] = out
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	rep := &finding.Report{
		Rules:       s.rules(),
		Findings:    []finding.Finding{},
		Evaluations: []finding.Evaluation{},
		Scanned:     []string{},
		Skipped:     []finding.Skip{},
	}
	var missed []finding.Skip
	for _, o := range outs {
		rep.Merge(o.report)
		if o.missed != nil {
			missed = append(missed, *o.missed)
		}
	}
	rep.Scanned = unique(rep.Scanned)
	return rep, missed, nil
}

func unique(ss []string) []string {
	seen := make(map[string]bool, len(ss))
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// skip is the outcome of a file that holds nothing to analyse.
func skip(p, reason string) outcome {
	return outcome{report: &finding.Report{Skipped: []finding.Skip{{Path: p, Reason: reason}}}}
}

// miss is the outcome of a file that should have been analysed and was not.
func miss(p, reason string) outcome {
	sk := finding.Skip{Path: p, Reason: reason}
	return outcome{report: &finding.Report{Skipped: []finding.Skip{sk}}, missed: &sk}
}

// scanOne analyses one file. An analyzer that panics costs its file, recorded as not analysed, never the
// run: the input is untrusted and one bad file must not hide the findings in the others.
func (s *Service) scanOne(ctx context.Context, src source) (out outcome, err error) {
	if err := ctx.Err(); err != nil {
		return outcome{}, err
	}
	defer func() {
		if p := recover(); p != nil {
			out, err = miss(src.path, fmt.Sprintf("internal error in the analyzer: %v", p)), nil
		}
	}()
	ext := strings.ToLower(path.Ext(src.path))
	analyzer := s.analyzerFor(src.path, ext)
	isTemplate := templateExts[ext]
	if analyzer == nil && !isTemplate {
		if ext == "" {
			return skip(src.path, "no analyzer for files without an extension"), nil
		}
		return skip(src.path, fmt.Sprintf("no analyzer for %s files", ext)), nil
	}
	if isTemplate && s.Templates == nil {
		return miss(src.path, "no IaC scanner in this runtime"), nil
	}
	limit := s.maxSize()
	if src.size > limit {
		return miss(src.path, tooLarge(src.size, limit)), nil
	}
	data, err := src.read(ctx, limit)
	if err != nil {
		var ue *unreadableError
		if errors.As(err, &ue) {
			return miss(src.path, "cannot read: "+unwrapPathError(ue.err)), nil
		}
		return outcome{}, fmt.Errorf("read %s: %w", src.path, err)
	}
	if int64(len(data)) > limit {
		return miss(src.path, tooLarge(int64(len(data)), limit)), nil
	}
	if isBinary(data) {
		return skip(src.path, "binary file"), nil
	}
	if analyzer != nil {
		res, err := analyzer.Analyze(ctx, src.path, data)
		if err != nil {
			if ctx.Err() != nil {
				return outcome{}, ctx.Err()
			}
			var pe *crypto.ParseError
			if errors.As(err, &pe) {
				return miss(src.path, pe.Error()), nil
			}
			return miss(src.path, fmt.Sprintf("%s analysis failed: %v", analyzer.Language(), err)), nil
		}
		return outcome{report: &finding.Report{Findings: res.Findings, Assets: res.Assets, Scanned: []string{src.path}}}, nil
	}
	rep, err := s.Templates.ScanTemplate(src.path, data)
	if err != nil {
		var pe *cfn.ParseError
		switch {
		case errors.Is(err, cfn.ErrNotTemplate):
			return skip(src.path, "not a CloudFormation template"), nil
		case errors.As(err, &pe):
			return miss(src.path, pe.Error()), nil
		}
		return miss(src.path, fmt.Sprintf("template scan failed: %v", err)), nil
	}
	if rep == nil {
		rep = &finding.Report{}
	}
	rep.Scanned = append(rep.Scanned, src.path)
	return outcome{report: rep}, nil
}

// analyzerFor picks the analyzer of a file: by its exact name first (go.mod), then by extension.
func (s *Service) analyzerFor(p, ext string) crypto.Analyzer {
	base := path.Base(p)
	for _, a := range s.analyzers() {
		if n, ok := a.(crypto.FileNamer); ok {
			for _, name := range n.FileNames() {
				if name == base {
					return a
				}
			}
		}
	}
	for _, a := range s.analyzers() {
		for _, e := range a.Extensions() {
			if e == ext {
				return a
			}
		}
	}
	return nil
}

// isBinary reports a NUL byte in the first 8000 bytes, git's test for binary content.
func isBinary(data []byte) bool {
	return bytes.IndexByte(data[:min(len(data), 8000)], 0) >= 0
}

func tooLarge(size, limit int64) string {
	return fmt.Sprintf("file is %s, over the %s size limit", humanBytes(size), humanBytes(limit))
}

func humanBytes(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
