package golden

import (
	"os"
	"path/filepath"
	"testing"
)

// recorder is a testing.TB that records failures instead of stopping the test.
type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true; panic(r) }
func (r *recorder) Fatal(...any)          { r.failed = true; panic(r) }

func check(t *testing.T, path string, got []byte, update bool) (failed bool) {
	r := &recorder{TB: t}
	defer func() {
		if v := recover(); v != nil && v != any(r) {
			panic(v)
		}
		failed = r.failed
	}()
	Check(r, path, got, update)
	return r.failed
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "out.golden")
	if !check(t, path, []byte("a\n"), false) {
		t.Error("a missing golden file passed; want a failure")
	}
	if check(t, path, []byte("a\n"), true) {
		t.Error("update failed")
	}
	if b, _ := os.ReadFile(path); string(b) != "a\n" {
		t.Errorf("golden file holds %q after update; want %q", b, "a\n")
	}
	if check(t, path, []byte("a\n"), false) {
		t.Error("equal output failed")
	}
	if !check(t, path, []byte("b\n"), false) {
		t.Error("different output passed; want a failure")
	}
}
