package lambdabuild

import (
	"context"
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// scratchModule writes a module with the given functions (name -> main.go source).
func scratchModule(t *testing.T, funcs map[string]string) string {
	t.Helper()
	root := t.TempDir()
	write(t, filepath.Join(root, "go.mod"), "module example.com/scratch\n\ngo 1.26\n")
	for name, src := range funcs {
		write(t, filepath.Join(root, "functions", name, "main.go"), src)
	}
	return root
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

const hello = "package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n"

const helloCgo = "package main\n\n// int answer(void) { return 42; }\nimport \"C\"\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(C.answer()) }\n"

func checkARM64(t *testing.T, path string, wantDynamic bool) {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	if f.Machine != elf.EM_AARCH64 || f.Class != elf.ELFCLASS64 {
		t.Errorf("%s: machine %v class %v; want EM_AARCH64 ELFCLASS64", path, f.Machine, f.Class)
	}
	if dynamic := f.Section(".interp") != nil; dynamic != wantDynamic {
		t.Errorf("%s: dynamically linked = %v; want %v", path, dynamic, wantDynamic)
	}
	if f.Section(".symtab") != nil {
		t.Errorf("%s: has a symbol table; want it stripped", path)
	}
}

func TestBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Go compiler")
	}
	root := scratchModule(t, map[string]string{"hello": hello, "other": hello})
	out := t.TempDir()
	b := &Builder{ModuleRoot: root, OutDir: out}
	dirs, err := b.Build(context.Background(), []Target{{Name: "hello"}, {Name: "other"}})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	for _, name := range []string{"hello", "other"} {
		if want := filepath.Join(out, name); dirs[name] != want {
			t.Errorf("dir of %s = %q; want %q", name, dirs[name], want)
		}
		checkARM64(t, filepath.Join(dirs[name], Executable), false)
	}

	// The same source builds the same bytes: the asset hash only changes with the code.
	first, err := os.ReadFile(filepath.Join(dirs["hello"], Executable))
	if err != nil {
		t.Fatal(err)
	}
	again := &Builder{ModuleRoot: root, OutDir: t.TempDir()}
	dirs2, err := again.Build(context.Background(), []Target{{Name: "hello"}})
	if err != nil {
		t.Fatalf("second Build: %v", err)
	}
	second, err := os.ReadFile(filepath.Join(dirs2["hello"], Executable))
	if err != nil {
		t.Fatal(err)
	}
	if string(first) != string(second) {
		t.Error("two builds of the same source differ; want reproducible binaries")
	}
}

func TestBuildCgo(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the Go compiler")
	}
	if _, err := exec.LookPath(DefaultCC); err != nil {
		t.Skipf("%s is not installed (Debian package %s)", DefaultCC, CCPackage)
	}
	root := scratchModule(t, map[string]string{"scan": helloCgo})
	dirs, err := (&Builder{ModuleRoot: root, OutDir: t.TempDir()}).Build(context.Background(), []Target{{Name: "scan", CGO: true}})
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	checkARM64(t, filepath.Join(dirs["scan"], Executable), false) // statically linked
}

func TestBuildErrors(t *testing.T) {
	root := scratchModule(t, map[string]string{"hello": hello, "broken": "package main\n\nfunc main() { undefined() }\n"})
	tests := []struct {
		name    string
		builder Builder
		targets []Target
		check   func(t *testing.T, err error)
	}{
		{
			name:    "cgo target without compiler",
			builder: Builder{ModuleRoot: root, OutDir: t.TempDir(), CC: "no-such-aarch64-gcc --flag"},
			targets: []Target{{Name: "hello", CGO: true}},
			check: func(t *testing.T, err error) {
				var mc *MissingCompilerError
				if !errors.As(err, &mc) || mc.CC != "no-such-aarch64-gcc --flag" || mc.Function != "hello" {
					t.Fatalf("error = %v; want a MissingCompilerError for hello", err)
				}
				if !strings.Contains(err.Error(), "gcc-aarch64-linux-gnu") {
					t.Errorf("error %q does not name the Debian package", err)
				}
			},
		},
		{
			name:    "missing function directory",
			builder: Builder{ModuleRoot: root, OutDir: t.TempDir()},
			targets: []Target{{Name: "router"}},
			check: func(t *testing.T, err error) {
				if err == nil || !strings.Contains(err.Error(), "no directory functions/router") {
					t.Errorf("error = %v; want one naming functions/router", err)
				}
			},
		},
		{
			name:    "bad name",
			builder: Builder{ModuleRoot: root, OutDir: t.TempDir()},
			targets: []Target{{Name: "../hello"}},
			check: func(t *testing.T, err error) {
				if err == nil || !strings.Contains(err.Error(), "invalid or duplicate") {
					t.Errorf("error = %v; want an invalid name error", err)
				}
			},
		},
		{
			name:    "duplicate name",
			builder: Builder{ModuleRoot: root, OutDir: t.TempDir()},
			targets: []Target{{Name: "hello"}, {Name: "hello"}},
			check: func(t *testing.T, err error) {
				if err == nil || !strings.Contains(err.Error(), "invalid or duplicate") {
					t.Errorf("error = %v; want a duplicate name error", err)
				}
			},
		},
		{
			name:    "compile error",
			builder: Builder{ModuleRoot: root, OutDir: t.TempDir()},
			targets: []Target{{Name: "broken"}, {Name: "hello"}},
			check: func(t *testing.T, err error) {
				var be *BuildError
				if !errors.As(err, &be) || be.Function != "broken" {
					t.Fatalf("error = %v; want a BuildError for broken", err)
				}
				if !strings.Contains(be.Output, "undefined") {
					t.Errorf("BuildError output %q lacks the compiler's message", be.Output)
				}
			},
		},
		{
			name:    "unset directories",
			builder: Builder{},
			targets: []Target{{Name: "hello"}},
			check: func(t *testing.T, err error) {
				if err == nil || !strings.Contains(err.Error(), "must be set") {
					t.Errorf("error = %v; want a configuration error", err)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "compile error" && testing.Short() {
				t.Skip("runs the Go compiler")
			}
			_, err := tc.builder.Build(context.Background(), tc.targets)
			if err == nil {
				t.Fatal("Build: got no error")
			}
			tc.check(t, err)
		})
	}
}

// fakeGo is a go command that records its arguments and environment, tracks how many copies run at once and
// writes the -o file.
const fakeGo = `#!/bin/sh
set -e
state="$FAKE_GO_STATE"
mkdir "$state/running.$$"
n=$(ls -d "$state"/running.* | wc -l)
echo "$n" >> "$state/concurrency"
echo "$@ GOOS=$GOOS GOARCH=$GOARCH CGO_ENABLED=$CGO_ENABLED CC=$CC" >> "$state/calls"
out=""
prev=""
for a in "$@"; do
  if [ "$prev" = "-o" ]; then out="$a"; fi
  prev="$a"
done
sleep 0.2
printf 'binary' > "$out"
rmdir "$state/running.$$"
`

func TestBuildCommandAndConcurrency(t *testing.T) {
	state := t.TempDir()
	goCmd := filepath.Join(t.TempDir(), "go")
	write(t, goCmd, fakeGo)
	if err := os.Chmod(goCmd, 0o755); err != nil {
		t.Fatal(err)
	}
	funcs := map[string]string{}
	var targets []Target
	for i := range 6 {
		name := fmt.Sprintf("fn%d", i)
		funcs[name] = hello
		targets = append(targets, Target{Name: name, CGO: i == 0})
	}
	root := scratchModule(t, funcs)
	b := &Builder{ModuleRoot: root, OutDir: t.TempDir(), Jobs: 2, Go: goCmd, CC: "true",
		Env: append(os.Environ(), "FAKE_GO_STATE="+state, "CGO_ENABLED=1", "GOARCH=amd64")}
	dirs, err := b.Build(context.Background(), targets)
	if err != nil {
		t.Fatalf("Build: %v", err)
	}
	if len(dirs) != len(targets) {
		t.Errorf("got %d directories; want %d", len(dirs), len(targets))
	}
	conc, err := os.ReadFile(filepath.Join(state, "concurrency"))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Fields(string(conc)) {
		if n, _ := strconv.Atoi(line); n > 2 {
			t.Errorf("%d builds ran at once; want at most Jobs = 2", n)
		}
	}
	calls, err := os.ReadFile(filepath.Join(state, "calls"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(calls)), "\n")
	if len(lines) != len(targets) {
		t.Fatalf("got %d go invocations; want %d", len(lines), len(targets))
	}
	for _, l := range lines {
		cgo := strings.Contains(l, "./functions/fn0 ")
		build := "build -trimpath -buildvcs=false -tags lambda.norpc -ldflags=-s -o "
		if cgo {
			build = "build -trimpath -buildvcs=false -tags lambda.norpc,netgo,osusergo -ldflags=-s -linkmode=external -extldflags=-static -o "
		}
		for _, want := range []string{build, "GOOS=linux GOARCH=arm64"} {
			if !strings.Contains(l, want) {
				t.Errorf("invocation %q lacks %q", l, want)
			}
		}
		if wantCgo := "CGO_ENABLED=0"; cgo {
			if !strings.Contains(l, "CGO_ENABLED=1 CC=true") {
				t.Errorf("cgo invocation %q lacks CGO_ENABLED=1 and CC", l)
			}
		} else if !strings.Contains(l, wantCgo) {
			t.Errorf("invocation %q lacks %s (the environment's CGO_ENABLED must not leak in)", l, wantCgo)
		}
	}
}

func TestBuildCancelled(t *testing.T) {
	goCmd := filepath.Join(t.TempDir(), "go")
	write(t, goCmd, "#!/bin/sh\nsleep 5\n")
	if err := os.Chmod(goCmd, 0o755); err != nil {
		t.Fatal(err)
	}
	root := scratchModule(t, map[string]string{"a": hello})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := (&Builder{ModuleRoot: root, OutDir: t.TempDir(), Go: goCmd}).Build(ctx, []Target{{Name: "a"}})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v; want context.Canceled", err)
	}
}

func TestPrebuilt(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "fetch", Executable), "x")
	if err := os.MkdirAll(filepath.Join(dir, "scan", Executable), 0o755); err != nil { // a directory, not a file
		t.Fatal(err)
	}
	dirs, err := Prebuilt(dir, []Target{{Name: "fetch"}})
	if err != nil || dirs["fetch"] != filepath.Join(dir, "fetch") {
		t.Errorf("Prebuilt(fetch) = %v, %v; want its directory", dirs, err)
	}
	_, err = Prebuilt(dir, []Target{{Name: "fetch"}, {Name: "scan"}, {Name: "notify"}})
	if err == nil || !strings.Contains(err.Error(), "scan, notify") {
		t.Errorf("error = %v; want one naming scan and notify", err)
	}
}

func TestFindModuleRoot(t *testing.T) {
	root := scratchModule(t, map[string]string{"hello": hello})
	deep := filepath.Join(root, "functions", "hello")
	tests := []struct {
		name, dir, path, want string
		wantErr               bool
	}{
		{name: "from a subdirectory", dir: deep, path: "example.com/scratch", want: root},
		{name: "from the root", dir: root, path: "example.com/scratch", want: root},
		{name: "other module", dir: deep, path: "example.com/other", wantErr: true},
		{name: "this repository", dir: ".", path: ModulePath, want: mustAbs(t, filepath.Join("..", ".."))},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := FindModuleRoot(tc.dir, tc.path)
			if tc.wantErr {
				if err == nil {
					t.Errorf("got %q; want an error", got)
				}
				return
			}
			if err != nil || got != tc.want {
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}
