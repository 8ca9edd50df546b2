package iac

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
)

// controlID matches the contract's control identifiers: HIPAA/164.312(a)(2)(iv), PCI-DSS-4.0/3.5.1, SOC2/CC6.1.
var controlID = regexp.MustCompile(`^(HIPAA/164\.3\d\d(\([a-zA-Z0-9]+\))+|PCI-DSS-4\.0/\d+(\.\d+)+|SOC2/(CC\d\.\d|A1\.\d))$`)

func TestRegistry(t *testing.T) {
	reg := Registry()
	if len(reg) == 0 {
		t.Fatal("registry is empty")
	}
	// A rule may be registered once per resource type it covers (elb-logging-enabled on application and
	// classic load balancers); every registration of one ID must describe the same rule.
	seen := map[string]bool{}
	meta := map[string]finding.Rule{}
	views := builders()
	for _, r := range reg {
		t.Run(r.ID+"/"+r.ResourceType, func(t *testing.T) {
			if r.ID == "" || seen[r.ID+"/"+r.ResourceType] {
				t.Fatalf("rule ID %q is empty or registered twice for %s", r.ID, r.ResourceType)
			}
			seen[r.ID+"/"+r.ResourceType] = true
			if m, ok := meta[r.ID]; ok && !reflect.DeepEqual(m, r.Rule) {
				t.Fatalf("rule %s is registered for several types with different descriptions: an ID is never reused for another rule", r.ID)
			}
			meta[r.ID] = r.Rule
			if r.Title == "" || r.Description == "" || r.Remediation == "" {
				t.Error("rule lacks a title, description or remediation")
			}
			if !strings.Contains(r.Remediation, ":\n") {
				t.Error("remediation has no CloudFormation snippet")
			}
			if len(r.Controls) == 0 {
				t.Error("rule maps no controls")
			}
			frameworks := map[string]bool{}
			for _, c := range r.Controls {
				if !controlID.MatchString(c) {
					t.Errorf("control %q is not in the contract's form", c)
				}
				frameworks[strings.SplitN(c, "/", 2)[0]] = true
			}
			if r.Class != "iac" {
				t.Errorf("got class %q; want iac", r.Class)
			}
			if r.ConfigRule != "" && r.ConfigRule != strings.ToLower(r.ConfigRule) {
				t.Errorf("config rule %q is not lower case", r.ConfigRule)
			}
			if r.Level.Rank() == 0 {
				t.Errorf("level %q is not a SARIF level", r.Level)
			}
			switch r.Confidence {
			case "high", "medium", "low":
			default:
				t.Errorf("confidence %q is not high, medium or low", r.Confidence)
			}
			if len(r.Permissions) == 0 {
				t.Error("rule declares no IAM permissions for live checks")
			}
			if r.view != nil {
				if r.view.fromTemplate == nil || r.view.fromConfig == nil {
					t.Errorf("rule's own view of %q is incomplete", r.ResourceType)
				}
			} else if vb, ok := views[r.ResourceType]; !ok || vb.fromTemplate == nil || vb.fromConfig == nil || vb.settings == nil {
				t.Errorf("resource type %q has no complete view builder", r.ResourceType)
			}
			for _, kind := range []string{"pass", "fail"} {
				m, _ := filepath.Glob(filepath.Join("testdata", r.ID, kind+"*"))
				if len(m) == 0 {
					t.Errorf("no %s example in testdata/%s", kind, r.ID)
				}
			}
		})
	}
	if got := len(Rules()); got != len(meta) {
		t.Errorf("Rules() has %d entries; want %d", got, len(meta))
	}
	// The rule set covers every row of the canonical table (iac-rules.md) and more.
	if got := len(Rules()); got < 65 {
		t.Errorf("got %d rules; want at least 65", got)
	}
}

// exampleOptions is the organisation policy the examples of the policy-driven rules are written for.
var exampleOptions = Options{
	RequiredTags:            []TagRequirement{{Key: "owner"}, {Key: "data-classification", Values: []string{"public", "internal", "confidential"}}},
	AllowedInstanceFamilies: []string{"m7g", "t4g", "db.r6g", "cache.r7g"},
	AllowedRegions:          []string{"eu-west-1", "eu-central-1"},
}

// TestExamples runs each rule's example templates: pass* must only pass, fail* must fail at least once, na*
// must not be assessed, never pass.
func TestExamples(t *testing.T) {
	t.Logf("examples run under %+v", exampleOptions)
	for _, r := range Registry() {
		files, err := filepath.Glob(filepath.Join("testdata", r.ID, "*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, file := range files {
			name := filepath.Base(file)
			t.Run(r.ID+"/"+name, func(t *testing.T) {
				data, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				tpl, err := cfn.Parse(name, data)
				if err != nil {
					t.Fatalf("parse: %v", err)
				}
				rep := ScanParsedWith(tpl, data, nil, &exampleOptions)
				counts := map[finding.Status]int{}
				for _, e := range rep.Evaluations {
					if e.RuleID == r.ID {
						counts[e.Status]++
						t.Logf("%s %s line %d: %s", e.Status, e.ResourceID, e.Line, e.Message)
					}
				}
				findings := 0
				for _, f := range rep.Findings {
					if f.RuleID == r.ID {
						findings++
					}
				}
				pass, fail, na := counts[finding.StatusPass], counts[finding.StatusFail], counts[finding.StatusNotAssessed]
				switch {
				case strings.HasPrefix(name, "pass"):
					if pass == 0 || fail+na > 0 {
						t.Errorf("got %d pass, %d fail, %d not assessed; want passes only", pass, fail, na)
					}
				case strings.HasPrefix(name, "fail"):
					if fail == 0 {
						t.Errorf("got %d pass, %d fail, %d not assessed; want a failure", pass, fail, na)
					}
				case strings.HasPrefix(name, "na"):
					if na == 0 || pass+fail > 0 {
						t.Errorf("got %d pass, %d fail, %d not assessed; want not assessed only", pass, fail, na)
					}
				default:
					t.Fatalf("example %s is not named pass*, fail* or na*", name)
				}
				if findings != fail {
					t.Errorf("got %d findings for %d failures; want one each", findings, fail)
				}
			})
		}
	}
}
