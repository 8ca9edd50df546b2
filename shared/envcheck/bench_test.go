package envcheck

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkCheckCorpus checks every corpus pair: parse, join, extract and evaluate, as one push would.
func BenchmarkCheckCorpus(b *testing.B) {
	if !cgoEnabled {
		b.Skip("needs tree-sitter (cgo)")
	}
	dirs, err := os.ReadDir(corpusRoot)
	if err != nil {
		b.Fatal(err)
	}
	type pair struct {
		fsys  fs.FS
		paths []string
	}
	var pairs []pair
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		fsys := os.DirFS(filepath.Join(corpusRoot, d.Name()))
		var paths []string
		_ = fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
			if err == nil && !e.IsDir() {
				paths = append(paths, p)
			}
			return err
		})
		pairs = append(pairs, pair{fsys, paths})
	}
	b.ResetTimer()
	for b.Loop() {
		for _, p := range pairs {
			if _, err := Check(context.Background(), p.fsys, p.paths); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkExtractPython measures the Python extractor on a handler-sized file.
func BenchmarkExtractPython(b *testing.B) {
	if !cgoEnabled {
		b.Skip("needs tree-sitter (cgo)")
	}
	src, err := os.ReadFile(filepath.Join(corpusRoot, "sam-python-s3-acl/src/app.py"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := ExtractCalls(context.Background(), "app.py", src); err != nil {
			b.Fatal(err)
		}
	}
}
