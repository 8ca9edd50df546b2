//go:build !cgo

package crypto

import (
	"context"
	"errors"
)

// errNoCgo is why a build without cgo cannot analyse Python.
var errNoCgo = errors.New("this build has no Python parser (tree-sitter needs cgo)")

// Analyze reports that Python cannot be analysed in this build.
func (PythonAnalyzer) Analyze(ctx context.Context, _ string, _ []byte) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	return Result{}, errNoCgo
}
