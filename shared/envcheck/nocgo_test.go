//go:build !cgo

package envcheck

const cgoEnabled = false
