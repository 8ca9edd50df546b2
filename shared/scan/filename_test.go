package scan

import (
	"context"
	"testing"
	"testing/fstest"
)

func TestAnalyzerByFileName(t *testing.T) {
	fsys := fstest.MapFS{
		"svc/go.mod":    {Data: []byte("module example.com/svc\n\ngo 1.22\n")},
		"svc/notes.mod": {Data: []byte("go 1.22\n")},
	}
	rep, err := New().Scan(context.Background(), fsys, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 1 || rep.Findings[0].Path != "svc/go.mod" || rep.Findings[0].Line != 3 {
		t.Errorf("got findings %+v; want one on svc/go.mod line 3 (the go line below 1.24)", rep.Findings)
	}
	skipped := map[string]bool{}
	for _, s := range rep.Skipped {
		skipped[s.Path] = true
	}
	if !skipped["svc/notes.mod"] {
		t.Errorf("got skipped %v; want notes.mod skipped: only a file named go.mod is a module file", rep.Skipped)
	}
}
