package policy

import (
	"reflect"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/iac"
)

func TestParseOrg(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want Org
		err  string
	}{
		{"none", "block: [restricted-ssh]\n", Org{}, ""},
		{"full", `frameworks: [hipaa, PCI-DSS-4.0, soc 2]
requiredTags:
  - owner
  - "compliance:hipaa=true"
  - data-classification=public|internal
  - {key: env, values: [prod, dev]}
allowedRegions: [eu-west-1, us-gov-west-1]
allowedInstanceFamilies: [m7g, db.r6g, cache.t4g]
logRetentionDays: 400
`, Org{
			Frameworks: []string{"HIPAA", "PCI-DSS-4.0", "SOC2"},
			RequiredTags: []RequiredTag{{Key: "owner"}, {Key: "compliance:hipaa", Values: []string{"true"}},
				{Key: "data-classification", Values: []string{"public", "internal"}}, {Key: "env", Values: []string{"prod", "dev"}}},
			AllowedRegions:          []string{"eu-west-1", "us-gov-west-1"},
			AllowedInstanceFamilies: []string{"m7g", "db.r6g", "cache.t4g"},
			LogRetentionDays:        400,
		}, ""},
		{"unknown framework", "frameworks: [iso27001]\n", Org{}, "not HIPAA"},
		{"bad region", "allowedRegions: [Europe]\n", Org{}, "not a region"},
		{"bad family", "allowedInstanceFamilies: ['m7g large']\n", Org{}, "not an instance family"},
		{"negative retention", "logRetentionDays: -1\n", Org{}, "logRetentionDays"},
		{"retention too long", "logRetentionDays: 5000\n", Org{}, "logRetentionDays"},
		{"empty tag key", "requiredTags: ['=x']\n", Org{}, "empty key"},
		{"empty tag values", "requiredTags: ['owner=']\n", Org{}, "empty value list"},
		{"tag mapping typo", "requiredTags: [{key: owner, value: x}]\n", Org{}, "unknown field"},
		{"tag list", "requiredTags: [[owner]]\n", Org{}, "string or a mapping"},
		{"misspelt key", "requiredTag: [owner]\n", Org{}, "requiredTag"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Parse([]byte(c.src))
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("got error %v; want one containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(p.Org, c.want) {
				t.Errorf("got %+v; want %+v", p.Org, c.want)
			}
		})
	}
}

func TestIaCOptions(t *testing.T) {
	p, err := Parse([]byte("requiredTags: [owner, 'env=prod|dev']\nallowedInstanceFamilies: [m7g]\nlogRetentionDays: 90\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := p.IaCOptions("eu-west-1")
	want := &iac.Options{
		RequiredTags:            []iac.TagRequirement{{Key: "owner"}, {Key: "env", Values: []string{"prod", "dev"}}},
		AllowedInstanceFamilies: []string{"m7g"},
		MinLogRetentionDays:     90,
		Region:                  "eu-west-1",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v; want %+v", got, want)
	}
	// The options change what the rules report.
	src := []byte("Resources:\n  G:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      RetentionInDays: 120\n")
	for _, c := range []struct {
		name string
		opts *iac.Options
		want finding.Status
	}{{"default minimum", nil, finding.StatusFail}, {"policy minimum", got, finding.StatusPass}} {
		t.Run(c.name, func(t *testing.T) {
			rep, err := iac.ScanTemplate("t.yaml", src)
			if c.opts != nil {
				tpl, perr := parseTemplate(src)
				if perr != nil {
					t.Fatal(perr)
				}
				rep = iac.ScanParsedWith(tpl, src, nil, c.opts)
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, e := range rep.Evaluations {
				if e.RuleID == "cw-loggroup-retention-period-check" && e.Status != c.want {
					t.Errorf("got %s (%s); want %s", e.Status, e.Message, c.want)
				}
			}
		})
	}
}

func TestFilterFrameworks(t *testing.T) {
	rep := &finding.Report{
		Rules:       []finding.Rule{{ID: "r", Controls: []string{"HIPAA/164.312(b)", "PCI-DSS-4.0/10.2.1", "SOC2/CC7.2"}}},
		Evaluations: []finding.Evaluation{{RuleID: "r", Controls: []string{"HIPAA/164.312(b)", "SOC2/CC7.2"}}},
		Findings:    []finding.Finding{{RuleID: "r"}},
	}
	p, err := Parse([]byte("frameworks: [soc2]\n"))
	if err != nil {
		t.Fatal(err)
	}
	p.FilterFrameworks(rep)
	if got := rep.Rules[0].Controls; !reflect.DeepEqual(got, []string{"SOC2/CC7.2"}) {
		t.Errorf("rule controls: got %v; want [SOC2/CC7.2]", got)
	}
	if got := rep.Evaluations[0].Controls; !reflect.DeepEqual(got, []string{"SOC2/CC7.2"}) {
		t.Errorf("evaluation controls: got %v; want [SOC2/CC7.2]", got)
	}
	if len(rep.Findings) != 1 {
		t.Errorf("got %d findings; want the finding kept", len(rep.Findings))
	}
	all := &finding.Report{Rules: []finding.Rule{{ID: "r", Controls: []string{"HIPAA/164.312(b)"}}}}
	Default().FilterFrameworks(all)
	if len(all.Rules[0].Controls) != 1 {
		t.Error("the default policy removed controls; want every framework reported")
	}
}

func TestLoadRepo(t *testing.T) {
	cases := []struct {
		name  string
		fsys  fstest.MapFS
		found bool
		err   string
		tags  int
	}{
		{"none", fstest.MapFS{"main.go": {Data: []byte("package main")}}, false, "", 0},
		{"yml", fstest.MapFS{".attest.yml": {Data: []byte("requiredTags: [owner]\n")}}, true, "", 1},
		{"yaml", fstest.MapFS{".attest.yaml": {Data: []byte("requiredTags: [owner, team]\n")}}, true, "", 2},
		{"yml first", fstest.MapFS{".attest.yml": {Data: []byte("requiredTags: [a]\n")}, ".attest.yaml": {Data: []byte("requiredTags: [a, b]\n")}}, true, "", 1},
		{"broken", fstest.MapFS{".attest.yml": {Data: []byte("requiredTags: {")}}, false, ".attest.yml", 0},
		{"a directory", fstest.MapFS{".attest.yml/x": {Data: []byte("x")}}, false, "read .attest.yml", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, found, err := LoadRepo(c.fsys)
			if c.err != "" {
				if err == nil || !strings.Contains(err.Error(), c.err) {
					t.Fatalf("got error %v; want one containing %q", err, c.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if found != c.found || len(p.Org.RequiredTags) != c.tags {
				t.Errorf("got found %v with %d tags; want %v with %d", found, len(p.Org.RequiredTags), c.found, c.tags)
			}
			if !found && len(p.BlockLevels) == 0 {
				t.Error("got an empty policy without a file; want the default")
			}
		})
	}
}

func parseTemplate(src []byte) (*cfn.Template, error) { return cfn.Parse("t.yaml", src) }

// FuzzParseOrg feeds arbitrary organisation sections to the parser: an error or a policy, never a panic.
func FuzzParseOrg(f *testing.F) {
	f.Add("requiredTags: [owner, 'a=b|c', {key: k, values: [v]}]\nframeworks: [soc2]\n")
	f.Add("allowedRegions: [eu-west-1]\nallowedInstanceFamilies: [db.r6g]\nlogRetentionDays: 30\n")
	f.Add("requiredTags: [{key: [1]}]\n")
	f.Fuzz(func(t *testing.T, src string) {
		p, err := Parse([]byte(src))
		if err != nil {
			return
		}
		_ = p.IaCOptions("")
	})
}

func TestSplitS3URI(t *testing.T) {
	cases := []struct {
		uri, bucket, key string
		err              bool
	}{
		{"s3://acme-config/attest/policy.yml", "acme-config", "attest/policy.yml", false},
		{"s3://b/k", "b", "k", false},
		{"https://b/k", "", "", true},
		{"s3://bucket", "", "", true},
		{"s3://bucket/", "", "", true},
		{"s3:///key", "", "", true},
		{"s3://b/dir/", "", "", true},
	}
	for _, c := range cases {
		t.Run(c.uri, func(t *testing.T) {
			b, k, err := SplitS3URI(c.uri)
			if (err != nil) != c.err || b != c.bucket || k != c.key {
				t.Errorf("got %q %q %v; want %q %q error %v", b, k, err, c.bucket, c.key, c.err)
			}
		})
	}
}
