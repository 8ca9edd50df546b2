package main

import (
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/attestdev/attest/shared/forecast"
)

// maxTemplateBytes bounds a template read from disk; the parser has its own limit too.
const maxTemplateBytes = 5 << 20

func (c *cli) forecast(ctx context.Context, args []string) error {
	fl := c.flags("forecast", "[--base DIR | --diff A..B] [--region R] [--usage FILE] [--config FILE] [--format text|json|markdown] PATH")
	base := fl.String("base", "", "the base: a directory laid out like PATH (default: an empty base)")
	diff := fl.String("diff", "", "compare two commits of the git repository at PATH (A..B)")
	region := fl.String("region", forecast.DefaultRegion, "the region to price in")
	usageFile := fl.String("usage", "", "usage file (YAML or JSON) keyed by logical ID or resource type")
	format := fl.String("format", "text", "output format: text, json or markdown (a pull-request comment)")
	configFile := fl.String("config", "", "policy file (YAML); its cost thresholds make a larger increase exit 1")
	pos, err := parse(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("forecast takes one PATH")
	}
	switch *format {
	case forecast.FormatText, forecast.FormatJSON, forecast.FormatMarkdown:
	default:
		return usagef("unknown format %q (want text, json or markdown)", *format)
	}
	if *base != "" && *diff != "" {
		return usagef("--base and --diff exclude each other")
	}
	pol, err := loadPolicy(*configFile)
	if err != nil {
		return err
	}
	opts := forecast.Options{Region: *region, Cost: pol.Cost}
	if *usageFile != "" {
		b, err := os.ReadFile(*usageFile)
		if err != nil {
			return usagef("read usage: %v", err)
		}
		if opts.Usage, err = forecast.ParseUsage(b); err != nil {
			return usagef("%s: %v", *usageFile, err)
		}
	}
	var pairs []forecast.FilePair
	if *diff != "" {
		pairs, err = gitDiffPairs(ctx, pos[0], *diff)
	} else {
		pairs, err = dirPairs(*base, pos[0])
	}
	if err != nil {
		return err
	}
	fc, err := forecast.New().Forecast(ctx, pairs, opts)
	if err != nil {
		return usagef("forecast: %v", err)
	}
	b, err := fc.Render(*format)
	if err != nil {
		return err
	}
	if _, err := c.stdout.Write(b); err != nil {
		return err
	}
	if fc.Gate != nil && fc.Gate.Blocking {
		return &blockingError{"cost gate: " + strings.Join(fc.Gate.Reasons, "; ")}
	}
	return nil
}

// dirPairs pairs the templates of two trees by relative path; an empty base dir means nothing on the base side.
func dirPairs(baseDir, headPath string) ([]forecast.FilePair, error) {
	head, err := readTemplates(headPath)
	if err != nil {
		return nil, err
	}
	base := map[string][]byte{}
	if baseDir != "" {
		if base, err = readTemplates(baseDir); err != nil {
			return nil, err
		}
	}
	seen := map[string]bool{}
	var pairs []forecast.FilePair
	for p, h := range head {
		seen[p] = true
		pairs = append(pairs, forecast.FilePair{Path: p, Base: base[p], Head: h})
	}
	for p, b := range base {
		if !seen[p] {
			pairs = append(pairs, forecast.FilePair{Path: p, Base: b})
		}
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i].Path < pairs[j].Path })
	return pairs, nil
}

// readTemplates reads the files under root that may be templates, by relative slash path.
func readTemplates(root string) (map[string][]byte, error) {
	st, err := os.Stat(root)
	if err != nil {
		return nil, usagef("%v", err)
	}
	out := map[string][]byte{}
	if !st.IsDir() {
		b, err := readBounded(root)
		if err != nil {
			return nil, err
		}
		out[filepath.Base(root)] = b
		return out, nil
	}
	err = fs.WalkDir(os.DirFS(root), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "node_modules", "vendor", ".attest":
				return fs.SkipDir
			}
			return nil
		}
		if !forecast.IsTemplatePath(p) || !d.Type().IsRegular() {
			return nil
		}
		b, err := readBounded(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			return err
		}
		out[p] = b
		return nil
	})
	if err != nil {
		return nil, usagef("read %s: %v", root, err)
	}
	return out, nil
}

func readBounded(p string) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, usagef("%v", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxTemplateBytes+1))
	if err != nil {
		return nil, usagef("read %s: %v", p, err)
	}
	if len(b) > maxTemplateBytes {
		// Left to the parser to reject with its reason, so the file is listed as unpriced, not dropped.
		return b[:maxTemplateBytes+1], nil
	}
	return b, nil
}
