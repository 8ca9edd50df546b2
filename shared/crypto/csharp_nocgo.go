//go:build !cgo

package crypto

import (
	"context"
	"errors"
)

// errCSharpNoCgo is why a build without cgo cannot analyse C#.
var errCSharpNoCgo = errors.New("this build has no C# parser (tree-sitter needs cgo)")

// Analyze reports that C# cannot be analysed in this build.
func (CSharpAnalyzer) Analyze(ctx context.Context, _ string, _ []byte) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	return Result{}, errCSharpNoCgo
}
