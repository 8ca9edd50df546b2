package iac

import (
	"fmt"
	"sort"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
)

// organisationRules are the rules the organisation's policy parameterises: they evaluate nothing until the
// policy file asks for them.
func organisationRules() []Rule {
	return append(append(requiredTags(), allowedInstanceFamilies()...), allowedRegions()...)
}

// taggableTypes are the resource types required-tags checks: AWS Config's required-tags scope, and the data
// stores and compute an organisation's tagging policy is usually about.
var taggableTypes = []string{
	"AWS::ACM::Certificate", "AWS::AutoScaling::AutoScalingGroup", "AWS::CodeBuild::Project",
	TypeDynamoDBTable, "AWS::EC2::CustomerGateway", TypeEC2Instance, "AWS::EC2::InternetGateway",
	"AWS::EC2::NetworkAcl", "AWS::EC2::NetworkInterface", "AWS::EC2::RouteTable", TypeEC2SecurityGroup,
	TypeEC2Subnet, TypeEC2Volume, TypeEC2VPC, "AWS::EC2::VPNConnection", "AWS::EC2::VPNGateway",
	TypeELBLoadBalancer, TypeELBv2LoadBalancer, TypeRDSDBInstance, "AWS::RDS::DBCluster",
	"AWS::RDS::DBSubnetGroup", TypeRedshiftCluster, TypeS3Bucket,
	TypeLambdaFunction, TypeSQSQueue, TypeSNSTopic, TypeKMSKey, TypeLogsLogGroup, TypeEFSFileSystem,
	TypeKinesisStream, TypeSecretsManagerSecret, TypeECRRepository, TypeOpenSearchDomain,
	TypeElastiCacheReplicationGroup, "AWS::StepFunctions::StateMachine",
}

// Tagged is what required-tags knows about a resource: its tags.
type Tagged struct {
	Line int
	// Tags maps each key to its value; a value unknown before deployment is cfnUnknownTag.
	Tags Fact[map[string]string]
}

// unknownTagValue stands for a tag value that is only known at deploy time.
const unknownTagValue = "\x00unknown"

func taggedFromTemplate(p templateProps) any {
	t := &Tagged{Line: p.res.Line}
	v, state, line, why := p.lookup(p.props, "", "Tags")
	switch state {
	case Absent:
		t.Tags = Known(map[string]string{}, line)
		return t
	case Unknown:
		t.Tags = Unknowable[map[string]string](why, line)
		return t
	}
	tags := map[string]string{}
	value := func(x *cfn.Value) string {
		if s, ok := x.Str(); ok && !x.IsIntrinsic() {
			return s
		}
		return unknownTagValue
	}
	switch v.Kind {
	case cfn.List:
		for _, item := range v.Items() {
			if item.IsIntrinsic() {
				t.Tags = Unknowable[map[string]string](p.unknown("Tags[]", item), line)
				return t
			}
			k := item.Get("Key")
			ks, ok := k.Str()
			if !ok || k.IsIntrinsic() {
				t.Tags = Unknowable[map[string]string](p.unknown("Tags[].Key", k), line)
				return t
			}
			tags[ks] = value(item.Get("Value"))
		}
	case cfn.Map:
		for _, k := range v.Keys() {
			tags[k] = value(v.Get(k))
		}
	default:
		t.Tags = Unknowable[map[string]string](p.malformed("Tags", v, "a list or a mapping"), line)
		return t
	}
	t.Tags = Known(tags, line)
	return t
}

func taggedFromConfig(ci ConfigItem) any {
	if ci.Tags == nil {
		return &Tagged{Tags: Known(map[string]string{}, 0)}
	}
	return &Tagged{Tags: Known(ci.Tags, 0)}
}

func requiredTags() []Rule {
	meta := finding.Rule{
		ID:    "required-tags",
		Title: "Resource carries the tags the organisation requires",
		Description: "The organisation's policy names tags every resource must carry (for example owner, " +
			"data-classification, compliance:hipaa=true). They decide who is paged, which controls apply and " +
			"where cost is charged; a resource without them falls outside every one of those processes. Tags " +
			"added at deploy time as stack tags are not visible in the template: add them in the template (or " +
			"with the CDK's Tags.of) so that the review sees them.",
		Remediation: "Add the required tags to the resource:\n\n" +
			"  Tags:\n" +
			"    - Key: owner\n" +
			"      Value: payments-team\n" +
			"    - Key: data-classification\n" +
			"      Value: confidential\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/required-tags.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "required-tags",
		Controls:    []string{"HIPAA/164.308(a)(1)(ii)(D)", "PCI-DSS-4.0/2.2.1", "SOC2/CC8.1"},
		CWE:         []int{1059},
		Permissions: []string{"tag:GetResources"},
	}
	vb := &viewBuilder{fromTemplate: taggedFromTemplate, fromConfig: taggedFromConfig}
	return forTypes(taggableTypes, func(typ string) Rule {
		r := newOptRule(meta, typ, checkRequiredTags)
		r.view, r.optional = vb, true
		return r
	})
}

func checkRequiredTags(t *Tagged, o *Options) Result {
	if len(o.RequiredTags) == 0 {
		return notApplicable()
	}
	if t.Tags.State == Unknown {
		return NotAssessedAt(t.Tags.Line, "%s", t.Tags.Why)
	}
	var missing, wrong []string
	unknown := ""
	for _, req := range o.RequiredTags {
		v, ok := t.Tags.Value[req.Key]
		switch {
		case !ok:
			missing = append(missing, req.String())
		case len(req.Values) == 0:
		case v == unknownTagValue:
			if unknown == "" {
				unknown = "the value of tag " + req.Key + " is unknown before deployment"
			}
		case !contains(req.Values, v):
			wrong = append(wrong, fmt.Sprintf("%s is %q, not %s", req.Key, v, strings.Join(req.Values, " or ")))
		}
	}
	if len(missing)+len(wrong) > 0 {
		var parts []string
		if len(missing) > 0 {
			parts = append(parts, "missing "+strings.Join(missing, ", "))
		}
		parts = append(parts, wrong...)
		return Fail(lineOr(t.Tags.Line, t.Line), "required tags: %s", strings.Join(parts, "; "))
	}
	if unknown != "" {
		return NotAssessedAt(t.Tags.Line, "%s", unknown)
	}
	keys := make([]string, 0, len(o.RequiredTags))
	for _, r := range o.RequiredTags {
		keys = append(keys, r.Key)
	}
	sort.Strings(keys)
	return Pass("the resource carries %s", strings.Join(keys, ", "))
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// instanceClassKeys are where each type states its instance class, in the template and in the configuration
// item; an empty Config field means AWS Config does not record it.
var instanceClassKeys = map[string]struct {
	path   []string
	config string
	dflt   string // the class the service uses when the template says none
}{
	TypeEC2Instance:                         {[]string{"InstanceType"}, "instanceType", "m1.small"},
	TypeEC2LaunchTemplate:                   {[]string{"LaunchTemplateData", "InstanceType"}, "", ""},
	TypeRDSDBInstance:                       {[]string{"DBInstanceClass"}, "dBInstanceClass", ""},
	"AWS::RDS::DBCluster":                   {[]string{"DBClusterInstanceClass"}, "", ""},
	TypeElastiCacheReplicationGroup:         {[]string{"CacheNodeType"}, "", ""},
	"AWS::ElastiCache::CacheCluster":        {[]string{"CacheNodeType"}, "cacheNodeType", ""},
	"AWS::AutoScaling::LaunchConfiguration": {[]string{"InstanceType"}, "instanceType", ""},
}

// InstanceClass is what allowed-instance-families knows about a resource: its instance class.
type InstanceClass struct {
	Line  int
	Class Fact[string]
}

func instanceClassFromTemplate(p templateProps) any {
	k := instanceClassKeys[p.res.Type]
	c := &InstanceClass{Line: p.res.Line, Class: p.str(p.props, "", k.path...)}
	if c.Class.State == Absent && k.dflt != "" {
		c.Class = Known(k.dflt, c.Class.Line)
	}
	return c
}

func instanceClassFromConfig(ci ConfigItem) any {
	k := instanceClassKeys[TemplateType(ci.ResourceType)]
	if k.config == "" {
		return &InstanceClass{Class: Unknowable[string]("AWS Config does not record the instance class of a "+ci.ResourceType+" in a field Attest reads", 0)}
	}
	return &InstanceClass{Class: configField[string](ci.fields(), k.config)}
}

// instanceFamily is the class without its size: m7g.large → m7g, db.r6g.xlarge → db.r6g.
func instanceFamily(class string) string {
	if i := strings.LastIndex(class, "."); i > 0 {
		return class[:i]
	}
	return class
}

func allowedInstanceFamilies() []Rule {
	meta := finding.Rule{
		ID:    "allowed-instance-families",
		Title: "Instance class is in a family the organisation allows",
		Description: "The organisation's policy lists the instance families (EC2, RDS, ElastiCache) it has " +
			"approved: for cost, for reserved-capacity commitments, for architecture (Graviton), or because older " +
			"generations lack features such as Nitro encryption in transit. A class outside the list needs a " +
			"decision before it is deployed. This rule has no AWS Config managed equivalent for all three " +
			"services (desired-instance-type covers EC2 by exact type).",
		Remediation: "Use an approved family, or add the family to allowedInstanceFamilies in .attest.yml:\n\n" +
			"  Instance:\n" +
			"    Type: AWS::EC2::Instance\n" +
			"    Properties:\n" +
			"      InstanceType: m7g.large\n",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		Controls:    []string{"PCI-DSS-4.0/2.2.1", "SOC2/CC8.1"},
		CWE:         []int{1059},
		Permissions: []string{"ec2:DescribeInstances", "rds:DescribeDBInstances", "elasticache:DescribeCacheClusters"},
	}
	vb := &viewBuilder{fromTemplate: instanceClassFromTemplate, fromConfig: instanceClassFromConfig}
	types := make([]string, 0, len(instanceClassKeys))
	for t := range instanceClassKeys {
		types = append(types, t)
	}
	sort.Strings(types)
	return forTypes(types, func(typ string) Rule {
		r := newOptRule(meta, typ, func(c *InstanceClass, o *Options) Result {
			if len(o.AllowedInstanceFamilies) == 0 {
				return notApplicable()
			}
			cl := c.Class
			switch cl.State {
			case Unknown:
				return NotAssessedAt(cl.Line, "%s", cl.Why)
			case Absent:
				return notApplicable()
			}
			fam := instanceFamily(cl.Value)
			for _, a := range o.AllowedInstanceFamilies {
				if strings.EqualFold(a, fam) || strings.EqualFold(a, cl.Value) {
					return Pass("%s is in allowed family %s", cl.Value, fam)
				}
			}
			return Fail(lineOr(cl.Line, c.Line), "%s is of family %s, which is not in the allowed families (%s)", cl.Value, fam,
				strings.Join(o.AllowedInstanceFamilies, ", "))
		})
		r.view, r.optional = vb, true
		return r
	})
}
