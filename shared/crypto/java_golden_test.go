//go:build cgo

package crypto

import (
	"context"
	"encoding/json"
	"os"
	"testing"
)

const (
	javaSample = "testdata/java/Sample.java"
	javaGolden = "testdata/java/Sample.golden.json"
)

// TestJavaGolden compares the findings of the sample with the reviewed golden file, messages included
// (refresh: go test ./shared/crypto -run TestJavaGolden -update).
func TestJavaGolden(t *testing.T) {
	src, err := os.ReadFile(javaSample)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := findingsOf(JavaAnalyzer{}.Analyze(context.Background(), "Sample.java", src))
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	got, err := json.MarshalIndent(fs, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	CompareGolden(t, javaGolden, append(got, '\n'))
}

func TestJavaDigestFix(t *testing.T) {
	tests := []struct{ name, method, want string }{
		{name: "commons hex", method: jCommonsDigest + ".md5Hex", want: "DigestUtils.sha256Hex(data)"},
		{name: "commons bytes", method: jCommonsDigest + ".sha1", want: "DigestUtils.sha256(data)"},
		{name: "commons digest", method: jCommonsDigest + ".getMd5Digest", want: "DigestUtils.getSha256Digest()"},
		{name: "guava", method: jGuavaHashing + ".md5", want: "Hashing.sha256()"},
		{name: "spring has no sha256 helper", method: jSpringDigest + ".md5DigestAsHex", want: `MessageDigest.getInstance("SHA-256").digest(data)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := javaDigestFix(tc.method); got != tc.want {
				t.Errorf("javaDigestFix(%q) = %q; want %q", tc.method, got, tc.want)
			}
		})
	}
}
