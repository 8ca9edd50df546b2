//go:build !cgo

package crypto

import (
	"context"
	"errors"

	"github.com/attestdev/attest/shared/finding"
)

// errNoCgoJS is why a build without cgo cannot analyse JavaScript or TypeScript.
var errNoCgoJS = errors.New("this build has no JavaScript parser (tree-sitter needs cgo)")

// Analyze reports that JavaScript and TypeScript cannot be analysed in this build.
func (JavaScriptAnalyzer) Analyze(ctx context.Context, _ string, _ []byte) ([]finding.Finding, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return nil, errNoCgoJS
}
