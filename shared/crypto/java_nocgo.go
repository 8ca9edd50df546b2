//go:build !cgo

package crypto

import (
	"context"
	"errors"
)

// errJavaNoCgo is why a build without cgo cannot analyse Java.
var errJavaNoCgo = errors.New("this build has no Java parser (tree-sitter needs cgo)")

// Analyze reports that Java cannot be analysed in this build.
func (JavaAnalyzer) Analyze(ctx context.Context, _ string, _ []byte) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	return Result{}, errJavaNoCgo
}
