package envcheck

import (
	"context"
	"errors"
	"fmt"
	"path"
	"strings"
)

// Language names, as the join assigns them from a function's runtime.
const (
	langPython = "python"
	langNode   = "node"
	langGo     = "go"
	langJava   = "java"
)

// errNoParser is why a build without cgo cannot read Python, JavaScript, TypeScript or Java.
var errNoParser = errors.New("this build has no parser for the language (tree-sitter needs cgo)")

// ExtractCalls returns the AWS SDK calls in one source file, by its extension: .py, .js/.mjs/.cjs/.jsx,
// .ts/.mts/.cts/.tsx, .java, .go. A file that does not parse yields an error: its calls are unknown, not
// absent.
func ExtractCalls(ctx context.Context, p string, src []byte) ([]Call, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	ext := strings.ToLower(path.Ext(p))
	if ext == ".go" {
		return extractGo(p, src)
	}
	g, ok := grammarFor(ext)
	if !ok {
		return nil, fmt.Errorf("%s: no SDK call extractor for %s files", p, ext)
	}
	root, broken, err := parseWith(ctx, g, src)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", p, err)
	}
	if broken {
		return nil, fmt.Errorf("parse %s: syntax error", p)
	}
	s := &source{path: p, src: src}
	switch g {
	case grammarPython:
		return extractPython(s, root), nil
	case grammarJava:
		return extractJava(s, root), nil
	}
	return extractJS(s, root), nil
}

// grammar names a tree-sitter grammar.
type grammar int

const (
	grammarPython grammar = iota + 1
	grammarJS
	grammarTS
	grammarTSX
	grammarJava
)

func grammarFor(ext string) (grammar, bool) {
	switch ext {
	case ".py":
		return grammarPython, true
	case ".js", ".mjs", ".cjs", ".jsx":
		return grammarJS, true
	case ".ts", ".mts", ".cts":
		return grammarTS, true
	case ".tsx":
		return grammarTSX, true
	case ".java":
		return grammarJava, true
	}
	return 0, false
}
