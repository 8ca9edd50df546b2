//go:build !cgo

package envcheck

import "context"

func parseWith(ctx context.Context, _ grammar, _ []byte) (*node, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	return nil, false, errNoParser
}
