package explain

import (
	"net/url"
	"testing"
)

func TestParseAccessDenied(t *testing.T) {
	tests := []struct {
		name, line                             string
		ok                                     bool
		action, resource, layer, principalRole string
		explicit                               bool
	}{
		{name: "no identity-based policy", ok: true, action: "s3:PutObjectAcl", resource: "arn:aws:s3:::b/k.pdf", principalRole: "r",
			line: `An error occurred (AccessDenied) when calling the PutObjectAcl operation: User: arn:aws:sts::123456789012:assumed-role/r/fn is not authorized to perform: s3:PutObjectAcl on resource: "arn:aws:s3:::b/k.pdf" because no identity-based policy allows the s3:PutObjectAcl action`},
		{name: "service control policy", ok: true, action: "kms:CreateGrant", resource: "arn:aws:kms:us-east-1:123456789012:key/k", layer: "service control policy", explicit: true, principalRole: "r",
			line: `User: arn:aws:sts::123456789012:assumed-role/r/fn is not authorized to perform: kms:CreateGrant on resource: arn:aws:kms:us-east-1:123456789012:key/k with an explicit deny in a service control policy`},
		{name: "resource-based policy", ok: true, action: "sqs:SendMessage", resource: "arn:aws:sqs:us-east-1:123456789012:q", layer: "resource-based policy", principalRole: "r",
			line: `User: arn:aws:sts::123456789012:assumed-role/r/fn is not authorized to perform: sqs:SendMessage on resource: arn:aws:sqs:us-east-1:123456789012:q because no resource-based policy allows the sqs:SendMessage action`},
		{name: "permissions boundary", ok: true, action: "dynamodb:PutItem", resource: "arn:aws:dynamodb:us-east-1:123456789012:table/t", layer: "permissions boundary", explicit: true, principalRole: "r",
			line: `User: arn:aws:sts::123456789012:assumed-role/r/fn is not authorized to perform: dynamodb:PutItem on resource: arn:aws:dynamodb:us-east-1:123456789012:table/t with an explicit deny in a permissions boundary`},
		{name: "older message without a reason", ok: true, action: "ssm:GetParameter", resource: "arn:aws:ssm:us-east-1:123456789012:parameter/p", principalRole: "r",
			line: `User: arn:aws:sts::123456789012:assumed-role/r/fn is not authorized to perform: ssm:GetParameter on resource: arn:aws:ssm:us-east-1:123456789012:parameter/p`},
		{name: "not a denial", line: `AccessDenied: Access Denied`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ok := parseAccessDenied(tt.line)
			if ok != tt.ok {
				t.Fatalf("ok = %v; want %v", ok, tt.ok)
			}
			if !ok {
				return
			}
			layer, explicit := d.otherLayer()
			if d.Action != tt.action || d.Resource != tt.resource || layer != tt.layer || explicit != tt.explicit || roleOfPrincipal(d.Principal) != tt.principalRole {
				t.Errorf("got action %q resource %q layer %q explicit %v role %q; want %q %q %q %v %q",
					d.Action, d.Resource, layer, explicit, roleOfPrincipal(d.Principal), tt.action, tt.resource, tt.layer, tt.explicit, tt.principalRole)
			}
		})
	}
}

func TestGlobMatch(t *testing.T) {
	tests := []struct {
		pattern, s string
		fold, want bool
	}{
		{"s3:*", "s3:PutObjectAcl", true, true},
		{"S3:put*", "s3:PutObjectAcl", true, true},
		{"s3:Get*", "s3:PutObject", true, false},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b/a/b.pdf", false, true},
		{"arn:aws:s3:::B/*", "arn:aws:s3:::b/a", false, false},
		{"a?c", "abc", false, true},
		{"*", "", false, true},
		{"a*b*c*d", "aXbYcZ", false, false},
	}
	for _, tt := range tests {
		if got := globMatch(tt.pattern, tt.s, tt.fold); got != tt.want {
			t.Errorf("globMatch(%q, %q) = %v; want %v", tt.pattern, tt.s, got, tt.want)
		}
	}
}

func TestParsePolicyDoc(t *testing.T) {
	const doc = `{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:PutObject","Resource":["arn:aws:s3:::b/*"]}}`
	for name, raw := range map[string]string{"JSON": doc, "URL-encoded": url.QueryEscape(doc)} {
		t.Run(name, func(t *testing.T) {
			d, err := parsePolicyDoc(raw)
			if err != nil {
				t.Fatal(err)
			}
			if len(d.Statement) != 1 || !d.Statement[0].applies("s3:putobject", "arn:aws:s3:::b/k") || d.Statement[0].applies("s3:GetObject", "arn:aws:s3:::b/k") {
				t.Errorf("statement = %+v; want one that applies to s3:PutObject on b/* only", d.Statement)
			}
		})
	}
	for _, bad := range []string{"%zz", "{", `{"Statement": 3}`} {
		if _, err := parsePolicyDoc(bad); err == nil {
			t.Errorf("parsePolicyDoc(%q) = nil error", bad)
		}
	}
}

func FuzzParsePolicyDoc(f *testing.F) {
	f.Add(`{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"Bool":{"aws:SecureTransport":"true"}}}]}`)
	f.Add(`%7B%22Statement%22%3A%5B%5D%7D`)
	f.Fuzz(func(t *testing.T, raw string) {
		d, err := parsePolicyDoc(raw)
		if err != nil {
			return
		}
		for _, s := range d.Statement {
			_ = s.applies("s3:GetObject", "arn:aws:s3:::b/k")
		}
	})
}

func FuzzParseAccessDenied(f *testing.F) {
	f.Add(`User: arn:aws:sts::123456789012:assumed-role/r/fn is not authorized to perform: s3:GetObject on resource: "arn:aws:s3:::b/k" because no identity-based policy allows the s3:GetObject action`)
	f.Fuzz(func(t *testing.T, line string) {
		if d, ok := parseAccessDenied(line); ok {
			_, _ = d.otherLayer()
			_ = roleOfPrincipal(d.Principal)
			if !globMatch(d.Action, d.Action, true) {
				t.Errorf("action %q does not match itself", d.Action)
			}
		}
	})
}
