package cfn

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir holds real-world templates (aws-cloudformation/aws-cloudformation-templates). It lives outside the
// repository, in the team's shared/ folder beside the checkout (as on CI); ATTEST_CFN_CORPUS points elsewhere,
// and the tests skip when it is absent.
func corpusDir(tb testing.TB) string {
	dir := os.Getenv("ATTEST_CFN_CORPUS")
	if dir == "" {
		dir = filepath.Join("..", "..", "..", "shared", "corpus", "aws-cloudformation-templates")
	}
	if _, err := os.Stat(dir); err != nil {
		tb.Skipf("corpus not available: %v", err)
	}
	return dir
}

func corpusFiles(tb testing.TB, dir string) []string {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch strings.ToLower(filepath.Ext(p)) {
		case ".yaml", ".yml", ".json", ".template":
			if !d.IsDir() {
				files = append(files, p)
			}
		}
		return nil
	})
	if err != nil {
		tb.Fatalf("walk corpus: %v", err)
	}
	return files
}

// TestCorpus parses every file of the corpus: each must parse, or fail as not a template or with a
// *ParseError; nothing else, and no panic.
func TestCorpus(t *testing.T) {
	dir := corpusDir(t)
	files := corpusFiles(t, dir)
	if len(files) < 100 {
		t.Fatalf("got %d corpus files; want the whole corpus (over 100)", len(files))
	}
	var parsed, notTemplate, broken, resources int
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(dir, p)
		tpl, err := Parse(rel, data)
		var pe *ParseError
		switch {
		case err == nil:
			parsed++
			resources += len(tpl.Resources)
			// Resolving every resource must not fail either.
			r := tpl.NewResolver(map[string]string{"AWS::Region": "us-east-1"})
			for _, res := range tpl.Resources {
				r.Resolve(res.Properties)
				if r.Exhausted() {
					t.Errorf("%s: resolving %s ran out of budget", rel, res.LogicalID)
				}
			}
		case errors.Is(err, ErrNotTemplate):
			notTemplate++
		case errors.As(err, &pe):
			broken++
			t.Logf("parse error: %v", err)
		default:
			t.Errorf("%s: got %T %v; want nil, ErrNotTemplate or *ParseError", rel, err, err)
		}
	}
	t.Logf("corpus: %d files: %d templates (%d resources), %d not templates, %d parse errors", len(files), parsed, resources, notTemplate, broken)
	if parsed < len(files)*3/4 {
		t.Errorf("parsed %d of %d files; want most of the corpus to parse", parsed, len(files))
	}
}

func BenchmarkParseLargest(b *testing.B) {
	dir := corpusDir(b)
	var largest string
	var size int64
	for _, p := range corpusFiles(b, dir) {
		if fi, err := os.Stat(p); err == nil && fi.Size() > size {
			largest, size = p, fi.Size()
		}
	}
	data, err := os.ReadFile(largest)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(largest, data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseSynthetic needs no corpus: 500 buckets with intrinsics, about 100 KB.
func BenchmarkParseSynthetic(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("Parameters: {Env: {Type: String, Default: prod}}\nResources:\n")
	for i := range 500 {
		fmt.Fprintf(&sb, "  B%d:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub '${Env}-%d'\n      Tags: [{Key: k, Value: !Ref Env}]\n      PublicAccessBlockConfiguration: {BlockPublicAcls: true}\n", i, i)
	}
	data := []byte(sb.String())
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		tpl, err := Parse("synthetic.yaml", data)
		if err != nil {
			b.Fatal(err)
		}
		r := tpl.NewResolver(nil)
		for _, res := range tpl.Resources {
			r.Resolve(res.Properties)
		}
	}
}
