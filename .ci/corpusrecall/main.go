// Command corpusrecall measures recall and precision per crypto class on one language of the labelled corpus
// (testdata/crypto/corpus/<lang>/), for Attest and, when given its JSON report, for gosec, side by side.
//
//	go run ./.ci/corpusrecall [-corpus DIR] [-lang go] [-gosec gosec.json -gosec-root DIR]
//
// Labels are the corpus's own: a line carries "attest-expect: <class>[,<class>]" or "attest-expect: none";
// every unlabelled line must produce no crypto finding. Findings are matched by file, line and class, as the
// corpus test does, so a tool that reports an import line for a weak hash used further down earns a miss for
// the use and a false positive for the import: the labels mark where the weak primitive is used.
//
// gosec rule ids are mapped to Attest's classes (mappedRules); rules outside that map (G404 weak random,
// G504 net/http/cgi and every non-crypto rule) are counted as unmapped and left out.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/attestdev/attest/shared/scan"
)

// mappedRules maps gosec v2.30.0 rule ids to the crypto classes of the SARIF contract.
var mappedRules = map[string]string{
	"G401": "crypto/weak-hash",   // MD5 or SHA-1 used
	"G406": "crypto/weak-hash",   // MD4 or RIPEMD-160 used
	"G501": "crypto/weak-hash",   // import of crypto/md5
	"G505": "crypto/weak-hash",   // import of crypto/sha1
	"G506": "crypto/weak-hash",   // import of golang.org/x/crypto/md4
	"G507": "crypto/weak-hash",   // import of golang.org/x/crypto/ripemd160
	"G405": "crypto/weak-cipher", // DES or RC4 used
	"G502": "crypto/weak-cipher", // import of crypto/des
	"G503": "crypto/weak-cipher", // import of crypto/rc4
	"G402": "crypto/weak-tls",    // TLS: InsecureSkipVerify, old MinVersion/MaxVersion, insecure cipher suites
	"G403": "crypto/short-key",   // RSA key below 2048 bits
}

// importRules report the import of a package rather than a use; their findings sit on import lines.
var importRules = map[string]bool{"G501": true, "G502": true, "G503": true, "G505": true, "G506": true, "G507": true}

var expectRe = regexp.MustCompile(`attest-expect:\s*([a-z0-9/,\- ]+)`)

// labels maps a corpus file (slash path relative to the corpus root) to line → expected classes; an empty set
// is a labelled negative.
type labels map[string]map[int]map[string]bool

// hits maps a file to line → classes reported there.
type hits map[string]map[int]map[string]bool

func (h hits) add(path string, line int, class string) {
	if h[path] == nil {
		h[path] = map[int]map[string]bool{}
	}
	if h[path][line] == nil {
		h[path][line] = map[string]bool{}
	}
	h[path][line][class] = true
}

type counts struct{ tp, fp, fn int }

func ratio(n, d int) string {
	if d == 0 {
		return "    -"
	}
	return fmt.Sprintf("%5.3f", float64(n)/float64(d))
}

func (c counts) precision() string { return ratio(c.tp, c.tp+c.fp) }
func (c counts) recall() string    { return ratio(c.tp, c.tp+c.fn) }

func main() {
	corpus := flag.String("corpus", "testdata/crypto/corpus", "the labelled corpus")
	lang := flag.String("lang", "go", "the language directory of the corpus to measure")
	gosecJSON := flag.String("gosec", "", "gosec's JSON report (gosec -fmt json) on a copy of the language directory")
	gosecRoot := flag.String("gosec-root", "", "the directory gosec scanned, whose files mirror the language directory")
	flag.Parse()
	if err := run(os.Stdout, *corpus, *lang, *gosecJSON, *gosecRoot); err != nil {
		fmt.Fprintln(os.Stderr, "corpusrecall:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, corpus, lang, gosecJSON, gosecRoot string) error {
	want, err := readLabels(corpus, lang)
	if err != nil {
		return err
	}
	attest, err := attestHits(corpus, lang)
	if err != nil {
		return err
	}
	tools := []string{"attest"}
	results := map[string]map[string]*counts{"attest": score(want, attest)}
	var notes []string
	if gosecJSON != "" {
		if gosecRoot == "" {
			return errors.New("-gosec needs -gosec-root, the directory gosec scanned")
		}
		g, unmapped, importFP, err := gosecHits(gosecJSON, gosecRoot, lang, want)
		if err != nil {
			return err
		}
		tools = append(tools, "gosec")
		results["gosec"] = score(want, g)
		if len(unmapped) > 0 {
			notes = append(notes, "gosec findings of rules with no crypto class, left out: "+formatCounts(unmapped))
		}
		if importFP > 0 {
			notes = append(notes, fmt.Sprintf("%d of gosec's false positives are import-line findings (G501-G507) with no use labelled on that line", importFP))
		}
	}
	positives, negatives := 0, 0
	for _, lines := range want {
		for _, cs := range lines {
			if len(cs) == 0 {
				negatives++
			} else {
				positives++
			}
		}
	}
	fmt.Fprintf(w, "corpus %s/%s: %d files, %d labelled lines (%d positive, %d negative)\n\n",
		corpus, lang, len(want), positives+negatives, positives, negatives)
	classes := map[string]bool{}
	for _, r := range results {
		for c := range r {
			classes[c] = true
		}
	}
	sorted := make([]string, 0, len(classes))
	for c := range classes {
		sorted = append(sorted, c)
	}
	sort.Strings(sorted)
	header := fmt.Sprintf("%-26s %5s", "class", "label")
	for _, t := range tools {
		header += fmt.Sprintf(" | %-6s %3s %3s %3s %6s %6s", t, "TP", "FP", "FN", "recall", "prec.")
	}
	fmt.Fprintln(w, header)
	fmt.Fprintln(w, strings.Repeat("-", len(header)))
	totals := map[string]*counts{}
	for _, c := range sorted {
		row := fmt.Sprintf("%-26s %5d", c, labelled(want, c))
		for _, t := range tools {
			k := results[t][c]
			if k == nil {
				k = &counts{}
			}
			if totals[t] == nil {
				totals[t] = &counts{}
			}
			totals[t].tp += k.tp
			totals[t].fp += k.fp
			totals[t].fn += k.fn
			row += fmt.Sprintf(" | %-6s %3d %3d %3d %6s %6s", "", k.tp, k.fp, k.fn, k.recall(), k.precision())
		}
		fmt.Fprintln(w, row)
	}
	row := fmt.Sprintf("%-26s %5d", "all classes", positivesByClass(want))
	for _, t := range tools {
		k := totals[t]
		row += fmt.Sprintf(" | %-6s %3d %3d %3d %6s %6s", "", k.tp, k.fp, k.fn, k.recall(), k.precision())
	}
	fmt.Fprintln(w, row)
	for _, n := range notes {
		fmt.Fprintln(w, "\nnote:", n)
	}
	return nil
}

// labelled counts the lines labelled with class c.
func labelled(want labels, c string) int {
	n := 0
	for _, lines := range want {
		for _, cs := range lines {
			if cs[c] {
				n++
			}
		}
	}
	return n
}

// positivesByClass counts (line, class) labels, the denominator of overall recall.
func positivesByClass(want labels) int {
	n := 0
	for _, lines := range want {
		for _, cs := range lines {
			n += len(cs)
		}
	}
	return n
}

func formatCounts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s×%d", k, m[k])
	}
	return strings.Join(parts, ", ")
}

// readLabels reads the labels of every source file under corpus/lang. JSON files take theirs from a sibling
// .labels file; README and .labels files are not sources.
func readLabels(corpus, lang string) (labels, error) {
	root := filepath.Join(corpus, lang)
	out := labels{}
	err := filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasSuffix(p, ".labels") || strings.HasSuffix(p, ".md") {
			return nil
		}
		rel, err := filepath.Rel(corpus, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		lines := map[int]map[string]bool{}
		out[rel] = lines
		if strings.HasSuffix(p, ".json") {
			return readLabelFile(p+".labels", lines)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(data), "\n") {
			if m := expectRe.FindStringSubmatch(line); m != nil {
				lines[i+1] = parseClasses(m[1])
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read labels under %s: %w", root, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no corpus files under %s", root)
	}
	return out, nil
}

func readLabelFile(path string, lines map[int]map[string]bool) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		n, err := strconv.Atoi(fields[0])
		if err != nil {
			return fmt.Errorf("%s: %q is not a line number", path, fields[0])
		}
		lines[n] = parseClasses(strings.Join(fields[1:], ""))
	}
	return sc.Err()
}

func parseClasses(s string) map[string]bool {
	out := map[string]bool{}
	for _, c := range strings.Split(s, ",") {
		if c = strings.TrimSpace(c); c != "" && c != "none" {
			out[c] = true
		}
	}
	return out
}

// attestHits scans corpus/lang with the full scan service and keeps the crypto findings.
func attestHits(corpus, lang string) (hits, error) {
	rep, err := scan.New().Scan(context.Background(), os.DirFS(corpus), []string{lang})
	if err != nil {
		return nil, fmt.Errorf("scan %s/%s: %w", corpus, lang, err)
	}
	classOf := map[string]string{}
	for _, r := range rep.Rules {
		classOf[r.ID] = r.Class
	}
	h := hits{}
	for _, f := range rep.Findings {
		if c := classOf[f.RuleID]; strings.HasPrefix(c, "crypto/") {
			h.add(f.Path, f.Line, c)
		}
	}
	return h, nil
}

// gosecReport is the part of gosec's JSON report used here.
type gosecReport struct {
	Issues []struct {
		RuleID string `json:"rule_id"`
		File   string `json:"file"`
		Line   string `json:"line"` // "12" or a range "12-14"
	} `json:"Issues"`
}

// gosecHits reads gosec's report on root (a copy of corpus/lang, possibly with files moved into package
// directories: a file is matched to its corpus twin by base name) and maps its findings to classes.
func gosecHits(reportPath, root, lang string, want labels) (hits, map[string]int, int, error) {
	data, err := os.ReadFile(reportPath)
	if err != nil {
		return nil, nil, 0, fmt.Errorf("read gosec report: %w", err)
	}
	var rep gosecReport
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, nil, 0, fmt.Errorf("parse gosec report %s: %w", reportPath, err)
	}
	byBase := map[string]string{}
	for rel := range want {
		base := filepath.Base(rel)
		if _, dup := byBase[base]; dup {
			return nil, nil, 0, fmt.Errorf("two corpus files named %s under %s: cannot match gosec's paths by name", base, lang)
		}
		byBase[base] = rel
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		return nil, nil, 0, err
	}
	if r, err := filepath.EvalSymlinks(absRoot); err == nil {
		absRoot = r
	}
	h := hits{}
	unmapped := map[string]int{}
	importFP := 0
	for _, is := range rep.Issues {
		class, ok := mappedRules[is.RuleID]
		if !ok {
			unmapped[is.RuleID]++
			continue
		}
		file := is.File
		if r, err := filepath.EvalSymlinks(file); err == nil {
			file = r
		}
		if rel, err := filepath.Rel(absRoot, file); err != nil || strings.HasPrefix(rel, "..") {
			return nil, nil, 0, fmt.Errorf("gosec reported %s, outside %s", is.File, root)
		}
		rel, ok := byBase[filepath.Base(file)]
		if !ok {
			return nil, nil, 0, fmt.Errorf("gosec reported %s, which is not a corpus file", is.File)
		}
		first, _, _ := strings.Cut(is.Line, "-")
		line, err := strconv.Atoi(first)
		if err != nil {
			return nil, nil, 0, fmt.Errorf("gosec issue %s in %s: line %q is not a number", is.RuleID, is.File, is.Line)
		}
		if importRules[is.RuleID] && !want[rel][line][class] {
			importFP++
		}
		h.add(rel, line, class)
	}
	return h, unmapped, importFP, nil
}

// score counts, per class, the labelled (line, class) pairs found and missed, and the findings on lines not
// labelled with their class.
func score(want labels, got hits) map[string]*counts {
	out := map[string]*counts{}
	get := func(c string) *counts {
		if out[c] == nil {
			out[c] = &counts{}
		}
		return out[c]
	}
	for file, lines := range want {
		all := map[int]bool{}
		for n := range lines {
			all[n] = true
		}
		for n := range got[file] {
			all[n] = true
		}
		for n := range all {
			w, g := lines[n], got[file][n]
			for c := range w {
				if g[c] {
					get(c).tp++
				} else {
					get(c).fn++
				}
			}
			for c := range g {
				if !w[c] {
					get(c).fp++
				}
			}
		}
	}
	return out
}
