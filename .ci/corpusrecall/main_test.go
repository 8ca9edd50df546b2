package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScore(t *testing.T) {
	want := labels{"go/a.go": {
		3: {"crypto/weak-hash": true},
		4: {"crypto/weak-hash": true, "crypto/quantum-vulnerable": true},
		5: {}, // a labelled negative
	}}
	got := hits{}
	got.add("go/a.go", 3, "crypto/weak-hash")
	got.add("go/a.go", 4, "crypto/quantum-vulnerable")
	got.add("go/a.go", 5, "crypto/weak-hash")
	got.add("go/a.go", 9, "crypto/weak-tls") // an unlabelled line must stay silent
	tests := []struct {
		class      string
		tp, fp, fn int
	}{
		{"crypto/weak-hash", 1, 1, 1},
		{"crypto/quantum-vulnerable", 1, 0, 0},
		{"crypto/weak-tls", 0, 1, 0},
	}
	res := score(want, got)
	for _, tc := range tests {
		t.Run(tc.class, func(t *testing.T) {
			c := res[tc.class]
			if c == nil || c.tp != tc.tp || c.fp != tc.fp || c.fn != tc.fn {
				t.Errorf("got %+v; want tp %d fp %d fn %d", c, tc.tp, tc.fp, tc.fn)
			}
		})
	}
}

func TestGosecHits(t *testing.T) {
	root := t.TempDir()
	file := filepath.Join(root, "legacy", "legacy_crypto.go")
	want := labels{"go/legacy_crypto.go": {10: {"crypto/weak-hash": true}}}
	tests := []struct {
		name, report string
		wantHit      string // "line class" expected in the hits
		wantImportFP int
		wantUnmapped string
		wantErr      string
	}{
		{
			name:    "use and range line",
			report:  `{"Issues":[{"rule_id":"G401","file":"` + file + `","line":"10-11"}]}`,
			wantHit: "10 crypto/weak-hash",
		},
		{
			name:         "import line",
			report:       `{"Issues":[{"rule_id":"G501","file":"` + file + `","line":"4"}]}`,
			wantHit:      "4 crypto/weak-hash",
			wantImportFP: 1,
		},
		{
			name:         "unmapped rule",
			report:       `{"Issues":[{"rule_id":"G104","file":"` + file + `","line":"12"}]}`,
			wantUnmapped: "G104",
		},
		{
			name:    "file outside the scanned root",
			report:  `{"Issues":[{"rule_id":"G401","file":"/elsewhere/x.go","line":"1"}]}`,
			wantErr: "outside",
		},
		{
			name:    "bad line",
			report:  `{"Issues":[{"rule_id":"G401","file":"` + file + `","line":"ten"}]}`,
			wantErr: "not a number",
		},
		{
			name:    "not JSON",
			report:  `[Issues`,
			wantErr: "parse gosec report",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "gosec.json")
			if err := os.WriteFile(path, []byte(tc.report), 0o644); err != nil {
				t.Fatal(err)
			}
			h, unmapped, importFP, err := gosecHits(path, root, "go", want)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got error %v; want one containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tc.wantHit != "" {
				var line int
				var class string
				if _, err := fmt.Sscan(tc.wantHit, &line, &class); err != nil {
					t.Fatal(err)
				}
				if !h["go/legacy_crypto.go"][line][class] {
					t.Errorf("got hits %v; want %s on go/legacy_crypto.go", h, tc.wantHit)
				}
			}
			if importFP != tc.wantImportFP {
				t.Errorf("got %d import-line false positives; want %d", importFP, tc.wantImportFP)
			}
			if tc.wantUnmapped != "" && unmapped[tc.wantUnmapped] != 1 {
				t.Errorf("got unmapped %v; want one %s", unmapped, tc.wantUnmapped)
			}
		})
	}
}
