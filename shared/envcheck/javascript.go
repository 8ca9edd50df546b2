package envcheck

import "strings"

// jsName is what a JavaScript name holds: an SDK export (a client class, a command, a paginator, the v2 AWS
// namespace) or an object made from one.
type jsName struct {
	service string
	// kind: ns (AWS namespace of SDK v2), class (client class), command, paginator, docfactory
	// (DynamoDBDocumentClient), client (v3 client: only send), opsclient (SDK v2 client or v3 aggregated client:
	// methods are operations), docclient (a DynamoDB document client: put, get, query …).
	kind string
	op   string
	doc  bool // a lib-dynamodb command, whose operation names differ
}

// jsDocOps maps DynamoDB document client methods and lib-dynamodb command names to operations.
var jsDocOps = map[string]string{
	"put": "PutItem", "get": "GetItem", "update": "UpdateItem", "delete": "DeleteItem", "query": "Query", "scan": "Scan",
	"batchWrite": "BatchWriteItem", "batchGet": "BatchGetItem", "transactWrite": "TransactWriteItems",
	"transactGet": "TransactGetItems",
	"Put":         "PutItem", "Get": "GetItem", "Update": "UpdateItem", "Delete": "DeleteItem", "Query": "Query", "Scan": "Scan",
	"BatchWrite": "BatchWriteItem", "BatchGet": "BatchGetItem", "TransactWrite": "TransactWriteItems",
	"TransactGet": "TransactGetItems", "ExecuteStatement": "ExecuteStatement",
}

// jsClientHelpers are methods of SDK v2 clients that are not operations, mapped to the operation they
// perform ("" for none).
var jsClientHelpers = map[string]string{
	"upload": "PutObject", "createPresignedPost": "PutObject", "promise": "", "on": "", "makeRequest": "",
	"waitFor": "", "send": "", "destroy": "", "config": "", "middlewareStack": "",
}

var (
	jsLoops  = map[string]bool{"for_statement": true, "for_in_statement": true, "while_statement": true, "do_statement": true}
	jsScopes = map[string]bool{"function_declaration": true, "function_expression": true, "arrow_function": true,
		"method_definition": true, "generator_function_declaration": true, "class_body": true}
	jsIterators = map[string]bool{"forEach": true, "map": true, "flatMap": true, "filter": true, "reduce": true,
		"some": true, "every": true}
)

type jsFile struct {
	*source
	names map[string]jsName
	envs  map[string]string
	lits  map[string]string
	objs  map[string]*node
	calls []Call
}

// sdkModule returns the service of an SDK module ("" for the v2 umbrella package, ok false for other
// modules): @aws-sdk/client-s3 → s3, @aws-sdk/lib-dynamodb → dynamodb, aws-sdk/clients/s3 → s3.
func sdkModule(m string) (service string, doc, ok bool) {
	switch {
	case m == "aws-sdk":
		return "", false, true
	case strings.HasPrefix(m, "@aws-sdk/client-"):
		return strings.TrimPrefix(m, "@aws-sdk/client-"), false, true
	case m == "@aws-sdk/lib-dynamodb":
		return "dynamodb", true, true
	case strings.HasPrefix(m, "aws-sdk/clients/"):
		return strings.TrimPrefix(m, "aws-sdk/clients/"), false, true
	}
	return "", false, false
}

// exportKind classifies a name exported by an SDK module.
func exportKind(module, name string, doc bool) jsName {
	svc, _, _ := sdkModule(module)
	switch {
	case module == "aws-sdk":
		return jsName{kind: "ns"}
	case strings.HasPrefix(module, "aws-sdk/clients/"):
		return jsName{service: svc, kind: "opsclass"}
	case strings.HasSuffix(name, "Command") && name != "Command":
		op := strings.TrimSuffix(name, "Command")
		if doc {
			if o, ok := jsDocOps[op]; ok {
				return jsName{service: svc, kind: "command", op: o, doc: true}
			}
			return jsName{}
		}
		return jsName{service: svc, kind: "command", op: op}
	case strings.HasPrefix(name, "paginate") && len(name) > len("paginate"):
		return jsName{service: svc, kind: "paginator", op: strings.TrimPrefix(name, "paginate")}
	case doc && (name == "DynamoDBDocumentClient" || name == "DynamoDBDocument"):
		return jsName{service: svc, kind: "docfactory"}
	case strings.HasSuffix(name, "Client"):
		return jsName{service: svc, kind: "class"}
	case name != "" && name[0] >= 'A' && name[0] <= 'Z':
		// The aggregated client (new S3()) whose methods are operations.
		return jsName{service: svc, kind: "opsclass"}
	}
	return jsName{}
}

// extractJS finds the AWS SDK calls of a parsed JavaScript or TypeScript file.
func extractJS(s *source, root *node) []Call {
	f := &jsFile{source: s, names: map[string]jsName{}, envs: map[string]string{}, lits: map[string]string{}, objs: map[string]*node{}}
	root.each(func(n *node) bool {
		switch n.kind {
		case "import_statement":
			f.importStmt(n)
		case "variable_declarator":
			f.declare(n.child("name"), n.child("value"))
		case "assignment_expression":
			f.declare(n.child("left"), n.child("right"))
		case "new_expression":
			f.newExpr(n)
		case "call_expression":
			f.callExpr(n)
		}
		return true
	})
	return f.calls
}

func (f *jsFile) importStmt(n *node) {
	mod, ok := unquote(f.text(n.child("source")))
	if !ok {
		return
	}
	_, doc, sdk := sdkModule(mod)
	if !sdk {
		return
	}
	n.each(func(k *node) bool {
		switch k.kind {
		case "import_specifier":
			name := f.text(k.child("name"))
			local := name
			if a := k.child("alias"); a != nil {
				local = f.text(a)
			}
			if e := exportKind(mod, name, doc); e.kind != "" {
				f.names[local] = e
			}
			return false
		case "namespace_import":
			for _, id := range k.kids {
				if id.kind == "identifier" {
					f.names[f.text(id)] = jsName{kind: "module:" + mod}
				}
			}
			return false
		case "import_clause":
			// A default import: import AWS from 'aws-sdk'; import S3 from 'aws-sdk/clients/s3'.
			for _, id := range k.kids {
				if id.kind == "identifier" {
					if e := exportKind(mod, "Default", doc); e.kind != "" {
						f.names[f.text(id)] = e
					}
				}
			}
		}
		return true
	})
}

// requireOf returns the module of require('m'), or "".
func (f *jsFile) requireOf(n *node) string {
	for n != nil && (n.kind == "await_expression" || n.kind == "parenthesized_expression") {
		n = firstNamed(n)
	}
	if n.kindOr() != "call_expression" || f.text(n.child("function")) != "require" {
		return ""
	}
	args := n.child("arguments")
	if a := firstNamed(args); a != nil {
		if m, ok := unquote(f.text(a)); ok {
			return m
		}
	}
	return ""
}

func firstNamed(n *node) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if !k.anon() && k.kind != "comment" {
			return k
		}
	}
	return nil
}

func (f *jsFile) declare(name, value *node) {
	if name == nil || value == nil {
		return
	}
	// const { S3Client, PutObjectCommand } = require('@aws-sdk/client-s3'); const { TABLE } = process.env.
	if name.kind == "object_pattern" {
		mod := f.requireOf(value)
		_, doc, sdk := sdkModule(mod)
		fromEnv := f.text(value) == "process.env"
		for _, p := range name.kids {
			var key, local string
			switch p.kind {
			case "shorthand_property_identifier_pattern":
				key, local = f.text(p), f.text(p)
			case "pair_pattern":
				key, local = f.text(p.child("key")), f.text(p.child("value"))
			default:
				continue
			}
			switch {
			case fromEnv:
				f.envs[local] = key
			case sdk:
				if e := exportKind(mod, key, doc); e.kind != "" {
					f.names[local] = e
				}
			}
		}
		return
	}
	key := f.text(name)
	if mod := f.requireOf(value); mod != "" {
		if _, doc, sdk := sdkModule(mod); sdk {
			if e := exportKind(mod, "Default", doc); e.kind != "" {
				f.names[key] = e
			}
			if mod != "aws-sdk" && !strings.HasPrefix(mod, "aws-sdk/") {
				f.names[key] = jsName{kind: "module:" + mod}
			}
		}
		return
	}
	if h, ok := f.value(value); ok {
		f.names[key] = h
		return
	}
	if e := f.envRead(value); e != "" {
		f.envs[key] = e
		return
	}
	switch value.kind {
	case "string":
		if s, ok := unquote(f.text(value)); ok {
			f.lits[key] = s
		}
	case "object":
		f.objs[key] = value
	}
}

// value resolves an expression to what it makes: new S3Client() → a client, DynamoDBDocumentClient.from(c) →
// a document client.
func (f *jsFile) value(n *node) (jsName, bool) {
	for n != nil && (n.kind == "await_expression" || n.kind == "parenthesized_expression" || n.kind == "as_expression" || n.kind == "non_null_expression") {
		n = firstNamed(n)
	}
	switch n.kindOr() {
	case "identifier", "member_expression":
		h, ok := f.names[f.text(n)]
		return h, ok
	case "new_expression":
		ctor := f.text(n.child("constructor"))
		if h, ok := f.names[ctor]; ok {
			switch h.kind {
			case "class":
				return jsName{service: h.service, kind: "client"}, true
			case "opsclass":
				return jsName{service: h.service, kind: "opsclient"}, true
			}
		}
		// SDK v2: new AWS.S3(), new AWS.DynamoDB.DocumentClient(); a namespace import: new sdk.S3Client().
		if i := strings.IndexByte(ctor, '.'); i > 0 {
			base, rest := ctor[:i], ctor[i+1:]
			if h, ok := f.names[base]; ok {
				if h.kind == "ns" {
					if rest == "DynamoDB.DocumentClient" {
						return jsName{service: "dynamodb", kind: "docclient"}, true
					}
					if !strings.Contains(rest, ".") {
						return jsName{service: strings.ToLower(rest), kind: "opsclient"}, true
					}
				}
				if mod, ok := strings.CutPrefix(h.kind, "module:"); ok {
					_, doc, _ := sdkModule(mod)
					e := exportKind(mod, rest, doc)
					return clientOf(e)
				}
			}
		}
	case "call_expression":
		fn := n.child("function")
		if fn.kindOr() == "member_expression" {
			obj := f.text(fn.child("object"))
			if h, ok := f.names[obj]; ok && h.kind == "docfactory" && f.text(fn.child("property")) == "from" {
				return jsName{service: "dynamodb", kind: "doc3client"}, true
			}
		}
	}
	return jsName{}, false
}

// clientOf turns a client class export into the client it constructs.
func clientOf(e jsName) (jsName, bool) {
	switch e.kind {
	case "class":
		return jsName{service: e.service, kind: "client"}, true
	case "opsclass":
		return jsName{service: e.service, kind: "opsclient"}, true
	}
	return jsName{}, false
}

// envRead returns the environment variable an expression reads: process.env.X, process.env['X'].
func (f *jsFile) envRead(n *node) string {
	for n != nil && (n.kind == "parenthesized_expression" || n.kind == "non_null_expression" || n.kind == "as_expression") {
		n = firstNamed(n)
	}
	if n == nil {
		return ""
	}
	if n.kind == "binary_expression" {
		// process.env.X || 'default', process.env.X ?? 'default'.
		return f.envRead(n.child("left"))
	}
	switch n.kind {
	case "member_expression":
		if f.text(n.child("object")) == "process.env" {
			return f.text(n.child("property"))
		}
	case "subscript_expression":
		if f.text(n.child("object")) == "process.env" {
			s, _ := unquote(f.text(n.child("index")))
			return s
		}
	}
	return ""
}

func (f *jsFile) newExpr(n *node) {
	ctor := n.child("constructor")
	name := f.text(ctor)
	h, ok := f.names[name]
	if !ok {
		if i := strings.IndexByte(name, '.'); i > 0 {
			if base, ok2 := f.names[name[:i]]; ok2 {
				if mod, ok3 := strings.CutPrefix(base.kind, "module:"); ok3 {
					_, doc, _ := sdkModule(mod)
					h, ok = exportKind(mod, name[i+1:], doc), true
				}
			}
		}
	}
	if !ok || h.kind != "command" {
		return
	}
	f.add(n, firstNamed(n.child("arguments")), h.service, h.op, false)
}

func (f *jsFile) callExpr(n *node) {
	fn := n.child("function")
	args := n.child("arguments")
	switch fn.kindOr() {
	case "identifier":
		if h, ok := f.names[f.text(fn)]; ok && h.kind == "paginator" {
			// paginateListObjectsV2({ client }, { Bucket }).
			var second *node
			i := 0
			for _, a := range args.kids {
				if a.anon() || a.kind == "comment" {
					continue
				}
				if i == 1 {
					second = a
				}
				i++
			}
			f.add(n, second, h.service, h.op, true)
		}
	case "member_expression":
		method := f.text(fn.child("property"))
		h, ok := f.value(fn.child("object"))
		if !ok {
			return
		}
		switch h.kind {
		case "opsclient":
			op := upperFirst(method)
			if helper, ok := jsClientHelpers[method]; ok {
				if helper == "" {
					return
				}
				op = helper
			}
			if method == "getSignedUrl" || method == "getSignedUrlPromise" {
				first := firstNamed(args)
				s, _ := unquote(f.text(first))
				if op = upperFirst(s); op == "" {
					return
				}
				f.add(n, nthArg(args, 1), h.service, op, false)
				return
			}
			f.add(n, firstNamed(args), h.service, op, false)
		case "docclient":
			if op, ok := jsDocOps[method]; ok {
				f.add(n, firstNamed(args), "dynamodb", op, false)
			}
		}
	}
}

func nthArg(args *node, i int) *node {
	if args == nil {
		return nil
	}
	for _, a := range args.kids {
		if a.anon() || a.kind == "comment" {
			continue
		}
		if i == 0 {
			return a
		}
		i--
	}
	return nil
}

func (f *jsFile) add(n, params *node, service, op string, paginated bool) {
	c := Call{Service: service, Operation: op, Path: f.path, Line: n.line, Snippet: f.snippet(n),
		Params: map[string]string{}, Paginated: paginated, InLoop: f.inLoop(n)}
	if params.kindOr() == "identifier" {
		if o, ok := f.objs[f.text(params)]; ok {
			params = o
		} else {
			c.Params["**"] = f.text(params)
		}
	}
	if params.kindOr() == "object" {
		for _, p := range params.kids {
			var key string
			var val *node
			switch p.kind {
			case "pair":
				key = f.text(p.child("key"))
				if s, ok := unquote(key); ok {
					key = s
				}
				val = p.child("value")
			case "shorthand_property_identifier":
				key, val = f.text(p), p
			case "spread_element":
				c.Params["**"] = f.text(p)
				continue
			default:
				continue
			}
			c.Params[strings.ToLower(key)] = f.text(val)
			f.setTarget(&c, key, val)
		}
	}
	f.calls = append(f.calls, c)
}

func (f *jsFile) setTarget(c *Call, key string, val *node) {
	if c.Env != "" || c.Literal != "" {
		return
	}
	for _, p := range targetParams {
		if !strings.EqualFold(key, p) {
			continue
		}
		if e := f.envRead(val); e != "" {
			c.Env = e
			return
		}
		t := f.text(val)
		if e, ok := f.envs[t]; ok {
			c.Env = e
			return
		}
		if val.kind == "string" {
			c.Literal, _ = unquote(t)
			return
		}
		c.Literal = f.lits[t]
		return
	}
}

// inLoop reports a loop around n in its function, counting callbacks of forEach, map … as loops.
func (f *jsFile) inLoop(n *node) bool {
	prev := n
	for p := n.par; p != nil; prev, p = p, p.par {
		if jsLoops[p.kind] && !iterable(prev) {
			return true
		}
		if p.kind == "arrow_function" || p.kind == "function_expression" {
			if a := p.par; a != nil && a.kind == "arguments" {
				if call := a.par; call != nil && call.kind == "call_expression" {
					if fn := call.child("function"); fn.kindOr() == "member_expression" && jsIterators[f.text(fn.child("property"))] {
						return true
					}
				}
			}
			return false
		}
		if jsScopes[p.kind] {
			return false
		}
	}
	return false
}
