package iac

import (
	"fmt"
	"strings"
)

// statementJudge says why an Allow statement is too broad for a rule, or "" when it is not.
type statementJudge func(st PolicyStatement) string

// checkDocuments applies judge to every statement: a known violation fails whatever the unknown parts turn out
// to be; otherwise an unreadable document or statement is not assessed.
func checkDocuments(docs []PolicyDocument, fallback int, judge statementJudge, passMsg string) Result {
	unknown, unknownLine := "", 0
	for _, d := range docs {
		if d.Unknown != "" {
			if unknown == "" {
				unknown, unknownLine = d.Unknown, d.Line
			}
			continue
		}
		for i, st := range d.Statements {
			if st.Unknown != "" {
				if unknown == "" {
					unknown, unknownLine = fmt.Sprintf("%s statement %s: %s", d.Name, stmtName(st, i), st.Unknown), d.Line
				}
				continue
			}
			if !st.Allow {
				continue
			}
			if why := judge(st); why != "" {
				return Fail(lineOr(d.Line, fallback), "%s statement %s %s", d.Name, stmtName(st, i), why)
			}
		}
	}
	if unknown != "" {
		return NotAssessedAt(unknownLine, "%s", unknown)
	}
	return Pass("%s", passMsg)
}

func stmtName(st PolicyStatement, i int) string {
	if st.Sid != "" {
		return fmt.Sprintf("%q", st.Sid)
	}
	return fmt.Sprintf("#%d", i+1)
}

// allResources reports whether a statement applies to every resource.
func allResources(st PolicyStatement) bool {
	if st.NotResource {
		return true
	}
	for _, r := range st.Resources {
		if r == "*" {
			return true
		}
	}
	return false
}

// adminAccess judges Allow "*" (or NotAction) on every resource.
func adminAccess(st PolicyStatement) string {
	if !allResources(st) {
		return ""
	}
	if st.NotAction {
		return "allows every action except " + strings.Join(st.Actions, ", ") + " (NotAction) on all resources"
	}
	for _, a := range st.Actions {
		if a == "*" {
			return `allows Action "*" on Resource "*": full administrator access`
		}
	}
	return ""
}

// fullAccess judges Allow "<service>:*" (or NotAction, which allows whole services by omission).
func fullAccess(st PolicyStatement) string {
	if st.NotAction {
		return "uses NotAction, which allows every action of every service it does not list"
	}
	for _, a := range st.Actions {
		if a == "*" {
			return `allows Action "*": every action of every service`
		}
		if svc, rest, ok := strings.Cut(a, ":"); ok && rest == "*" && svc != "" {
			return fmt.Sprintf("allows %q: every action of the %s service", a, svc)
		}
	}
	return ""
}
