//go:build !cgo

package crypto

import (
	"context"
	"errors"

	"github.com/attestdev/attest/shared/finding"
)

// errNoCgo is why a build without cgo cannot analyse Python.
var errNoCgo = errors.New("this build has no Python parser (tree-sitter needs cgo)")

// Analyze reports that Python cannot be analysed in this build.
func (PythonAnalyzer) Analyze(ctx context.Context, _ string, _ []byte) ([]finding.Finding, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return nil, errNoCgo
}
