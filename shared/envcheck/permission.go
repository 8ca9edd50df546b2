package envcheck

import (
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
)

func missingPermission(f *function, g *grants, calls []resolvedCall) outcome {
	if g.external != "" {
		return notAssessed("%s", g.external)
	}
	var fails []finding.Finding
	var unknown []string
	var checked int
	seen := map[string]bool{}
	for _, c := range calls {
		if c.why != "" {
			unknown = append(unknown, fmt.Sprintf("%s at %s: %s", c.Operation, c.where(), c.why))
			continue
		}
		for _, a := range c.actions {
			key := a + "@" + c.where()
			if seen[key] {
				continue
			}
			seen[key] = true
			checked++
			v, st, why := g.decide(a, c.Call, c.target)
			scope := ""
			if t := c.target.describe(); t != "" {
				scope = " on " + t
			} else {
				scope = " (checked by action only: " + c.target.why + ")"
			}
			switch v {
			case unknownGrant:
				unknown = append(unknown, fmt.Sprintf("%s at %s: %s", a, c.where(), why))
			case denied:
				fails = append(fails, finding.Finding{Path: c.Path, Line: c.Line, Snippet: c.Snippet + " " + a, Props: map[string]string{"action": a},
					Message: fmt.Sprintf("`%s` is called at `%s:%d`, role `%s` denies it%s (%s at %s:%d)",
						a, path.Base(c.Path), c.Line, g.role, scope, st.source, st.path, st.line)})
			case notGranted:
				// The action joins the snippet: one line may need several actions, and each finding keeps its own
				// fingerprint.
				fails = append(fails, finding.Finding{Path: c.Path, Line: c.Line, Snippet: c.Snippet + " " + a, Props: map[string]string{"action": a},
					Message: fmt.Sprintf("`%s` is called at `%s:%d`, role `%s` does not grant it%s",
						a, path.Base(c.Path), c.Line, g.role, scope)})
			}
		}
	}
	switch {
	case len(fails) > 0:
		return outcome{status: finding.StatusFail, findings: fails,
			message: fmt.Sprintf("%d of %d actions the code calls are not granted by role %s", len(fails), checked, g.role)}
	case len(unknown) > 0:
		return notAssessed("not every action could be checked: %s", strings.Join(unknown, "; "))
	case len(calls) == 0:
		return pass("the code makes no AWS SDK call Attest recognises")
	}
	if g.boundary != "" {
		return pass("role %s grants all %d actions the code calls (%s)", g.role, checked, g.boundary)
	}
	return pass("role %s grants all %d actions the code calls", g.role, checked)
}

func wildcardGrant(f *function, g *grants, calls []resolvedCall) outcome {
	if g.external != "" {
		return notAssessed("%s", g.external)
	}
	for _, c := range calls {
		if c.why != "" {
			return notAssessed("the actions of %s at %s are not known: %s", c.Operation, c.where(), c.why)
		}
	}
	var fails []finding.Finding
	for _, st := range g.stmts {
		if !st.editable || !st.allow || st.unknown != "" {
			continue
		}
		var wild []string
		for _, a := range st.actions {
			if strings.ContainsAny(a, "*?") {
				wild = append(wild, a)
			}
		}
		if st.notAction {
			wild = []string{"every action but " + strings.Join(st.actions, ", ") + " (NotAction)"}
		}
		if len(wild) == 0 {
			continue
		}
		used := map[string]bool{}
		var resources []any
		allKnown := true
		seenRes := map[string]bool{}
		for _, c := range calls {
			for _, a := range c.actions {
				if !st.matchesAction(a) || !st.matchesResource(a, c.Call, c.target) {
					continue
				}
				if v, _, _ := g.decide(a, c.Call, c.target); v == denied {
					continue // an explicit Deny refuses it anyway: the replacement need not allow it
				}
				used[a] = true
				if c.target.logical == "" {
					allKnown = false
					continue
				}
				r := arnOf(f.tpl, c.target.logical, wantsSub(a, c.Call))
				if k := fmt.Sprint(r); !seenRes[k] {
					seenRes[k] = true
					resources = append(resources, r)
				}
			}
		}
		actions := make([]string, 0, len(used))
		for a := range used {
			actions = append(actions, a)
		}
		sort.Strings(actions)
		msg := fmt.Sprintf("%s allows %s", st.source, strings.Join(wild, ", "))
		props := map[string]string{}
		if len(actions) == 0 {
			msg += ", but the function's code calls no action it covers: remove the statement"
		} else {
			stmt := map[string]any{"Effect": "Allow", "Action": actions, "Resource": st.resource}
			if allKnown && len(resources) > 0 {
				stmt["Resource"] = resources
			}
			js, _ := json.Marshal(stmt)
			props["leastPrivilegeStatement"] = string(js)
			msg += fmt.Sprintf(", but the function's code calls only %s; least-privilege statement: %s", strings.Join(actions, ", "), js)
		}
		fails = append(fails, finding.Finding{Path: st.path, Line: st.line, Message: msg, Props: props,
			Snippet: st.source + ": " + strings.Join(wild, " ")})
	}
	if len(fails) > 0 {
		return outcome{status: finding.StatusFail, findings: fails,
			message: fmt.Sprintf("%d wildcard grants of role %s go beyond what the code calls", len(fails), g.role)}
	}
	return pass("the statements the template writes for role %s grant no wildcard", g.role)
}

// arnOf is the CloudFormation expression of a template resource's ARN (of its contents when sub is set), for
// suggested statements.
func arnOf(tpl *cfn.Template, logical string, sub bool) any {
	r := tpl.Resource(logical)
	switch {
	case r != nil && r.Type == "AWS::S3::Bucket" && sub:
		return map[string]any{"Fn::Sub": "${" + logical + ".Arn}/*"}
	case r != nil && r.Type == "AWS::DynamoDB::Table" && sub:
		return map[string]any{"Fn::Sub": "${" + logical + ".Arn}/*"}
	case r != nil && (r.Type == "AWS::SNS::Topic" || r.Type == "AWS::StepFunctions::StateMachine"):
		return map[string]any{"Ref": logical}
	}
	return map[string]any{"Fn::GetAtt": []string{logical, "Arn"}}
}
