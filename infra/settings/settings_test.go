package settings

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestParseDefaults(t *testing.T) {
	got, err := Parse(FromMap(nil))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	want := Config{
		LogRetentionDays: 365,
		RetentionYears:   6,
		CloudTrail:       true,
		SigningKeySpec:   "ML_DSA_65",
		MaxFileBytes:     1048576,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v; want %+v", got, want)
	}
	if d := got.EvidenceRetentionDays(); d != 2192 {
		t.Errorf("EvidenceRetentionDays = %d; want 2192 (six years with two leap days)", d)
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		name  string
		ctx   map[string]any
		check func(t *testing.T, c Config)
	}{
		{
			name: "command-line strings",
			ctx: map[string]any{
				KeyRepositories: " attest-sample, other.repo ,,attest-sample", KeyScanTags: "true", KeyLogRetentionDays: "731",
				KeyRetentionDays: "2555", KeyCloudTrail: "false", KeySigningKeySpec: "ECC_NIST_P384",
				KeyNotificationEmail: "oncall@example.com", KeyPortalURL: "https://audit.example.com/", KeyMaxFileBytes: "2097152",
				KeyConfigDeliveryBuckets: "config-bucket-123456789012",
			},
			check: func(t *testing.T, c Config) {
				want := Config{
					Repositories: []string{"attest-sample", "other.repo"}, ScanTags: true, LogRetentionDays: 731,
					RetentionDays: 2555, CloudTrail: false, SigningKeySpec: "ECC_NIST_P384",
					NotificationEmail: "oncall@example.com", PortalURL: "https://audit.example.com/", MaxFileBytes: 2097152,
					ConfigDeliveryBuckets: []string{"config-bucket-123456789012"},
				}
				if !reflect.DeepEqual(c, want) {
					t.Errorf("got %+v; want %+v", c, want)
				}
				if d := c.EvidenceRetentionDays(); d != 2555 {
					t.Errorf("EvidenceRetentionDays = %d; want 2555", d)
				}
			},
		},
		{
			name: "cdk.json types",
			ctx: map[string]any{
				KeyRepositories: []any{"attest-sample"}, KeyScanTags: false, KeyLogRetentionDays: float64(90),
				KeyRetentionYears: float64(7), KeyCloudTrail: true, KeyMaxFileBytes: float64(1024),
			},
			check: func(t *testing.T, c Config) {
				if !reflect.DeepEqual(c.Repositories, []string{"attest-sample"}) || c.LogRetentionDays != 90 || c.RetentionYears != 7 ||
					c.RetentionDays != 0 || !c.CloudTrail || c.MaxFileBytes != 1024 {
					t.Errorf("got %+v", c)
				}
				if d := c.EvidenceRetentionDays(); d != 7*365+2 {
					t.Errorf("EvidenceRetentionDays = %d; want %d", d, 7*365+2)
				}
			},
		},
		{
			name: "empty strings keep defaults",
			ctx: map[string]any{
				KeyRepositories: "", KeyNotificationEmail: "", KeyPortalURL: " ", KeyRetentionDays: "", KeyScanTags: "",
				KeySigningKeySpec: "", KeyConfigDeliveryBuckets: "",
			},
			check: func(t *testing.T, c Config) {
				if c.Repositories != nil || c.NotificationEmail != "" || c.PortalURL != "" || c.RetentionYears != 6 ||
					c.ScanTags || c.SigningKeySpec != SpecMLDSA65 || c.ConfigDeliveryBuckets != nil {
					t.Errorf("got %+v; want the defaults", c)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := Parse(FromMap(tc.ctx))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			tc.check(t, c)
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name string
		key  string
		val  any
		want string
	}{
		{"repository with slash", KeyRepositories, "a/b", `"a/b" is not a CodeCommit repository name`},
		{"repository ending in .git", KeyRepositories, "x.git", "not a CodeCommit repository name"},
		{"repository list of numbers", KeyRepositories, []any{"ok", 3.0}, "an element that is a number"},
		{"repository object", KeyRepositories, map[string]any{}, "got an object"},
		{"too many repositories", KeyRepositories, manyRepositories(100), "at most 2048"},
		{"scanTags word", KeyScanTags, "yes", `"yes" is not true or false`},
		{"scanTags number", KeyScanTags, 1.0, "got a number"},
		{"log retention not allowed", KeyLogRetentionDays, 10.0, "not a CloudWatch Logs retention"},
		{"log retention fraction", KeyLogRetentionDays, 30.5, "not a whole number"},
		{"log retention text", KeyLogRetentionDays, "a year", "not a whole number"},
		{"retention years zero", KeyRetentionYears, 0.0, "outside 1..100"},
		{"retention years huge", KeyRetentionYears, "1000", "outside 1..100"},
		{"retention days negative", KeyRetentionDays, -5.0, "outside 1..36500"},
		{"retention days overflow", KeyRetentionDays, "99999999999999999999", "not a whole number"},
		{"signing key spec", KeySigningKeySpec, "RSA_2048", "not supported"},
		{"signing key spec type", KeySigningKeySpec, true, "want a string"},
		{"email with name", KeyNotificationEmail, "Ops <ops@example.com>", "not a plain e-mail address"},
		{"email without at", KeyNotificationEmail, "ops.example.com", "not a plain e-mail address"},
		{"portal http", KeyPortalURL, "http://audit.example.com", "not an https URL"},
		{"portal no host", KeyPortalURL, "https://", "not an https URL"},
		{"portal credentials", KeyPortalURL, "https://u:p@audit.example.com", "not an https URL"},
		{"max file bytes zero", KeyMaxFileBytes, 0.0, "outside 1..67108864"},
		{"max file bytes huge", KeyMaxFileBytes, 1e12, "outside 1..67108864"},
		{"bucket upper case", KeyConfigDeliveryBuckets, "Config-Bucket", "not an S3 bucket name"},
		{"bucket ip", KeyConfigDeliveryBuckets, "192.168.1.1", "not an S3 bucket name"},
		{"bucket double dot", KeyConfigDeliveryBuckets, "a..b", "not an S3 bucket name"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(FromMap(map[string]any{tc.key: tc.val}))
			if err == nil {
				t.Fatalf("Parse(%s=%v): got no error; want %q", tc.key, tc.val, tc.want)
			}
			var se *Error
			if !errors.As(err, &se) || se.Key != tc.key {
				t.Errorf("error %v does not name key %s", err, tc.key)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %v; want it to contain %q", err, tc.want)
			}
		})
	}
}

func manyRepositories(n int) string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("repository-%03d-with-a-long-name", i)
	}
	return strings.Join(names, ",")
}

func TestParseReportsEveryError(t *testing.T) {
	_, err := Parse(FromMap(map[string]any{KeyScanTags: "maybe", KeyMaxFileBytes: "-1", KeyPortalURL: "ftp://x"}))
	if err == nil {
		t.Fatal("got no error")
	}
	for _, key := range []string{KeyScanTags, KeyMaxFileBytes, KeyPortalURL} {
		if !strings.Contains(err.Error(), key) {
			t.Errorf("error %q does not mention %s", err, key)
		}
	}
}

func TestKeysAreUnique(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range Keys() {
		if seen[k] || !strings.HasPrefix(k, "attest:") {
			t.Errorf("key %q is duplicated or lacks the attest: prefix", k)
		}
		seen[k] = true
	}
}

// FuzzParse feeds arbitrary command-line strings to every option: Parse must return a config or an error,
// never panic, and an accepted config must satisfy the documented bounds.
func FuzzParse(f *testing.F) {
	f.Add("attest-sample,other", "true", "365", "6", "", "false", "ML_DSA_65", "a@example.com", "https://x.example", "1048576", "b-1")
	f.Add(",,,", "TRUE", "0", "-1", "1e3", "", "", "<a@b>", "https://", "0x10", "A..B")
	f.Fuzz(func(t *testing.T, repos, tags, logDays, years, days, trail, spec, email, portal, maxBytes, buckets string) {
		c, err := Parse(FromMap(map[string]any{
			KeyRepositories: repos, KeyScanTags: tags, KeyLogRetentionDays: logDays, KeyRetentionYears: years,
			KeyRetentionDays: days, KeyCloudTrail: trail, KeySigningKeySpec: spec, KeyNotificationEmail: email,
			KeyPortalURL: portal, KeyMaxFileBytes: maxBytes, KeyConfigDeliveryBuckets: buckets,
		}))
		if err != nil {
			return
		}
		if d := c.EvidenceRetentionDays(); d < 1 || d > 36600+100 {
			t.Errorf("EvidenceRetentionDays = %d out of range for %+v", d, c)
		}
		if c.MaxFileBytes < 1 || c.MaxFileBytes > maxFileBytes {
			t.Errorf("MaxFileBytes = %d accepted", c.MaxFileBytes)
		}
		for _, r := range c.Repositories {
			if checkRepository(r) != nil || strings.Contains(r, ",") {
				t.Errorf("repository %q accepted", r)
			}
		}
		for _, b := range c.ConfigDeliveryBuckets {
			if checkBucket(b) != nil {
				t.Errorf("bucket %q accepted", b)
			}
		}
	})
}
