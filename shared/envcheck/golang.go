package envcheck

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"strconv"
	"strings"
)

// goSDKPrefix is the import path prefix of the AWS SDK for Go v2 service packages.
const goSDKPrefix = "github.com/aws/aws-sdk-go-v2/service/"

// maxGoSource bounds the Go source parsed per file.
const maxGoSource = 1 << 20

type goFile struct {
	fset   *token.FileSet
	path   string
	src    []byte
	pkgs   map[string]string // local package name → service package
	envs   map[string]string // identifier or field name → environment variable
	lits   map[string]string
	inputs map[string]*ast.CompositeLit // variable → request literal assigned to it
	// clients maps names (variables, fields, parameters) declared as *svc.Client or bound to svc.NewFromConfig
	// or svc.New to their service.
	clients map[string]string
	imports map[string]bool // local names of every import, which are never clients
	calls   []Call
}

// extractGo finds the AWS SDK for Go v2 calls of one Go file.
func extractGo(name string, src []byte) ([]Call, error) {
	if len(src) > maxGoSource {
		return nil, fmt.Errorf("%s: %w", name, errTooLarge)
	}
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", name, err)
	}
	f := &goFile{fset: fset, path: name, src: src, pkgs: map[string]string{}, envs: map[string]string{},
		lits: map[string]string{}, inputs: map[string]*ast.CompositeLit{}, clients: map[string]string{}, imports: map[string]bool{}}
	for _, imp := range file.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err == nil {
			local := path.Base(p)
			if imp.Name != nil {
				local = imp.Name.Name
			}
			f.imports[local] = true
		}
		if err != nil || !strings.HasPrefix(p, goSDKPrefix) {
			continue
		}
		svc := strings.Split(strings.TrimPrefix(p, goSDKPrefix), "/")[0]
		if strings.Contains(strings.TrimPrefix(p, goSDKPrefix), "/") {
			continue // service/s3/types and the like hold no operations
		}
		name := svc
		if imp.Name != nil {
			name = imp.Name.Name
		}
		f.pkgs[name] = svc
	}
	if len(f.pkgs) == 0 {
		return nil, nil
	}
	// First the names: environment reads, constants and request literals bound to variables or fields.
	ast.Inspect(file, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for i, l := range x.Lhs {
				if i < len(x.Rhs) {
					f.bind(lastName(l), x.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			for i, name := range x.Names {
				if i < len(x.Values) {
					f.bind(name.Name, x.Values[i])
				}
			}
		case *ast.KeyValueExpr:
			if k, ok := x.Key.(*ast.Ident); ok {
				f.bind(k.Name, x.Value)
			}
		case *ast.Field:
			if svc := f.clientType(x.Type); svc != "" {
				for _, n := range x.Names {
					f.clients[n.Name] = svc
				}
			}
		}
		return true
	})
	var stack []ast.Node
	ast.Inspect(file, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return false
		}
		stack = append(stack, n)
		if call, ok := n.(*ast.CallExpr); ok {
			f.call(call, stack)
		}
		return true
	})
	return f.calls, nil
}

// bind records what a name is bound to, when that is an environment read, a string or a request literal.
func (f *goFile) bind(name string, v ast.Expr) {
	if name == "" || name == "_" {
		return
	}
	if e := f.envRead(v); e != "" {
		f.envs[name] = e
		return
	}
	if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		if s, err := strconv.Unquote(lit.Value); err == nil {
			f.lits[name] = s
		}
		return
	}
	if cl := f.requestLit(v); cl != nil {
		f.inputs[name] = cl
		return
	}
	// x := s3.NewFromConfig(cfg), x := sqs.New(opts).
	if call, ok := v.(*ast.CallExpr); ok {
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok && (sel.Sel.Name == "NewFromConfig" || sel.Sel.Name == "New") {
			if pkg, ok := sel.X.(*ast.Ident); ok && f.pkgs[pkg.Name] != "" {
				f.clients[name] = f.pkgs[pkg.Name]
			}
		}
	}
}

// clientType returns the service of a *svc.Client type expression, or "".
func (f *goFile) clientType(e ast.Expr) string {
	star, ok := e.(*ast.StarExpr)
	if !ok {
		return ""
	}
	sel, ok := star.X.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Client" {
		return ""
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok {
		return ""
	}
	return f.pkgs[pkg.Name]
}

// goClientHelpers are methods of SDK clients that are not operations.
var goClientHelpers = map[string]bool{"Options": true}

// envRead returns the variable of os.Getenv("X") or os.LookupEnv("X"), looking through aws.String(…).
func (f *goFile) envRead(v ast.Expr) string {
	call, ok := v.(*ast.CallExpr)
	if !ok {
		return ""
	}
	fn := exprText(call.Fun)
	if (fn == "aws.String" || fn == "aws.ToString") && len(call.Args) == 1 {
		return f.envRead(call.Args[0])
	}
	if (fn == "os.Getenv" || fn == "os.LookupEnv") && len(call.Args) == 1 {
		if lit, ok := call.Args[0].(*ast.BasicLit); ok {
			s, _ := strconv.Unquote(lit.Value)
			return s
		}
	}
	return ""
}

// requestLit returns the literal of &svc.OpInput{…} or svc.OpInput{…}.
func (f *goFile) requestLit(v ast.Expr) *ast.CompositeLit {
	if u, ok := v.(*ast.UnaryExpr); ok && u.Op == token.AND {
		v = u.X
	}
	cl, ok := v.(*ast.CompositeLit)
	if !ok {
		return nil
	}
	sel, ok := cl.Type.(*ast.SelectorExpr)
	if !ok {
		return nil
	}
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || f.pkgs[pkg.Name] == "" || !strings.HasSuffix(sel.Sel.Name, "Input") {
		return nil
	}
	return cl
}

// call records an SDK call: a call with a request literal argument names its operation by the literal's type
// (s3.PutObjectInput → PutObject), which also covers managers and paginators built on the same input.
func (f *goFile) call(call *ast.CallExpr, stack []ast.Node) {
	var lit *ast.CompositeLit
	for _, a := range call.Args {
		if cl := f.requestLit(a); cl != nil {
			lit = cl
			break
		}
		if id, ok := a.(*ast.Ident); ok {
			if cl, ok := f.inputs[id.Name]; ok {
				lit = cl
				break
			}
		}
	}
	if lit == nil {
		f.clientCall(call, stack)
		return
	}
	sel := lit.Type.(*ast.SelectorExpr)
	svc := f.pkgs[sel.X.(*ast.Ident).Name]
	op := strings.TrimSuffix(sel.Sel.Name, "Input")
	paginated := false
	if fn, ok := call.Fun.(*ast.SelectorExpr); ok {
		name := fn.Sel.Name
		switch {
		case strings.HasPrefix(name, "New") && strings.HasSuffix(name, "Paginator"):
			paginated = true
		case name == "Upload" && op == "PutObject":
		case strings.HasPrefix(name, "New"):
			return // a constructor that takes the input (presigners' helpers are handled below)
		case strings.HasPrefix(name, "Presign"):
			op = strings.TrimPrefix(name, "Presign")
		case name != op:
			return // another function that happens to take the input
		}
	}
	pos := f.fset.Position(call.Pos())
	c := Call{Service: svc, Operation: op, Path: f.path, Line: pos.Line, Snippet: lineOf(f.src, pos.Offset),
		Params: map[string]string{}, Paginated: paginated, InLoop: goInLoop(stack)}
	for _, e := range lit.Elts {
		kv, ok := e.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		k, ok := kv.Key.(*ast.Ident)
		if !ok {
			continue
		}
		c.Params[strings.ToLower(k.Name)] = f.srcOf(kv.Value)
		if c.Env != "" || c.Literal != "" {
			continue
		}
		for _, p := range targetParams {
			if strings.EqualFold(k.Name, p) {
				c.Env, c.Literal = f.target(kv.Value)
			}
		}
	}
	f.calls = append(f.calls, c)
}

// clientCall records a method call on a known client whose request is built elsewhere: the operation is
// known, its parameters are not.
func (f *goFile) clientCall(call *ast.CallExpr, stack []ast.Node) {
	fn, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !fn.Sel.IsExported() || goClientHelpers[fn.Sel.Name] {
		return
	}
	if id, ok := fn.X.(*ast.Ident); ok && f.imports[id.Name] {
		return // a package function, such as sns.NewFromConfig
	}
	svc, ok := f.clients[lastName(fn.X)]
	if !ok {
		return
	}
	pos := f.fset.Position(call.Pos())
	f.calls = append(f.calls, Call{Service: svc, Operation: fn.Sel.Name, Path: f.path, Line: pos.Line,
		Snippet: lineOf(f.src, pos.Offset), Params: map[string]string{"**": "request built elsewhere"}, InLoop: goInLoop(stack)})
}

func (f *goFile) target(v ast.Expr) (env, literal string) {
	if e := f.envRead(v); e != "" {
		return e, ""
	}
	if call, ok := v.(*ast.CallExpr); ok && exprText(call.Fun) == "aws.String" && len(call.Args) == 1 {
		v = call.Args[0]
	}
	if u, ok := v.(*ast.UnaryExpr); ok && u.Op == token.AND {
		v = u.X
	}
	if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
		s, _ := strconv.Unquote(lit.Value)
		return "", s
	}
	name := lastName(v)
	if e, ok := f.envs[name]; ok {
		return e, ""
	}
	return "", f.lits[name]
}

func (f *goFile) srcOf(n ast.Node) string {
	s, e := f.fset.Position(n.Pos()).Offset, f.fset.Position(n.End()).Offset
	if s < 0 || e > len(f.src) || s > e {
		return ""
	}
	return string(f.src[s:e])
}

// goInLoop reports a for or range statement around the innermost node of stack, within its function.
func goInLoop(stack []ast.Node) bool {
	for i := len(stack) - 2; i >= 0; i-- {
		switch stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		case *ast.FuncDecl, *ast.FuncLit:
			return false
		}
	}
	return false
}

// lastName is the last identifier of x, x.y or x.y.z; "" for other expressions.
func lastName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	case *ast.StarExpr:
		return lastName(x.X)
	}
	return ""
}

func exprText(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		if p := exprText(x.X); p != "" {
			return p + "." + x.Sel.Name
		}
	}
	return ""
}

// lineOf is the trimmed line holding offset; it copies only that line, so quoting many calls of a large file
// stays linear.
func lineOf(src []byte, off int) string {
	if off < 0 || off > len(src) {
		return ""
	}
	b := bytes.LastIndexByte(src[:off], '\n') + 1
	e := bytes.IndexByte(src[off:], '\n')
	if e < 0 {
		e = len(src)
	} else {
		e += off
	}
	line := bytes.TrimSpace(src[b:e])
	if len(line) > 200 {
		line = line[:200]
	}
	return string(line)
}
