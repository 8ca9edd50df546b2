package suppress

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Keyword starts an inline suppression. It counts only at the start of a comment's text.
const Keyword = "attest:ignore"

var keyword = []byte(Keyword)

// Limits that keep a hostile file from producing unbounded output.
const (
	maxIDs       = 32
	maxReasonLen = 1000
	maxIDLen     = 128
)

// Directive is one inline suppression: a comment whose text starts with the keyword, then one or more
// comma-separated identifiers, then the reason.
type Directive struct {
	// Line is the first line of the comment.
	Line int `json:"line"`
	// Target is the line it covers: the comment's own line when it trails code, the line of the code that
	// follows it when it stands on its own line(s), 0 when no code follows.
	Target int `json:"target"`
	// IDs are rule IDs, AWS Config identifiers or classes, as written.
	IDs []string `json:"ids"`
	// Reason is the justification; "" when the directive gives none, and then it suppresses nothing.
	Reason string `json:"reason"`
	// Text is the directive as written, on one line (it keeps two directives' findings apart).
	Text string `json:"text"`
}

// Directives returns the inline suppressions of a file, in order. It recognises them only inside comments of
// the file's language (chosen by its name), never inside string literals; a file whose language has no
// comments (JSON) or is unknown has none.
func Directives(path string, src []byte) []Directive {
	syn := syntaxFor(path, src)
	if syn == nil || !bytes.Contains(src, keyword) {
		return nil
	}
	lx := lex(src, syn)
	var out []Directive
	for _, c := range lx.comments {
		text, ok := directiveText(c)
		if !ok {
			continue
		}
		d := parseDirective(text)
		d.Line = c.startLine
		switch {
		case c.codeBefore:
			d.Target = c.startLine
		case c.codeAfter:
			d.Target = c.endLine
		default:
			d.Target = lx.nextCode(c.endLine)
		}
		out = append(out, d)
	}
	return out
}

// directiveText returns the comment's text from the keyword on, on one line, when the comment is a directive:
// the keyword opens its text (after decoration such as the extra slash of ///, the stars of a block comment,
// or a second comment marker) and is followed by white space or nothing.
func directiveText(c comment) (string, bool) {
	text := c.text
	if c.block {
		// Join the lines of a block comment, dropping the leading star of each continuation line.
		lines := strings.Split(text, "\n")
		for i, l := range lines {
			l = strings.TrimSpace(l)
			if i > 0 {
				l = strings.TrimLeft(l, "*")
			}
			lines[i] = strings.TrimSpace(l)
		}
		text = strings.Join(lines, " ")
	}
	text = strings.TrimLeft(text, " \t/*#!-")
	rest, ok := strings.CutPrefix(text, Keyword)
	if !ok {
		return "", false
	}
	if rest != "" && rest[0] != ' ' && rest[0] != '\t' && rest[0] != '\r' {
		return "", false // attest:ignored, attest:ignore-all …: another word
	}
	return strings.TrimSpace(Keyword + rest), true
}

// parseDirective reads "attest:ignore <id>[,<id>…] <reason…>".
func parseDirective(text string) Directive {
	d := Directive{Text: clipRunes(text, maxReasonLen+200)}
	rest := strings.TrimSpace(strings.TrimPrefix(text, Keyword))
	for {
		tok, after := nextToken(rest)
		if tok == "" {
			rest = after
			break
		}
		// "ID: reason" ends the identifiers with the colon.
		colon := strings.HasSuffix(tok, ":")
		tok = strings.TrimSuffix(tok, ":")
		more := strings.HasSuffix(tok, ",") && !colon
		for _, id := range strings.Split(tok, ",") {
			if id = strings.TrimSpace(id); id != "" && len(d.IDs) < maxIDs {
				d.IDs = append(d.IDs, clipRunes(id, maxIDLen))
			}
		}
		rest = strings.TrimLeft(after, " \t")
		if !colon && strings.HasPrefix(rest, ",") {
			rest = strings.TrimLeft(rest[1:], " \t")
			more = true
		}
		if !more {
			break
		}
	}
	d.Reason = reason(rest)
	return d
}

// nextToken splits off the first white-space-delimited word of s.
func nextToken(s string) (tok, rest string) {
	s = strings.TrimLeft(s, " \t\r")
	i := strings.IndexAny(s, " \t\r")
	if i < 0 {
		return s, ""
	}
	return s[:i], s[i:]
}

// reason cleans a reason: separators such as "--", "—" or ":" before it are dropped, and a reason with no
// letter or digit is no reason.
func reason(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, "-—–: \t")
	s = strings.TrimSpace(strings.Join(strings.Fields(s), " "))
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return ""
	}
	return clipRunes(s, maxReasonLen)
}

// clipRunes shortens s to at most n bytes without splitting a character, and drops invalid UTF-8.
func clipRunes(s string, n int) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
