package explain

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/aws/aws-sdk-go-v2/service/iam"
	iamtypes "github.com/aws/aws-sdk-go-v2/service/iam/types"

	"github.com/attestdev/attest/shared/iamglob"
)

// accessDenied is an AWS authorization failure as the API reports it.
type accessDenied struct {
	Principal string
	Action    string
	Resource  string
	// Because is the reason clause: "no identity-based policy allows the s3:PutObjectAcl action",
	// "with an explicit deny in a service control policy"; empty in older messages.
	Because string
	Line    string
}

// User: arn:aws:sts::123456789012:assumed-role/orders-execution/orders is not authorized to perform:
// s3:PutObjectAcl on resource: "arn:aws:s3:::b/k" because no identity-based policy allows the s3:PutObjectAcl action
var accessDeniedMsg = regexp.MustCompile(`(?:User: )?(arn:aws[a-z-]*:[a-z]+::\d{12}:[^\s]{1,512}) is not authorized to perform: ([A-Za-z0-9-]{1,64}:[A-Za-z0-9*]{1,128})(?: on resource: "?([^"\s]{1,1000})"?)?(?:,? (because [^"\n]{1,300}|with an explicit deny[^"\n]{0,200}))?`)

// parseAccessDenied finds an authorization failure in a log line.
func parseAccessDenied(line string) (accessDenied, bool) {
	m := accessDeniedMsg.FindStringSubmatch(line)
	if m == nil {
		return accessDenied{}, false
	}
	because := strings.TrimSpace(m[4])
	because = strings.TrimRight(because, ".')}\"")
	return accessDenied{Principal: m[1], Action: m[2], Resource: strings.TrimRight(m[3], ".,"), Because: because, Line: line}, true
}

// otherLayer returns the policy layer the message blames when it is not the caller's identity policies:
// "service control policy", "permissions boundary", "VPC endpoint policy", "resource-based policy" …;
// explicit reports whether that layer denies explicitly (rather than fails to allow).
func (d accessDenied) otherLayer() (layer string, explicit bool) {
	b := d.Because
	if i := strings.Index(b, "explicit deny in "); i >= 0 {
		layer = strings.TrimPrefix(strings.TrimPrefix(b[i+len("explicit deny in "):], "a "), "an ")
		return layer, true
	}
	if strings.HasPrefix(b, "because no ") && !strings.HasPrefix(b, "because no identity-based policy") {
		rest := strings.TrimPrefix(b, "because no ")
		if i := strings.Index(rest, " allows"); i > 0 {
			return rest[:i], false
		}
	}
	return "", false
}

// roleOfPrincipal returns the role name of an assumed-role session ARN.
func roleOfPrincipal(arn string) string {
	const marker = ":assumed-role/"
	i := strings.Index(arn, marker)
	if i < 0 {
		return ""
	}
	rest := arn[i+len(marker):]
	if j := strings.Index(rest, "/"); j >= 0 {
		rest = rest[:j]
	}
	return rest
}

// policyDoc is the part of an IAM policy document evaluation reads.
type policyDoc struct {
	Statement stmtList `json:"Statement"`
}

type stmt struct {
	Sid         string          `json:"Sid"`
	Effect      string          `json:"Effect"`
	Action      strList         `json:"Action"`
	NotAction   strList         `json:"NotAction"`
	Resource    strList         `json:"Resource"`
	NotResource strList         `json:"NotResource"`
	Condition   json.RawMessage `json:"Condition"`
}

// stmtList and strList accept IAM's "one item or a list" forms.
type stmtList []stmt
type strList []string

func (l *stmtList) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '{' {
		var s stmt
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*l = stmtList{s}
		return nil
	}
	return json.Unmarshal(b, (*[]stmt)(l))
}

func (l *strList) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*l = strList{s}
		return nil
	}
	return json.Unmarshal(b, (*[]string)(l))
}

// maxPolicyDoc bounds a policy document; IAM's own limits are far lower (10,240 characters for a role's
// inline policies together, 6,144 for a managed policy).
const maxPolicyDoc = 1 << 20

// parsePolicyDoc reads a policy document as the API returns it (URL-encoded JSON) or as the CLI prints it
// (JSON).
func parsePolicyDoc(raw string) (policyDoc, error) {
	var d policyDoc
	if len(raw) > maxPolicyDoc {
		return d, fmt.Errorf("policy document larger than %d bytes", maxPolicyDoc)
	}
	s := strings.TrimSpace(raw)
	if !strings.HasPrefix(s, "{") {
		u, err := url.QueryUnescape(s)
		if err != nil {
			return d, fmt.Errorf("URL-decode policy document: %w", err)
		}
		s = u
	}
	if err := json.Unmarshal([]byte(s), &d); err != nil {
		return d, fmt.Errorf("parse policy document: %w", err)
	}
	return d, nil
}

// globMatch matches IAM wildcards (* any run, ? one character); fold makes it case-insensitive (actions).
func globMatch(pattern, s string, fold bool) bool {
	if fold {
		return iamglob.MatchAction(pattern, s)
	}
	return iamglob.Match(pattern, s)
}

func anyMatch(patterns []string, s string, fold bool) bool {
	for _, p := range patterns {
		if globMatch(p, s, fold) {
			return true
		}
	}
	return false
}

// applies reports whether a statement covers the action on the resource (an empty resource matches any
// Resource, since the message did not name one).
func (s stmt) applies(action, resource string) bool {
	switch {
	case len(s.Action) > 0 && !anyMatch(s.Action, action, true):
		return false
	case len(s.NotAction) > 0 && anyMatch(s.NotAction, action, true):
		return false
	case len(s.Action) == 0 && len(s.NotAction) == 0:
		return false
	}
	if resource == "" {
		return len(s.Resource) > 0 || len(s.NotResource) > 0
	}
	if len(s.Resource) > 0 {
		return anyMatch(s.Resource, resource, false)
	}
	return len(s.NotResource) > 0 && !anyMatch(s.NotResource, resource, false)
}

// policyEval is what a role's identity policies say about one request.
type policyEval struct {
	allowedBy     string // policy name of an unconditional Allow
	conditionalBy string // policy name of an Allow with a Condition: cannot be decided here
	deniedBy      string // policy name of a matching Deny (conditional or not)
	unreadable    []string
	policies      int
}

// evaluateRole evaluates the role's inline and attached customer managed policies for the request. AWS
// managed policies have no document in the details Attest reads (unless they were captured) and are listed
// as unreadable.
func evaluateRole(details *iam.GetAccountAuthorizationDetailsOutput, role iamtypes.RoleDetail, action, resource string) policyEval {
	var ev policyEval
	check := func(name, doc string) {
		d, err := parsePolicyDoc(doc)
		if err != nil {
			ev.unreadable = append(ev.unreadable, fmt.Sprintf("%s (%v)", name, err))
			return
		}
		ev.policies++
		for _, s := range d.Statement {
			if !s.applies(action, resource) {
				continue
			}
			switch {
			case strings.EqualFold(s.Effect, "Deny"):
				if ev.deniedBy == "" {
					ev.deniedBy = name
				}
			case strings.EqualFold(s.Effect, "Allow") && len(s.Condition) > 0 && string(s.Condition) != "null" && string(s.Condition) != "{}":
				if ev.conditionalBy == "" {
					ev.conditionalBy = name
				}
			case strings.EqualFold(s.Effect, "Allow"):
				if ev.allowedBy == "" {
					ev.allowedBy = name
				}
			}
		}
	}
	for _, p := range role.RolePolicyList {
		check("inline policy "+deref(p.PolicyName), deref(p.PolicyDocument))
	}
	for _, a := range role.AttachedManagedPolicies {
		doc, ok := managedDoc(details, deref(a.PolicyArn))
		if !ok {
			ev.unreadable = append(ev.unreadable, fmt.Sprintf("managed policy %s (document not in the details)", deref(a.PolicyArn)))
			continue
		}
		check("managed policy "+deref(a.PolicyName), doc)
	}
	return ev
}

// managedDoc returns the default version's document of a managed policy.
func managedDoc(details *iam.GetAccountAuthorizationDetailsOutput, arn string) (string, bool) {
	for _, p := range details.Policies {
		if deref(p.Arn) != arn {
			continue
		}
		for _, v := range p.PolicyVersionList {
			if v.IsDefaultVersion || deref(v.VersionId) == deref(p.DefaultVersionId) {
				return deref(v.Document), v.Document != nil
			}
		}
	}
	return "", false
}

func findRole(details *iam.GetAccountAuthorizationDetailsOutput, name string) (iamtypes.RoleDetail, bool) {
	for _, r := range details.RoleDetailList {
		if deref(r.RoleName) == name {
			return r, true
		}
	}
	return iamtypes.RoleDetail{}, false
}
