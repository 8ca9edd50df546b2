package portal

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

func apiRequest(path, query string, claims map[string]string) events.APIGatewayV2HTTPRequest {
	req := events.APIGatewayV2HTTPRequest{RawPath: path, RawQueryString: query, Headers: map[string]string{"accept": "application/json"}}
	req.RequestContext.HTTP.Method = "GET"
	req.RequestContext.HTTP.Path = path
	req.RequestContext.HTTP.SourceIP = "198.51.100.7"
	if claims != nil {
		req.RequestContext.Authorizer = &events.APIGatewayV2HTTPRequestContextAuthorizerDescription{
			JWT: &events.APIGatewayV2HTTPRequestContextAuthorizerJWTDescription{Claims: claims}}
	}
	return req
}

func TestAPIGatewayAuthorization(t *testing.T) {
	f := newStore(t, 3)
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	gw := &APIGateway{Handler: f.server(t).Handler(), Now: func() time.Time { return now }, Logger: f.server(t).Logger}
	valid := func(groups string) map[string]string {
		return map[string]string{"sub": "5f1c-auditor", "cognito:username": "dana", "cognito:groups": groups,
			"exp": fmt.Sprint(now.Add(time.Hour).Unix()), "token_use": "id"}
	}
	expired := valid("[auditors]")
	expired["exp"] = fmt.Sprint(now.Add(-time.Second).Unix())
	noExp := valid("[auditors]")
	delete(noExp, "exp")
	cases := []struct {
		name   string
		req    events.APIGatewayV2HTTPRequest
		status int
		want   string
	}{
		{"no token", apiRequest("/api/packs", "", nil), 401, "a token is required"},
		{"empty claims", apiRequest("/api/packs", "", map[string]string{}), 401, "a token is required"},
		{"wrong group", apiRequest("/api/packs", "", valid("[developers admins]")), 403, "auditors group"},
		{"no group", apiRequest("/api/packs", "", valid("")), 403, "auditors group"},
		{"group as a prefix only", apiRequest("/api/packs", "", valid("[auditors-readonly]")), 403, "auditors group"},
		{"expired token", apiRequest("/api/packs", "", expired), 401, "expired"},
		{"token without expiry", apiRequest("/api/packs", "", noExp), 401, "no expiry"},
		{"traversal in the id", apiRequest("/api/packs/../keys/x/download", "", valid("[auditors]")), 400, "invalid path"},
		{"encoded traversal in the id", apiRequest("/api/packs/%2e%2e%2fkeys/download", "", valid("[auditors]")), 400, "invalid path"},
		{"encoded slash in the id", apiRequest("/api/packs/a%2Fb", "", valid("[auditors]")), 400, "invalid"},
		{"traversal without a token", apiRequest("/api/packs/../../etc/passwd", "", nil), 400, "invalid path"},
		{"auditor lists", apiRequest("/api/packs", "kind=push", valid("[auditors]")), 200, `"push-c"`},
		{"auditor in several groups, JSON form", apiRequest("/api/packs/push-a", "", valid(`["admins","auditors"]`)), 200, `"push-a"`},
		{"the page needs no token", apiRequest("/", "", nil), 200, "<!doctype html>"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := gw.Handle(context.Background(), tc.req)
			if err != nil {
				t.Fatal(err)
			}
			if res.StatusCode != tc.status {
				t.Errorf("got %d; want %d (%s)", res.StatusCode, tc.status, res.Body)
			}
			if !strings.Contains(res.Body, tc.want) {
				t.Errorf("got body %.200q; want it to contain %q", res.Body, tc.want)
			}
		})
	}
}

func TestAPIGatewayRecordsTheSubject(t *testing.T) {
	f := newStore(t, 1)
	now := f.clock
	gw := &APIGateway{Handler: f.server(t).Handler(), Now: func() time.Time { return now }}
	claims := map[string]string{"sub": "5f1c-auditor", "cognito:username": "dana", "cognito:groups": "[auditors]", "exp": fmt.Sprint(now.Add(time.Hour).Unix())}
	res, err := gw.Handle(context.Background(), apiRequest("/api/packs/push-a/download", "", claims))
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != 200 || !res.IsBase64Encoded {
		t.Fatalf("got %d (base64 %v); want the zip", res.StatusCode, res.IsBase64Encoded)
	}
	res, _ = gw.Handle(context.Background(), apiRequest("/api/packs", "kind=export", claims))
	var l Listing
	if err := json.Unmarshal([]byte(res.Body), &l); err != nil {
		t.Fatal(err)
	}
	if len(l.Packs) != 1 || l.Packs[0].Subject["who"] != "dana (5f1c-auditor)" {
		t.Errorf("got access records %+v; want one naming dana and her subject", l.Packs)
	}
}

func TestGroups(t *testing.T) {
	for in, want := range map[string]string{
		"[auditors]":            "auditors",
		"[auditors admins]":     "auditors|admins",
		`["auditors","admins"]`: "auditors|admins",
		"auditors":              "auditors",
		"":                      "",
		"[]":                    "",
	} {
		if got := strings.Join(Groups(in), "|"); got != want {
			t.Errorf("Groups(%q): got %q; want %q", in, got, want)
		}
	}
}
