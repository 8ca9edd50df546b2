package policy

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strings"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/iac"
	"go.yaml.in/yaml/v3"
)

// RepoFile is the policy file Attest reads from the root of a scanned repository; RepoFileAlt is accepted too.
const (
	RepoFile    = ".attest.yml"
	RepoFileAlt = ".attest.yaml"
)

// Org is the organisation part of a policy: which frameworks to report, and the settings that parameterise
// the IaC guardrails. Its keys sit at the top level of the policy file:
//
//	frameworks: [HIPAA, PCI-DSS-4.0]
//	requiredTags: [owner, data-classification, "compliance:hipaa=true", {key: env, values: [prod, dev]}]
//	allowedRegions: [eu-west-1, eu-central-1]
//	allowedInstanceFamilies: [m7g, t4g, db.r6g]
//	logRetentionDays: 365
type Org struct {
	// Frameworks limits the controls reported to these frameworks (HIPAA, PCI-DSS-4.0, SOC2); empty reports all.
	Frameworks []string `yaml:"frameworks"`
	// RequiredTags are the tags every taggable resource must carry (rule required-tags).
	RequiredTags []RequiredTag `yaml:"requiredTags"`
	// AllowedRegions are the regions stacks may be deployed to; empty allows every region.
	AllowedRegions []string `yaml:"allowedRegions"`
	// AllowedInstanceFamilies are the EC2, RDS and ElastiCache instance families allowed (rule
	// allowed-instance-families); empty allows every family.
	AllowedInstanceFamilies []string `yaml:"allowedInstanceFamilies"`
	// LogRetentionDays is the minimum retention of CloudWatch Logs groups (cw-loggroup-retention-period-check);
	// 0 keeps the rule's default of 365 days.
	LogRetentionDays int64 `yaml:"logRetentionDays"`
}

// RequiredTag is one required tag: "key", "key=value", "key=a|b", or a mapping {key: k, values: [a, b]}.
type RequiredTag struct {
	Key    string
	Values []string
}

// UnmarshalYAML reads either form of a required tag.
func (t *RequiredTag) UnmarshalYAML(n *yaml.Node) error {
	switch n.Kind {
	case yaml.ScalarNode:
		k, v, hasValue := strings.Cut(n.Value, "=")
		t.Key = strings.TrimSpace(k)
		if hasValue {
			for _, s := range strings.Split(v, "|") {
				if s = strings.TrimSpace(s); s != "" {
					t.Values = append(t.Values, s)
				}
			}
			if len(t.Values) == 0 {
				return fmt.Errorf("line %d: required tag %q has an empty value list", n.Line, n.Value)
			}
		}
	case yaml.MappingNode:
		var m struct {
			Key    string   `yaml:"key"`
			Values []string `yaml:"values"`
		}
		if err := n.Decode(&m); err != nil {
			return err
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k := n.Content[i].Value; k != "key" && k != "values" {
				return fmt.Errorf("line %d: required tag has unknown field %q (want key and values)", n.Content[i].Line, k)
			}
		}
		t.Key, t.Values = strings.TrimSpace(m.Key), m.Values
	default:
		return fmt.Errorf("line %d: a required tag is a string or a mapping", n.Line)
	}
	if t.Key == "" {
		return fmt.Errorf("line %d: required tag has an empty key", n.Line)
	}
	return nil
}

// frameworkNames maps the spellings accepted in frameworks to the control prefixes of the SARIF contract.
var frameworkNames = map[string]string{
	"hipaa": "HIPAA", "pci": "PCI-DSS-4.0", "pci-dss": "PCI-DSS-4.0", "pci-dss-4.0": "PCI-DSS-4.0",
	"pci dss": "PCI-DSS-4.0", "soc2": "SOC2", "soc 2": "SOC2", "soc-2": "SOC2",
}

var (
	regionName   = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d$`)
	instanceName = regexp.MustCompile(`^(db\.|cache\.)?[a-z][a-z0-9-]*(\.[a-z0-9]+)?$`)
)

// check validates the organisation settings and puts framework names in their canonical form.
func (o *Org) check() error {
	for i, f := range o.Frameworks {
		canon, ok := frameworkNames[strings.ToLower(strings.TrimSpace(f))]
		if !ok {
			return fmt.Errorf("frameworks: %q is not HIPAA, PCI-DSS-4.0 or SOC2", f)
		}
		o.Frameworks[i] = canon
	}
	for _, r := range o.AllowedRegions {
		if !regionName.MatchString(r) {
			return fmt.Errorf("allowedRegions: %q is not a region name such as eu-west-1", r)
		}
	}
	for _, f := range o.AllowedInstanceFamilies {
		if !instanceName.MatchString(f) {
			return fmt.Errorf("allowedInstanceFamilies: %q is not an instance family such as m7g or db.r6g", f)
		}
	}
	if o.LogRetentionDays < 0 || o.LogRetentionDays > 3653 {
		return fmt.Errorf("logRetentionDays: %d is not between 1 and 3653 (CloudWatch Logs' longest retention)", o.LogRetentionDays)
	}
	return nil
}

// IaCOptions are the rule options the organisation settings give, for the IaC scanner. region is the stack's
// deploy region when the caller knows it ("" otherwise).
func (p Policy) IaCOptions(region string) *iac.Options {
	o := &iac.Options{
		MinLogRetentionDays:     p.Org.LogRetentionDays,
		AllowedInstanceFamilies: p.Org.AllowedInstanceFamilies,
		AllowedRegions:          p.Org.AllowedRegions,
		Region:                  region,
	}
	for _, t := range p.Org.RequiredTags {
		o.RequiredTags = append(o.RequiredTags, iac.TagRequirement{Key: t.Key, Values: t.Values})
	}
	return o
}

// FilterFrameworks keeps only the controls of the chosen frameworks in the report's rules and evaluations;
// with no frameworks chosen the report is left as it is. Findings stay: a framework choice changes what is
// reported against, not what is found.
func (p Policy) FilterFrameworks(rep *finding.Report) {
	if rep == nil || len(p.Org.Frameworks) == 0 {
		return
	}
	keep := func(controls []string) []string {
		out := []string{}
		for _, c := range controls {
			prefix, _, _ := strings.Cut(c, "/")
			for _, f := range p.Org.Frameworks {
				if prefix == f {
					out = append(out, c)
					break
				}
			}
		}
		return out
	}
	for i := range rep.Rules {
		rep.Rules[i].Controls = keep(rep.Rules[i].Controls)
	}
	for i := range rep.Evaluations {
		rep.Evaluations[i].Controls = keep(rep.Evaluations[i].Controls)
	}
}

// LoadRepo reads the repository's policy file (.attest.yml, else .attest.yaml) from the root of fsys. found
// is false, with the default policy, when there is none.
func LoadRepo(fsys fs.FS) (p Policy, found bool, err error) {
	for _, name := range []string{RepoFile, RepoFileAlt} {
		b, err := fs.ReadFile(fsys, name)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return Policy{}, false, fmt.Errorf("read %s: %w", name, err)
		}
		p, err := Parse(b)
		if err != nil {
			return Policy{}, false, fmt.Errorf("%s: %w", name, err)
		}
		return p, true, nil
	}
	return Default(), false, nil
}

// EnvVar names the environment variable through which a deployment gives the scan function its policy file,
// as an S3 URI (s3://bucket/key). It overrides the repository's .attest.yml.
const EnvVar = "ATTEST_POLICY"

// SplitS3URI splits s3://bucket/key into its bucket and key.
func SplitS3URI(uri string) (bucket, key string, err error) {
	rest, ok := strings.CutPrefix(uri, "s3://")
	if !ok {
		return "", "", fmt.Errorf("%s %q is not an s3://bucket/key URI", EnvVar, uri)
	}
	bucket, key, _ = strings.Cut(rest, "/")
	if bucket == "" || key == "" || strings.HasSuffix(key, "/") {
		return "", "", fmt.Errorf("%s %q names no object (want s3://bucket/key)", EnvVar, uri)
	}
	return bucket, key, nil
}
