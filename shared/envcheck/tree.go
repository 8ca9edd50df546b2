package envcheck

import (
	"errors"
	"strings"
)

// node is a syntax node copied out of a parser's tree, so that the extractors walk plain Go values: one walk
// over the C tree, then no calls across cgo.
type node struct {
	kind  string
	field string // the field name under which the parent holds this node, "" when none
	start int    // byte offsets into the source
	end   int
	line  int // 1-based
	par   *node
	kids  []*node
}

// maxNodes bounds the nodes copied from one file; hand-written handlers are far below it.
const maxNodes = 400_000

// maxDepth bounds the nesting walked; deeper input is generated or hostile.
const maxDepth = 2_000

// errTooLarge is returned for a syntax tree over maxNodes or maxDepth.
var errTooLarge = errors.New("syntax tree too large or too deep to analyse")

// child returns the first child held under a field, or nil.
func (n *node) child(field string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.field == field {
			return k
		}
	}
	return nil
}

// each calls f on n and every descendant, depth first, until f returns false for a node (its subtree is
// then skipped).
func (n *node) each(f func(*node) bool) {
	if n == nil {
		return
	}
	stack := []*node{n}
	for len(stack) > 0 {
		cur := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if !f(cur) {
			continue
		}
		for i := len(cur.kids) - 1; i >= 0; i-- {
			stack = append(stack, cur.kids[i])
		}
	}
}

// within reports whether an ancestor of n (up to, not including, a node of a stop kind) has one of the kinds.
// The iterable of a for-each loop is evaluated once, so a node there is not within that loop.
func (n *node) within(kinds, stop map[string]bool) bool {
	prev := n
	for p := n.par; p != nil; prev, p = p, p.par {
		if stop[p.kind] {
			return false
		}
		if kinds[p.kind] && !iterable(prev) {
			return true
		}
	}
	return false
}

// iterable reports a node that is the iterable of a for-each loop (Python and JavaScript "right", Java
// "value").
func iterable(n *node) bool { return n.field == "right" || n.field == "value" }

// source is a file being read through its syntax tree.
type source struct {
	path string
	src  []byte
}

func (s *source) text(n *node) string {
	if n == nil || n.start < 0 || n.end > len(s.src) || n.start > n.end {
		return ""
	}
	return string(s.src[n.start:n.end])
}

// snippet is the trimmed source line n starts on.
func (s *source) snippet(n *node) string {
	if n == nil || n.start > len(s.src) {
		return ""
	}
	return lineOf(s.src, n.start)
}

// unquote returns the content of a string literal written in Python, JavaScript or Java, and whether it is
// one without interpolation.
func unquote(lit string) (string, bool) {
	lit = strings.TrimLeft(lit, "rRbBuU")
	for _, q := range []string{`"""`, `'''`, `"`, `'`, "`"} {
		if len(lit) >= 2*len(q) && strings.HasPrefix(lit, q) && strings.HasSuffix(lit, q) {
			body := lit[len(q) : len(lit)-len(q)]
			if q == "`" && strings.Contains(body, "${") {
				return "", false
			}
			return body, true
		}
	}
	return "", false
}

// anon reports an anonymous node (punctuation, keyword).
func (n *node) anon() bool { return strings.HasPrefix(n.kind, "'") }
