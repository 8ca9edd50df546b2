//go:build !cgo

package crypto

import (
	"context"
	"errors"
)

// errNoCgoJS is why a build without cgo cannot analyse JavaScript or TypeScript.
var errNoCgoJS = errors.New("this build has no JavaScript parser (tree-sitter needs cgo)")

// Analyze reports that JavaScript and TypeScript cannot be analysed in this build.
func (JavaScriptAnalyzer) Analyze(ctx context.Context, _ string, _ []byte) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	return Result{}, errNoCgoJS
}
