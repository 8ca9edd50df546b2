// Package awsreplay serves recorded AWS API responses over HTTP, each in its service's own protocol, so
// tests point the real SDK clients at it (BaseEndpoint) and exercise their serializers, deserializers and
// error handling as against AWS: Lambda and Bedrock Runtime (REST-JSON), EC2 (EC2 query, XML), IAM (query,
// XML), KMS, CloudWatch Logs, CloudTrail, AWS Config and DynamoDB (JSON 1.1), SQS (JSON 1.0) and
// CloudWatch (Smithy RPCv2 CBOR, which the SDK in go.mod speaks).
//
// Responses live in a directory, one sub-directory per service, one file per operation:
// <service>/<Operation>[.<resource>].json (.xml for EC2 and IAM); the resource-qualified file wins (the
// function, table, queue, key, metric or model the request names). CloudWatch responses are recorded as
// JSON and sent as CBOR; their members named *Timestamp become CBOR epoch timestamps. A request without a
// recording, or for an operation in Deny, is answered with the service's own error shape.
package awsreplay

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/smithy-go/encoding/cbor"
)

// Request is one request the server answered.
type Request struct {
	// Service is the recording directory: lambda, ec2, iam, kms, logs, cloudtrail, config, dynamodb, sqs,
	// cloudwatch, bedrock.
	Service string
	// Operation is the API operation: DescribeRouteTables.
	Operation string
	// Resource is what the request names, when the operation has one (function, table, key, metric …).
	Resource string
	// Params are the request's parameters: form values (EC2, IAM), JSON or CBOR members flattened with
	// dots (Filters.0.Name), path parameters.
	Params map[string]string
	// Recorded is false when no recording answered it.
	Recorded bool
}

// Server answers AWS API requests from recordings.
type Server struct {
	// URL is the base endpoint to give the SDK clients.
	URL string
	dir string
	srv *httptest.Server

	mu       sync.Mutex
	deny     map[string]bool
	delay    map[string]time.Duration
	requests []Request
}

// Start serves the recordings under dir until Close.
func Start(dir string) *Server {
	s := &Server{dir: dir, deny: map[string]bool{}, delay: map[string]time.Duration{}}
	s.srv = httptest.NewServer(s)
	s.URL = s.srv.URL
	return s
}

// Close stops the server.
func (s *Server) Close() { s.srv.Close() }

// Client is an HTTP client for the server.
func (s *Server) Client() *http.Client { return s.srv.Client() }

// Deny makes the operations ("ec2:DescribeNatGateways") answer access denied, as the service words it.
func (s *Server) Deny(ops ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, op := range ops {
		s.deny[op] = true
	}
}

// Delay holds the answers of an operation ("bedrock:Converse") for d, or until the client gives up.
func (s *Server) Delay(op string, d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay[op] = d
}

// Requests returns the requests answered so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// protocol is how a service's requests and answers are shaped.
type protocol int

const (
	restJSON protocol = iota
	awsJSON
	query
	rpcCBOR
)

// call is a decoded request.
type call struct {
	Request
	proto   protocol
	jsonVer string
}

// jsonTargets maps the X-Amz-Target prefixes of the JSON protocol services to their directories.
var jsonTargets = map[string]struct{ dir, version string }{
	"TrentService":        {"kms", "1.1"},
	"Logs_20140328":       {"logs", "1.1"},
	"CloudTrail_20131101": {"cloudtrail", "1.1"},
	"com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101": {"cloudtrail", "1.1"},
	"StarlingDoveService": {"config", "1.1"},
	"DynamoDB_20120810":   {"dynamodb", "1.0"},
	"AmazonSQS":           {"sqs", "1.0"},
	"AWSStepFunctions":    {"states", "1.0"},
}

const maxBody = 4 << 20

// ServeHTTP decodes the request, finds its recording and answers in the service's protocol.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody))
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	c, err := decode(r, body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	key := c.Service + ":" + c.Operation
	s.mu.Lock()
	denied, delay := s.deny[key], s.delay[key]
	s.mu.Unlock()
	if delay > 0 {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
	}
	var data []byte
	var ext string
	if !denied {
		data, ext = s.find(c)
	}
	c.Recorded = data != nil
	s.mu.Lock()
	s.requests = append(s.requests, c.Request)
	s.mu.Unlock()
	switch {
	case denied:
		writeError(w, c, http.StatusForbidden, deniedCode(c), fmt.Sprintf("User: arn:aws:sts::123456789012:assumed-role/attest-explain/attest is not authorized to perform: %s because no identity-based policy allows the %s action", key, key))
	case data == nil:
		writeError(w, c, http.StatusNotFound, notFoundCode(c), fmt.Sprintf("no recorded response for %s (%s)", key, c.Resource))
	default:
		writeRecorded(w, c, data, ext)
	}
}

// find returns the recording for the call: <service>/<Operation>.<resource>.<ext>, else
// <service>/<Operation>.<ext>.
func (s *Server) find(c call) ([]byte, string) {
	ext := ".json"
	if c.proto == query {
		ext = ".xml"
	}
	var names []string
	if c.Resource != "" && !strings.ContainsAny(c.Resource, `/\`) && !strings.HasPrefix(c.Resource, ".") {
		names = append(names, c.Operation+"."+c.Resource+ext)
	}
	names = append(names, c.Operation+ext)
	for _, n := range names {
		if b, err := os.ReadFile(filepath.Join(s.dir, c.Service, n)); err == nil {
			return b, ext
		}
	}
	return nil, ext
}

func decode(r *http.Request, body []byte) (call, error) {
	c := call{Request: Request{Params: map[string]string{}}}
	path := r.URL.Path
	switch {
	case strings.HasPrefix(path, "/service/") && strings.Contains(path, "/operation/"):
		c.proto = rpcCBOR
		c.Service = "cloudwatch"
		c.Operation = path[strings.LastIndex(path, "/")+1:]
		if len(body) > 0 {
			v, err := cbor.Decode(body)
			if err != nil {
				return c, fmt.Errorf("decode CBOR: %w", err)
			}
			flatten(c.Params, "", fromCBOR(v))
		}
		if c.Operation == "GetMetricStatistics" {
			c.Resource = c.Params["MetricName"]
		}
	case r.Header.Get("X-Amz-Target") != "":
		c.proto = awsJSON
		target := r.Header.Get("X-Amz-Target")
		i := strings.LastIndex(target, ".")
		if i < 0 {
			return c, fmt.Errorf("bad X-Amz-Target %q", target)
		}
		svc, ok := jsonTargets[target[:i]]
		if !ok {
			return c, fmt.Errorf("unknown service %q", target[:i])
		}
		c.Service, c.jsonVer, c.Operation = svc.dir, svc.version, target[i+1:]
		if len(body) > 0 {
			var v any
			dec := json.NewDecoder(bytes.NewReader(body))
			dec.UseNumber()
			if err := dec.Decode(&v); err != nil {
				return c, fmt.Errorf("decode JSON: %w", err)
			}
			flatten(c.Params, "", v)
		}
		c.Resource = resourceOf(c)
	case r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded"):
		c.proto = query
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return c, fmt.Errorf("decode form: %w", err)
		}
		for k, v := range form {
			c.Params[k] = strings.Join(v, ",")
		}
		c.Operation = form.Get("Action")
		switch form.Get("Version") {
		case "2016-11-15":
			c.Service = "ec2"
		case "2010-05-08":
			c.Service = "iam"
		default:
			return c, fmt.Errorf("unknown query API version %q", form.Get("Version"))
		}
	default:
		c.proto = restJSON
		if err := decodeREST(&c, r, body); err != nil {
			return c, err
		}
	}
	return c, nil
}

func decodeREST(c *call, r *http.Request, body []byte) error {
	seg := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	for i, s := range seg {
		if u, err := url.PathUnescape(s); err == nil {
			seg[i] = u
		}
	}
	for k, v := range r.URL.Query() {
		c.Params[k] = strings.Join(v, ",")
	}
	switch {
	case len(seg) == 4 && seg[0] == "2015-03-31" && seg[1] == "functions" && seg[3] == "configuration":
		c.Service, c.Operation, c.Resource = "lambda", "GetFunctionConfiguration", seg[2]
	case len(seg) == 4 && seg[0] == "2019-09-30" && seg[1] == "functions" && seg[3] == "concurrency":
		c.Service, c.Operation, c.Resource = "lambda", "GetFunctionConcurrency", seg[2]
	case len(seg) == 4 && seg[0] == "2015-03-31" && seg[1] == "functions" && seg[3] == "policy":
		c.Service, c.Operation, c.Resource = "lambda", "GetPolicy", seg[2]
	case len(seg) == 4 && seg[0] == "2015-03-31" && seg[1] == "functions" && seg[3] == "aliases":
		c.Service, c.Operation, c.Resource = "lambda", "ListAliases", seg[2]
	case len(seg) == 4 && seg[0] == "2019-09-30" && seg[1] == "functions" && seg[3] == "provisioned-concurrency":
		c.Service, c.Operation, c.Resource = "lambda", "ListProvisionedConcurrencyConfigs", seg[2]
	case len(seg) == 2 && seg[0] == "2016-08-19" && seg[1] == "account-settings":
		c.Service, c.Operation = "lambda", "GetAccountSettings"
	case len(seg) == 2 && seg[0] == "2015-03-31" && seg[1] == "event-source-mappings":
		c.Service, c.Operation, c.Resource = "lambda", "ListEventSourceMappings", c.Params["FunctionName"]
	case len(seg) == 3 && seg[0] == "model" && seg[2] == "converse":
		c.Service, c.Operation, c.Resource = "bedrock", "Converse", seg[1]
		var v any
		if len(body) > 0 {
			if err := json.Unmarshal(body, &v); err != nil {
				return fmt.Errorf("decode JSON: %w", err)
			}
			flatten(c.Params, "", v)
		}
	default:
		return fmt.Errorf("no REST operation for %s %s", r.Method, r.URL.Path)
	}
	return nil
}

// resourceOf names what a JSON protocol request is about, for the recording's file name.
func resourceOf(c call) string {
	switch c.Service {
	case "kms":
		id := c.Params["KeyId"]
		if i := strings.LastIndexAny(id, "/:"); strings.HasPrefix(id, "arn:") && i >= 0 {
			id = id[i+1:]
		}
		return id
	case "dynamodb":
		return c.Params["TableName"]
	case "sqs":
		if u := c.Params["QueueUrl"]; u != "" {
			return u[strings.LastIndex(u, "/")+1:]
		}
		return c.Params["QueueName"]
	case "config":
		return c.Params["resourceId"]
	case "states":
		arn := c.Params["stateMachineArn"]
		return arn[strings.LastIndex(arn, ":")+1:]
	}
	return ""
}

// flatten turns nested request members into dotted keys: Filters.0.Name.
func flatten(out map[string]string, prefix string, v any) {
	join := func(k string) string {
		if prefix == "" {
			return k
		}
		return prefix + "." + k
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			flatten(out, join(k), e)
		}
	case []any:
		for i, e := range x {
			flatten(out, join(fmt.Sprint(i)), e)
		}
	case nil:
	default:
		out[prefix] = fmt.Sprint(x)
	}
}

func deniedCode(c call) string {
	switch c.Service {
	case "ec2":
		return "UnauthorizedOperation"
	case "iam":
		return "AccessDenied"
	}
	return "AccessDeniedException"
}

func notFoundCode(c call) string {
	switch c.Service {
	case "ec2":
		return "InvalidParameterValue"
	case "iam":
		return "NoSuchEntity"
	case "sqs":
		return "QueueDoesNotExist"
	case "kms":
		return "NotFoundException"
	case "cloudwatch":
		return "ResourceNotFound"
	}
	return "ResourceNotFoundException"
}

func writeError(w http.ResponseWriter, c call, status int, code, msg string) {
	switch c.proto {
	case query:
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(status)
		if c.Service == "ec2" {
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<Response><Errors><Error><Code>%s</Code><Message>%s</Message></Error></Errors><RequestID>5c1d7a1e-0000-4000-8000-000000000000</RequestID></Response>`, code, xmlEscape(msg))
			return
		}
		fmt.Fprintf(w, `<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>5c1d7a1e-0000-4000-8000-000000000000</RequestId></ErrorResponse>`, code, xmlEscape(msg))
	case rpcCBOR:
		w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
		w.Header().Set("Content-Type", "application/cbor")
		w.WriteHeader(status)
		w.Write(cbor.Encode(cbor.Map{"__type": cbor.String(code), "message": cbor.String(msg)}))
	case awsJSON:
		w.Header().Set("Content-Type", "application/x-amz-json-"+c.jsonVer)
		if c.Service == "sqs" {
			w.Header().Set("X-Amzn-Query-Error", code+";Sender")
		}
		w.WriteHeader(status)
		b, _ := json.Marshal(map[string]string{"__type": code, "message": msg})
		w.Write(b)
	default:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Amzn-Errortype", code)
		w.WriteHeader(status)
		b, _ := json.Marshal(map[string]string{"Type": "User", "Message": msg, "message": msg})
		w.Write(b)
	}
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

func writeRecorded(w http.ResponseWriter, c call, data []byte, ext string) {
	switch c.proto {
	case query:
		w.Header().Set("Content-Type", "text/xml;charset=UTF-8")
		w.Write(data)
	case rpcCBOR:
		v, err := decodeJSON(data)
		if err != nil {
			writeError(w, c, http.StatusInternalServerError, "InternalFailure", "bad recording: "+err.Error())
			return
		}
		if c.Operation == "DescribeAlarms" {
			v = filterAlarms(v, c.Params)
		}
		body, err := toCBOR(v, "")
		if err != nil {
			writeError(w, c, http.StatusInternalServerError, "InternalFailure", "bad recording: "+err.Error())
			return
		}
		w.Header().Set("Smithy-Protocol", "rpc-v2-cbor")
		w.Header().Set("Content-Type", "application/cbor")
		w.Write(cbor.Encode(body))
	case awsJSON:
		w.Header().Set("Content-Type", "application/x-amz-json-"+c.jsonVer)
		w.Write(data)
	default:
		w.Header().Set("Content-Type", "application/json")
		w.Write(data)
	}
}

func decodeJSON(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// filterAlarms keeps the alarms the request names, as DescribeAlarms does.
func filterAlarms(v any, params map[string]string) any {
	want := map[string]bool{}
	for k, n := range params {
		if strings.HasPrefix(k, "AlarmNames.") {
			want[n] = true
		}
	}
	m, ok := v.(map[string]any)
	if !ok || len(want) == 0 {
		return v
	}
	for _, key := range []string{"MetricAlarms", "CompositeAlarms"} {
		list, _ := m[key].([]any)
		var keep []any
		for _, a := range list {
			if am, ok := a.(map[string]any); ok && want[fmt.Sprint(am["AlarmName"])] {
				keep = append(keep, am)
			}
		}
		m[key] = keep
	}
	return m
}

// toCBOR converts a recorded JSON value into CBOR; members named *Timestamp (ISO 8601 strings or epoch
// seconds) become epoch timestamps (tag 1), as CloudWatch sends them.
func toCBOR(v any, key string) (cbor.Value, error) {
	if strings.HasSuffix(key, "Timestamp") {
		switch x := v.(type) {
		case string:
			t, err := time.Parse(time.RFC3339Nano, x)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			return &cbor.Tag{ID: 1, Value: cbor.Float64(float64(t.UnixMilli()) / 1e3)}, nil
		case json.Number:
			f, err := x.Float64()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			return &cbor.Tag{ID: 1, Value: cbor.Float64(f)}, nil
		}
	}
	switch x := v.(type) {
	case nil:
		return &cbor.Nil{}, nil
	case bool:
		return cbor.Bool(x), nil
	case string:
		return cbor.String(x), nil
	case json.Number:
		if n, err := x.Int64(); err == nil {
			if n < 0 {
				return cbor.NegInt(uint64(-n)), nil
			}
			return cbor.Uint(uint64(n)), nil
		}
		f, err := x.Float64()
		if err != nil {
			return nil, err
		}
		return cbor.Float64(f), nil
	case []any:
		out := make(cbor.List, 0, len(x))
		for _, e := range x {
			c, err := toCBOR(e, key)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		}
		return out, nil
	case map[string]any:
		out := cbor.Map{}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			c, err := toCBOR(x[k], k)
			if err != nil {
				return nil, err
			}
			out[k] = c
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported JSON value %T", v)
}

// fromCBOR converts a CBOR request into plain values for flattening.
func fromCBOR(v cbor.Value) any {
	switch x := v.(type) {
	case cbor.Map:
		m := make(map[string]any, len(x))
		for k, e := range x {
			m[k] = fromCBOR(e)
		}
		return m
	case cbor.List:
		l := make([]any, len(x))
		for i, e := range x {
			l[i] = fromCBOR(e)
		}
		return l
	case cbor.String:
		return string(x)
	case cbor.Uint:
		return uint64(x)
	case cbor.NegInt:
		return -int64(x)
	case cbor.Float32:
		return float64(x)
	case cbor.Float64:
		return float64(x)
	case cbor.Bool:
		return bool(x)
	case *cbor.Tag:
		if t, err := cbor.AsTime(x); err == nil {
			return t.UTC().Format(time.RFC3339)
		}
		return fromCBOR(x.Value)
	}
	return nil
}
