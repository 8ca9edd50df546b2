package lambdabuild

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"golang.org/x/mod/modfile"
)

// ModulePath is the module the functions belong to.
const ModulePath = "github.com/attestdev/attest"

// DefaultCC is the C cross compiler for cgo functions (Debian package gcc-aarch64-linux-gnu, with
// libc6-dev-arm64-cross for the static C library).
const DefaultCC = "aarch64-linux-gnu-gcc"

// CCPackage names the Debian package that provides DefaultCC.
const CCPackage = "gcc-aarch64-linux-gnu"

// Executable is the file name the provided.al2023 runtime runs.
const Executable = "bootstrap"

// Target is one function to build.
type Target struct {
	// Name is the directory under functions/.
	Name string
	// CGO builds with cgo enabled and the cross C compiler.
	CGO bool
}

// Builder builds targets of one module.
type Builder struct {
	// ModuleRoot holds go.mod; packages are built from ./functions/<name>.
	ModuleRoot string
	// OutDir receives <name>/bootstrap for each target.
	OutDir string
	// CC is the C compiler for cgo targets, possibly with arguments ("zig cc -target aarch64-linux-gnu");
	// DefaultCC when empty.
	CC string
	// Jobs bounds the builds that run at once; runtime.NumCPU() when zero.
	Jobs int
	// Go is the go command; "go" when empty.
	Go string
	// Env is the environment of the go command; os.Environ() when nil. GOOS, GOARCH, CGO_ENABLED and CC are
	// always set by the builder.
	Env []string
}

// BuildError is a failed `go build` of one function, with the compiler's output.
type BuildError struct {
	Function string
	Output   string
	Err      error
}

func (e *BuildError) Error() string {
	out := strings.TrimSpace(e.Output)
	if out == "" {
		return fmt.Sprintf("build function %s: %v", e.Function, e.Err)
	}
	return fmt.Sprintf("build function %s: %v\n%s", e.Function, e.Err, out)
}

func (e *BuildError) Unwrap() error { return e.Err }

// MissingCompilerError means a cgo function cannot be built because the C cross compiler is not installed.
type MissingCompilerError struct {
	Function string
	CC       string
}

func (e *MissingCompilerError) Error() string {
	return fmt.Sprintf("function %s uses cgo and needs the C compiler %q for linux/arm64, which is not installed: "+
		"install the Debian package %s (apt-get install %s), or set ATTEST_ARM64_CC to another linux/arm64 C compiler",
		e.Function, e.CC, CCPackage, CCPackage)
}

// Build compiles every target concurrently and returns, for each target name, the directory that holds its
// bootstrap (the Lambda asset directory). Every failure is reported, not only the first.
func (b *Builder) Build(ctx context.Context, targets []Target) (map[string]string, error) {
	if b.ModuleRoot == "" || b.OutDir == "" {
		return nil, errors.New("lambda build: ModuleRoot and OutDir must be set")
	}
	cc := b.CC
	if cc == "" {
		cc = DefaultCC
	}
	seen := map[string]bool{}
	for _, t := range targets {
		if !validName(t.Name) || seen[t.Name] {
			return nil, fmt.Errorf("lambda build: invalid or duplicate function name %q", t.Name)
		}
		seen[t.Name] = true
		if fi, err := os.Stat(filepath.Join(b.ModuleRoot, "functions", t.Name)); err != nil || !fi.IsDir() {
			return nil, fmt.Errorf("lambda build: function %s: no directory functions/%s in %s", t.Name, t.Name, b.ModuleRoot)
		}
		// Checked before anything is built: a missing cross compiler is a setup problem, not a build failure.
		if t.CGO {
			if _, err := exec.LookPath(strings.Fields(cc + " ")[0]); err != nil {
				return nil, &MissingCompilerError{Function: t.Name, CC: cc}
			}
		}
	}

	jobs := b.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	sem := make(chan struct{}, jobs)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		dirs = map[string]string{}
	)
	for _, t := range targets {
		wg.Add(1)
		go func() {
			defer wg.Done()
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				mu.Lock()
				errs = append(errs, fmt.Errorf("build function %s: %w", t.Name, ctx.Err()))
				mu.Unlock()
				return
			}
			defer func() { <-sem }()
			dir, err := b.build(ctx, t, cc)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				errs = append(errs, err)
				return
			}
			dirs[t.Name] = dir
		}()
	}
	wg.Wait()
	if len(errs) > 0 {
		sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
		return nil, errors.Join(errs...)
	}
	return dirs, nil
}

func (b *Builder) build(ctx context.Context, t Target, cc string) (string, error) {
	dir := filepath.Join(b.OutDir, t.Name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("build function %s: %w", t.Name, err)
	}
	goCmd := b.Go
	if goCmd == "" {
		goCmd = "go"
	}
	out := filepath.Join(dir, Executable)
	// -buildvcs=false and -trimpath keep the binary (and so the asset hash) the same across checkouts and
	// commits that do not change the function; -s drops the symbol table and DWARF.
	tags, ldflags := "lambda.norpc", "-s"
	if t.CGO {
		// Linked statically: the binary must not need the C library of the Lambda image (provided.al2023 has
		// glibc 2.34, older than a current cross toolchain's). netgo and osusergo keep DNS and user lookups in
		// Go, as in the functions built without cgo; a static glibc could not load the NSS modules they use.
		tags, ldflags = "lambda.norpc,netgo,osusergo", "-s -linkmode=external -extldflags=-static"
	}
	cmd := exec.CommandContext(ctx, goCmd, "build", "-trimpath", "-buildvcs=false", "-tags", tags,
		"-ldflags="+ldflags, "-o", out, "./functions/"+t.Name)
	cmd.Dir = b.ModuleRoot
	env := b.Env
	if env == nil {
		env = os.Environ()
	}
	cgo := "0"
	if t.CGO {
		cgo = "1"
	}
	cmd.Env = append(append([]string(nil), env...), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED="+cgo, "CC="+cc)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Run(); err != nil {
		return "", &BuildError{Function: t.Name, Output: output.String(), Err: err}
	}
	return dir, nil
}

func validName(s string) bool {
	if s == "" || s == "." || s == ".." {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// Prebuilt returns the asset directories of binaries built beforehand under dir (dir/<name>/bootstrap), and
// an error naming every target whose binary is missing.
func Prebuilt(dir string, targets []Target) (map[string]string, error) {
	dirs := map[string]string{}
	var missing []string
	for _, t := range targets {
		d := filepath.Join(dir, t.Name)
		fi, err := os.Stat(filepath.Join(d, Executable))
		if err != nil || !fi.Mode().IsRegular() {
			missing = append(missing, t.Name)
			continue
		}
		dirs[t.Name] = d
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("prebuilt Lambda binaries in %s: no bootstrap for %s", dir, strings.Join(missing, ", "))
	}
	return dirs, nil
}

// FindModuleRoot returns the nearest directory at or above dir whose go.mod declares module path.
func FindModuleRoot(dir, path string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("find module root: %w", err)
	}
	for d := abs; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil && modfile.ModulePath(data) == path {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("find module root: no go.mod of module %s at or above %s", path, abs)
		}
	}
}
