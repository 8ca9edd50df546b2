package iac

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/finding"
)

func TestOrganisationRulesConfigItems(t *testing.T) {
	opts := &Options{
		RequiredTags:            []TagRequirement{{Key: "owner"}, {Key: "env", Values: []string{"prod", "dev"}}},
		AllowedInstanceFamilies: []string{"m7g", "db.r6g"},
	}
	cases := []struct {
		name   string
		ci     ConfigItem
		opts   *Options
		rule   string
		want   finding.Status // "" for no evaluation
		inText string
	}{
		{"tags present", ConfigItem{ResourceType: TypeSQSQueue, Tags: map[string]string{"owner": "a", "env": "prod"}}, opts, "required-tags", finding.StatusPass, "env, owner"},
		{"tag value not allowed", ConfigItem{ResourceType: TypeSQSQueue, Tags: map[string]string{"owner": "a", "env": "qa"}}, opts, "required-tags", finding.StatusFail, `env is "qa"`},
		{"no tags", ConfigItem{ResourceType: TypeS3Bucket}, opts, "required-tags", finding.StatusFail, "missing owner, env=prod|dev"},
		{"no tags required", ConfigItem{ResourceType: TypeS3Bucket}, nil, "required-tags", "", ""},
		{"type outside the scope", ConfigItem{ResourceType: "AWS::SSM::Parameter"}, opts, "required-tags", "", ""},
		{"instance family allowed", ConfigItem{ResourceType: TypeEC2Instance, Configuration: json.RawMessage(`{"instanceType":"m7g.xlarge"}`)}, opts, "allowed-instance-families", finding.StatusPass, "m7g"},
		{"instance family not allowed", ConfigItem{ResourceType: TypeRDSDBInstance, Configuration: json.RawMessage(`{"dBInstanceClass":"db.m5.large"}`)}, opts, "allowed-instance-families", finding.StatusFail, "db.m5"},
		{"instance type not recorded", ConfigItem{ResourceType: TypeEC2Instance, Configuration: json.RawMessage(`{}`)}, opts, "allowed-instance-families", finding.StatusNotAssessed, "instanceType"},
		{"no families configured", ConfigItem{ResourceType: TypeEC2Instance, Configuration: json.RawMessage(`{"instanceType":"m4.large"}`)}, nil, "allowed-instance-families", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.ci.ResourceID = "r"
			var got *finding.Evaluation
			for _, e := range EvaluateConfigItemWith(c.ci, c.opts) {
				if e.RuleID == c.rule {
					got = &e
				}
			}
			switch {
			case c.want == "" && got != nil:
				t.Errorf("got %s (%s); want no evaluation", got.Status, got.Message)
			case c.want != "" && got == nil:
				t.Errorf("got no evaluation; want %s", c.want)
			case got != nil && (got.Status != c.want || !strings.Contains(got.Message, c.inText)):
				t.Errorf("got %s (%s); want %s mentioning %q", got.Status, got.Message, c.want, c.inText)
			}
		})
	}
}
