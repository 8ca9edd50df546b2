//go:build cgo

package crypto

import (
	"context"
	"fmt"

	ts "github.com/tree-sitter/go-tree-sitter"
)

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

// maxResolveWork bounds the name and constant resolution of one file, so that long chains of aliases and
// constants cannot blow up.
const maxResolveWork = 200_000

// parseTree parses src with a tree-sitter grammar, in chunks, stopping when ctx is done. The caller closes the
// tree.
func parseTree(ctx context.Context, lang *ts.Language, name string, src []byte) (*ts.Tree, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p := ts.NewParser()
	defer p.Close()
	if err := p.SetLanguage(lang); err != nil {
		return nil, fmt.Errorf("%s grammar: %w", name, err)
	}
	tree := p.ParseWithOptions(func(off int, _ ts.Point) []byte {
		if off >= len(src) {
			return nil
		}
		return src[off:min(off+parseChunk, len(src))]
	}, nil, &ts.ParseOptions{ProgressCallback: func(ts.ParseState) bool { return ctx.Err() != nil }})
	if tree == nil {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%s parser returned no tree", name)
	}
	return tree, nil
}

// tsSource is a file being read through a tree-sitter tree: what every tree-sitter analyzer needs to quote
// nodes and place findings.
type tsSource struct {
	path  string
	src   []byte
	lines *lineIndex
}

// text is a node's source text ("" for a node outside the source).
func (f *tsSource) text(n *ts.Node) string {
	if n == nil {
		return ""
	}
	start, end := n.StartByte(), n.EndByte()
	if start > end || end > uint(len(f.src)) {
		return ""
	}
	return string(f.src[start:end])
}

// code returns a node's text for a suggested fix, or fallback when it is too long to quote; it copies
// nothing when the node is long, so nested calls over a huge line stay linear.
func (f *tsSource) code(n *ts.Node, fallback string) string {
	if n == nil || n.EndByte()-n.StartByte() > maxCode {
		return fallback
	}
	return codeText(f.text(n), fallback)
}

// pos is where a node starts, with its line's snippet.
func (f *tsSource) pos(n *ts.Node) position {
	p := n.StartPosition()
	return f.lines.at(int(p.Row), int(p.Column))
}

// syntaxError reports the first error or missing node under root.
func (f *tsSource) syntaxError(root *ts.Node) error {
	return firstSyntaxError(f.path, root, f.pos)
}
