//go:build cgo

package envcheck

import (
	"context"
	"sync"

	ts "github.com/tree-sitter/go-tree-sitter"
	tsjava "github.com/tree-sitter/tree-sitter-java/bindings/go"
	tsjs "github.com/tree-sitter/tree-sitter-javascript/bindings/go"
	tspy "github.com/tree-sitter/tree-sitter-python/bindings/go"
	tsts "github.com/tree-sitter/tree-sitter-typescript/bindings/go"
)

var languages = sync.OnceValue(func() map[grammar]*ts.Language {
	return map[grammar]*ts.Language{
		grammarPython: ts.NewLanguage(tspy.Language()),
		grammarJS:     ts.NewLanguage(tsjs.Language()),
		grammarTS:     ts.NewLanguage(tsts.LanguageTypescript()),
		grammarTSX:    ts.NewLanguage(tsts.LanguageTSX()),
		grammarJava:   ts.NewLanguage(tsjava.Language()),
	}
})

func parseWith(ctx context.Context, g grammar, src []byte) (*node, bool, error) {
	return parseTree(ctx, languages()[g], src)
}
