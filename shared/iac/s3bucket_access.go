package iac

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
)

// typeS3BucketPolicy is the CloudFormation type of a bucket policy, joined to its bucket by the S3 rules.
const typeS3BucketPolicy = "AWS::S3::BucketPolicy"

// S3Access is what the S3 access, logging, versioning and lock rules know about a bucket beyond its
// encryption and Block Public Access: the part of S3Bucket added for them.
type S3Access struct {
	// Versioning is VersioningConfiguration.Status: Enabled or Suspended; absent means never enabled.
	Versioning Fact[string]
	// Logging is set when server access logging is configured; its value names the destination.
	Logging Fact[string]
	// ObjectLock is whether Object Lock is on for the bucket.
	ObjectLock Tri
	// ACL is the canned ACL (AccessControl): Private, PublicRead, PublicReadWrite, AuthenticatedRead …
	ACL Fact[string]
	// Policy is the bucket policy's statements, from the AWS::S3::BucketPolicy that names the bucket; absent
	// when there is none.
	Policy Fact[[]BucketStatement]
}

// BucketStatement is one statement of a bucket policy, as the S3 access rules read it.
type BucketStatement struct {
	Line  int
	Allow bool
	// Public is true when the principal is everyone ("*" or {"AWS": "*"}).
	Public  bool
	Actions []string
	// Conditioned is true when the statement has a Condition: it then does not grant access to everyone
	// unconditionally, and the rules do not call it public.
	Conditioned bool
	// DeniesInsecure is true for a Deny with Condition Bool aws:SecureTransport false.
	DeniesInsecure bool
	// Unknown says why the statement could not be read.
	Unknown string
}

// grants reports whether the statement's actions include one for which match is true, or a wildcard.
func (s BucketStatement) grants(match func(action string) bool) bool {
	for _, a := range s.Actions {
		a = strings.ToLower(a)
		if a == "*" || a == "s3:*" || match(a) {
			return true
		}
	}
	return false
}

func isReadAction(a string) bool {
	return strings.HasPrefix(a, "s3:get") || strings.HasPrefix(a, "s3:list")
}

func isWriteAction(a string) bool {
	for _, p := range []string{"s3:put", "s3:delete", "s3:restore", "s3:abortmultipartupload", "s3:replicate"} {
		if strings.HasPrefix(a, p) {
			return true
		}
	}
	return false
}

// s3AccessFromTemplate reads the access settings of a bucket resource and joins its bucket policies.
func (p templateProps) s3AccessFromTemplate() S3Access {
	a := S3Access{
		Versioning: p.str(p.props, "", "VersioningConfiguration", "Status"),
		Logging:    p.presentBlock("LoggingConfiguration"),
		ACL:        p.str(p.props, "", "AccessControl"),
	}
	// Object Lock is on when ObjectLockEnabled is true, or when the configuration states Enabled (which
	// CloudFormation accepts only together with it).
	a.ObjectLock = p.tri(p.props, "", "ObjectLockEnabled")
	if cfg := p.str(p.props, "", "ObjectLockConfiguration", "ObjectLockEnabled"); cfg.State == Set && cfg.Value == "Enabled" && a.ObjectLock.State != Set {
		a.ObjectLock = Known(true, cfg.Line)
	}
	a.Policy = p.bucketPolicies()
	return a
}

// presentBlock reads a mapping-valued setting that rules only need to know is there.
func (p templateProps) presentBlock(key string) Fact[string] {
	v, state, line, why := p.lookup(p.props, "", key)
	switch state {
	case Absent:
		return Missing[string](line)
	case Unknown:
		return Unknowable[string](why, line)
	}
	if v.Kind != cfn.Map {
		return Unknowable[string](p.malformed(key, v, "a mapping"), line)
	}
	if dest, ok := v.Get("DestinationBucketName").Str(); ok && dest != "" {
		return Known(dest, line)
	}
	if name, fn := v.Get("DestinationBucketName").Intrinsic(); name != "" {
		return Known(describeCall(name, fn), line)
	}
	return Known("this bucket", line)
}

// bucketPolicies finds the AWS::S3::BucketPolicy resources whose Bucket is this bucket (a Ref, or its literal
// name) and reads their statements. A policy whose Bucket cannot be resolved may be this bucket's: then the
// policy is unknown unless another policy is known to be it.
func (p templateProps) bucketPolicies() Fact[[]BucketStatement] {
	name, _ := p.props.Get("BucketName").Str()
	var rawName *cfn.Value
	if p.res.Properties != nil {
		rawName = p.res.Properties.Get("BucketName")
	}
	var stmts []BucketStatement
	found, line := false, p.res.Line
	unknown := ""
	for _, bp := range p.tpl.ResourcesOfType(typeS3BucketPolicy) {
		if bp.Properties == nil {
			continue
		}
		raw := bp.Properties.Get("Bucket")
		props := p.resolver.Resolve(bp.Properties)
		target := props.Get("Bucket")
		s, isStr := target.Str()
		switch {
		case isRefTo(raw, p.res.LogicalID) || dataRefersTo(raw, p.res.LogicalID):
		case isStr && target.Kind == cfn.String && name != "" && s == name:
		case rawName != nil && rawName.IsIntrinsic() && sameExpression(raw, rawName):
			// The same unresolved name expression (a !Sub of the same parameters) names the same bucket.
		case p.namesOtherBucket(raw):
			// The policy is another bucket's of this template.
			continue
		case target.IsIntrinsic() && unknown == "":
			unknown = "the Bucket of " + bp.LogicalID + " is unknown before deployment: " + p.resolver.Why(target)
			continue
		default:
			continue
		}
		if bp.Condition != "" {
			on, known := p.resolver.Condition(bp.Condition)
			if !known {
				unknown = bp.LogicalID + " exists only under condition " + bp.Condition + ", which is unknown before deployment"
				continue
			}
			if !on {
				continue
			}
		}
		found = true
		q := templateProps{tpl: p.tpl, res: bp, props: props, resolver: p.resolver}
		doc, state, l, why := q.lookup(props, "", "PolicyDocument")
		line = l
		switch state {
		case Absent:
			continue
		case Unknown:
			return Unknowable[[]BucketStatement](why, l)
		}
		var plain any
		if txt, ok := doc.Str(); ok && doc.Kind == cfn.String {
			if err := json.Unmarshal([]byte(txt), &plain); err != nil {
				return Unknowable[[]BucketStatement](fmt.Sprintf("%s PolicyDocument is not JSON: %v", bp.LogicalID, err), l)
			}
		} else {
			plain = doc.Interface()
		}
		st, err := bucketStatements(plain, l, doc)
		if err != nil {
			return Unknowable[[]BucketStatement](fmt.Sprintf("%s PolicyDocument: %v", bp.LogicalID, err), l)
		}
		stmts = append(stmts, st...)
	}
	switch {
	case found && unknown == "":
		return Known(stmts, line)
	case unknown != "":
		return Unknowable[[]BucketStatement](unknown, line)
	}
	return Missing[[]BucketStatement](p.res.Line)
}

// bucketStatements reads the statements of a decoded policy document; doc (may be nil) gives their lines.
func bucketStatements(plain any, line int, doc *cfn.Value) ([]BucketStatement, error) {
	m, ok := plain.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("the document is %s, not an object", plainKind(plain))
	}
	var list []any
	switch st := m["Statement"].(type) {
	case map[string]any:
		list = []any{st}
	case []any:
		list = st
	default:
		return nil, fmt.Errorf("Statement is %s, not an object or a list", plainKind(st))
	}
	out := make([]BucketStatement, 0, len(list))
	for i, x := range list {
		l := line
		if items := doc.Get("Statement").Items(); i < len(items) && items[i].Pos() > 0 {
			l = items[i].Pos()
		}
		sm, ok := x.(map[string]any)
		if !ok {
			out = append(out, BucketStatement{Line: l, Unknown: fmt.Sprintf("Statement[%d] is %s", i, plainKind(x))})
			continue
		}
		out = append(out, bucketStatement(sm, l))
	}
	return out, nil
}

func bucketStatement(m map[string]any, line int) BucketStatement {
	s := BucketStatement{Line: line}
	effect, ok := m["Effect"].(string)
	if !ok {
		s.Unknown = "Effect is " + plainKind(m["Effect"])
		return s
	}
	s.Allow = effect == "Allow"
	switch pr := m["Principal"].(type) {
	case string:
		s.Public = pr == "*"
	case map[string]any:
		if len(pr) == 1 {
			for k := range pr {
				if k == "Ref" || strings.HasPrefix(k, "Fn::") {
					s.Unknown = "Principal is " + plainKind(pr)
					return s
				}
			}
		}
		aws, why := stringsOf("Principal.AWS", pr["AWS"])
		if why != "" {
			// A principal built at deploy time is an account or role, never everyone.
			aws = nil
		}
		for _, a := range aws {
			if a == "*" {
				s.Public = true
			}
		}
	case nil:
		if _, not := m["NotPrincipal"]; not && s.Allow {
			// Allow with NotPrincipal grants everyone but the listed principals.
			s.Public = true
		}
	}
	var why string
	s.Actions, why = stringsOf("Action", m["Action"])
	if why != "" {
		s.Unknown = why
		return s
	}
	if c, ok := m["Condition"].(map[string]any); ok && len(c) > 0 {
		s.Conditioned = true
		if !s.Allow {
			s.DeniesInsecure = insecureCondition(c)
		}
	} else if _, present := m["Condition"]; present && m["Condition"] != nil {
		s.Conditioned = true
	}
	return s
}

// insecureCondition reports whether a condition block matches requests not sent over TLS:
// Bool (or BoolIfExists) aws:SecureTransport false.
func insecureCondition(c map[string]any) bool {
	for op, v := range c {
		if op != "Bool" && op != "BoolIfExists" {
			continue
		}
		kv, ok := v.(map[string]any)
		if !ok {
			continue
		}
		for k, val := range kv {
			if !strings.EqualFold(k, "aws:SecureTransport") {
				continue
			}
			switch x := val.(type) {
			case string:
				return strings.EqualFold(x, "false")
			case bool:
				return !x
			case []any:
				for _, e := range x {
					if s, ok := e.(string); ok && strings.EqualFold(s, "false") {
						return true
					}
					if b, ok := e.(bool); ok && !b {
						return true
					}
				}
			}
		}
	}
	return false
}

// s3AccessConfig holds the supplementaryConfiguration entries AWS Config records for a bucket's access,
// logging and versioning.
type s3VersioningConfig struct {
	Status *string `json:"status"`
}

type s3LoggingConfig struct {
	DestinationBucketName *string `json:"destinationBucketName"`
}

type s3PolicyConfig struct {
	PolicyText *string `json:"policyText"`
}

type s3ACLConfig struct {
	GrantList []struct {
		Grantee    json.RawMessage `json:"grantee"`
		Permission string          `json:"permission"`
	} `json:"grantList"`
}

// s3AccessFromConfig reads the supplementary entries. AWS Config does not record Object Lock, so that stays
// unknown.
func s3AccessFromConfig(ci ConfigItem) S3Access {
	a := S3Access{ObjectLock: Unknowable[bool]("AWS Config does not record a bucket's Object Lock configuration (it needs s3:GetBucketObjectLockConfiguration)", 0)}
	var v s3VersioningConfig
	if ok, why := ci.supplementary("BucketVersioningConfiguration", &v); !ok {
		a.Versioning = Unknowable[string](why, 0)
	} else if v.Status == nil || *v.Status == "Off" || *v.Status == "" {
		a.Versioning = Missing[string](0)
	} else {
		a.Versioning = Known(*v.Status, 0)
	}
	var l s3LoggingConfig
	if ok, why := ci.supplementary("BucketLoggingConfiguration", &l); !ok {
		a.Logging = Unknowable[string](why, 0)
	} else {
		a.Logging = strFact(l.DestinationBucketName)
	}
	var pol s3PolicyConfig
	if ok, why := ci.supplementary("BucketPolicy", &pol); !ok {
		a.Policy = Unknowable[[]BucketStatement](why, 0)
	} else if pol.PolicyText == nil || strings.TrimSpace(*pol.PolicyText) == "" {
		a.Policy = Missing[[]BucketStatement](0)
	} else {
		var plain any
		if err := json.Unmarshal([]byte(*pol.PolicyText), &plain); err != nil {
			a.Policy = Unknowable[[]BucketStatement](fmt.Sprintf("supplementaryConfiguration.BucketPolicy.policyText is not JSON: %v", err), 0)
		} else if st, err := bucketStatements(plain, 0, nil); err != nil {
			a.Policy = Unknowable[[]BucketStatement]("supplementaryConfiguration.BucketPolicy: "+err.Error(), 0)
		} else {
			a.Policy = Known(st, 0)
		}
	}
	var acl s3ACLConfig
	if ok, why := ci.supplementary("AccessControlList", &acl); !ok {
		a.ACL = Unknowable[string](why, 0)
	} else {
		a.ACL = Known(cannedFromGrants(acl), 0)
	}
	return a
}

// cannedFromGrants names the canned ACL whose public grants an access control list matches: what the rules
// compare, since a template states a canned ACL and Config records grants.
func cannedFromGrants(acl s3ACLConfig) string {
	read, write, authRead := false, false, false
	for _, g := range acl.GrantList {
		var who string
		if err := json.Unmarshal(g.Grantee, &who); err != nil {
			var obj struct {
				URI string `json:"uri"`
			}
			if json.Unmarshal(g.Grantee, &obj) == nil {
				who = obj.URI
			}
		}
		all := who == "AllUsers" || strings.HasSuffix(who, "/global/AllUsers")
		auth := who == "AuthenticatedUsers" || strings.HasSuffix(who, "/global/AuthenticatedUsers")
		switch g.Permission {
		case "Read", "FullControl":
			read = read || all
			authRead = authRead || auth
		}
		switch g.Permission {
		case "Write", "FullControl":
			write = write || all || auth
		}
	}
	switch {
	case write && (read || authRead):
		return "PublicReadWrite"
	case write:
		// No canned ACL grants write alone; the name keeps read and write apart for the rules.
		return "PublicWrite"
	case read:
		return "PublicRead"
	case authRead:
		return "AuthenticatedRead"
	}
	return "Private"
}

// sameExpression reports whether two unresolved values are written the same way, so that they evaluate to the
// same value whatever the parameters are.
func sameExpression(a, b *cfn.Value) bool {
	return a != nil && b != nil && reflect.DeepEqual(a.Interface(), b.Interface())
}

// namesOtherBucket reports whether a policy's Bucket names another bucket of the template: a Ref to it, or the
// same unresolved expression as its BucketName.
func (p templateProps) namesOtherBucket(raw *cfn.Value) bool {
	for _, b := range p.tpl.ResourcesOfType(TypeS3Bucket) {
		if b == p.res {
			continue
		}
		if isRefTo(raw, b.LogicalID) || dataRefersTo(raw, b.LogicalID) {
			return true
		}
		if n := b.Properties.Get("BucketName"); n.IsIntrinsic() && sameExpression(raw, n) {
			return true
		}
	}
	return false
}
