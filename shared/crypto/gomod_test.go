package crypto

import (
	"context"
	"errors"
	"testing"
)

// goModCases are the go.mod table, also the fuzz seeds.
var goModCases = []analyzerCase{
	{name: "go line before 1.24", src: "module example.com/m\n\ngo 1.22.5\n",
		want: []string{"L3 ATT-CRYPTO-QUANTUM-VULNERABLE-TLS warning X25519MLKEM768"}},
	{name: "go 1.24 and later", src: "module example.com/m\n\ngo 1.24\n\ntoolchain go1.25.1\n"},
	{name: "go 1.26 with a release candidate", src: "module example.com/m\n\ngo 1.26rc1\n"},
	{name: "godebug tlsmlkem=0 on a line", src: "module example.com/m\n\ngo 1.25\n\ngodebug tlsmlkem=0\n",
		want: []string{"L5 ATT-CRYPTO-QUANTUM-VULNERABLE-TLS warning X25519MLKEM768"}},
	{name: "godebug block", src: "module example.com/m\n\ngo 1.25\n\ngodebug (\n\thttp2client=0\n\ttlsmlkem=0\n\tdefault=go1.21\n)\n",
		want: []string{"L7 ATT-CRYPTO-QUANTUM-VULNERABLE-TLS warning X25519MLKEM768",
			"L8 ATT-CRYPTO-QUANTUM-VULNERABLE-TLS warning X25519MLKEM768"}},
	{name: "tlsmlkem=1 and a comment", src: "module example.com/m\n\n// godebug tlsmlkem=0 was needed for an old proxy\ngo 1.25\n\ngodebug tlsmlkem=1\n"},
	{name: "no go line", src: "module example.com/m\n\nrequire golang.org/x/mod v0.42.0\n"},
}

func TestGoModAnalyzer(t *testing.T) {
	runCases(t, GoModAnalyzer{}, "go.mod", goModCases)
}

func TestGoModAnalyzerErrors(t *testing.T) {
	for _, tc := range []struct{ name, src string }{
		{"unknown directive", "module m\nfrobnicate x\n"},
		{"bad go version", "module m\ngo one.two\n"},
		{"binary", "\x00\x01\x02module"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := findingsOf(GoModAnalyzer{}.Analyze(context.Background(), "go.mod", []byte(tc.src)))
			var pe *ParseError
			if !errors.As(err, &pe) || len(fs) != 0 {
				t.Errorf("got %d findings, error %v; want a *ParseError and none", len(fs), err)
			}
		})
	}
}

func TestAnalyzerForGoMod(t *testing.T) {
	for _, tc := range []struct{ path, want string }{
		{"go.mod", "go.mod"},
		{"tools/go.mod", "go.mod"},
		{"main.go", "go"},
		{"vendor/modules.mod", ""},
	} {
		t.Run(tc.path, func(t *testing.T) {
			a, ok := AnalyzerFor(tc.path)
			got := ""
			if ok {
				got = a.Language()
			}
			if got != tc.want {
				t.Errorf("AnalyzerFor(%q) = %q; want %q", tc.path, got, tc.want)
			}
		})
	}
}

func FuzzGoModAnalyzer(f *testing.F) {
	for _, tc := range goModCases {
		f.Add([]byte(tc.src))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fs, err := findingsOf(GoModAnalyzer{}.Analyze(context.Background(), "go.mod", src))
		var got []findingLike
		for _, x := range fs {
			got = append(got, findingLike{x.RuleID, x.Line, x.Column})
		}
		checkFuzzResult(t, src, got, err)
	})
}

func BenchmarkGoModAnalyzer(b *testing.B) {
	benchmarkAnalyzer(b, GoModAnalyzer{}, "../../go.mod")
}
