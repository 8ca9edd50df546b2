package suppress

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/attestdev/attest/shared/cfn"
)

// FuzzDirectives feeds arbitrary bytes to the comment scanner of every language: it must never panic, and
// what it returns must be consistent with the input.
func FuzzDirectives(f *testing.F) {
	for _, s := range []string{
		"x := 1 // attest:ignore ATT-A reason\n",
		"/* attest:ignore ATT-A,ATT-B because\n * more */\nx",
		"s = \"\"\"\n# attest:ignore X r\n\"\"\"\n# attest:ignore Y r\ny = 1\n",
		"A: |\n  # attest:ignore X r\nB: 'it''s' # attest:ignore Y: r\n",
		"var s = @\"\"\"\" // attest:ignore X r\n",
		"`unterminated // attest:ignore X",
		"'\\",
		"\x00\xff// attest:ignore \xff\xfe r",
	} {
		f.Add(s)
	}
	exts := []string{"a.go", "a.py", "a.yaml", "A.java", "a.ts", "A.cs", "a.sh", "a.tf", "a.template", "go.mod"}
	f.Fuzz(func(t *testing.T, src string) {
		lines := strings.Count(src, "\n") + 1
		for _, p := range exts {
			for _, d := range Directives(p, []byte(src)) {
				if d.Line < 1 || d.Line > lines || d.Target != 0 && (d.Target < d.Line || d.Target > lines) {
					t.Fatalf("%s: directive %+v outside the file's %d lines", p, d, lines)
				}
				if len(d.IDs) > maxIDs || !utf8.ValidString(d.Reason) || !utf8.ValidString(d.Text) {
					t.Fatalf("%s: directive %+v exceeds the limits or is not valid UTF-8", p, d)
				}
				if !strings.HasPrefix(d.Text, Keyword) {
					t.Fatalf("%s: directive text %q does not start with the keyword", p, d.Text)
				}
			}
		}
	})
}

// FuzzFromTemplate reads suppressions from arbitrary templates that parse: it must never panic.
func FuzzFromTemplate(f *testing.F) {
	f.Add(yamlTemplate)
	f.Add(jsonTemplate)
	f.Add("Resources:\n  A:\n    Type: X\n    Metadata:\n      cfn_nag: 3\n      checkov: {skip: [1, [2], {id: [x]}]}\n")
	f.Fuzz(func(t *testing.T, src string) {
		tpl, err := cfn.Parse("t.yaml", []byte(src))
		if err != nil {
			return
		}
		for _, e := range FromTemplate(tpl) {
			if e.LogicalID == "" || (e.Problem == "" && e.ID == "") {
				t.Fatalf("entry %+v: want a resource, and an id or a problem", e)
			}
		}
	})
}
