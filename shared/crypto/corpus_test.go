package crypto_test

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/scan"
)

// The labelled corpus lives in testdata/crypto/corpus/<language>/. A line is labelled by a comment on it,
// "attest-expect: <class>[,<class>]" or "attest-expect: none"; JSON files, which have no comments, take their
// labels from a sibling <file>.labels ("LINE CLASS[,CLASS]" or "LINE none" per line). Every unlabelled line
// must produce no crypto finding.
const corpusDir = "../../testdata/crypto/corpus"

var expectRe = regexp.MustCompile(`attest-expect:\s*([a-z0-9/,\- ]+)`)

// lineLabels maps a line number to its expected classes; an empty set is a labelled negative.
type lineLabels map[int]map[string]bool

func parseClasses(s string) map[string]bool {
	out := map[string]bool{}
	for _, c := range strings.Split(s, ",") {
		c = strings.TrimSpace(c)
		if c != "" && c != "none" {
			out[c] = true
		}
	}
	return out
}

func readLabels(t *testing.T, root, rel string) lineLabels {
	t.Helper()
	labels := lineLabels{}
	full := filepath.Join(root, filepath.FromSlash(rel))
	if strings.HasSuffix(rel, ".json") {
		f, err := os.Open(full + ".labels")
		if err != nil {
			return labels
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
				t.Fatalf("%s.labels: %q is not a line number", rel, fields[0])
			}
			labels[n] = parseClasses(strings.Join(fields[1:], ""))
		}
		return labels
	}
	b, err := os.ReadFile(full)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(b), "\n") {
		if m := expectRe.FindStringSubmatch(line); m != nil {
			labels[i+1] = parseClasses(m[1])
		}
	}
	return labels
}

type counts struct{ tp, fp, fn int }

func (c counts) precision() float64 {
	if c.tp+c.fp == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fp)
}

func (c counts) recall() float64 {
	if c.tp+c.fn == 0 {
		return 1
	}
	return float64(c.tp) / float64(c.tp+c.fn)
}

// TestCorpus scans the labelled corpus and measures precision and recall per crypto class.
func TestCorpus(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		t.Fatalf("no labelled corpus: %v", err)
	}
	rep, err := scan.New().Scan(context.Background(), os.DirFS(corpusDir), nil)
	if err != nil {
		t.Fatal(err)
	}
	classOf := map[string]string{}
	for _, r := range rep.Rules {
		classOf[r.ID] = r.Class
	}
	// found[path][line] = classes reported there
	found := map[string]map[int]map[string]bool{}
	for _, f := range rep.Findings {
		class := classOf[f.RuleID]
		if !strings.HasPrefix(class, "crypto/") {
			continue
		}
		if found[f.Path] == nil {
			found[f.Path] = map[int]map[string]bool{}
		}
		if found[f.Path][f.Line] == nil {
			found[f.Path][f.Line] = map[string]bool{}
		}
		found[f.Path][f.Line][class] = true
	}
	var files []string
	err = fs.WalkDir(os.DirFS(corpusDir), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasSuffix(p, ".labels") && !strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range rep.Skipped {
		if !strings.HasSuffix(s.Path, ".labels") && !strings.HasSuffix(s.Path, ".md") {
			t.Errorf("corpus file %s was not analysed: %s", s.Path, s.Reason)
		}
	}
	perClass := map[string]*counts{}
	get := func(c string) *counts {
		if perClass[c] == nil {
			perClass[c] = &counts{}
		}
		return perClass[c]
	}
	labelled, positives, byLang := 0, 0, map[string]int{}
	var misses []string
	for _, p := range files {
		labels := readLabels(t, corpusDir, p)
		lang := strings.SplitN(p, "/", 2)[0]
		labelled += len(labels)
		byLang[lang] += len(labels)
		lines := map[int]bool{}
		for n, want := range labels {
			lines[n] = true
			if len(want) > 0 {
				positives++
			}
		}
		for n := range found[p] {
			lines[n] = true
		}
		for n := range lines {
			want, got := labels[n], found[p][n]
			for c := range want {
				if got[c] {
					get(c).tp++
				} else {
					get(c).fn++
					misses = append(misses, fmt.Sprintf("missed  %s:%d %s", p, n, c))
				}
			}
			for c := range got {
				if !want[c] {
					get(c).fp++
					misses = append(misses, fmt.Sprintf("extra   %s:%d %s", p, n, c))
				}
			}
		}
	}
	sort.Strings(misses)
	for _, m := range misses {
		t.Log(m)
	}
	var all counts
	classes := make([]string, 0, len(perClass))
	for c := range perClass {
		classes = append(classes, c)
	}
	sort.Strings(classes)
	t.Logf("%d labelled lines (%d positive) in %d files: %v", labelled, positives, len(files), byLang)
	if labelled < 200 || positives*3 < labelled || positives*3 > 2*labelled {
		t.Errorf("the corpus has %d labelled lines, %d positive; want at least 200, with about as many hard negatives as positives", labelled, positives)
	}
	for _, lang := range []string{"go", "python", "java", "javascript", "typescript", "csharp", "cloudformation"} {
		if byLang[lang] < 30 {
			t.Errorf("%s has %d labelled lines in the corpus; want at least 30", lang, byLang[lang])
		}
	}
	t.Logf("%-28s %5s %5s %5s %9s %7s", "class", "TP", "FP", "FN", "precision", "recall")
	for _, c := range classes {
		k := perClass[c]
		all.tp, all.fp, all.fn = all.tp+k.tp, all.fp+k.fp, all.fn+k.fn
		t.Logf("%-28s %5d %5d %5d %9.3f %7.3f", c, k.tp, k.fp, k.fn, k.precision(), k.recall())
		if k.precision() < 0.90 || k.recall() < 0.90 {
			t.Errorf("%s: precision %.3f, recall %.3f; want both at least 0.90", c, k.precision(), k.recall())
		}
	}
	t.Logf("%-28s %5d %5d %5d %9.3f %7.3f", "overall", all.tp, all.fp, all.fn, all.precision(), all.recall())
	if all.precision() < 0.95 || all.recall() < 0.95 {
		t.Errorf("overall precision %.3f, recall %.3f; want both at least 0.95", all.precision(), all.recall())
	}
}

// TestCorpusInventory checks the inventory of the labelled corpus against its findings: every crypto finding
// is classified on an asset at its line, every classified asset stands on a finding of its rule, and no use is
// inventoried twice.
func TestCorpusInventory(t *testing.T) {
	rep, err := scan.New().Scan(context.Background(), os.DirFS(corpusDir), nil)
	if err != nil {
		t.Fatal(err)
	}
	classOf := map[string]string{}
	for _, r := range rep.Rules {
		classOf[r.ID] = r.Class
	}
	type at struct {
		path string
		line int
	}
	findings := map[at]map[string]bool{}
	for _, f := range rep.Findings {
		if strings.HasPrefix(classOf[f.RuleID], "crypto/") {
			k := at{f.Path, f.Line}
			if findings[k] == nil {
				findings[k] = map[string]bool{}
			}
			findings[k][f.RuleID] = true
		}
	}
	classified := map[at]int{}
	seen := map[string]bool{}
	safe := 0
	for _, a := range rep.Assets {
		key := fmt.Sprintf("%s:%d:%d %s %s %d %s %s", a.Path, a.Line, a.Column, a.Algorithm, a.ParameterSet, a.KeySize, a.Mode, a.Version)
		if seen[key] {
			t.Errorf("use inventoried twice: %s", key)
		}
		seen[key] = true
		if a.RuleID == "" {
			if a.Class == "safe" {
				safe++
			}
			continue
		}
		k := at{a.Path, a.Line}
		if !findings[k][a.RuleID] {
			t.Errorf("asset %s:%d %s is classified by %s, which reports nothing there", a.Path, a.Line, a.Algorithm, a.RuleID)
		}
		if a.Class != classOf[a.RuleID] {
			t.Errorf("asset %s:%d %s has class %s; its rule %s has %s", a.Path, a.Line, a.Algorithm, a.Class, a.RuleID, classOf[a.RuleID])
		}
		classified[k]++
	}
	for k := range findings {
		if classified[k] == 0 {
			t.Errorf("findings at %s:%d are in no asset of the inventory", k.path, k.line)
		}
	}
	if safe == 0 {
		t.Error("the corpus inventory holds no safe use; its hard negatives include safe cryptography")
	}
	t.Logf("%d assets, %d safe, for %d lines with crypto findings", len(rep.Assets), safe, len(findings))
}
