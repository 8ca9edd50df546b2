//go:build !cgo

package crypto

import (
	"context"
	"errors"

	"github.com/attestdev/attest/shared/finding"
)

// errJavaNoCgo is why a build without cgo cannot analyse Java.
var errJavaNoCgo = errors.New("this build has no Java parser (tree-sitter needs cgo)")

// Analyze reports that Java cannot be analysed in this build.
func (JavaAnalyzer) Analyze(ctx context.Context, _ string, _ []byte) ([]finding.Finding, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return nil, errJavaNoCgo
}
