package samplerepo

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/sample-repo/commits.json")

func TestBuildIsReproducible(t *testing.T) {
	src := filepath.Join("..", "..", "testdata", "sample-repo")
	a, err := Build(src, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	b, err := Build(src, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Fatalf("two builds gave %+v and %+v; want the same commits", a, b)
	}
	if *update {
		out, _ := json.MarshalIndent(a, "", "  ")
		if err := os.WriteFile(filepath.Join(src, "commits.json"), append(out, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := ReadCommits(src)
	if err != nil {
		t.Fatal(err)
	}
	if a != want {
		t.Errorf("got commits %+v; want %+v from commits.json (run with -update after editing the trees)", a, want)
	}
}
