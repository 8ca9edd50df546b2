package envcheck

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
)

// Resource types the join reads.
const (
	typeSAMFunction    = "AWS::Serverless::Function"
	typeLambdaFunction = "AWS::Lambda::Function"
	typeRole           = "AWS::IAM::Role"
	typePolicy         = "AWS::IAM::Policy"
	typeManagedPolicy  = "AWS::IAM::ManagedPolicy"
)

// function is one Lambda function of a template, joined with its code.
type function struct {
	tpl      *cfn.Template
	res      *cfn.Resource
	resolver *cfn.Resolver
	props    *cfn.Value // resolved, with SAM Globals merged
	lang     string
	// files are the code files of the function in the push; inline is the code of Code.ZipFile or InlineCode.
	files      []string
	inline     string
	inlineLine int
	// why says why the function could not be joined with its code ("" when it was).
	why string
}

// mergeGlobals returns the function's properties merged over the SAM Globals.Function section as SAM merges
// them: maps deeply, lists appended to the global list, and scalars from the function.
func mergeGlobals(tpl *cfn.Template, res *cfn.Resource, props *cfn.Value, resolver *cfn.Resolver) *cfn.Value {
	if res.Type != typeSAMFunction {
		return props
	}
	glob := resolver.Resolve(tpl.Globals.Get("Function"))
	if glob == nil || glob.Kind != cfn.Map {
		return props
	}
	if props == nil {
		return glob
	}
	return mergeValues(glob, props, 0)
}

// maxMergeDepth bounds the recursion of mergeValues; templates nest far less.
const maxMergeDepth = 64

func mergeValues(global, local *cfn.Value, depth int) *cfn.Value {
	switch {
	case local == nil:
		return global
	case global == nil || depth > maxMergeDepth:
		return local
	case global.Kind == cfn.Map && local.Kind == cfn.Map:
		out := cfn.NewMap()
		for _, k := range global.Keys() {
			out.Set(k, global.Get(k))
		}
		for _, k := range local.Keys() {
			out.Set(k, mergeValues(global.Get(k), local.Get(k), depth+1))
		}
		return out
	case global.Kind == cfn.List && local.Kind == cfn.List:
		return cfn.NewList(append(append([]*cfn.Value{}, global.Items()...), local.Items()...)...)
	}
	return local
}

// languageOf maps a runtime to the language whose code the join reads.
func languageOf(runtime string) string {
	switch {
	case strings.HasPrefix(runtime, "python"):
		return langPython
	case strings.HasPrefix(runtime, "nodejs"):
		return langNode
	case strings.HasPrefix(runtime, "java"):
		return langJava
	case runtime == "go1.x", strings.HasPrefix(runtime, "provided"):
		return langGo
	}
	return ""
}

// maxCodeFiles bounds the files joined to one function.
const maxCodeFiles = 200

// join finds the function's code in fsys.
func join(fsys fs.FS, tpl *cfn.Template, res *cfn.Resource, resolver *cfn.Resolver) *function {
	f := &function{tpl: tpl, res: res, resolver: resolver}
	f.props = mergeGlobals(tpl, res, resolver.Resolve(res.Properties), resolver)
	if pt, _ := f.props.Get("PackageType").Str(); pt == "Image" {
		f.why = "container-image function: its code is not in the push"
		return f
	}
	runtime, ok := f.props.Get("Runtime").Str()
	if !ok {
		f.why = "the function's Runtime is not known from the template"
		return f
	}
	f.lang = languageOf(runtime)
	if f.lang == "" {
		f.why = fmt.Sprintf("runtime %s is not one whose code Attest reads", runtime)
		return f
	}
	handler, _ := f.props.Get("Handler").Str()
	base := path.Dir(tpl.Path)
	var dir string
	switch res.Type {
	case typeSAMFunction:
		if code := f.props.Get("InlineCode"); code != nil {
			f.setInline(code)
			return f
		}
		uri := f.props.Get("CodeUri")
		s, ok := uri.Str()
		switch {
		case uri == nil:
			f.why = "the function has no CodeUri"
			return f
		case !ok || strings.HasPrefix(s, "s3://") || strings.HasSuffix(strings.ToLower(s), ".zip") || strings.HasSuffix(strings.ToLower(s), ".jar"):
			f.why = "CodeUri points at a package, not at source in the push"
			return f
		}
		dir = path.Join(base, s)
	default:
		if zip := f.props.Get("Code", "ZipFile"); zip != nil {
			f.setInline(zip)
			return f
		}
		asset, ok := res.Metadata.Get("aws:asset:path").Str()
		if !ok {
			f.why = "Code is an S3 object or image outside the push, and no aws:asset:path metadata names its source"
			return f
		}
		dir = path.Join(base, asset)
	}
	if strings.HasPrefix(dir, "..") || !fs.ValidPath(dir) {
		f.why = fmt.Sprintf("code directory %s is outside the scanned tree", dir)
		return f
	}
	f.files, f.why = codeFiles(fsys, f.lang, dir, handler)
	return f
}

func (f *function) setInline(code *cfn.Value) {
	s, ok := code.Str()
	if !ok {
		f.why = "the inline code is not known before deployment"
		return
	}
	if f.lang != langPython && f.lang != langNode {
		f.why = "inline code is only possible for Python and Node.js"
		return
	}
	f.inline, f.inlineLine = s, code.Pos()
}

// inlinePath is the name under which inline code is parsed: the template's path with an extension the
// extractors know.
func (f *function) inlinePath() string {
	if f.lang == langPython {
		return f.tpl.Path + "#" + f.res.LogicalID + ".py"
	}
	return f.tpl.Path + "#" + f.res.LogicalID + ".js"
}

var (
	pyImport = regexp.MustCompile(`(?m)^\s*(?:from\s+([\w.]+)\s+import\s+([\w, ]+)|import\s+([\w., ]+))`)
	jsImport = regexp.MustCompile(`(?:from\s*|require\(\s*|import\(\s*|import\s+)['"](\.{1,2}/[^'"]+)['"]`)
)

// codeFiles lists the function's code in dir: for Python and Node.js the handler's module and the local
// modules it imports (transitively), for Go the package's files, for Java the source tree.
func codeFiles(fsys fs.FS, lang, dir, handler string) ([]string, string) {
	switch lang {
	case langGo:
		entries, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return nil, fmt.Sprintf("code directory %s is not in the push", dir)
		}
		var out []string
		for _, e := range entries {
			n := e.Name()
			if !e.IsDir() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
				out = append(out, path.Join(dir, n))
			}
		}
		if len(out) == 0 {
			return nil, fmt.Sprintf("no Go files in %s", dir)
		}
		return out, ""
	case langJava:
		root := path.Join(dir, "src/main/java")
		var out []string
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(p, ".java") && len(out) < maxCodeFiles {
				out = append(out, p)
			}
			return nil
		})
		if err != nil || len(out) == 0 {
			return nil, fmt.Sprintf("no Java sources under %s", root)
		}
		return out, ""
	}
	mod, _, ok := cutLast(handler, ".")
	if !ok || mod == "" {
		return nil, fmt.Sprintf("handler %q does not name a module", handler)
	}
	var start []string
	if lang == langPython {
		start = []string{path.Join(dir, strings.ReplaceAll(mod, ".", "/")+".py"), path.Join(dir, mod+".py")}
	} else {
		for _, ext := range []string{".js", ".mjs", ".cjs", ".ts", ".mts", ".cts"} {
			start = append(start, path.Join(dir, mod+ext))
		}
	}
	var queue []string
	for _, s := range start {
		if isFile(fsys, s) {
			queue = append(queue, s)
			break
		}
	}
	if len(queue) == 0 {
		return nil, fmt.Sprintf("handler %s: %s is not in the push", handler, start[0])
	}
	seen := map[string]bool{queue[0]: true}
	for i := 0; i < len(queue) && len(queue) < maxCodeFiles; i++ {
		data, err := fs.ReadFile(fsys, queue[i])
		if err != nil {
			continue
		}
		for _, dep := range localImports(fsys, lang, dir, queue[i], data) {
			if !seen[dep] {
				seen[dep] = true
				queue = append(queue, dep)
			}
		}
	}
	sort.Strings(queue[1:])
	return queue, ""
}

// localImports lists the modules of the code directory a file imports.
func localImports(fsys fs.FS, lang, dir, file string, data []byte) []string {
	var out []string
	add := func(cands ...string) {
		for _, c := range cands {
			if fs.ValidPath(c) && isFile(fsys, c) {
				out = append(out, c)
				return
			}
		}
	}
	if lang == langPython {
		for _, m := range pyImport.FindAllStringSubmatch(string(data), -1) {
			if m[1] != "" {
				p := path.Join(dir, strings.ReplaceAll(m[1], ".", "/"))
				add(p+".py", path.Join(p, "__init__.py"))
				for _, name := range strings.Split(m[2], ",") {
					if name = strings.TrimSpace(strings.Fields(name + " ")[0]); name != "" {
						add(path.Join(p, name+".py"))
					}
				}
				continue
			}
			for _, name := range strings.Split(m[3], ",") {
				fields := strings.Fields(name)
				if len(fields) == 0 {
					continue
				}
				p := path.Join(dir, strings.ReplaceAll(fields[0], ".", "/"))
				add(p+".py", path.Join(p, "__init__.py"))
			}
		}
		return out
	}
	for _, m := range jsImport.FindAllStringSubmatch(string(data), -1) {
		p := path.Join(path.Dir(file), m[1])
		ext := path.Ext(p)
		cands := []string{p}
		if ext == ".js" || ext == ".mjs" {
			// TypeScript imports name the compiled file.
			cands = append(cands, strings.TrimSuffix(p, ext)+".ts", strings.TrimSuffix(p, ext)+".mts")
		}
		for _, e := range []string{".js", ".mjs", ".cjs", ".ts", ".mts", ".tsx", "/index.js", "/index.ts"} {
			cands = append(cands, p+e)
		}
		add(cands...)
	}
	return out
}

func isFile(fsys fs.FS, p string) bool {
	info, err := fs.Stat(fsys, p)
	return err == nil && info.Mode().IsRegular()
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// envTarget resolves an environment variable of the function to the template resource it names.
func (f *function) envTarget(env string) target {
	v := f.props.Get("Environment", "Variables", env)
	if v == nil {
		return target{why: fmt.Sprintf("environment variable %s is not set by the template", env)}
	}
	if l, _, ok := logicalRef(f.tpl, v); ok {
		name, _ := physicalName(f.tpl.Resource(l), f.resolver)
		return target{logical: l, name: name}
	}
	if s, ok := v.Str(); ok {
		return f.nameTarget(s)
	}
	return target{why: fmt.Sprintf("environment variable %s is unknown before deployment", env)}
}

// nameTarget finds the template resource with a physical name; a name of no template resource is a resource
// outside the template.
func (f *function) nameTarget(name string) target {
	for _, r := range f.tpl.Resources {
		if n, ok := physicalName(r, f.resolver); ok && (n == name || strings.HasSuffix(name, "/"+n) || strings.HasSuffix(name, ":"+n)) {
			return target{logical: r.LogicalID, name: n}
		}
	}
	return target{name: name}
}

// targetOf is the resource a call acts on.
func (f *function) targetOf(c Call) target {
	switch {
	case c.Env != "":
		return f.envTarget(c.Env)
	case c.Literal != "":
		return f.nameTarget(c.Literal)
	}
	return target{why: "the code does not say which resource it uses"}
}
