package crypto

import (
	"context"
	"strings"
	"testing"
)

// checkClassMessages checks that each finding's message carries what its class requires: the NIST IR 8547
// dates and a post-quantum replacement for quantum findings, the replacement cipher for weak ciphers and ECB.
func checkClassMessages(t *testing.T, a Analyzer, file string, cases []analyzerCase) {
	t.Helper()
	wants := map[string][]string{
		RuleWeakCipher:             {"AES-256-GCM", "NIST SP 800-131A"},
		RuleECBMode:                {"ECB", "AES-256-GCM"},
		RuleQuantumVulnerableECDSA: {"2030", "2035", "ML-DSA-65"},
		RuleQuantumVulnerableEdDSA: {"2030", "2035", "ML-DSA-65"},
		RuleQuantumVulnerableECDH:  {"2030", "2035", "ML-KEM-768"},
		RuleQuantumVulnerableDSA:   {"2030", "2035", "ML-DSA-65"},
		RuleQuantumVulnerableDH:    {"2030", "2035", "ML-KEM-768"},
		RuleQuantumVulnerableTLS:   {"2030", "2035", "X25519MLKEM768"},
		RuleShortKeyDSA:            {"NIST SP 800-131A", "2035"},
		RuleShortKeyDH:             {"NIST SP 800-131A", "2035"},
		RuleShortKeyEC:             {"NIST SP 800-131A", "P-256"},
		RuleWeakTLSVersion:         {"TLS 1.2", "RFC 8996"},
		RuleTLSVerifyDisabled:      {"certificate", "CA"},
		RuleWeakTLSCipher:          {"AES-GCM", "NIST SP 800-52"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs, err := findingsOf(a.Analyze(context.Background(), file, []byte(tc.src)))
			if err != nil {
				t.Fatalf("Analyze: %v", err)
			}
			for _, f := range fs {
				for _, w := range wants[f.RuleID] {
					if !strings.Contains(f.Message, w) {
						t.Errorf("L%d %s message %q; want it to mention %q", f.Line, f.RuleID, f.Message, w)
					}
				}
			}
		})
	}
}

func TestGoClassMessages(t *testing.T) {
	checkClassMessages(t, GoAnalyzer{}, "pkg/x.go", goCases)
	checkClassMessages(t, GoModAnalyzer{}, "go.mod", goModCases)
}

func TestNonSecurityName(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"etag", true}, {"ETag", true}, {"objectETag", true}, {"s3_etag", true}, {"fileChecksum", true},
		{"CHECKSUM", true}, {"cache_key", true}, {"cacheKey", true}, {"CacheKeys", true},
		{"targetAge", false}, {"metagame", false}, {"password", false}, {"cache", false}, {"keyCache", false},
		{"", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := nonSecurityName(tc.name); got != tc.want {
				t.Errorf("nonSecurityName(%q) = %v; want %v", tc.name, got, tc.want)
			}
		})
	}
}
