package iac

import (
	"regexp"
	"sort"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
)

// RegionUse is what allowed-regions knows about a resource: the regions its template text names explicitly.
// A template is deployed to a region chosen at deploy time, which the template does not show; what it can
// show is a resource pinned elsewhere: a replica region, a stack set's target regions, an ARN of another
// region it sends data to or takes a key from.
type RegionUse struct {
	Line int
	// Regions maps each region named to the line of its first mention.
	Regions map[string]int
	// Deploy is the stack's deploy region when the caller knows it (Options.Region); it is checked too.
	Deploy string
}

// arnRegion finds the region of an ARN: arn:partition:service:region:…
var arnRegion = regexp.MustCompile(`^arn:aws[a-z-]*:[a-z0-9-]+:([a-z]{2}(?:-[a-z]+)+-\d):`)

// regionProps are properties that hold region names, by resource type.
var regionProps = map[string][][]string{
	"AWS::DynamoDB::GlobalTable":      {{"Replicas", "[]", "Region"}},
	"AWS::CloudFormation::StackSet":   {{"StackInstancesGroup", "[]", "Regions", "[]"}},
	"AWS::S3::MultiRegionAccessPoint": {{"Regions", "[]", "Bucket"}},
}

func regionUseFromTemplate(p templateProps) any {
	u := &RegionUse{Line: p.res.Line, Regions: map[string]int{}}
	note := func(region string, line int) {
		if _, seen := u.Regions[region]; !seen && regionName(region) {
			u.Regions[region] = lineOr(line, p.res.Line)
		}
	}
	var walk func(v *cfn.Value)
	walk = func(v *cfn.Value) {
		if v == nil {
			return
		}
		switch v.Kind {
		case cfn.String:
			if s, _ := v.Str(); strings.HasPrefix(s, "arn:") {
				if m := arnRegion.FindStringSubmatch(s); m != nil {
					note(m[1], v.Pos())
				}
			}
		case cfn.List:
			for _, it := range v.Items() {
				walk(it)
			}
		case cfn.Map:
			for _, k := range v.Keys() {
				walk(v.Get(k))
			}
		}
	}
	walk(p.props)
	for _, path := range regionProps[p.res.Type] {
		for _, v := range valuesAt(p.props, path) {
			if s, ok := v.Str(); ok && v.Kind == cfn.String {
				note(s, v.Pos())
			}
		}
	}
	return u
}

// valuesAt follows a path of keys, "[]" standing for every item of a list.
func valuesAt(v *cfn.Value, path []string) []*cfn.Value {
	if v == nil {
		return nil
	}
	if len(path) == 0 {
		return []*cfn.Value{v}
	}
	if path[0] == "[]" {
		var out []*cfn.Value
		for _, it := range v.Items() {
			out = append(out, valuesAt(it, path[1:])...)
		}
		return out
	}
	return valuesAt(v.Get(path[0]), path[1:])
}

func regionName(s string) bool { return arnRegionName.MatchString(s) }

var arnRegionName = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-\d$`)

func regionUseFromConfig(ConfigItem) any {
	// The configuration item's own region is the account's business, outside one item: only the options'
	// deploy region is checked.
	return &RegionUse{Regions: map[string]int{}}
}

// regionTypes are the types allowed-regions reads: those with region properties, and those whose properties
// commonly carry ARNs of other resources (keys, topics, queues, buckets, functions).
func regionTypes() []string {
	set := map[string]bool{}
	for _, t := range taggableTypes {
		set[t] = true
	}
	for t := range regionProps {
		set[t] = true
	}
	for _, t := range []string{TypeLambdaPermission, typeLambdaEventInvokeConfig, "AWS::SNS::Subscription", "AWS::Events::Rule",
		"AWS::Lambda::EventSourceMapping", TypeCloudTrailTrail, typeS3BucketPolicy, TypeIAMPolicy, typeIAMManagedPolicy, TypeIAMRole} {
		set[t] = true
	}
	out := make([]string, 0, len(set))
	for t := range set {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

func allowedRegions() []Rule {
	meta := finding.Rule{
		ID:    "allowed-regions",
		Title: "Resource stays in the regions the organisation allows",
		Description: "The organisation's policy lists the regions where its data may live (data residency, " +
			"sovereignty commitments, the regions its controls cover). A template does not say where it is " +
			"deployed, but it can pin a resource elsewhere: a global-table replica, a stack set's target regions, " +
			"or an ARN of another region the resource sends data to or takes a key from. Those are checked, and the " +
			"deploy region too when the pipeline knows it.",
		Remediation: "Keep replicas and referenced resources in an allowed region, or extend allowedRegions in " +
			".attest.yml after review:\n\n" +
			"  Replicas:\n" +
			"    - Region: eu-west-1\n" +
			"    - Region: eu-central-1\n",
		Level:       finding.LevelError,
		Confidence:  "medium",
		Class:       "iac",
		Controls:    []string{"PCI-DSS-4.0/2.2.1", "SOC2/CC6.1"},
		CWE:         []int{1059},
		Permissions: []string{"config:GetResourceConfigHistory"},
	}
	vb := &viewBuilder{fromTemplate: regionUseFromTemplate, fromConfig: regionUseFromConfig}
	return forTypes(regionTypes(), func(typ string) Rule {
		r := newOptRule(meta, typ, func(u *RegionUse, o *Options) Result {
			if len(o.AllowedRegions) == 0 {
				return notApplicable()
			}
			regions := make([]string, 0, len(u.Regions)+1)
			for reg := range u.Regions {
				regions = append(regions, reg)
			}
			sort.Strings(regions)
			if o.Region != "" {
				regions = append([]string{o.Region}, regions...)
			}
			if len(regions) == 0 {
				return notApplicable()
			}
			for _, reg := range regions {
				if !contains(o.AllowedRegions, reg) {
					line := u.Regions[reg]
					if reg == o.Region {
						return Fail(u.Line, "the stack is deployed to %s, which is not an allowed region (%s)", reg, strings.Join(o.AllowedRegions, ", "))
					}
					return Fail(line, "the resource names region %s, which is not an allowed region (%s)", reg, strings.Join(o.AllowedRegions, ", "))
				}
			}
			return Pass("every region it names is allowed: %s", strings.Join(regions, ", "))
		})
		r.view, r.optional = vb, true
		return r
	})
}
