package crypto

import (
	"bytes"
	"context"
	"fmt"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/attestdev/attest/shared/finding"
)

// Analyzer finds cryptography in the source files of one language.
type Analyzer interface {
	// Language names the language ("go", "python").
	Language() string
	// Extensions lists the file-name extensions the analyzer reads, lower case with the dot.
	Extensions() []string
	// Analyze returns the findings in one file and the inventory of every use of cryptography recognised in
	// it, from one parse and one walk. path names the file in both (relative to the scanned root, with /
	// separators). A file that does not parse yields a *ParseError and nothing else.
	Analyze(ctx context.Context, path string, src []byte) (Result, error)
}

// Analyzers lists every analyzer, in one explicit registry.
func Analyzers() []Analyzer {
	return []Analyzer{
		GoAnalyzer{},
		PythonAnalyzer{},
		GoModAnalyzer{},
		JavaScriptAnalyzer{},
		CSharpAnalyzer{},
		JavaAnalyzer{},
	}
}

// FileNamer is implemented by an analyzer that reads files by their whole name (go.mod), which an extension
// cannot express.
type FileNamer interface {
	FileNames() []string
}

// AnalyzerFor returns the analyzer that reads the file at p, by its name or else its extension.
func AnalyzerFor(p string) (Analyzer, bool) {
	base := path.Base(p)
	for _, a := range Analyzers() {
		if n, ok := a.(FileNamer); ok && slices.Contains(n.FileNames(), base) {
			return a, true
		}
	}
	ext := strings.ToLower(path.Ext(p))
	for _, a := range Analyzers() {
		for _, e := range a.Extensions() {
			if e == ext {
				return a, true
			}
		}
	}
	return nil, false
}

// ParseError reports a source file that could not be parsed, and so was not analysed.
type ParseError struct {
	Path   string
	Line   int // 1-based; 0 when unknown
	Column int
	Msg    string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("parse %s:%d:%d: %s", e.Path, e.Line, e.Column, e.Msg)
	}
	return fmt.Sprintf("parse %s: %s", e.Path, e.Msg)
}

// position is where a finding is: 1-based line and column (in characters), and the trimmed source line.
type position struct {
	line, col int
	snippet   string
}

// maxSnippet bounds a snippet: minified or generated code can put a whole file on one line.
const maxSnippet = 200

// lineIndex maps byte offsets of a source to lines. It remembers the last position it computed, so that the
// many findings of one very long line (minified or generated code) cost time linear in the line, not quadratic.
type lineIndex struct {
	src    []byte
	starts []int // byte offset of the start of each line

	row, byteCol, runeCol int    // the last column computed
	snipRow               int    // the row of snip, or -1
	snip                  string // the snippet of snipRow
}

func newLineIndex(src []byte) *lineIndex {
	starts := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for i, b := range src {
		if b == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{src: src, starts: starts, row: -1, snipRow: -1}
}

// at returns the position of a 0-based row and byte column.
func (x *lineIndex) at(row, byteCol int) position {
	if row < 0 || row >= len(x.starts) {
		return position{line: row + 1, col: byteCol + 1}
	}
	start := x.starts[row]
	end := len(x.src)
	if row+1 < len(x.starts) {
		end = x.starts[row+1]
	}
	line := x.src[start:end]
	byteCol = min(max(byteCol, 0), len(line))
	if row != x.row || byteCol < x.byteCol {
		x.row, x.byteCol, x.runeCol = row, 0, 0
	}
	x.runeCol += utf8.RuneCount(line[x.byteCol:byteCol])
	x.byteCol = byteCol
	if row != x.snipRow {
		x.snipRow, x.snip = row, snippet(line)
	}
	return position{line: row + 1, col: x.runeCol + 1, snippet: x.snip}
}

// offset returns the position of a byte offset.
func (x *lineIndex) offset(off int) position {
	row := 0
	lo, hi := 0, len(x.starts)
	for lo < hi { // the last line start <= off
		m := (lo + hi) / 2
		if x.starts[m] <= off {
			row, lo = m, m+1
		} else {
			hi = m
		}
	}
	return x.at(row, off-x.starts[row])
}

// snippet trims a source line for a finding, reading no more of it than the snippet needs.
func snippet(line []byte) string {
	line = bytes.TrimLeft(line, " \t\r\n\v\f")
	long := len(line) > maxSnippet
	if long {
		line = line[:maxSnippet]
		for len(line) > 0 && !utf8.RuneStart(line[len(line)-1]) {
			line = line[:len(line)-1]
		}
		if len(line) > 0 {
			line = line[:len(line)-1] // the last rune may be cut: drop it whole
		}
	}
	s := strings.TrimSpace(strings.ToValidUTF8(string(line), "\uFFFD"))
	if long {
		s += "…"
	}
	return s
}

// maxCode bounds the source text quoted in a suggested fix.
const maxCode = 60

// codeText returns source text for a suggested fix, or fallback when the text is too long or spans lines
// to read well inside a message.
func codeText(text, fallback string) string {
	if text == "" || len(text) > maxCode || strings.ContainsAny(text, "\r\n") {
		return fallback
	}
	return text
}

// dedupe keeps one finding per line and algorithm, the most severe (then the first), in source order:
// a short RSA key is a short-key finding, not also a quantum-vulnerable one.
func dedupe(fs []finding.Finding) []finding.Finding {
	type key struct {
		line int
		alg  string
	}
	best := make(map[key]int, len(fs))
	out := fs[:0:0]
	for _, f := range fs {
		k := key{f.Line, f.Props["algorithm"]}
		i, ok := best[k]
		if !ok {
			best[k] = len(out)
			out = append(out, f)
			continue
		}
		cur := out[i]
		if f.Level.Rank() > cur.Level.Rank() || (f.Level.Rank() == cur.Level.Rank() && f.Column < cur.Column) {
			out[i] = f
		}
	}
	return out
}
