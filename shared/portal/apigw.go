package portal

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-lambda-go/events"
)

// DefaultGroup is the Cognito group whose members may read evidence.
const DefaultGroup = "auditors"

// maxLambdaBody is what the portal answers in a Lambda response at most. Lambda limits a synchronous
// response to 6 MB (base64 included), which is why downloads and exports go through the Outbox.
const maxLambdaBody = 4 << 20

// APIGateway serves the portal behind an API Gateway HTTP API (payload format 2.0) whose JWT authorizer
// checks the Cognito token. It checks again what the Lambda depends on: a token's claims are present, it has
// not expired, and its cognito:groups include the auditors' group; only the page (GET /), which holds no
// data, is served without them.
type APIGateway struct {
	Handler http.Handler
	Group   string // DefaultGroup when empty
	Now     func() time.Time
	Logger  *slog.Logger
}

// Handle answers one request.
func (a *APIGateway) Handle(ctx context.Context, req events.APIGatewayV2HTTPRequest) (events.APIGatewayV2HTTPResponse, error) {
	method := req.RequestContext.HTTP.Method
	p := req.RawPath
	if p == "" {
		p = req.RequestContext.HTTP.Path
	}
	if traverses(p) {
		return jsonResponse(http.StatusBadRequest, "invalid path"), nil
	}
	if !(method == http.MethodGet && p == "/") {
		principal, status, reason := a.authorize(req)
		if status != 0 {
			a.log().Warn("request refused", "path", p, "status", status, "reason", reason, "sourceIp", req.RequestContext.HTTP.SourceIP)
			return jsonResponse(status, reason), nil
		}
		ctx = WithPrincipal(ctx, principal)
	}
	target := p
	if req.RawQueryString != "" {
		target += "?" + req.RawQueryString
	}
	hr, err := http.NewRequestWithContext(ctx, method, target, nil)
	if err != nil {
		return jsonResponse(http.StatusBadRequest, "invalid request"), nil
	}
	for k, v := range req.Headers {
		hr.Header.Set(k, v)
	}
	hr.RemoteAddr = req.RequestContext.HTTP.SourceIP
	w := &bufferedResponse{header: http.Header{}}
	a.Handler.ServeHTTP(w, hr)
	if w.status == 0 {
		w.status = http.StatusOK
	}
	if w.body.Len() > maxLambdaBody {
		a.log().Error("response too large for Lambda", "path", p, "bytes", w.body.Len())
		return jsonResponse(http.StatusInternalServerError, "the answer is too large to return here"), nil
	}
	out := events.APIGatewayV2HTTPResponse{StatusCode: w.status, Headers: map[string]string{}}
	for k, v := range w.header {
		out.Headers[k] = strings.Join(v, ", ")
	}
	ct := w.header.Get("Content-Type")
	if strings.HasPrefix(ct, "text/") || strings.HasPrefix(ct, "application/json") || w.body.Len() == 0 {
		out.Body = w.body.String()
	} else {
		out.Body, out.IsBase64Encoded = base64.StdEncoding.EncodeToString(w.body.Bytes()), true
	}
	return out, nil
}

func (a *APIGateway) log() *slog.Logger {
	if a.Logger == nil {
		return slog.Default()
	}
	return a.Logger
}

// authorize reads the JWT authorizer's claims. It returns the principal, or the status and reason of a refusal.
func (a *APIGateway) authorize(req events.APIGatewayV2HTTPRequest) (Principal, int, string) {
	auth := req.RequestContext.Authorizer
	if auth == nil || auth.JWT == nil || len(auth.JWT.Claims) == 0 {
		return Principal{}, http.StatusUnauthorized, "a token is required"
	}
	claims := auth.JWT.Claims
	exp, err := strconv.ParseFloat(strings.TrimSpace(claims["exp"]), 64)
	if err != nil {
		return Principal{}, http.StatusUnauthorized, "the token has no expiry"
	}
	now := time.Now
	if a.Now != nil {
		now = a.Now
	}
	if !now().Before(time.Unix(int64(exp), 0)) {
		return Principal{}, http.StatusUnauthorized, "the token has expired"
	}
	sub := claims["sub"]
	if sub == "" {
		return Principal{}, http.StatusUnauthorized, "the token names no subject"
	}
	group := a.Group
	if group == "" {
		group = DefaultGroup
	}
	member := false
	for _, g := range Groups(claims["cognito:groups"]) {
		if g == group {
			member = true
		}
	}
	if !member {
		return Principal{}, http.StatusForbidden, "only members of the " + group + " group may read evidence"
	}
	user := claims["cognito:username"]
	if user == "" {
		user = claims["username"]
	}
	if user == "" {
		user = claims["email"]
	}
	return Principal{Subject: sub, Username: user}, 0, ""
}

// Groups reads the cognito:groups claim as API Gateway passes it to Lambda: an array flattened to
// "[a b]", or a JSON array.
func Groups(claim string) []string {
	claim = strings.TrimSpace(claim)
	if strings.HasPrefix(claim, "[\"") {
		var all []string
		if json.Unmarshal([]byte(claim), &all) == nil {
			out := all[:0]
			for _, g := range all {
				if g = strings.TrimSpace(g); g != "" {
					out = append(out, g)
				}
			}
			return out
		}
	}
	claim = strings.TrimSuffix(strings.TrimPrefix(claim, "["), "]")
	return strings.FieldsFunc(claim, func(r rune) bool { return r == ' ' || r == ',' })
}

func jsonResponse(status int, msg string) events.APIGatewayV2HTTPResponse {
	b, _ := json.Marshal(apiError{msg})
	return events.APIGatewayV2HTTPResponse{StatusCode: status, Body: string(b),
		Headers: map[string]string{"Content-Type": "application/json", "Cache-Control": "no-store"}}
}

// bufferedResponse collects a handler's answer for the Lambda response.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}
