package envcheck

import "strings"

// pyHandle is what a Python name holds: a boto3 client or resource, or an object a resource made (a DynamoDB
// Table, an S3 Bucket or Object, an SQS Queue), with the target it was made for.
type pyHandle struct {
	service string
	kind    string // client, resource, table, bucket, object, queue
	env     string
	literal string
}

// pyClientHelpers are boto3 client methods that are not API operations, mapped to the operation they perform
// ("" for helpers that call nothing).
var pyClientHelpers = map[string]string{
	"upload_file": "PutObject", "upload_fileobj": "PutObject", "download_file": "GetObject",
	"download_fileobj": "GetObject", "copy": "CopyObject", "generate_presigned_post": "PutObject",
	"close": "", "get_waiter": "", "can_paginate": "", "exceptions": "", "meta": "",
}

// pyBucketArg is the position of the bucket argument of the S3 transfer helpers.
var pyBucketArg = map[string]int{"upload_file": 1, "upload_fileobj": 1, "download_file": 0, "download_fileobj": 0}

// pyObjectMethods are the methods of resource objects, by kind, mapped to operations.
var pyObjectMethods = map[string]map[string]string{
	"table": {"put_item": "PutItem", "get_item": "GetItem", "update_item": "UpdateItem", "delete_item": "DeleteItem",
		"query": "Query", "scan": "Scan", "batch_writer": "BatchWriteItem", "load": "DescribeTable", "reload": "DescribeTable"},
	"bucket": {"put_object": "PutObject", "upload_file": "PutObject", "upload_fileobj": "PutObject",
		"download_file": "GetObject", "download_fileobj": "GetObject", "delete_objects": "DeleteObjects", "copy": "CopyObject"},
	"object": {"put": "PutObject", "get": "GetObject", "delete": "DeleteObject", "upload_file": "PutObject",
		"upload_fileobj": "PutObject", "download_file": "GetObject", "copy_from": "CopyObject"},
	"queue": {"send_message": "SendMessage", "send_messages": "SendMessageBatch", "receive_messages": "ReceiveMessage",
		"delete_messages": "DeleteMessageBatch"},
}

// pyResourceFactories are the resource methods that make objects, by service.
var pyResourceFactories = map[string]map[string]string{
	"dynamodb": {"Table": "table"},
	"s3":       {"Bucket": "bucket", "Object": "object"},
	"sqs":      {"Queue": "queue"},
}

var (
	pyLoops = map[string]bool{"for_statement": true, "while_statement": true, "list_comprehension": true,
		"set_comprehension": true, "dictionary_comprehension": true, "generator_expression": true}
	pyScopes = map[string]bool{"function_definition": true, "lambda": true, "class_definition": true}
)

type pyFile struct {
	*source
	handles map[string]pyHandle
	envs    map[string]string // name → environment variable it was read from
	lits    map[string]string // name → string constant
	// pagers maps a name bound to client.get_paginator(...) to its call, whose parameters arrive with
	// .paginate(...).
	pagers map[string]int
	calls  []Call
}

// extractPython finds the boto3 calls of a parsed Python file.
func extractPython(s *source, root *node) []Call {
	f := &pyFile{source: s, handles: map[string]pyHandle{}, envs: map[string]string{}, lits: map[string]string{}, pagers: map[string]int{}}
	root.each(func(n *node) bool {
		switch n.kind {
		case "assignment":
			f.assign(n.child("left"), n.child("right"))
		case "call":
			f.call(n)
		}
		return true
	})
	return f.calls
}

func (f *pyFile) assign(left, right *node) {
	if left == nil || right == nil {
		return
	}
	key := f.text(left)
	if h, ok := f.handle(right); ok {
		f.handles[key] = h
		return
	}
	if env := f.envRead(right); env != "" {
		f.envs[key] = env
		return
	}
	if right.kind == "string" {
		if s, ok := unquote(f.text(right)); ok {
			f.lits[key] = s
		}
	}
}

// handle resolves an expression to a client, resource or resource object.
func (f *pyFile) handle(n *node) (pyHandle, bool) {
	switch n.kind {
	case "identifier", "attribute":
		if h, ok := f.handles[f.text(n)]; ok {
			return h, true
		}
		// resource.meta.client is the resource's client.
		if t := f.text(n); strings.HasSuffix(t, ".meta.client") {
			if h, ok := f.handles[strings.TrimSuffix(t, ".meta.client")]; ok && h.kind == "resource" {
				return pyHandle{service: h.service, kind: "client"}, true
			}
		}
	case "parenthesized_expression":
		for _, k := range n.kids {
			if !k.anon() {
				return f.handle(k)
			}
		}
	case "call":
		fn := n.child("function")
		args := n.child("arguments")
		var name string
		var obj *node
		switch fn.kindOr() {
		case "attribute":
			name = f.text(fn.child("attribute"))
			obj = fn.child("object")
		case "identifier":
			name = f.text(fn)
		default:
			return pyHandle{}, false
		}
		if name == "client" || name == "resource" {
			// boto3.client('s3'), session.client('s3'), Session().resource('dynamodb'), client('s3') from boto3.
			if obj == nil || strings.Contains(strings.ToLower(f.text(obj)), "boto3") || strings.Contains(strings.ToLower(f.text(obj)), "session") {
				if svc := f.firstString(args, "service_name"); svc != "" {
					return pyHandle{service: svc, kind: name}, true
				}
			}
			return pyHandle{}, false
		}
		if obj == nil {
			return pyHandle{}, false
		}
		if parent, ok := f.handle(obj); ok && parent.kind == "resource" {
			if kind, ok := pyResourceFactories[parent.service][name]; ok {
				h := pyHandle{service: parent.service, kind: kind}
				if first := f.firstArg(args, "name", "bucket_name", "url"); first != nil {
					h.env, h.literal = f.target(first)
				}
				return h, true
			}
		}
	}
	return pyHandle{}, false
}

func (n *node) kindOr() string {
	if n == nil {
		return ""
	}
	return n.kind
}

// firstArg returns the first positional argument, or the keyword argument with one of the names.
func (f *pyFile) firstArg(args *node, names ...string) *node {
	if args == nil {
		return nil
	}
	for _, a := range args.kids {
		if a.anon() || a.kind == "comment" {
			continue
		}
		if a.kind == "keyword_argument" {
			name := f.text(a.child("name"))
			for _, want := range names {
				if name == want {
					return a.child("value")
				}
			}
			continue
		}
		return a
	}
	return nil
}

func (f *pyFile) firstString(args *node, names ...string) string {
	a := f.firstArg(args, names...)
	if a == nil {
		return ""
	}
	if a.kind == "string" {
		s, _ := unquote(f.text(a))
		return s
	}
	return f.lits[f.text(a)]
}

// envRead returns the environment variable an expression reads: os.environ['X'], os.environ.get('X'),
// os.getenv('X'), environ['X'].
func (f *pyFile) envRead(n *node) string {
	switch n.kind {
	case "subscript":
		if v := f.text(n.child("value")); v == "os.environ" || v == "environ" {
			if s, ok := unquote(f.text(n.child("subscript"))); ok {
				return s
			}
		}
	case "call":
		fn := f.text(n.child("function"))
		if fn == "os.environ.get" || fn == "environ.get" || fn == "os.getenv" || fn == "getenv" {
			return f.firstString(n.child("arguments"))
		}
	}
	return ""
}

// target resolves an argument naming a resource to an environment variable or a literal.
func (f *pyFile) target(n *node) (env, literal string) {
	if e := f.envRead(n); e != "" {
		return e, ""
	}
	t := f.text(n)
	if e, ok := f.envs[t]; ok {
		return e, ""
	}
	if n.kind == "string" {
		s, _ := unquote(t)
		return "", s
	}
	return "", f.lits[t]
}

func (f *pyFile) call(n *node) {
	fn := n.child("function")
	if fn.kindOr() != "attribute" {
		return
	}
	method := f.text(fn.child("attribute"))
	obj := fn.child("object")
	args := n.child("arguments")
	if method == "paginate" {
		if i, ok := f.pagers[f.text(obj)]; ok {
			f.paginate(i, args)
		}
		return
	}
	// bucket.objects.all() / .filter() lists the bucket.
	if obj.kindOr() == "attribute" && f.text(obj.child("attribute")) == "objects" && (method == "all" || method == "filter") {
		if h, ok := f.handle(obj.child("object")); ok && h.kind == "bucket" {
			f.add(n, args, h, "ListObjects", false)
		}
		return
	}
	h, ok := f.handle(obj)
	if !ok {
		return
	}
	switch h.kind {
	case "client":
		op := snakeToPascal(method)
		paginated := false
		if helper, ok := pyClientHelpers[method]; ok {
			if helper == "" {
				return
			}
			op = helper
		}
		switch method {
		case "get_paginator":
			op, paginated = snakeToPascal(f.firstString(args, "operation_name")), true
			defer f.bindPager(n)
		case "generate_presigned_url":
			// A presigned URL carries the function's credentials: whoever uses it needs the role's grant.
			op = snakeToPascal(f.firstString(args, "ClientMethod"))
		}
		if op == "" {
			return
		}
		// The transfer helpers take the bucket positionally: upload_file(Filename, Bucket, Key),
		// upload_fileobj(Fileobj, Bucket, Key), download_file(Bucket, Key, Filename).
		if pos, ok := pyBucketArg[method]; ok {
			if a := f.positional(args, pos); a != nil {
				h.env, h.literal = f.target(a)
			}
		}
		f.add(n, args, h, op, paginated)
	case "resource":
		// Resource collections and factories are not calls; resource.meta.client was resolved by handle.
	default:
		if op, ok := pyObjectMethods[h.kind][method]; ok {
			f.add(n, args, h, op, false)
		}
	}
}

func (f *pyFile) add(n, args *node, h pyHandle, op string, paginated bool) {
	c := Call{Service: h.service, Operation: op, Path: f.path, Line: n.line, Snippet: f.snippet(n),
		Params: map[string]string{}, Env: h.env, Literal: h.literal, Paginated: paginated,
		InLoop: n.within(pyLoops, pyScopes)}
	if args != nil {
		for _, a := range args.kids {
			switch a.kind {
			case "keyword_argument":
				name := f.text(a.child("name"))
				val := a.child("value")
				c.Params[strings.ToLower(name)] = f.text(val)
				if name == "Params" && val.kindOr() == "dictionary" {
					// generate_presigned_url(..., Params={'Bucket': ...}).
					for _, p := range val.kids {
						if p.kind == "pair" {
							if k, ok := unquote(f.text(p.child("key"))); ok {
								c.Params[strings.ToLower(k)] = f.text(p.child("value"))
								f.setTarget(&c, k, p.child("value"))
							}
						}
					}
				}
				f.setTarget(&c, name, val)
			case "dictionary_splat":
				c.Params["**"] = f.text(a)
			}
		}
	}
	f.calls = append(f.calls, c)
}

func (f *pyFile) setTarget(c *Call, name string, val *node) {
	if c.Env != "" || c.Literal != "" || val == nil {
		return
	}
	for _, p := range targetParams {
		if strings.EqualFold(name, p) {
			c.Env, c.Literal = f.target(val)
			return
		}
	}
}

// positional returns the i-th positional argument, or nil.
func (f *pyFile) positional(args *node, i int) *node {
	if args == nil {
		return nil
	}
	for _, a := range args.kids {
		if a.anon() || a.kind == "comment" || a.kind == "keyword_argument" {
			continue
		}
		if i == 0 {
			return a
		}
		i--
	}
	return nil
}

// bindPager connects a get_paginator call (the last call recorded) with where its paginate(...) call will come
// from: a chained .paginate(...) or a name it is assigned to. Until then its parameters are unknown.
func (f *pyFile) bindPager(n *node) {
	if len(f.calls) == 0 {
		return
	}
	i := len(f.calls) - 1
	f.calls[i].Params["**"] = "parameters given to paginate()"
	p := n.par
	switch {
	case p.kindOr() == "attribute" && f.text(p.child("attribute")) == "paginate" && p.par.kindOr() == "call":
		f.paginate(i, p.par.child("arguments"))
	case p.kindOr() == "assignment" && p.child("right") == n:
		f.pagers[f.text(p.child("left"))] = i
	}
}

// paginate gives a paginated call the parameters of its paginate(...) call.
func (f *pyFile) paginate(i int, args *node) {
	c := &f.calls[i]
	delete(c.Params, "**")
	if args == nil {
		return
	}
	for _, a := range args.kids {
		switch a.kind {
		case "keyword_argument":
			name := f.text(a.child("name"))
			c.Params[strings.ToLower(name)] = f.text(a.child("value"))
			f.setTarget(c, name, a.child("value"))
			if name == "PaginationConfig" && strings.Contains(f.text(a.child("value")), "MaxItems") {
				c.Params["limit"] = f.text(a.child("value"))
			}
		case "dictionary_splat":
			c.Params["**"] = f.text(a)
		}
	}
}
