package iac

import (
	"fmt"

	"github.com/attestdev/attest/shared/cfn"
)

// IAM resource types. CloudFormation's AWS::IAM::Policy is an inline policy attached to roles, users or groups,
// while AWS Config records customer managed policies under that name; both are a policy document, which is
// what the IAMPolicy view holds.
const (
	TypeIAMPolicy        = "AWS::IAM::Policy"
	TypeIAMUser          = "AWS::IAM::User"
	TypeIAMRole          = "AWS::IAM::Role"
	TypeIAMGroup         = "AWS::IAM::Group"
	typeIAMManagedPolicy = "AWS::IAM::ManagedPolicy"
)

// IAMPolicy is what rules know about a standalone IAM policy.
type IAMPolicy struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line     int
	Document PolicyDocument
}

// IAMPrincipal is what rules know about an IAM user or role: the policies embedded in it or attached to it.
type IAMPrincipal struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// Inline are the principal's inline policies: its Policies property, and in a template the AWS::IAM::Policy
	// resources that name it.
	Inline Fact[[]PolicyDocument]
	// Managed are the managed policies attached to it: ARNs, or the logical IDs of template policies.
	Managed Fact[[]string]
}

func iamPolicyFromTemplate(p templateProps) *IAMPolicy {
	return &IAMPolicy{Line: p.res.Line, Document: p.policyDocument(p.props, "PolicyDocument", "PolicyDocument")}
}

// iamManagedPolicyConfig is the configuration AWS Config records for a customer managed policy: the policy with
// its versions, each document URL-encoded JSON.
type iamManagedPolicyConfig struct {
	PolicyName        *string `json:"policyName"`
	ARN               *string `json:"arn"`
	DefaultVersionID  *string `json:"defaultVersionId"`
	PolicyVersionList []struct {
		Document         *string `json:"document"`
		VersionID        string  `json:"versionId"`
		IsDefaultVersion bool    `json:"isDefaultVersion"`
	} `json:"policyVersionList"`
}

func iamPolicyFromConfig(ci ConfigItem) *IAMPolicy {
	var c iamManagedPolicyConfig
	ok, why := configuration(ci, &c, func() bool { return c.PolicyName != nil || c.ARN != nil })
	if !ok {
		return &IAMPolicy{Document: PolicyDocument{Name: "policy", Unknown: why}}
	}
	for _, v := range c.PolicyVersionList {
		if !v.IsDefaultVersion && (c.DefaultVersionID == nil || v.VersionID != *c.DefaultVersionID) {
			continue
		}
		name := "default version " + v.VersionID
		if v.Document == nil {
			return &IAMPolicy{Document: PolicyDocument{Name: name, Unknown: "the configuration item has no document for the " + name}}
		}
		doc, err := ParsePolicyDocument(*v.Document)
		if err != nil {
			return &IAMPolicy{Document: PolicyDocument{Name: name, Unknown: err.Error()}}
		}
		doc.Name = name
		return &IAMPolicy{Document: doc}
	}
	return &IAMPolicy{Document: PolicyDocument{Name: "policy", Unknown: "the configuration item records no default policy version"}}
}

// settings are the policy's effective settings: its statements, summarised.
func (p *IAMPolicy) settings() []setting {
	if p.Document.Unknown != "" {
		return []setting{{name: "PolicyDocument", unknown: p.Document.Unknown}}
	}
	return []setting{{name: "PolicyDocument", value: fmt.Sprint(p.Document.Statements), known: true}}
}

// iamPrincipalFromTemplate reads a user or role, joining the template's policies that attach to it (listType is
// "Users" or "Roles"; nameKey is "UserName" or "RoleName").
func iamPrincipalFromTemplate(p templateProps, listType, nameKey string) *IAMPrincipal {
	pr := &IAMPrincipal{Line: p.res.Line, Inline: p.inlinePolicies()}
	pr.Managed = p.attachedPolicies()
	name, _ := p.props.Get(nameKey).Str()
	// AWS::IAM::RolePolicy and AWS::IAM::UserPolicy attach one inline policy to the principal they name.
	onePolicy := map[string]string{"Roles": "AWS::IAM::RolePolicy", "Users": "AWS::IAM::UserPolicy", "Groups": "AWS::IAM::GroupPolicy"}[listType]
	for _, res := range p.tpl.Resources {
		if res.Type != TypeIAMPolicy && res.Type != typeIAMManagedPolicy && res.Type != onePolicy {
			continue
		}
		props := p.resolver.Resolve(res.Properties)
		targets := props.Get(listType)
		if res.Type == onePolicy {
			targets = cfn.NewList(res.Properties.Get(nameKey))
		}
		if !namesPrincipal(targets, p.res.LogicalID, name) {
			continue
		}
		if res.Type == typeIAMManagedPolicy {
			pr.Managed = appendFact(pr.Managed, res.LogicalID, res.Line)
			continue
		}
		q := templateProps{tpl: p.tpl, res: res, props: props, resolver: p.resolver}
		doc := q.policyDocument(props, res.LogicalID+".PolicyDocument", "PolicyDocument")
		pr.Inline = appendFact(pr.Inline, doc, res.Line)
	}
	return pr
}

// namesPrincipal reports whether a Users or Roles list names the principal, by reference or by name.
func namesPrincipal(list *cfn.Value, logicalID, name string) bool {
	for _, it := range list.Items() {
		if isRefTo(it, logicalID) {
			return true
		}
		if s, ok := it.Str(); ok && name != "" && s == name {
			return true
		}
	}
	return false
}

// appendFact adds an element to a list fact: an absent list becomes a known one, an unknown one stays unknown.
func appendFact[T any](f Fact[[]T], v T, line int) Fact[[]T] {
	switch f.State {
	case Unknown:
		return f
	case Absent:
		return Known([]T{v}, line)
	}
	f.Value = append(f.Value, v)
	return f
}

// iamPrincipalConfig is the configuration AWS Config records for a user or a role: inline policies with their
// URL-encoded documents, and attached managed policies.
type iamPrincipalConfig struct {
	UserName        *string            `json:"userName"`
	RoleName        *string            `json:"roleName"`
	ARN             *string            `json:"arn"`
	UserPolicyList  *[]iamInlineConfig `json:"userPolicyList"`
	RolePolicyList  *[]iamInlineConfig `json:"rolePolicyList"`
	GroupName       *string            `json:"groupName"`
	GroupPolicyList *[]iamInlineConfig `json:"groupPolicyList"`
	Attached        *[]struct {
		PolicyArn string `json:"policyArn"`
	} `json:"attachedManagedPolicies"`
}

type iamInlineConfig struct {
	PolicyName     string  `json:"policyName"`
	PolicyDocument *string `json:"policyDocument"`
}

func iamPrincipalFromConfig(ci ConfigItem) *IAMPrincipal {
	var c iamPrincipalConfig
	ok, why := configuration(ci, &c, func() bool { return c.UserName != nil || c.RoleName != nil || c.GroupName != nil || c.ARN != nil })
	if !ok {
		return &IAMPrincipal{Inline: Unknowable[[]PolicyDocument](why, 0), Managed: Unknowable[[]string](why, 0)}
	}
	pr := &IAMPrincipal{Inline: Missing[[]PolicyDocument](0), Managed: Missing[[]string](0)}
	list := c.UserPolicyList
	switch ci.ResourceType {
	case TypeIAMRole:
		list = c.RolePolicyList
	case TypeIAMGroup:
		list = c.GroupPolicyList
	}
	if list == nil {
		pr.Inline = Unknowable[[]PolicyDocument]("the configuration item does not list the inline policies", 0)
	} else {
		for _, ip := range *list {
			doc := PolicyDocument{Name: ip.PolicyName, Unknown: "the configuration item has no document for inline policy " + ip.PolicyName}
			if ip.PolicyDocument != nil {
				if parsed, err := ParsePolicyDocument(*ip.PolicyDocument); err != nil {
					doc.Unknown = fmt.Sprintf("inline policy %s: %v", ip.PolicyName, err)
				} else {
					doc, doc.Name = parsed, ip.PolicyName
				}
			}
			pr.Inline = appendFact(pr.Inline, doc, 0)
		}
	}
	if c.Attached == nil {
		pr.Managed = Unknowable[[]string]("the configuration item does not list the attached managed policies", 0)
	} else {
		for _, a := range *c.Attached {
			pr.Managed = appendFact(pr.Managed, a.PolicyArn, 0)
		}
	}
	return pr
}

// settings are the principal's effective settings: how many policies of each kind it has.
func (pr *IAMPrincipal) settings() []setting {
	count := func(name string, n int, state FactState, why string) setting {
		switch state {
		case Unknown:
			return setting{name: name, unknown: why}
		case Absent:
			return setting{name: name, value: "0", known: true, dfault: true}
		}
		return setting{name: name, value: fmt.Sprint(n), known: true}
	}
	return []setting{
		count("Policies (inline, count)", len(pr.Inline.Value), pr.Inline.State, pr.Inline.Why),
		count("ManagedPolicyArns (count)", len(pr.Managed.Value), pr.Managed.State, pr.Managed.Why),
	}
}

// attachedPolicies reads ManagedPolicyArns. Each entry counts, whatever it resolves to: the rules ask whether
// anything is attached, and a reference to a policy is an attachment.
func (p templateProps) attachedPolicies() Fact[[]string] {
	list, state, line, why := p.lookup(p.props, "", "ManagedPolicyArns")
	switch {
	case state == Absent:
		return Missing[[]string](line)
	case state == Unknown:
		return Unknowable[[]string](why, line)
	case list.Kind != cfn.List:
		return Unknowable[[]string](p.malformed("ManagedPolicyArns", list, "a list"), line)
	}
	var out []string
	for _, it := range list.Items() {
		s, ok := it.Str()
		if !ok {
			fn, _ := it.Intrinsic()
			s = "!" + fn
		}
		out = append(out, s)
	}
	if len(out) == 0 {
		return Missing[[]string](line)
	}
	return Known(out, line)
}
