package crypto

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/finding"
)

func TestRuleIDsAreUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("rule ID %s is registered twice", r.ID)
		}
		seen[r.ID] = true
	}
}

// idScheme is the documented form ATT-CRYPTO-<CLASS>[-<FAMILY>].
var idScheme = regexp.MustCompile(`^ATT-CRYPTO-(WEAK-HASH|WEAK-CIPHER|ECB-MODE|SHORT-KEY|QUANTUM-VULNERABLE|WEAK-TLS)(-[A-Z0-9]+)*$`)

func TestRulesAreComplete(t *testing.T) {
	frameworks := []string{"HIPAA", "SOC2", "PCI-DSS-4.0"}
	for _, r := range Rules() {
		t.Run(r.ID, func(t *testing.T) {
			m := idScheme.FindStringSubmatch(r.ID)
			if m == nil {
				t.Fatalf("ID %s does not follow ATT-CRYPTO-<CLASS>[-<FAMILY>]", r.ID)
			}
			if want := "crypto/" + strings.ToLower(m[1]); r.Class != want {
				t.Errorf("class %q; want %q, the class the ID names", r.Class, want)
			}
			classTags := 0
			for _, tag := range r.Tags() {
				if strings.HasPrefix(tag, "class:") {
					classTags++
				}
			}
			if classTags != 1 {
				t.Errorf("got %d class tags; want exactly 1", classTags)
			}
			if r.Title == "" || r.Description == "" || r.Remediation == "" || r.HelpURI == "" {
				t.Errorf("rule lacks a title, description, remediation or help URI: %+v", r)
			}
			if r.Level.Rank() == 0 {
				t.Errorf("level %q; want error, warning or note", r.Level)
			}
			if !slices.Contains([]string{"high", "medium", "low"}, r.Confidence) {
				t.Errorf("confidence %q; want high, medium or low", r.Confidence)
			}
			if len(r.CWE) == 0 || len(r.Controls) == 0 {
				t.Errorf("got CWE %v and controls %v; want both", r.CWE, r.Controls)
			}
			for _, c := range r.Controls {
				fw, _, _ := strings.Cut(c, "/")
				if !slices.Contains(frameworks, fw) {
					t.Errorf("control %q is not of a known framework %v", c, frameworks)
				}
			}
		})
	}
}

func TestRuleMappings(t *testing.T) {
	tests := []struct {
		id       string
		level    finding.Level
		cwe      []int
		controls []string
	}{
		{RuleWeakHash, finding.LevelError, []int{327, 328}, []string{"PCI-DSS-4.0/4.2.1", "PCI-DSS-4.0/12.3.3"}},
		{RuleShortKeyRSA, finding.LevelError, []int{326}, []string{"PCI-DSS-4.0/3.6.1", "PCI-DSS-4.0/4.2.1",
			"PCI-DSS-4.0/12.3.3", "HIPAA/164.312(a)(2)(iv)", "HIPAA/164.312(e)(2)(ii)"}},
		{RuleQuantumVulnerableRSA, finding.LevelWarning, []int{327}, []string{"PCI-DSS-4.0/12.3.3"}},
		{RuleWeakCipher, finding.LevelError, []int{327}, []string{"PCI-DSS-4.0/4.2.1", "PCI-DSS-4.0/3.5.1", "PCI-DSS-4.0/12.3.3", "HIPAA/164.312(a)(2)(iv)", "HIPAA/164.312(e)(2)(ii)"}},
		{RuleECBMode, finding.LevelError, []int{327}, []string{"PCI-DSS-4.0/4.2.1", "PCI-DSS-4.0/3.5.1", "HIPAA/164.312(a)(2)(iv)", "HIPAA/164.312(e)(2)(ii)"}},
		{RuleShortKeyDSA, finding.LevelError, []int{326}, []string{"PCI-DSS-4.0/3.6.1", "PCI-DSS-4.0/4.2.1", "PCI-DSS-4.0/12.3.3", "HIPAA/164.312(a)(2)(iv)", "HIPAA/164.312(e)(2)(ii)"}},
		{RuleShortKeyDH, finding.LevelError, []int{326}, []string{"PCI-DSS-4.0/3.6.1", "PCI-DSS-4.0/4.2.1", "PCI-DSS-4.0/12.3.3", "HIPAA/164.312(a)(2)(iv)", "HIPAA/164.312(e)(2)(ii)"}},
		{RuleShortKeyEC, finding.LevelError, []int{326}, []string{"PCI-DSS-4.0/3.6.1", "PCI-DSS-4.0/4.2.1", "PCI-DSS-4.0/12.3.3", "HIPAA/164.312(a)(2)(iv)", "HIPAA/164.312(e)(2)(ii)"}},
		{RuleShortKeySymmetric, finding.LevelError, []int{326}, []string{"PCI-DSS-4.0/3.6.1", "PCI-DSS-4.0/4.2.1", "PCI-DSS-4.0/12.3.3", "HIPAA/164.312(a)(2)(iv)", "HIPAA/164.312(e)(2)(ii)"}},
		{RuleQuantumVulnerableECDSA, finding.LevelWarning, []int{327}, []string{"PCI-DSS-4.0/12.3.3"}},
		{RuleQuantumVulnerableECDH, finding.LevelWarning, []int{327}, []string{"PCI-DSS-4.0/12.3.3"}},
		{RuleQuantumVulnerableEdDSA, finding.LevelWarning, []int{327}, []string{"PCI-DSS-4.0/12.3.3"}},
		{RuleQuantumVulnerableDSA, finding.LevelWarning, []int{327}, []string{"PCI-DSS-4.0/12.3.3"}},
		{RuleQuantumVulnerableDH, finding.LevelWarning, []int{327}, []string{"PCI-DSS-4.0/12.3.3"}},
		{RuleQuantumVulnerableKMS, finding.LevelWarning, []int{327}, []string{"PCI-DSS-4.0/12.3.3"}},
		{RuleQuantumVulnerableTLS, finding.LevelWarning, []int{327}, []string{"PCI-DSS-4.0/12.3.3"}},
		{RuleWeakTLSVersion, finding.LevelError, []int{327}, []string{"PCI-DSS-4.0/4.2.1", "PCI-DSS-4.0/12.3.3", "HIPAA/164.312(e)(1)", "HIPAA/164.312(e)(2)(ii)"}},
		{RuleTLSVerifyDisabled, finding.LevelError, []int{295}, []string{"PCI-DSS-4.0/4.2.1", "PCI-DSS-4.0/12.3.3", "HIPAA/164.312(e)(1)", "HIPAA/164.312(e)(2)(ii)"}},
		{RuleWeakTLSCipher, finding.LevelError, []int{327}, []string{"PCI-DSS-4.0/4.2.1", "PCI-DSS-4.0/12.3.3", "HIPAA/164.312(e)(1)", "HIPAA/164.312(e)(2)(ii)"}},
		{RuleWeakTLSPolicy, finding.LevelError, []int{327}, []string{"PCI-DSS-4.0/4.2.1", "PCI-DSS-4.0/12.3.3", "HIPAA/164.312(e)(1)", "HIPAA/164.312(e)(2)(ii)"}},
		{RuleLegacyRDSCA, finding.LevelError, []int{295}, []string{"PCI-DSS-4.0/4.2.1", "PCI-DSS-4.0/12.3.3", "HIPAA/164.312(e)(1)", "HIPAA/164.312(e)(2)(ii)"}},
	}
	rules := map[string]finding.Rule{}
	for _, r := range Rules() {
		rules[r.ID] = r
	}
	if len(rules) != len(tests) {
		t.Errorf("got %d rules; want %d (add the new rule's mapping here)", len(rules), len(tests))
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			r, ok := rules[tc.id]
			if !ok {
				t.Fatalf("rule %s is not registered", tc.id)
			}
			if r.Level != tc.level || !slices.Equal(r.CWE, tc.cwe) || !slices.Equal(r.Controls, tc.controls) {
				t.Errorf("got level %s, CWE %v, controls %v; want %s, %v, %v", r.Level, r.CWE, r.Controls, tc.level, tc.cwe, tc.controls)
			}
		})
	}
}

func TestAnalyzerRegistry(t *testing.T) {
	seen := map[string]string{}
	for _, a := range Analyzers() {
		for _, ext := range a.Extensions() {
			if !strings.HasPrefix(ext, ".") || ext != strings.ToLower(ext) {
				t.Errorf("%s: extension %q; want lower case with a dot", a.Language(), ext)
			}
			if other, ok := seen[ext]; ok {
				t.Errorf("extension %s is claimed by %s and %s", ext, other, a.Language())
			}
			seen[ext] = a.Language()
		}
	}
	tests := []struct {
		path, want string
	}{
		{"cmd/main.go", "go"},
		{"app/handler.py", "python"},
		{"APP/UPPER.PY", "python"},
		{"README.md", ""},
		{"Makefile", ""},
		{"archive.go.bak", ""},
	}
	for _, tc := range tests {
		t.Run(tc.path, func(t *testing.T) {
			got := ""
			if a, ok := AnalyzerFor(tc.path); ok {
				got = a.Language()
			}
			if got != tc.want {
				t.Errorf("AnalyzerFor(%q) = %q; want %q", tc.path, got, tc.want)
			}
		})
	}
}

func TestDedupeKeepsWorstPerLineAndAlgorithm(t *testing.T) {
	f := func(line, col int, alg string, level finding.Level) finding.Finding {
		return finding.Finding{Line: line, Column: col, Level: level, Props: map[string]string{"algorithm": alg}}
	}
	got := dedupe([]finding.Finding{
		f(1, 5, "RSA", finding.LevelWarning), f(1, 30, "RSA", finding.LevelError), f(1, 9, "MD5", finding.LevelNote),
		f(1, 2, "MD5", finding.LevelNote), f(2, 1, "RSA", finding.LevelWarning),
	})
	want := []finding.Finding{f(1, 30, "RSA", finding.LevelError), f(1, 2, "MD5", finding.LevelNote), f(2, 1, "RSA", finding.LevelWarning)}
	if len(got) != len(want) {
		t.Fatalf("got %d findings; want %d", len(got), len(want))
	}
	for i := range want {
		if got[i].Line != want[i].Line || got[i].Column != want[i].Column || got[i].Level != want[i].Level {
			t.Errorf("finding %d: got %d:%d %s; want %d:%d %s", i, got[i].Line, got[i].Column, got[i].Level, want[i].Line, want[i].Column, want[i].Level)
		}
	}
}
