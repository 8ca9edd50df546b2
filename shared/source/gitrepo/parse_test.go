package gitrepo

import (
	"strings"
	"testing"
)

func TestParseDiffTreeMalformed(t *testing.T) {
	id := strings.Repeat("a", 40)
	zero := strings.Repeat("0", 40)
	for name, in := range map[string]string{
		"no path":     ":100644 100644 " + id + " " + id + " M\x00",
		"short ids":   ":100644 100644 abc def M\x00p\x00",
		"no colon":    "100644 100644 " + id + " " + id + " M\x00p\x00",
		"rename":      ":100644 100644 " + id + " " + id + " R100\x00a\x00",
		"empty path":  ":000000 100644 " + zero + " " + id + " A\x00\x00",
		"four fields": ":100644 " + id + " " + id + " M\x00p\x00",
	} {
		t.Run(name, func(t *testing.T) {
			if d, err := parseDiffTree([]byte(in)); err == nil {
				t.Errorf("got %+v; want an error", d)
			}
		})
	}
}

func FuzzParseGitOutput(f *testing.F) {
	id := strings.Repeat("a", 40)
	f.Add([]byte(":000000 100644 " + strings.Repeat("0", 40) + " " + id + " A\x00new.txt\x00"))
	f.Add([]byte("100644 blob " + id + "\tdir/file.go\x00"))
	f.Fuzz(func(t *testing.T, out []byte) {
		for _, parse := range []func([]byte) error{
			func(b []byte) error { _, err := parseDiffTree(b); return err },
			func(b []byte) error { _, err := parseLsTree(b); return err },
		} {
			parse(out)
		}
		if validRevision(string(out)) == nil && (strings.HasPrefix(string(out), "-") || strings.Contains(string(out), "..")) {
			t.Fatalf("revision %q accepted", out)
		}
	})
}
