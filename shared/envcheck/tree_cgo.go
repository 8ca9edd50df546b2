//go:build cgo

package envcheck

import (
	"context"
	"fmt"

	ts "github.com/tree-sitter/go-tree-sitter"
)

// parseChunk bounds what the parser copies per read.
const parseChunk = 64 << 10

// parseTree parses src with a grammar and copies its named nodes. A file with syntax errors still yields the
// nodes tree-sitter recovered; the caller decides what a partial tree is worth through hasError.
func parseTree(ctx context.Context, lang *ts.Language, src []byte) (root *node, hasError bool, err error) {
	p := ts.NewParser()
	defer p.Close()
	if err := p.SetLanguage(lang); err != nil {
		return nil, false, fmt.Errorf("grammar: %w", err)
	}
	tree := p.ParseWithOptions(func(off int, _ ts.Point) []byte {
		if off >= len(src) {
			return nil
		}
		return src[off:min(off+parseChunk, len(src))]
	}, nil, &ts.ParseOptions{ProgressCallback: func(ts.ParseState) bool { return ctx.Err() != nil }})
	if tree == nil {
		if err := ctx.Err(); err != nil {
			return nil, false, err
		}
		return nil, false, fmt.Errorf("parser returned no tree")
	}
	defer tree.Close()
	r := tree.RootNode()
	c := r.Walk()
	defer c.Close()
	root = &node{kind: r.Kind(), start: int(r.StartByte()), end: int(r.EndByte()), line: int(r.StartPosition().Row) + 1}
	count, depth := 1, 0
	cur := root
	for {
		// Descend into the first child, else move to the next sibling, else climb until one exists.
		if depth < maxDepth && c.GotoFirstChild() {
			depth++
			cur = addNode(c, cur)
			count++
		} else {
			for {
				if depth == 0 {
					return root, r.HasError(), nil
				}
				if c.GotoNextSibling() {
					cur = addNode(c, cur.par)
					count++
					break
				}
				c.GotoParent()
				depth--
				cur = cur.par
			}
		}
		if count > maxNodes || depth >= maxDepth {
			return nil, false, errTooLarge
		}
	}
}

// addNode copies the cursor's node under parent. Anonymous nodes (punctuation, keywords) are kept too: they
// are few, and keeping them keeps the copy in step with the cursor.
func addNode(c *ts.TreeCursor, parent *node) *node {
	n := c.Node()
	k := &node{kind: n.Kind(), field: c.FieldName(), start: int(n.StartByte()), end: int(n.EndByte()),
		line: int(n.StartPosition().Row) + 1, par: parent}
	if !n.IsNamed() {
		k.kind = "'" + k.kind
	}
	parent.kids = append(parent.kids, k)
	return k
}
