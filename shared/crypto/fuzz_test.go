package crypto

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// fixtureSeeds adds the fixture tree's files with the given extension to a fuzz corpus.
func fixtureSeeds(f *testing.F, ext string) {
	f.Helper()
	err := filepath.WalkDir("../../testdata/crypto/src", func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ext {
			return err
		}
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(b)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
}

// checkFuzzResult holds for any input: no panic (the fuzzer catches those), a parse error of the documented
// type or findings that name registered rules at lines of the input.
func checkFuzzResult(t *testing.T, src []byte, fs []findingLike, err error) {
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("got error %v (%T); want a *ParseError", err, err)
		}
		return
	}
	lines := bytes.Count(src, []byte{'\n'}) + 1
	ids := map[string]bool{}
	for _, r := range Rules() {
		ids[r.ID] = true
	}
	for _, f := range fs {
		if !ids[f.RuleID] || f.Line < 1 || f.Line > lines || f.Column < 1 {
			t.Fatalf("finding %s at %d:%d in a %d-line input", f.RuleID, f.Line, f.Column, lines)
		}
	}
}

type findingLike struct {
	RuleID       string
	Line, Column int
}

func FuzzGoAnalyzer(f *testing.F) {
	for _, tc := range goCases {
		f.Add([]byte(tc.src))
	}
	fixtureSeeds(f, ".go")
	f.Add([]byte("package x\nimport . \"crypto/rsa\"\nvar _, _ = GenerateKey(nil, 1<<100)\n"))
	f.Add([]byte("package x\nimport \"crypto/rsa\"\nvar _ = rsa.GenerateKey(nil, -1, 2.5, \"x\")\n"))
	f.Add([]byte("package x\nimport \"C\"\nimport \"crypto/md5\"\nvar _ = md5.Sum(C.x)\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		fs, err := fuzzFindings(t, src)(GoAnalyzer{}.Analyze(context.Background(), "f.go", src))
		var got []findingLike
		for _, x := range fs {
			got = append(got, findingLike{x.RuleID, x.Line, x.Column})
		}
		checkFuzzResult(t, src, got, err)
	})
}
