package iac

import (
	"strings"
)

// Options are the organisation's settings that parameterise rules (read from the policy file's organisation
// section). The zero value is the default: no tags required, the rules' own minimums, every instance family
// and region allowed.
type Options struct {
	// RequiredTags are the tags required-tags demands on every taggable resource; none turns the rule off.
	RequiredTags []TagRequirement
	// MinLogRetentionDays is cw-loggroup-retention-period-check's minimum; 0 means DefaultMinLogRetentionDays.
	MinLogRetentionDays int64
	// AllowedInstanceFamilies lists the instance families (m7g, db.r6g, cache.t4g …) allowed-instance-families
	// accepts; none turns the rule off.
	AllowedInstanceFamilies []string
	// AllowedRegions lists the regions allowed-regions accepts; none turns the rule off.
	AllowedRegions []string
	// Region is the region the template is deployed to, when the caller knows it (the pipeline's deploy
	// target); it is also the value of AWS::Region for the resolver.
	Region string
}

// TagRequirement is one required tag: a key and, optionally, the values it may take.
type TagRequirement struct {
	Key string
	// Values are the accepted values; none means any value.
	Values []string
}

// String writes the requirement as the policy file does: key or key=value|value.
func (t TagRequirement) String() string {
	if len(t.Values) == 0 {
		return t.Key
	}
	return t.Key + "=" + strings.Join(t.Values, "|")
}

// minRetention is the retention minimum in force.
func (o *Options) minRetention() int64 {
	if o == nil || o.MinLogRetentionDays <= 0 {
		return DefaultMinLogRetentionDays
	}
	return o.MinLogRetentionDays
}

// params gives the resolver the pseudo-parameters the options know.
func (o *Options) params(params map[string]string) map[string]string {
	if o == nil || o.Region == "" {
		return params
	}
	if _, ok := params["AWS::Region"]; ok {
		return params
	}
	out := make(map[string]string, len(params)+1)
	for k, v := range params {
		out[k] = v
	}
	out["AWS::Region"] = o.Region
	return out
}
