//go:build !cgo

package crypto

import (
	"context"
	"errors"

	"github.com/attestdev/attest/shared/finding"
)

// errCSharpNoCgo is why a build without cgo cannot analyse C#.
var errCSharpNoCgo = errors.New("this build has no C# parser (tree-sitter needs cgo)")

// Analyze reports that C# cannot be analysed in this build.
func (CSharpAnalyzer) Analyze(ctx context.Context, _ string, _ []byte) ([]finding.Finding, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return nil, errCSharpNoCgo
}
