package scan

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"path"
	"slices"
	"time"

	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

// changesetFS is the head side of a changeset as a read-only file system: the paths it changed, their
// content read from the work store when opened, and the directories that hold them. Checks that join files
// (a template with its function's code) read through it; what the push did not change is not in it, so
// such a check sees only what was pushed and says so.
type changesetFS struct {
	ctx   context.Context
	work  contentGetter
	files map[string]run.ChangedFile // path → the file, head side present
	dirs  map[string][]string        // directory → sorted child names ("." is the root)
}

// contentGetter reads work-store content: the one call the file system needs.
type contentGetter interface {
	Get(ctx context.Context, key string) ([]byte, error)
}

func newChangesetFS(ctx context.Context, work contentGetter, cs run.Changeset) *changesetFS {
	c := &changesetFS{ctx: ctx, work: work, files: map[string]run.ChangedFile{}, dirs: map[string][]string{".": nil}}
	for _, f := range cs.Files {
		if f.Change == run.ChangeDeleted || f.HeadKey == "" || !fs.ValidPath(f.Path) || f.Path == "." {
			continue
		}
		if _, dup := c.files[f.Path]; dup {
			continue
		}
		c.files[f.Path] = f
		for child := f.Path; child != "."; {
			parent := path.Dir(child)
			name := path.Base(child)
			if !slices.Contains(c.dirs[parent], name) {
				c.dirs[parent] = append(c.dirs[parent], name)
			}
			child = parent
		}
	}
	for d := range c.dirs {
		slices.Sort(c.dirs[d])
	}
	return c
}

// Open implements fs.FS.
func (c *changesetFS) Open(name string) (fs.File, error) {
	if !fs.ValidPath(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrInvalid}
	}
	if f, ok := c.files[name]; ok {
		data, err := c.work.Get(c.ctx, f.HeadKey)
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				err = fs.ErrNotExist
			}
			return nil, &fs.PathError{Op: "open", Path: name, Err: err}
		}
		return &memFile{info: memInfo{name: path.Base(name), size: int64(len(data))}, r: bytes.NewReader(data)}, nil
	}
	if children, ok := c.dirs[name]; ok {
		d := &memDir{info: memInfo{name: path.Base(name), dir: true}}
		for _, child := range children {
			p := child
			if name != "." {
				p = name + "/" + child
			}
			_, isDir := c.dirs[p]
			size := c.files[p].Size
			d.entries = append(d.entries, fs.FileInfoToDirEntry(memInfo{name: child, dir: isDir, size: size}))
		}
		return d, nil
	}
	return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
}

type memInfo struct {
	name string
	size int64
	dir  bool
}

func (i memInfo) Name() string { return i.name }
func (i memInfo) Size() int64  { return i.size }
func (i memInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}
func (i memInfo) ModTime() time.Time { return time.Time{} }
func (i memInfo) IsDir() bool        { return i.dir }
func (i memInfo) Sys() any           { return nil }

type memFile struct {
	info memInfo
	r    *bytes.Reader
}

func (f *memFile) Stat() (fs.FileInfo, error) { return f.info, nil }
func (f *memFile) Read(p []byte) (int, error) { return f.r.Read(p) }
func (f *memFile) Close() error               { return nil }

type memDir struct {
	info    memInfo
	entries []fs.DirEntry
	next    int
}

func (d *memDir) Stat() (fs.FileInfo, error) { return d.info, nil }
func (d *memDir) Read([]byte) (int, error) {
	return 0, &fs.PathError{Op: "read", Path: d.info.name, Err: errors.New("is a directory")}
}
func (d *memDir) Close() error { return nil }

// ReadDir implements fs.ReadDirFile.
func (d *memDir) ReadDir(n int) ([]fs.DirEntry, error) {
	rest := d.entries[d.next:]
	if n <= 0 {
		d.next = len(d.entries)
		return rest, nil
	}
	if len(rest) == 0 {
		return nil, io.EOF
	}
	if n > len(rest) {
		n = len(rest)
	}
	d.next += n
	return rest[:n], nil
}
