package envcheck

import (
	"io/fs"
	"testing/fstest"
)

// memFS is an in-memory tree of files by path.
type memFS map[string][]byte

func (m memFS) Open(name string) (fs.File, error) {
	t := fstest.MapFS{}
	for p, b := range m {
		t[p] = &fstest.MapFile{Data: b}
	}
	return t.Open(name)
}
