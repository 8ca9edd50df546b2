package iamglob

import (
	"strings"
	"testing"
)

func TestMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		want       bool
	}{
		{"*", "", true},
		{"*", "anything", true},
		{"", "", true},
		{"", "x", false},
		{"arn:aws:s3:::orders/*", "arn:aws:s3:::orders/2026/a.json", true},
		{"arn:aws:s3:::orders/*", "arn:aws:s3:::orders", false},
		{"arn:aws:s3:::orders*", "arn:aws:s3:::orders-archive", true},
		{"a?c", "abc", true},
		{"a?c", "ac", false},
		{"*b*b*", "abcb", true},
		{"*b*b*", "abc", false},
		{"Orders", "orders", false},
		{"*", "*0", true},
		{"a*", "a*b", true},
	}
	for _, tc := range tests {
		if got := Match(tc.pattern, tc.s); got != tc.want {
			t.Errorf("Match(%q, %q) = %v; want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}

func TestMatchAction(t *testing.T) {
	tests := []struct {
		pattern, action string
		want            bool
	}{
		{"s3:Get*", "s3:GetObject", true},
		{"S3:GETOBJECT", "s3:GetObject", true},
		{"s3:*Object", "s3:PutObjectAcl", false},
		{"*", "kms:Decrypt", true},
		{"dynamodb:?etItem", "dynamodb:GetItem", true},
	}
	for _, tc := range tests {
		if got := MatchAction(tc.pattern, tc.action); got != tc.want {
			t.Errorf("MatchAction(%q, %q) = %v; want %v", tc.pattern, tc.action, got, tc.want)
		}
	}
}

// A pathological pattern stays quadratic at worst: no exponential backtracking.
func BenchmarkMatchPathological(b *testing.B) {
	pattern := strings.Repeat("*a", 64) + "b"
	s := strings.Repeat("a", 4096)
	for b.Loop() {
		Match(pattern, s)
	}
}

func FuzzMatch(f *testing.F) {
	f.Add("a*b?c", "axxbyc")
	f.Fuzz(func(t *testing.T, pattern, s string) {
		if Match(pattern, s) != Match(pattern, s) {
			t.Fatal("not deterministic")
		}
		if !Match("*", s) || !Match(s, s) && !strings.ContainsAny(s, "*?") {
			t.Fatalf("Match(*, %q) or Match(s, s) failed", s)
		}
	})
}
