package main

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

func TestPortalUserPool(t *testing.T) {
	tm := sample(t).tmpl
	poolID, pool := tm.one(t, "AWS::Cognito::UserPool", "AuditorPool")
	checks := []struct {
		what string
		got  any
		want any
	}{
		{"self sign-up off", get(pool.Properties, "AdminCreateUserConfig.AllowAdminCreateUserOnly"), true},
		{"MFA", pool.Properties["MfaConfiguration"], "ON"},
		{"deletion protection", pool.Properties["DeletionProtection"], "ACTIVE"},
		{"retained", pool.DeletionPolicy, "Retain"},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s: got %v; want %v", c.what, c.got, c.want)
		}
	}
	_, group := tm.one(t, "AWS::Cognito::UserPoolGroup", "AuditorsGroup")
	if group.Properties["GroupName"] != "auditors" || !refersTo(group.Properties["UserPoolId"], poolID) {
		t.Errorf("got group %v; want auditors in the auditor pool", group.Properties)
	}
	_, client := tm.one(t, "AWS::Cognito::UserPoolClient", "AuditorPoolPortalClient")
	if client.Properties["GenerateSecret"] != false || !refersTo(client.Properties["UserPoolId"], poolID) {
		t.Errorf("got client %v; want a public client of the auditor pool", client.Properties)
	}
}

func TestPortalApiAuthorization(t *testing.T) {
	tm := sample(t).tmpl
	apiID, _ := tm.one(t, "AWS::ApiGatewayV2::Api", "PortalApi")
	poolID, _ := tm.one(t, "AWS::Cognito::UserPool", "AuditorPool")
	clientID, _ := tm.one(t, "AWS::Cognito::UserPoolClient", "AuditorPoolPortalClient")
	authID, auth := tm.one(t, "AWS::ApiGatewayV2::Authorizer", "PortalApiAuditorsAuthorizer")
	p := auth.Properties
	if p["AuthorizerType"] != "JWT" || !refersTo(p["ApiId"], apiID) {
		t.Errorf("got authorizer %v; want a JWT authorizer of the portal API", p)
	}
	if issuer := get(p, "JwtConfiguration.Issuer"); !mentions(issuer, "https://cognito-idp.") || !mentions(issuer, poolID) {
		t.Errorf("got issuer %v; want the auditor pool's URL", issuer)
	}
	if aud, _ := get(p, "JwtConfiguration.Audience").([]any); len(aud) != 1 || !refersTo(aud[0], clientID) {
		t.Errorf("got audience %v; want exactly the portal client", aud)
	}
	if src := get(p, "IdentitySource"); !mentions(src, "$request.header.Authorization") {
		t.Errorf("got identity source %v; want the Authorization header", src)
	}

	fnID := functionID(t, tm, portalName)
	routes := map[string]map[string]any{}
	for _, id := range tm.ofType("AWS::ApiGatewayV2::Route") {
		rp := tm.Resources[id].Properties
		if refersTo(rp["ApiId"], apiID) {
			routes[rp["RouteKey"].(string)] = rp
		}
	}
	var keys []string
	for k := range routes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	want := []string{"GET /", "GET /api/export", "GET /api/packs", "GET /api/packs/{id}", "GET /api/packs/{id}/download"}
	if strings.Join(keys, ",") != strings.Join(want, ",") {
		t.Fatalf("got routes %v; want %v (and no catch-all)", keys, want)
	}
	for key, rp := range routes {
		t.Run(key, func(t *testing.T) {
			if key == "GET /" {
				if rp["AuthorizationType"] != "NONE" {
					t.Errorf("the page: got authorization %v; want none (it holds no data)", rp["AuthorizationType"])
				}
			} else if rp["AuthorizationType"] != "JWT" || !refersTo(rp["AuthorizerId"], authID) {
				t.Errorf("got authorization %v by %v; want the JWT authorizer", rp["AuthorizationType"], rp["AuthorizerId"])
			}
			integ := tm.Resources[strings.TrimPrefix(mustString(get(rp, "Target.Fn::Join.1.1.Ref")), "")]
			if integ.Type != "AWS::ApiGatewayV2::Integration" || integ.Properties["PayloadFormatVersion"] != "2.0" ||
				!mentions(integ.Properties["IntegrationUri"], fnID) {
				t.Errorf("got integration %v; want the portal function with payload 2.0", integ.Properties)
			}
		})
	}
}

func mustString(v any) string { s, _ := v.(string); return s }

func TestPortalFunction(t *testing.T) {
	tm := sample(t).tmpl
	evidenceID, workID, _ := bucketIDs(t, tm)
	signingKey, _ := tm.one(t, "AWS::KMS::Key", "SigningKey")
	vars := env(t, tm, portalName)
	for k, id := range map[string]string{"EVIDENCE_BUCKET": evidenceID, "WORK_BUCKET": workID, "SIGNING_KEY_ID": signingKey} {
		if !refersTo(vars[k], id) {
			t.Errorf("%s = %v; want a reference to %s", k, vars[k], id)
		}
	}
	if vars["AUDITORS_GROUP"] != "auditors" {
		t.Errorf("AUDITORS_GROUP = %v; want auditors", vars["AUDITORS_GROUP"])
	}
	stmts := statementsOf(t, tm, roleOf(t, tm, portalName))
	got := map[string]bool{}
	for _, s := range stmts {
		for _, a := range s.Actions {
			got[a] = true
		}
	}
	wantActions := []string{"kms:Decrypt", "kms:GenerateDataKey", "kms:GetPublicKey", "kms:Sign", "logs:CreateLogStream", "logs:PutLogEvents",
		"s3:GetObject", "s3:ListBucket", "s3:PutObject", "xray:PutTelemetryRecords", "xray:PutTraceSegments"}
	if !reflect.DeepEqual(keys(got), wantActions) {
		t.Errorf("portal role actions %v; want exactly %v (no delete, no retention change)", keys(got), wantActions)
	}
	cases := []struct{ action, target string }{
		{"s3:GetObject", evidenceID}, {"s3:PutObject", evidenceID}, {"s3:ListBucket", evidenceID},
		{"kms:Sign", signingKey}, {"s3:PutObject", "runs/portal/"}, {"s3:GetObject", "runs/portal/"},
	}
	for _, c := range cases {
		if !allows(stmts, c.action, c.target) {
			t.Errorf("portal may not %s on %s", c.action, c.target)
		}
	}
	for _, s := range stmts {
		for _, a := range s.Actions {
			if strings.HasPrefix(a, "s3:") && mentions(s.Resources, workID) && !mentions(s.Resources, "runs/portal/*") {
				t.Errorf("statement %s grants %s on the work bucket beyond runs/portal/", s.Sid, a)
			}
		}
	}
}
