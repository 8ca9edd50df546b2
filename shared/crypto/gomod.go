package crypto

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/attestdev/attest/shared/finding"
	"golang.org/x/mod/modfile"
)

// GoModAnalyzer reads go.mod files for settings that turn off hybrid post-quantum TLS key exchange: a go line
// below 1.24, whose GODEBUG defaults predate X25519MLKEM768, and godebug lines that set tlsmlkem=0 or an old
// default. It reads files by name, as an extension cannot select go.mod.
type GoModAnalyzer struct{}

// Language returns "go.mod".
func (GoModAnalyzer) Language() string { return "go.mod" }

// Extensions returns none: the analyzer is chosen by file name (see FileNames).
func (GoModAnalyzer) Extensions() []string { return nil }

// FileNames returns "go.mod".
func (GoModAnalyzer) FileNames() []string { return []string{"go.mod"} }

// goPQMinor is the first Go minor version whose GODEBUG defaults offer X25519MLKEM768.
const goPQMinor = 24

// Analyze reports the go and godebug lines of one go.mod that leave TLS key exchange classical.
func (GoModAnalyzer) Analyze(ctx context.Context, path string, src []byte) (Result, error) {
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	f, err := modfile.Parse(path, src, nil)
	if err != nil {
		return Result{}, goModParseError(path, err)
	}
	lines := newLineIndex(src)
	var out []finding.Finding
	if f.Go != nil && f.Go.Syntax != nil {
		if minor, ok := goMinor(f.Go.Version); ok && minor < goPQMinor {
			at := lines.at(f.Go.Syntax.Start.Line-1, f.Go.Syntax.Start.LineRune-1)
			out = append(out, goOldDefaults("go "+f.Go.Version, "the go line", at).finding(path))
		}
	}
	for _, d := range f.Godebug {
		if d.Syntax == nil {
			continue
		}
		at := lines.at(d.Syntax.Start.Line-1, d.Syntax.Start.LineRune-1)
		switch {
		case d.Key == "tlsmlkem":
			if u, ok := godebugUse(d.Key+"="+d.Value, "a go.mod godebug line", at); ok {
				out = append(out, u.finding(path))
			}
		case d.Key == "default":
			if minor, ok := goMinor(strings.TrimPrefix(d.Value, "go")); ok && minor < goPQMinor {
				out = append(out, goOldDefaults("godebug default="+d.Value, "a go.mod godebug line", at).finding(path))
			}
		}
	}
	return newResult(path, out, nil), nil
}

// goOldDefaults reports GODEBUG defaults of a Go version before 1.24.
func goOldDefaults(setting, api string, at position) classUse {
	return tlsUse(RuleQuantumVulnerableTLS, finding.LevelWarning, "X25519MLKEM768", api, fmt.Sprintf(
		"%s (%s) selects the GODEBUG defaults of a Go release before 1.24, which do not offer hybrid "+
			"X25519MLKEM768 key exchange, so TLS connections use classical key exchange only: %s. Raise it to "+
			"go 1.24 or later (the toolchain then offers X25519MLKEM768 by default).", setting, api, pqTLS), at,
		"setting", setting)
}

// goMinor returns the minor version of a Go 1.x version ("1.23.4", "1.22rc1").
func goMinor(v string) (int, bool) {
	rest, ok := strings.CutPrefix(strings.TrimSpace(v), "1.")
	if !ok {
		return 0, false
	}
	end := 0
	for end < len(rest) && rest[end] >= '0' && rest[end] <= '9' {
		end++
	}
	n, err := strconv.Atoi(rest[:end])
	if err != nil {
		return 0, false
	}
	return n, true
}

func goModParseError(path string, err error) error {
	var list modfile.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		e := list[0]
		return &ParseError{Path: path, Line: e.Pos.Line, Column: e.Pos.LineRune, Msg: e.Err.Error()}
	}
	return &ParseError{Path: path, Msg: err.Error()}
}
