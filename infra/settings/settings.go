package settings

import (
	"errors"
	"fmt"
	"math"
	"net/mail"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The context keys.
const (
	KeyRepositories          = "attest:repositories"
	KeyScanTags              = "attest:scanTags"
	KeyLogRetentionDays      = "attest:logRetentionDays"
	KeyRetentionYears        = "attest:retentionYears"
	KeyRetentionDays         = "attest:retentionDays"
	KeyCloudTrail            = "attest:cloudTrail"
	KeySigningKeySpec        = "attest:signingKeySpec"
	KeyNotificationEmail     = "attest:notificationEmail"
	KeyPortalURL             = "attest:portalUrl"
	KeyMaxFileBytes          = "attest:maxFileBytes"
	KeyConfigDeliveryBuckets = "attest:configDeliveryBuckets"
	KeySecurityHub           = "attest:securityHub"
	KeyDailyDigest           = "attest:dailyDigest"
	KeyBedrockModelID        = "attest:bedrockModelId"
	KeyPolicyURI             = "attest:policyUri"
)

// Keys lists every context key the stack reads.
func Keys() []string {
	return []string{
		KeyRepositories, KeyScanTags, KeyLogRetentionDays, KeyRetentionYears, KeyRetentionDays, KeyCloudTrail,
		KeySigningKeySpec, KeyNotificationEmail, KeyPortalURL, KeyMaxFileBytes, KeyConfigDeliveryBuckets,
		KeySecurityHub, KeyBedrockModelID, KeyDailyDigest, KeyPolicyURI,
	}
}

// Signing key specs the evidence step can sign with.
const (
	SpecMLDSA65     = "ML_DSA_65"
	SpecECCNISTP384 = "ECC_NIST_P384"
)

// Defaults.
const (
	DefaultLogRetentionDays = 365
	// DefaultRetentionYears is HIPAA's six years (45 CFR 164.316(b)(2)(i)), the longest of the supported
	// frameworks.
	DefaultRetentionYears = 6
	DefaultMaxFileBytes   = 1 << 20
	DefaultSigningKeySpec = SpecMLDSA65
)

// Limits.
const (
	// Lambda's environment variables share 4 KB, so the lists that travel in one are bounded.
	maxListChars     = 2048
	maxFileBytes     = 64 << 20 // fetch holds a file in memory in a 512 MB function
	maxRetentionDays = 36500    // S3 Object Lock's limit (100 years)
	maxRetentionYrs  = 100
)

// LogRetentionValues are the retention periods (days) CloudWatch Logs accepts.
var LogRetentionValues = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

// Config is the checked stack configuration.
type Config struct {
	// Repositories are the CodeCommit repository names to watch; empty watches every repository of the
	// account and region.
	Repositories []string
	// ScanTags makes pushes of tags start runs, not only pushes of branches.
	ScanTags bool
	// LogRetentionDays is the retention of every log group of the stack.
	LogRetentionDays int
	// RetentionYears or RetentionDays (exactly one is non-zero) is the evidence bucket's default Object Lock
	// retention in compliance mode.
	RetentionYears int
	RetentionDays  int
	// CloudTrail creates a trail of S3 data events on the evidence bucket; turn it off when an organisation
	// trail already records them.
	CloudTrail bool
	// SigningKeySpec is the KMS key spec of the pack signing key.
	SigningKeySpec string
	// NotificationEmail, when set, is subscribed to the notification topic.
	NotificationEmail string
	// PortalURL, when set, is linked from notifications.
	PortalURL string
	// MaxFileBytes is the largest file fetch reads from a push.
	MaxFileBytes int
	// ConfigDeliveryBuckets are the AWS Config delivery buckets evaluate may read oversized configuration
	// items from; empty grants no such read.
	ConfigDeliveryBuckets []string
	// SecurityHub imports the findings of branch pushes and Config evaluations into AWS Security Hub, which
	// must be enabled in the account and region.
	SecurityHub bool
	// DailyDigest sends, every day after midnight UTC, a digest of the previous day's packs to the topic.
	DailyDigest bool
	// BedrockModelID, when set, lets the explain step write a narrative with this Bedrock model (a
	// foundation-model ID, or an inference-profile ID with its geography prefix); empty turns it off.
	BedrockModelID string
	// PolicyURI names the organisation's policy file in S3 (s3://bucket/key): it overrides the
	// repositories' .attest.yml for the scan and decides what blocks a pull request; empty means none.
	PolicyURI string
}

// EvidenceRetentionDays is the retention in days that covers the bucket's default retention: years count
// 365 days plus one leap day per started four years, so a retention written by the evidence step is never
// shorter than the bucket's own.
func (c Config) EvidenceRetentionDays() int {
	if c.RetentionDays > 0 {
		return c.RetentionDays
	}
	return c.RetentionYears*365 + (c.RetentionYears+3)/4
}

// Lookup returns the raw context value of a key; ok is false when the key is not set.
type Lookup func(key string) (value any, ok bool)

// FromMap is a Lookup over a map (for tests and for values decoded from JSON).
func FromMap(m map[string]any) Lookup {
	return func(k string) (any, bool) {
		v, ok := m[k]
		return v, ok && v != nil
	}
}

// Parse reads and checks every option. It reports all invalid options at once.
func Parse(lookup Lookup) (Config, error) {
	p := parser{lookup: lookup}
	c := Config{
		Repositories:          p.list(KeyRepositories, checkRepository),
		ScanTags:              p.boolean(KeyScanTags, false),
		LogRetentionDays:      p.integer(KeyLogRetentionDays, DefaultLogRetentionDays),
		RetentionYears:        p.integer(KeyRetentionYears, DefaultRetentionYears),
		RetentionDays:         p.integer(KeyRetentionDays, 0),
		CloudTrail:            p.boolean(KeyCloudTrail, true),
		SigningKeySpec:        p.str(KeySigningKeySpec, DefaultSigningKeySpec),
		NotificationEmail:     p.str(KeyNotificationEmail, ""),
		PortalURL:             p.str(KeyPortalURL, ""),
		MaxFileBytes:          p.integer(KeyMaxFileBytes, DefaultMaxFileBytes),
		ConfigDeliveryBuckets: p.list(KeyConfigDeliveryBuckets, checkBucket),
		SecurityHub:           p.boolean(KeySecurityHub, false),
		DailyDigest:           p.boolean(KeyDailyDigest, false),
		BedrockModelID:        p.str(KeyBedrockModelID, ""),
		PolicyURI:             p.str(KeyPolicyURI, ""),
	}
	if c.PolicyURI != "" {
		if b, k, ok := SplitS3URI(c.PolicyURI); !ok || checkBucket(b) != nil || k == "" {
			p.fail(KeyPolicyURI, fmt.Errorf("%q is not an s3://bucket/key URI", c.PolicyURI))
		}
	}
	if c.BedrockModelID != "" && !bedrockModelID.MatchString(c.BedrockModelID) {
		p.fail(KeyBedrockModelID, fmt.Errorf("%q is not a Bedrock model ID (meta.llama3-70b-instruct-v1:0)", c.BedrockModelID))
	}
	if !slices.Contains(LogRetentionValues, c.LogRetentionDays) {
		p.fail(KeyLogRetentionDays, fmt.Errorf("%d is not a CloudWatch Logs retention; want one of %v", c.LogRetentionDays, LogRetentionValues))
	}
	if c.RetentionDays != 0 {
		// Days, when given, replace the default years.
		c.RetentionYears = 0
		if c.RetentionDays < 1 || c.RetentionDays > maxRetentionDays {
			p.fail(KeyRetentionDays, fmt.Errorf("%d is outside 1..%d", c.RetentionDays, maxRetentionDays))
		}
	} else if c.RetentionYears < 1 || c.RetentionYears > maxRetentionYrs {
		p.fail(KeyRetentionYears, fmt.Errorf("%d is outside 1..%d", c.RetentionYears, maxRetentionYrs))
	}
	if c.SigningKeySpec != SpecMLDSA65 && c.SigningKeySpec != SpecECCNISTP384 {
		p.fail(KeySigningKeySpec, fmt.Errorf("%q is not supported; want %s or %s (where ML-DSA is not offered)", c.SigningKeySpec, SpecMLDSA65, SpecECCNISTP384))
	}
	if c.NotificationEmail != "" {
		if a, err := mail.ParseAddress(c.NotificationEmail); err != nil || a.Address != c.NotificationEmail {
			p.fail(KeyNotificationEmail, fmt.Errorf("%q is not a plain e-mail address", c.NotificationEmail))
		}
	}
	if c.PortalURL != "" {
		if u, err := url.Parse(c.PortalURL); err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil {
			p.fail(KeyPortalURL, fmt.Errorf("%q is not an https URL", c.PortalURL))
		}
	}
	if c.MaxFileBytes < 1 || c.MaxFileBytes > maxFileBytes {
		p.fail(KeyMaxFileBytes, fmt.Errorf("%d is outside 1..%d", c.MaxFileBytes, maxFileBytes))
	}
	if err := errors.Join(p.errs...); err != nil {
		return Config{}, fmt.Errorf("invalid context: %w", err)
	}
	return c, nil
}

// Error is an invalid option.
type Error struct {
	Key string
	Err error
}

func (e *Error) Error() string { return e.Key + ": " + e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

type parser struct {
	lookup Lookup
	errs   []error
}

func (p *parser) fail(key string, err error) { p.errs = append(p.errs, &Error{Key: key, Err: err}) }

func typeName(v any) string {
	switch v.(type) {
	case bool:
		return "a boolean"
	case float64, int, int64:
		return "a number"
	case string:
		return "a string"
	case []any, []string:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}

func (p *parser) str(key, def string) string {
	v, ok := p.lookup(key)
	if !ok {
		return def
	}
	s, isStr := v.(string)
	if !isStr {
		p.fail(key, fmt.Errorf("want a string, got %s", typeName(v)))
		return def
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return def
	}
	return s
}

func (p *parser) boolean(key string, def bool) bool {
	v, ok := p.lookup(key)
	if !ok {
		return def
	}
	switch b := v.(type) {
	case bool:
		return b
	case string:
		switch strings.ToLower(strings.TrimSpace(b)) {
		case "true":
			return true
		case "false":
			return false
		case "":
			return def
		}
		p.fail(key, fmt.Errorf("%q is not true or false", b))
		return def
	}
	p.fail(key, fmt.Errorf("want true or false, got %s", typeName(v)))
	return def
}

func (p *parser) integer(key string, def int) int {
	v, ok := p.lookup(key)
	if !ok {
		return def
	}
	switch n := v.(type) {
	case float64:
		if n != math.Trunc(n) || math.Abs(n) > 1<<40 {
			p.fail(key, fmt.Errorf("%v is not a whole number in range", n))
			return def
		}
		return int(n)
	case int:
		return n
	case string:
		s := strings.TrimSpace(n)
		if s == "" {
			return def
		}
		i, err := strconv.ParseInt(s, 10, 41)
		if err != nil {
			p.fail(key, fmt.Errorf("%q is not a whole number in range", n))
			return def
		}
		return int(i)
	}
	p.fail(key, fmt.Errorf("want a number, got %s", typeName(v)))
	return def
}

// list reads a comma-separated string or a list of strings, trimmed, without empties or duplicates.
func (p *parser) list(key string, check func(string) error) []string {
	v, ok := p.lookup(key)
	if !ok {
		return nil
	}
	var raw []string
	switch l := v.(type) {
	case string:
		raw = strings.Split(l, ",")
	case []string:
		raw = l
	case []any:
		for _, e := range l {
			s, isStr := e.(string)
			if !isStr {
				p.fail(key, fmt.Errorf("want a list of strings, got an element that is %s", typeName(e)))
				return nil
			}
			raw = append(raw, s)
		}
	default:
		p.fail(key, fmt.Errorf("want a comma-separated string or a list of strings, got %s", typeName(v)))
		return nil
	}
	var out []string
	for _, s := range raw {
		s = strings.TrimSpace(s)
		if s == "" || slices.Contains(out, s) {
			continue
		}
		if err := check(s); err != nil {
			p.fail(key, err)
			continue
		}
		out = append(out, s)
	}
	if n := len(strings.Join(out, ",")); n > maxListChars {
		p.fail(key, fmt.Errorf("the list is %d characters long; at most %d fit in a Lambda environment variable", n, maxListChars))
		return nil
	}
	return out
}

// CodeCommit repository names: letters, digits, '.', '_' and '-', at most 100 characters, not ending in .git.
var repositoryName = regexp.MustCompile(`^[A-Za-z0-9._-]{1,100}$`)

func checkRepository(s string) error {
	if !repositoryName.MatchString(s) || strings.HasSuffix(strings.ToLower(s), ".git") || s == "." || s == ".." {
		return fmt.Errorf("%q is not a CodeCommit repository name", s)
	}
	return nil
}

// S3 bucket names (general purpose buckets): 3 to 63 lower-case letters, digits, '.' and '-', starting and
// ending with a letter or digit, with no ".." and not an IP address.
var (
	bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	ipAddress  = regexp.MustCompile(`^\d+\.\d+\.\d+\.\d+$`)
)

func checkBucket(s string) error {
	if !bucketName.MatchString(s) || strings.Contains(s, "..") || ipAddress.MatchString(s) {
		return fmt.Errorf("%q is not an S3 bucket name", s)
	}
	return nil
}

// bedrockModelID is a model or inference-profile ID: provider.model-version[:n[:context]], with an
// optional geography prefix (us., eu., apac., global.).
var bedrockModelID = regexp.MustCompile(`^(?:(?:us|eu|apac|us-gov|global)\.)?[a-z0-9-]+\.[a-z0-9.-]+(?::[a-z0-9]+){0,2}$`)

// SplitS3URI splits s3://bucket/key.
func SplitS3URI(uri string) (bucket, key string, ok bool) {
	rest, found := strings.CutPrefix(uri, "s3://")
	if !found {
		return "", "", false
	}
	bucket, key, found = strings.Cut(rest, "/")
	return bucket, key, found && bucket != "" && key != ""
}
