package envcheck

import "strings"

// javaSDKPrefix is the package prefix of the AWS SDK for Java 2.x service clients.
const javaSDKPrefix = "software.amazon.awssdk.services."

// javaHelpers are client methods that are not operations.
var javaHelpers = map[string]bool{"close": true, "serviceName": true, "utilities": true, "waiter": true,
	"serviceClientConfiguration": true, "presigner": true}

var (
	javaLoops  = map[string]bool{"for_statement": true, "enhanced_for_statement": true, "while_statement": true, "do_statement": true}
	javaScopes = map[string]bool{"method_declaration": true, "constructor_declaration": true, "lambda_expression": true,
		"class_body": true}
)

type javaFile struct {
	*source
	types map[string]string // client type name → service package
	vars  map[string]string // variable or field name → service package
	envs  map[string]string
	lits  map[string]string
	calls []Call
}

// extractJava finds the AWS SDK for Java 2.x calls of a parsed Java file.
func extractJava(s *source, root *node) []Call {
	f := &javaFile{source: s, types: map[string]string{}, vars: map[string]string{}, envs: map[string]string{}, lits: map[string]string{}}
	wildcards := map[string]bool{}
	root.each(func(n *node) bool {
		if n.kind != "import_declaration" {
			return true
		}
		t := strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(f.text(n)), "import")), ";")
		t = strings.TrimSpace(t)
		if rest, ok := strings.CutPrefix(t, javaSDKPrefix); ok {
			parts := strings.Split(rest, ".")
			switch {
			case len(parts) == 2 && parts[1] == "*":
				wildcards[parts[0]] = true
			case len(parts) == 2:
				f.types[parts[1]] = parts[0]
			}
		}
		return false
	})
	clientType := func(typ string) string {
		typ = strings.TrimSpace(typ)
		if svc, ok := f.types[typ]; ok && (strings.HasSuffix(typ, "Client") || strings.HasSuffix(typ, "AsyncClient")) {
			return svc
		}
		if strings.HasSuffix(typ, "Client") {
			for w := range wildcards {
				if strings.EqualFold(strings.TrimSuffix(strings.TrimSuffix(typ, "Client"), "Async"), w) {
					return w
				}
			}
		}
		return ""
	}
	root.each(func(n *node) bool {
		switch n.kind {
		case "local_variable_declaration", "field_declaration":
			typ := f.text(n.child("type"))
			for _, d := range n.kids {
				if d.kind != "variable_declarator" {
					continue
				}
				name, val := f.text(d.child("name")), d.child("value")
				svc := clientType(typ)
				if svc == "" && val != nil {
					// var s3 = S3Client.create(); var s3 = S3Client.builder()...build().
					if i := strings.IndexByte(f.text(val), '.'); i > 0 {
						svc = clientType(f.text(val)[:i])
					}
				}
				switch {
				case svc != "":
					f.vars[name] = svc
				case val != nil:
					if e := f.envRead(val); e != "" {
						f.envs[name] = e
					} else if val.kind == "string_literal" {
						if s, ok := unquote(f.text(val)); ok {
							f.lits[name] = s
						}
					}
				}
			}
		case "formal_parameter":
			if svc := clientType(f.text(n.child("type"))); svc != "" {
				f.vars[f.text(n.child("name"))] = svc
			}
		case "assignment_expression":
			left := strings.TrimPrefix(f.text(n.child("left")), "this.")
			if e := f.envRead(n.child("right")); e != "" {
				f.envs[left] = e
			}
		}
		return true
	})
	root.each(func(n *node) bool {
		if n.kind == "method_invocation" {
			f.invocation(n)
		}
		return true
	})
	return f.calls
}

// envRead returns the variable of System.getenv("X").
func (f *javaFile) envRead(n *node) string {
	if n.kindOr() != "method_invocation" || f.text(n.child("object")) != "System" || f.text(n.child("name")) != "getenv" {
		return ""
	}
	s, _ := unquote(f.text(firstNamed(n.child("arguments"))))
	return s
}

func (f *javaFile) invocation(n *node) {
	obj := strings.TrimPrefix(f.text(n.child("object")), "this.")
	svc, ok := f.vars[obj]
	if !ok {
		return
	}
	method := f.text(n.child("name"))
	if javaHelpers[method] {
		return
	}
	paginated := false
	if m, ok := strings.CutSuffix(method, "Paginator"); ok {
		method, paginated = m, true
	}
	c := Call{Service: svc, Operation: upperFirst(method), Path: f.path, Line: n.line, Snippet: f.snippet(n),
		Params: map[string]string{}, Paginated: paginated, InLoop: n.within(javaLoops, javaScopes)}
	args := n.child("arguments")
	args.each(func(k *node) bool {
		switch k.kind {
		case "method_invocation":
			name := f.text(k.child("name"))
			if name == "builder" || name == "build" {
				return true
			}
			arg := firstNamed(k.child("arguments"))
			c.Params[strings.ToLower(name)] = f.text(arg)
			if c.Env == "" && c.Literal == "" && arg != nil {
				for _, p := range targetParams {
					if strings.EqualFold(name, p) {
						c.Env, c.Literal = f.target(arg)
					}
				}
			}
		case "identifier":
			if k.par == args {
				// A request built elsewhere: its parameters are unknown here.
				c.Params["**"] = f.text(k)
			}
		}
		return true
	})
	f.calls = append(f.calls, c)
}

func (f *javaFile) target(n *node) (env, literal string) {
	if e := f.envRead(n); e != "" {
		return e, ""
	}
	t := strings.TrimPrefix(f.text(n), "this.")
	if e, ok := f.envs[t]; ok {
		return e, ""
	}
	if n.kind == "string_literal" {
		s, _ := unquote(t)
		return "", s
	}
	return "", f.lits[t]
}
