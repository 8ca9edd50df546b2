//go:build cgo

package crypto

import ts "github.com/tree-sitter/go-tree-sitter"

// firstSyntaxError reports the first error or missing node under root, walking without recursion so that
// deeply nested input cannot exhaust the stack. Every tree-sitter analyzer reports syntax errors this way.
func firstSyntaxError(path string, root *ts.Node, pos func(*ts.Node) position) error {
	c := root.Walk()
	defer c.Close()
	for {
		n := c.Node()
		if n.IsError() || n.IsMissing() {
			p := pos(n)
			msg := "syntax error"
			if n.IsMissing() {
				msg = "missing " + n.Kind()
			}
			return &ParseError{Path: path, Line: p.line, Column: p.col, Msg: msg}
		}
		if n.HasError() && c.GotoFirstChild() {
			continue
		}
		for !c.GotoNextSibling() {
			if !c.GotoParent() {
				return &ParseError{Path: path, Msg: "syntax error"}
			}
		}
	}
}
