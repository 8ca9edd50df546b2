package envcheck

import (
	"fmt"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
)

// samEventPolicies are the managed policies SAM attaches to a function's generated role for its event
// sources.
var samEventPolicies = map[string]string{
	"SQS":      "AWSLambdaSQSQueueExecutionRole",
	"DynamoDB": "AWSLambdaDynamoDBExecutionRole",
	"Kinesis":  "AWSLambdaKinesisExecutionRole",
}

// roleGrants reads what the function's execution role allows.
func roleGrants(f *function, t *tables) *grants {
	roleVal := f.props.Get("Role")
	if roleVal == nil {
		if f.res.Type == typeSAMFunction {
			return samGrants(f, t)
		}
		return &grants{external: "the function has no Role"}
	}
	name, arg := roleVal.Intrinsic()
	var logical string
	switch name {
	case "Fn::GetAtt":
		if items := arg.Items(); len(items) > 0 {
			logical, _ = items[0].Str()
		} else if s, ok := arg.Str(); ok {
			logical, _, _ = strings.Cut(s, ".")
		}
	case "Ref":
		logical, _ = arg.Str()
	}
	r := f.tpl.Resource(logical)
	if r == nil || r.Type != typeRole {
		return &grants{external: "role defined outside the template"}
	}
	g := &grants{role: logical, path: f.tpl.Path}
	props := f.resolver.Resolve(r.Properties)
	for i, p := range props.Get("Policies").Items() {
		pn, _ := p.Get("PolicyName").Str()
		src := fmt.Sprintf("inline policy %s of role %s", orIndex(pn, i), logical)
		g.stmts = append(g.stmts, readStatements(f.tpl, p.Get("PolicyDocument"), src, true)...)
	}
	if v := props.Get("Policies"); v != nil && v.Kind != cfn.List {
		g.unknown = append(g.unknown, "the Policies of role "+logical+" are unknown before deployment")
	}
	arns := props.Get("ManagedPolicyArns")
	if arns != nil && arns.Kind != cfn.List {
		g.unknown = append(g.unknown, "the ManagedPolicyArns of role "+logical+" are unknown before deployment")
	}
	for _, a := range arns.Items() {
		g.addManaged(f, t, a)
	}
	// Policies of the template that attach themselves to the role.
	for _, pr := range f.tpl.Resources {
		if pr.Type != typePolicy && pr.Type != typeManagedPolicy {
			continue
		}
		pp := f.resolver.Resolve(pr.Properties)
		for _, rr := range pp.Get("Roles").Items() {
			if l, _, ok := logicalRef(f.tpl, rr); ok && l == logical {
				g.stmts = append(g.stmts, readStatements(f.tpl, pp.Get("PolicyDocument"), "policy "+pr.LogicalID, true)...)
			} else if s, ok := rr.Str(); ok && s != "" && props.Get("RoleName") != nil {
				if rn, _ := props.Get("RoleName").Str(); rn == s {
					g.stmts = append(g.stmts, readStatements(f.tpl, pp.Get("PolicyDocument"), "policy "+pr.LogicalID, true)...)
				}
			}
		}
	}
	if props.Has("PermissionsBoundary") {
		g.boundary = "role " + logical + " has a permissions boundary, which may refuse what its policies allow"
	}
	return g
}

func orIndex(name string, i int) string {
	if name != "" {
		return name
	}
	return fmt.Sprintf("#%d", i)
}

// samGrants reads the role SAM generates for a function without Role: AWSLambdaBasicExecutionRole, the
// VPC and event-source policies SAM adds, and the function's Policies.
func samGrants(f *function, t *tables) *grants {
	g := &grants{role: f.res.LogicalID + "Role", path: f.tpl.Path}
	g.addManagedName(t, "AWSLambdaBasicExecutionRole", nil)
	if f.props.Has("VpcConfig") {
		g.addManagedName(t, "AWSLambdaVPCAccessExecutionRole", nil)
	}
	for _, k := range f.props.Get("Events").Keys() {
		typ, _ := f.props.Get("Events", k, "Type").Str()
		if p, ok := samEventPolicies[typ]; ok {
			g.addManagedName(t, p, nil)
		}
	}
	if mode, _ := f.props.Get("Tracing").Str(); mode == "Active" {
		g.addManagedName(t, "AWSXRayDaemonWriteAccess", nil)
	}
	pol := f.props.Get("Policies")
	items := pol.Items()
	switch {
	case pol == nil:
	case pol.Kind == cfn.String, pol.Kind == cfn.Map && !pol.Has("Statement"), pol.Kind == cfn.Intrinsic:
		items = []*cfn.Value{pol}
	case pol.Kind == cfn.Map:
		g.stmts = append(g.stmts, readStatements(f.tpl, pol, "Policies of "+f.res.LogicalID, true)...)
	}
	for i, p := range items {
		switch {
		case p.Kind == cfn.String:
			g.addManaged(f, t, p)
		case p.Kind == cfn.Map && p.Has("Statement"):
			g.stmts = append(g.stmts, readStatements(f.tpl, p, fmt.Sprintf("Policies[%d] of %s", i, f.res.LogicalID), true)...)
		case p.Kind == cfn.Map && p.Len() == 1:
			g.addTemplate(f, t, p.Keys()[0], p.Get(p.Keys()[0]))
		default:
			g.addManaged(f, t, p)
		}
	}
	return g
}

// addManaged adds a managed policy named by ARN or name, or by a reference to a managed policy of the
// template.
func (g *grants) addManaged(f *function, t *tables, v *cfn.Value) {
	if l, _, ok := logicalRef(f.tpl, v); ok {
		if r := f.tpl.Resource(l); r != nil && r.Type == typeManagedPolicy {
			doc := f.resolver.Resolve(r.Properties).Get("PolicyDocument")
			g.stmts = append(g.stmts, readStatements(f.tpl, doc, "managed policy "+l, true)...)
			return
		}
	}
	s, ok := v.Str()
	if !ok {
		g.unknown = append(g.unknown, "a managed policy of the role is unknown before deployment")
		return
	}
	if strings.HasPrefix(s, "arn:") {
		if !strings.Contains(s, ":iam::aws:policy/") {
			g.unknown = append(g.unknown, fmt.Sprintf("customer managed policy %s is defined outside the template", s))
			return
		}
		s = s[strings.LastIndex(s, "/")+1:]
	}
	g.addManagedName(t, s, v)
}

// addManagedName adds an AWS managed policy from the table. at is where the template attaches it, nil for the
// policies SAM attaches by itself; a policy the template attaches is one a finding can ask to replace.
func (g *grants) addManagedName(t *tables, name string, at *cfn.Value) {
	p, ok := t.managed[name]
	if !ok {
		g.unknown = append(g.unknown, fmt.Sprintf("AWS managed policy %s is not in Attest's table of managed policies", name))
		return
	}
	if p.Partial {
		g.partial = append(g.partial, partialPolicy{name: name, covers: p.Covers})
	}
	for _, st := range p.Statements {
		s := statement{allow: true, actions: st.Actions, resources: []resRef{{any: true}}, resource: "*",
			source: "AWS managed policy " + name, path: g.path}
		if at != nil {
			s.editable, s.line = true, at.Pos()
		}
		g.stmts = append(g.stmts, s)
	}
}

// addTemplate expands a SAM policy template with its parameters.
func (g *grants) addTemplate(f *function, t *tables, name string, params *cfn.Value) {
	tp, ok := t.sam[name]
	if !ok {
		g.unknown = append(g.unknown, fmt.Sprintf("SAM policy template %s is not in Attest's table", name))
		return
	}
	for _, st := range tp.Statements {
		s := statement{allow: true, actions: st.Actions, source: "SAM policy template " + name, path: f.tpl.Path, line: params.Pos()}
		for _, r := range st.Resources {
			if r.Any {
				s.resources = append(s.resources, resRef{any: true})
				continue
			}
			v := params.Get(r.Param)
			if l, _, ok := logicalRef(f.tpl, v); ok {
				s.resources = append(s.resources, resRef{logical: l, sub: r.Sub})
				continue
			}
			if str, ok := v.Str(); ok {
				p := str
				if r.Sub {
					p += "/*"
				}
				s.resources = append(s.resources, resRef{pattern: p, sub: r.Sub})
				continue
			}
			s.resources = append(s.resources, resRef{unknown: true})
		}
		g.stmts = append(g.stmts, s)
	}
}
