package iac

import (
	"encoding/json"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
)

// Types that add rules to a security group from outside it.
const (
	typeEC2SecurityGroupIngress = "AWS::EC2::SecurityGroupIngress"
	typeEC2SecurityGroupEgress  = "AWS::EC2::SecurityGroupEgress"
)

// DefaultSGState is what vpc-default-security-group-closed knows about one resource: whether it concerns a
// VPC's default security group, and whether that group is left with rules.
type DefaultSGState struct {
	Line int
	// Applies is false for resources that do not touch a default security group.
	Applies bool
	// Open is set when the default group has rules; its value says which.
	Open Fact[string]
}

// restrictsDefaultSG reports whether a custom resource of the template removes the default group's rules of
// the VPC logicalID, as the CDK's Custom::VpcRestrictDefaultSG does.
func restrictsDefaultSG(tpl *cfn.Template, vpc string) bool {
	for _, r := range tpl.Resources {
		if !strings.HasPrefix(r.Type, "Custom::") || !strings.Contains(r.Type, "RestrictDefaultSG") {
			continue
		}
		for _, k := range r.Properties.Keys() {
			if isRefTo(r.Properties.Get(k), vpc) {
				return true
			}
		}
	}
	return false
}

// refersToDefaultSG reports whether v is !GetAtt <VPC>.DefaultSecurityGroup.
func refersToDefaultSG(v *cfn.Value) (vpc string, ok bool) {
	fn, arg := v.Intrinsic()
	if fn != "Fn::GetAtt" {
		return "", false
	}
	items := arg.Items()
	if len(items) != 2 {
		return "", false
	}
	id, _ := items[0].Str()
	attr, _ := items[1].Str()
	return id, attr == "DefaultSecurityGroup"
}

func defaultSGFromTemplate(p templateProps) any {
	st := &DefaultSGState{Line: p.res.Line}
	switch p.res.Type {
	case TypeEC2VPC:
		st.Applies = true
		if restrictsDefaultSG(p.tpl, p.res.LogicalID) {
			st.Open = Missing[string](p.res.Line)
		} else {
			st.Open = Known("a new VPC's default security group allows all outbound traffic and all inbound traffic from "+
				"itself, and nothing in the template removes those rules", p.res.Line)
		}
	case typeEC2SecurityGroupIngress, typeEC2SecurityGroupEgress:
		if p.res.Properties == nil {
			return st
		}
		raw := p.res.Properties.Get("GroupId")
		if vpc, ok := refersToDefaultSG(raw); ok {
			st.Applies = true
			dir := "an inbound"
			if p.res.Type == typeEC2SecurityGroupEgress {
				dir = "an outbound"
			}
			st.Open = Known(dir+" rule to the default security group of "+vpc, lineOr(raw.Pos(), p.res.Line))
		}
	case TypeEC2SecurityGroup:
		name := p.str(p.props, "", "GroupName")
		if name.State != Set || name.Value != "default" {
			return st
		}
		st.Applies = true
		st.Open = Missing[string](name.Line)
		for _, k := range []string{"SecurityGroupIngress", "SecurityGroupEgress"} {
			if v := p.props.Get(k); v.Len() > 0 || v.IsIntrinsic() {
				st.Open = Known(k+" is not empty", lineOr(v.Pos(), p.res.Line))
			}
		}
	}
	return st
}

func defaultSGFromConfig(ci ConfigItem) any {
	st := &DefaultSGState{}
	if TemplateType(ci.ResourceType) != TypeEC2SecurityGroup {
		// AWS Config evaluates the default group's own item, not the VPC's.
		return st
	}
	c := ci.fields()
	name := configField[string](c, "groupName")
	switch {
	case name.State == Unknown:
		st.Applies, st.Open = true, Unknowable[string](name.Why, 0)
		return st
	case name.Value != "default":
		return st
	}
	st.Applies = true
	in := configField[[]json.RawMessage](c, "ipPermissions")
	out := configField[[]json.RawMessage](c, "ipPermissionsEgress")
	switch {
	case in.State == Unknown:
		st.Open = Unknowable[string](in.Why, 0)
	case out.State == Unknown:
		st.Open = Unknowable[string](out.Why, 0)
	case len(in.Value) > 0:
		st.Open = Known("the group has inbound rules", 0)
	case len(out.Value) > 0:
		st.Open = Known("the group has outbound rules", 0)
	default:
		st.Open = Missing[string](0)
	}
	return st
}

func vpcDefaultSecurityGroupClosed() []Rule {
	meta := finding.Rule{
		ID:    "vpc-default-security-group-closed",
		Title: "VPC default security group allows no traffic",
		Description: "Every VPC has a default security group that resources join when no group is named. Its " +
			"default rules allow all traffic between members and all outbound traffic, so a resource launched " +
			"without a deliberate group gets network access nobody chose. The group cannot be deleted; its rules " +
			"should be removed (the CDK does it with restrictDefaultSecurityGroup) and no template should add any.",
		Remediation: "Remove the default group's rules, and give resources their own groups. With the CDK:\n\n" +
			"  new ec2.Vpc(this, 'Vpc', { restrictDefaultSecurityGroup: true });\n\n" +
			"In plain CloudFormation, do not attach rules to the default group:\n\n" +
			"  # remove AWS::EC2::SecurityGroupIngress resources whose GroupId is !GetAtt Vpc.DefaultSecurityGroup\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/vpc-default-security-group-closed.html",
		Level:       finding.LevelWarning,
		Confidence:  "medium",
		Class:       "iac",
		ConfigRule:  "vpc-default-security-group-closed",
		Controls:    []string{"HIPAA/164.312(a)(1)", "PCI-DSS-4.0/1.3.1", "SOC2/CC6.6"},
		CWE:         []int{284},
		Permissions: []string{"ec2:DescribeSecurityGroups"},
	}
	vb := &viewBuilder{fromTemplate: defaultSGFromTemplate, fromConfig: defaultSGFromConfig}
	return forTypes([]string{TypeEC2VPC, TypeEC2SecurityGroup, typeEC2SecurityGroupIngress, typeEC2SecurityGroupEgress}, func(typ string) Rule {
		r := newRule(meta, typ, func(s *DefaultSGState) Result {
			if !s.Applies {
				return notApplicable()
			}
			switch s.Open.State {
			case Unknown:
				return NotAssessedAt(s.Open.Line, "%s", s.Open.Why)
			case Set:
				return Fail(lineOr(s.Open.Line, s.Line), "%s", s.Open.Value)
			}
			return Pass("the default security group is left without rules")
		})
		r.view = vb
		return r
	})
}
