package suppress

import (
	"bytes"
	"path"
	"strings"
	"sync"
)

// syntax is what the comment scanner needs to know about a language: how comments and string literals are
// written. Strings matter because a directive inside one is text, not a suppression.
type syntax struct {
	name  string
	line  []string    // line-comment markers
	block [][2]string // block-comment delimiters
	// quotes are the single-character string delimiters, closed on the same line unless multiline says so.
	quotes string
	// multiline are delimiters whose strings may span lines: Go raw strings and JS template literals (`).
	multiline string
	// rawQuote is a delimiter without backslash escapes (Go's back-quoted raw strings).
	rawQuote byte
	// triple enables """ (and ''' when it is in quotes) strings: Python, Java text blocks, C# raw strings.
	triple bool
	// verbatim enables C#'s @"…" strings, where "" is a quote and a backslash is a backslash.
	verbatim bool
	// wordHash: '#' starts a comment only at the start of a line or after white space (YAML, shells).
	wordHash bool
	// yaml: quotes open a string only where a scalar starts, and block scalars (| and >) are text.
	yaml bool
	// charQuote: an apostrophe opens a short character literal ('a'), not a string.
	charQuote bool
	// rawSingle: single-quoted strings have no escapes (shells).
	rawSingle bool

	once    sync.Once
	special [256]bool // bytes that may start a comment, a string or a YAML block scalar
}

// specials returns the bytes the scanner must look at closely; all others are plain code.
func (s *syntax) specials() *[256]bool {
	s.once.Do(func() {
		for _, m := range s.line {
			s.special[m[0]] = true
		}
		for _, b := range s.block {
			s.special[b[0][0]] = true
		}
		for _, q := range []byte(s.quotes + s.multiline) {
			s.special[q] = true
		}
		s.special['@'] = s.verbatim
		s.special['|'], s.special['>'] = s.yaml, s.yaml
	})
	return &s.special
}

var (
	slashes      = []string{"//"}
	slashStar    = [][2]string{{"/*", "*/"}}
	goSyntax     = &syntax{name: "Go", line: slashes, block: slashStar, quotes: "\"'", multiline: "`", rawQuote: '`', charQuote: true}
	javaSyntax   = &syntax{name: "Java", line: slashes, block: slashStar, quotes: "\"'", triple: true, charQuote: true}
	jsSyntax     = &syntax{name: "JavaScript", line: slashes, block: slashStar, quotes: "\"'", multiline: "`"}
	csSyntax     = &syntax{name: "C#", line: slashes, block: slashStar, quotes: "\"'", triple: true, verbatim: true, charQuote: true}
	cSyntax      = &syntax{name: "C", line: slashes, block: slashStar, quotes: "\"'", charQuote: true}
	pythonSyntax = &syntax{name: "Python", line: []string{"#"}, quotes: "\"'", triple: true}
	yamlSyntax   = &syntax{name: "YAML", line: []string{"#"}, quotes: "\"'", wordHash: true, yaml: true}
	shellSyntax  = &syntax{name: "shell", line: []string{"#"}, quotes: "\"'", wordHash: true, rawSingle: true}
	hclSyntax    = &syntax{name: "HCL", line: []string{"#", "//"}, block: [][2]string{{"/*", "*/"}}, quotes: "\""}
)

// syntaxByExt maps file extensions to their comment syntax. JSON has no comments: a template in JSON is
// suppressed through its resources' Metadata.
var syntaxByExt = map[string]*syntax{
	".go":   goSyntax,
	".java": javaSyntax, ".kt": javaSyntax, ".scala": javaSyntax,
	".js": jsSyntax, ".jsx": jsSyntax, ".mjs": jsSyntax, ".cjs": jsSyntax,
	".ts": jsSyntax, ".tsx": jsSyntax, ".mts": jsSyntax, ".cts": jsSyntax,
	".cs": csSyntax,
	".c":  cSyntax, ".h": cSyntax, ".cc": cSyntax, ".cpp": cSyntax, ".hpp": cSyntax, ".rs": cSyntax, ".swift": cSyntax,
	".py": pythonSyntax, ".pyi": pythonSyntax,
	".yaml": yamlSyntax, ".yml": yamlSyntax,
	".sh": shellSyntax, ".bash": shellSyntax, ".zsh": shellSyntax, ".rb": shellSyntax, ".toml": shellSyntax,
	".tf": hclSyntax, ".hcl": hclSyntax,
}

// syntaxByName maps exact file names that have no telling extension.
var syntaxByName = map[string]*syntax{
	"go.mod": goSyntax, "go.work": goSyntax,
	"Dockerfile": shellSyntax, "Makefile": shellSyntax, "Gemfile": shellSyntax,
}

// syntaxFor returns the comment syntax of a file, or nil when it has none Attest knows (JSON, unknown types).
// A .template file is JSON or YAML; its first non-blank byte tells which.
func syntaxFor(p string, src []byte) *syntax {
	base := path.Base(p)
	if s, ok := syntaxByName[base]; ok {
		return s
	}
	ext := strings.ToLower(path.Ext(base))
	if ext == ".template" {
		if t := bytes.TrimLeft(src, " \t\r\n\ufeff"); len(t) > 0 && (t[0] == '{' || t[0] == '[') {
			return nil
		}
		return yamlSyntax
	}
	return syntaxByExt[ext]
}

// comment is one comment of a file.
type comment struct {
	startLine, endLine int
	text               string // without its markers
	block              bool
	codeBefore         bool // code precedes it on its first line
	codeAfter          bool // code follows it on its last line
}

// lexed is the result of scanning a file: its comments, and which lines hold code (anything outside a
// comment that is not white space, string literals included).
type lexed struct {
	comments []comment
	code     []bool // code[n] for line n (1-based); code[0] unused
}

// nextCode returns the first line after n that holds code, or 0.
func (l *lexed) nextCode(n int) int {
	for i := n + 1; i < len(l.code); i++ {
		if l.code[i] {
			return i
		}
	}
	return 0
}

// lex scans src once, left to right, tracking whether it is in code, a string or a comment. It never fails:
// malformed input (an unterminated string or comment) ends at the end of the file.
func lex(src []byte, syn *syntax) *lexed {
	l := &lexed{code: make([]bool, 2, bytes.Count(src, []byte{'\n'})+3)}
	line := 1
	lineHasCode := false // on the current line, before the current position
	lastComment := -1    // index of the last comment that ended on the current line
	newline := func() {
		l.code[line] = l.code[line] || lineHasCode
		line++
		l.code = append(l.code, false)
		lineHasCode = false
		lastComment = -1
	}
	markCode := func() {
		lineHasCode = true
		if lastComment >= 0 {
			l.comments[lastComment].codeAfter = true
			lastComment = -1
		}
	}
	// yamlBlock is the indentation of the line that opened a block scalar, or -1 outside one.
	yamlBlock := -1
	atLineStart := true

	special := syn.specials()
	n := len(src)
	for i := 0; i < n; {
		c := src[i]
		if c == '\n' {
			newline()
			atLineStart = true
			i++
			continue
		}
		if syn.yaml && atLineStart {
			atLineStart = false
			if yamlBlock >= 0 {
				indent, blank := yamlIndent(src[i:])
				if blank || indent > yamlBlock {
					// Block scalar content is text, whatever it holds; it is part of a value.
					j := i
					for j < n && src[j] != '\n' {
						j++
					}
					if !blank {
						markCode()
					}
					i = j
					continue
				}
				yamlBlock = -1
			}
		}
		atLineStart = false
		if c == ' ' || c == '\t' || c == '\r' || c == '\f' {
			i++
			continue
		}
		if !special[c] {
			markCode()
			i++
			continue
		}
		// Comments.
		if m := lineMarker(src, i, syn, lineHasCode); m != "" {
			j := i + len(m)
			end := j
			for end < n && src[end] != '\n' {
				end++
			}
			l.comments = append(l.comments, comment{startLine: line, endLine: line, text: string(src[j:end]), codeBefore: lineHasCode})
			i = end
			continue
		}
		if open, close, ok := blockMarker(src, i, syn); ok {
			start := line
			j := i + len(open)
			k := bytes.Index(src[j:], []byte(close))
			var body []byte
			if k < 0 {
				body, i = src[j:], n
			} else {
				body, i = src[j:j+k], j+k+len(close)
			}
			cm := comment{startLine: start, text: string(body), block: true, codeBefore: lineHasCode}
			for _, b := range body {
				if b == '\n' {
					newline()
				}
			}
			cm.endLine = line
			l.comments = append(l.comments, cm)
			lastComment = len(l.comments) - 1
			continue
		}
		// Strings, and any other code. A string is code on the line it starts on, even when it spans lines.
		markCode()
		if j, ok := stringEnd(src, i, syn, newline); ok {
			i = j
			continue
		}
		if syn.yaml && (c == '|' || c == '>') && yamlBlockIndicator(src, i) {
			yamlBlock, _ = yamlIndent(lineStart(src, i))
		}
		i++
	}
	l.code[line] = l.code[line] || lineHasCode
	return l
}

// lineMarker returns the line-comment marker that starts at src[i], or "".
func lineMarker(src []byte, i int, syn *syntax, codeBefore bool) string {
	for _, m := range syn.line {
		if !bytes.HasPrefix(src[i:], []byte(m)) {
			continue
		}
		if m == "#" && syn.wordHash && codeBefore && i > 0 && src[i-1] != ' ' && src[i-1] != '\t' {
			continue // "a#b" in YAML or a shell word is text
		}
		return m
	}
	return ""
}

func blockMarker(src []byte, i int, syn *syntax) (open, close string, ok bool) {
	for _, b := range syn.block {
		if bytes.HasPrefix(src[i:], []byte(b[0])) {
			return b[0], b[1], true
		}
	}
	return "", "", false
}

// stringEnd recognises a string literal starting at src[i] and returns the index just past it. Newlines
// inside a multi-line string are counted through newline.
func stringEnd(src []byte, i int, syn *syntax, newline func()) (int, bool) {
	n := len(src)
	c := src[i]
	// C# verbatim strings: @"…", where "" is an escaped quote.
	if syn.verbatim && c == '@' && i+1 < n && src[i+1] == '"' {
		j := i + 2
		for j < n {
			switch src[j] {
			case '\n':
				newline()
			case '"':
				if j+1 < n && src[j+1] == '"' {
					j += 2
					continue
				}
				return j + 1, true
			}
			j++
		}
		return n, true
	}
	if syn.triple && (c == '"' || (c == '\'' && syn.name == "Python")) && bytes.HasPrefix(src[i:], []byte{c, c, c}) {
		delim := []byte{c, c, c}
		j := i + 3
		for j < n {
			switch {
			case src[j] == '\\':
				if j+1 < n && src[j+1] == '\n' {
					newline()
				}
				j += 2
				continue
			case src[j] == '\n':
				newline()
			case bytes.HasPrefix(src[j:], delim):
				return j + 3, true
			}
			j++
		}
		return n, true
	}
	multi := strings.IndexByte(syn.multiline, c) >= 0
	if !multi && strings.IndexByte(syn.quotes, c) < 0 {
		return 0, false
	}
	if syn.yaml && !yamlScalarStart(src, i) {
		return 0, false
	}
	if syn.charQuote && c == '\'' && !quoteOpensChar(src, i) {
		// Rune and char literals are short; a stray apostrophe (a Rust lifetime) must not swallow the line.
		return 0, false
	}
	escapes := c != syn.rawQuote && !(c == '\'' && (syn.yaml || syn.rawSingle))
	j := i + 1
	for j < n {
		b := src[j]
		switch {
		case b == '\\' && escapes:
			if j+1 < n && src[j+1] == '\n' {
				newline()
			}
			j += 2
			continue
		case b == '\n':
			if !multi && !syn.yaml {
				return j, true // unterminated: the string ends with its line
			}
			newline()
		case b == c:
			if syn.yaml && c == '\'' && j+1 < n && src[j+1] == '\'' {
				j += 2 // '' is a quote inside a single-quoted YAML scalar
				continue
			}
			return j + 1, true
		}
		j++
	}
	return n, true
}

// quoteOpensChar reports whether the apostrophe at src[i] starts a character literal: a closing apostrophe
// follows within a few bytes on the same line ('a', '\n', '\u00e9').
func quoteOpensChar(src []byte, i int) bool {
	for j := i + 1; j < len(src) && j <= i+12; j++ {
		switch src[j] {
		case '\n':
			return false
		case '\\':
			j++
		case '\'':
			return j > i+1
		}
	}
	return false
}

// yamlScalarStart reports whether a quote at src[i] opens a quoted scalar: it follows the start of the line,
// "key:", "- ", or a flow indicator. Elsewhere (don't) it is an ordinary character.
func yamlScalarStart(src []byte, i int) bool {
	j := i - 1
	for j >= 0 && (src[j] == ' ' || src[j] == '\t') {
		j--
	}
	if j < 0 || src[j] == '\n' {
		return true
	}
	switch src[j] {
	case ':', '-', '[', '{', ',', '?':
		return true
	case '!': // a tag such as !Sub 'arn:…'
		return true
	}
	// A tag name: !Sub, !GetAtt …
	k := j
	for k >= 0 && src[k] != ' ' && src[k] != '\t' && src[k] != '\n' {
		k--
	}
	return k+1 < len(src) && src[k+1] == '!' && j > k+1
}

// yamlBlockIndicator reports whether the | or > at src[i] opens a block scalar: it follows "key:" or "- "
// and only chomping or indentation indicators (and a comment) follow it on the line.
func yamlBlockIndicator(src []byte, i int) bool {
	j := i - 1
	for j >= 0 && (src[j] == ' ' || src[j] == '\t') {
		j--
	}
	if j < 0 || (src[j] != ':' && src[j] != '-' && src[j] != '\n') || j == i-1 && src[j] != '\n' {
		return false
	}
	for k := i + 1; k < len(src) && src[k] != '\n'; k++ {
		switch b := src[k]; {
		case b == '-' || b == '+' || (b >= '1' && b <= '9') || b == '\r':
		case b == ' ' || b == '\t':
			rest := bytes.TrimLeft(src[k:], " \t")
			return len(rest) == 0 || rest[0] == '\n' || rest[0] == '\r' || rest[0] == '#'
		default:
			return false
		}
	}
	return true
}

// lineStart returns src from the start of the line holding src[i].
func lineStart(src []byte, i int) []byte {
	j := bytes.LastIndexByte(src[:i], '\n')
	return src[j+1:]
}

// yamlIndent returns the indentation of the line at the start of b, and whether the line is blank.
func yamlIndent(b []byte) (int, bool) {
	n := 0
	for n < len(b) && (b[n] == ' ' || b[n] == '\t') {
		n++
	}
	return n, n == len(b) || b[n] == '\n' || b[n] == '\r'
}
