package source_test

import (
	"context"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/source"
	"github.com/attestdev/attest/shared/store"
)

type file struct {
	content string
	mode    string
}

// fakeRepo holds commits as trees and computes differences from them, as a repository does.
type fakeRepo struct {
	commits     map[string]map[string]file
	mergeBases  map[[2]string]string
	defaultName string
	defaultHead string
	blobs       map[string]string
	blobReads   atomic.Int32
	failBlob    error
	failFile    error
}

func blobID(content string) string {
	h := sha1.Sum([]byte(content))
	return hex.EncodeToString(h[:])
}

func newFakeRepo(commits map[string]map[string]file) *fakeRepo {
	r := &fakeRepo{commits: commits, blobs: map[string]string{}, mergeBases: map[[2]string]string{}}
	for _, tree := range commits {
		for _, f := range tree {
			r.blobs[blobID(f.content)] = f.content
		}
	}
	return r
}

func entry(p string, f file, ok bool) source.Entry {
	if !ok {
		return source.Entry{}
	}
	mode := f.mode
	if mode == "" {
		mode = "100644"
	}
	return source.Entry{BlobID: blobID(f.content), Path: p, Mode: mode}
}

func (r *fakeRepo) Differences(_ context.Context, repo, before, after string) ([]source.Difference, error) {
	if repo != "attest-sample" {
		return nil, fmt.Errorf("repository %s: %w", repo, source.ErrCommitNotFound)
	}
	head, ok := r.commits[after]
	if !ok {
		return nil, fmt.Errorf("commit %s: %w", after, source.ErrCommitNotFound)
	}
	base := map[string]file{}
	if before != "" {
		if base, ok = r.commits[before]; !ok {
			return nil, fmt.Errorf("commit %s: %w", before, source.ErrCommitNotFound)
		}
	}
	paths := map[string]bool{}
	for p := range base {
		paths[p] = true
	}
	for p := range head {
		paths[p] = true
	}
	var out []source.Difference
	for p := range paths {
		b, inBase := base[p]
		h, inHead := head[p]
		if inBase && inHead && b == h {
			continue
		}
		out = append(out, source.Difference{Before: entry(p, b, inBase), After: entry(p, h, inHead)})
	}
	return out, nil
}

func (r *fakeRepo) Blob(_ context.Context, _, id string) ([]byte, error) {
	r.blobReads.Add(1)
	if r.failBlob != nil {
		return nil, r.failBlob
	}
	c, ok := r.blobs[id]
	if !ok {
		return nil, fmt.Errorf("blob %s not found", id)
	}
	return []byte(c), nil
}

func (r *fakeRepo) MergeBase(_ context.Context, _, a, b string) (string, error) {
	return r.mergeBases[[2]string{a, b}], nil
}

func (r *fakeRepo) File(_ context.Context, _, commit, p string) ([]byte, error) {
	if r.failFile != nil {
		return nil, r.failFile
	}
	f, ok := r.commits[commit][p]
	if !ok {
		return nil, fmt.Errorf("%s at %s: %w", p, commit, source.ErrFileNotFound)
	}
	return []byte(f.content), nil
}

func (r *fakeRepo) DefaultBranch(context.Context, string) (string, string, error) {
	return r.defaultName, r.defaultHead, nil
}

const (
	mainBase = "1111111111111111111111111111111111111111"
	mainHead = "2222222222222222222222222222222222222222"
	feature  = "3333333333333333333333333333333333333333"
	orphan   = "4444444444444444444444444444444444444444"
)

func world() *fakeRepo {
	template := "Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n"
	r := newFakeRepo(map[string]map[string]file{
		mainBase: {
			"infra/template.yaml": {content: template},
			"app/orders.py":       {content: "import hashlib\n"},
			"README.md":           {content: "# sample\n"},
		},
		mainHead: {
			"infra/template.yaml": {content: template + "  Key:\n    Type: AWS::KMS::Key\n"},
			"app/orders.py":       {content: "import hashlib\n"},
			"signer/signer.go":    {content: "package signer\n"},
		},
		feature: {
			"infra/template.yaml": {content: template + "  Key:\n    Type: AWS::KMS::Key\n"},
			"app/orders.py":       {content: "import hashlib\n"},
			"signer/signer.go":    {content: "package signer\n"},
			"partner/mtls.py":     {content: "import ssl\n"},
		},
		orphan: {
			"only.txt": {content: "alone\n"},
		},
	})
	r.defaultName, r.defaultHead = "main", mainHead
	r.mergeBases[[2]string{mainHead, feature}] = mainHead
	return r
}

func pushState(subject run.Subject) run.State {
	subject.Repository = "attest-sample"
	return run.State{RunID: "push-test-0123", Flow: run.FlowPush, EventKey: "runs/push-test-0123/event.json", Subject: subject}
}

func TestFetch(t *testing.T) {
	tests := []struct {
		name     string
		subject  run.Subject
		repo     func(*fakeRepo)
		max      int64
		base     string
		compared string
		files    []string // "change path"
		skipped  []string // "path: reason prefix"
		gap      string
	}{
		{
			name:     "updated branch",
			subject:  run.Subject{Reference: "main", Commit: mainHead, BaseCommit: mainBase},
			base:     mainBase,
			compared: "111111111111..222222222222",
			files:    []string{"deleted README.md", "modified infra/template.yaml", "added signer/signer.go"},
		},
		{
			name:     "new branch with a merge base",
			subject:  run.Subject{Reference: "feature/tls", Commit: feature, NewBranch: true},
			base:     mainHead,
			compared: "merge base with main",
			files:    []string{"added partner/mtls.py"},
		},
		{
			name: "pull request whose destination moved on",
			subject: run.Subject{Reference: "feature/tls", Commit: feature, BaseCommit: mainHead,
				PullRequestID: "7", DestinationCommit: mainHead},
			repo:     func(r *fakeRepo) { r.mergeBases[[2]string{mainHead, feature}] = mainBase },
			base:     mainBase,
			compared: "merge base of pull request 7",
			files: []string{"deleted README.md", "modified infra/template.yaml", "added partner/mtls.py",
				"added signer/signer.go"},
		},
		{
			name: "pull request with the merge base in the event",
			subject: run.Subject{Reference: "feature/tls", Commit: feature, BaseCommit: mainHead,
				PullRequestID: "8", DestinationCommit: "5555555555555555555555555555555555555555"},
			base:     mainHead,
			compared: "222222222222..333333333333",
			files:    []string{"added partner/mtls.py"},
		},
		{
			name:     "new branch without a common ancestor",
			subject:  run.Subject{Reference: "orphan", Commit: orphan, NewBranch: true},
			compared: "no common ancestor",
			files:    []string{"added only.txt"},
		},
		{
			name:     "new default branch",
			subject:  run.Subject{Reference: "main", Commit: mainBase, NewBranch: true},
			compared: "new default branch",
			files:    []string{"added README.md", "added app/orders.py", "added infra/template.yaml"},
		},
		{
			name:     "repository without a default branch",
			subject:  run.Subject{Reference: "first", Commit: orphan, NewBranch: true},
			repo:     func(r *fakeRepo) { r.defaultName, r.defaultHead = "", "" },
			compared: "no default branch",
			files:    []string{"added only.txt"},
		},
		{
			name:     "tag scanned whole",
			subject:  run.Subject{Reference: "v1.4.0", RefType: "tag", Commit: mainBase},
			compared: "whole tree",
			files:    []string{"added README.md", "added app/orders.py", "added infra/template.yaml"},
		},
		{
			name:    "oversized file",
			subject: run.Subject{Reference: "main", Commit: mainHead, BaseCommit: mainBase},
			max:     40,
			base:    mainBase,
			files:   []string{"deleted README.md", "added signer/signer.go"},
			skipped: []string{"infra/template.yaml: larger than the size limit"},
			gap:     "1 file not fetched and not scanned (1 over 40 bytes)",
		},
		{
			name:    "binary file",
			subject: run.Subject{Reference: "main", Commit: mainHead, BaseCommit: mainBase},
			repo: func(r *fakeRepo) {
				r.commits[mainHead]["logo.png"] = file{content: "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}
				r.blobs[blobID(r.commits[mainHead]["logo.png"].content)] = r.commits[mainHead]["logo.png"].content
			},
			base:    mainBase,
			files:   []string{"deleted README.md", "modified infra/template.yaml", "added signer/signer.go"},
			skipped: []string{"logo.png: binary"},
		},
		{
			name:    "symlink, submodule and unsafe paths",
			subject: run.Subject{Reference: "main", Commit: mainHead, BaseCommit: mainBase},
			repo: func(r *fakeRepo) {
				tree := r.commits[mainHead]
				tree["link"] = file{content: "/etc/passwd", mode: source.ModeSymlink}
				tree["vendor/lib"] = file{content: "5555555555555555555555555555555555555555", mode: source.ModeSubmodule}
				tree["../escape.txt"] = file{content: "x"}
				tree["/abs.txt"] = file{content: "y"}
				tree["a//b.txt"] = file{content: "z"}
				for _, f := range tree {
					r.blobs[blobID(f.content)] = f.content
				}
			},
			base:    mainBase,
			files:   []string{"deleted README.md", "modified infra/template.yaml", "added signer/signer.go"},
			skipped: []string{"../escape.txt: unsafe path", "/abs.txt: unsafe path", "a//b.txt: unsafe path", "link: symlink", "vendor/lib: submodule"},
			gap:     "5 files not fetched and not scanned (1 submodule, 1 symlink, 3 unsafe path)",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo := world()
			if tt.repo != nil {
				tt.repo(repo)
			}
			work, err := store.NewLocal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			svc := &source.Service{Repo: repo, Work: work, MaxFileBytes: tt.max, Concurrency: 2}
			in := pushState(tt.subject)
			out, err := svc.Fetch(context.Background(), in)
			if err != nil {
				t.Fatal(err)
			}
			key := out.Files["changes.json"]
			if key != "runs/push-test-0123/changes.json" {
				t.Fatalf("changes.json recorded at %q; want runs/push-test-0123/changes.json", key)
			}
			raw, err := work.Get(context.Background(), key)
			if err != nil {
				t.Fatal(err)
			}
			var cs run.Changeset
			if err := json.Unmarshal(raw, &cs); err != nil {
				t.Fatal(err)
			}
			if cs.BaseCommit != tt.base || cs.HeadCommit != tt.subject.Commit || cs.Repository != "attest-sample" {
				t.Errorf("changeset %s %s..%s; want attest-sample %s..%s", cs.Repository, cs.BaseCommit, cs.HeadCommit, tt.base, tt.subject.Commit)
			}
			var got []string
			for _, f := range cs.Files {
				got = append(got, f.Change+" "+f.Path)
				checkSides(t, work, repo, tt.subject, tt.base, f)
			}
			sortedWant := append([]string(nil), tt.files...)
			sort.Slice(sortedWant, func(i, j int) bool { return strings.Fields(sortedWant[i])[1] < strings.Fields(sortedWant[j])[1] })
			if !reflect.DeepEqual(got, sortedWant) {
				t.Errorf("files:\ngot  %q\nwant %q", got, sortedWant)
			}
			if len(cs.Skipped) != len(tt.skipped) {
				t.Fatalf("skipped %+v; want %q", cs.Skipped, tt.skipped)
			}
			for i, s := range cs.Skipped {
				if !strings.HasPrefix(s.Path+": "+s.Reason, tt.skipped[i]) {
					t.Errorf("skipped[%d] = %s: %s; want %s…", i, s.Path, s.Reason, tt.skipped[i])
				}
			}
			if want := fmt.Sprintf("%d changed, %d skipped", len(tt.files), len(tt.skipped)); out.Summary["files"] != want {
				t.Errorf("summary files = %q; want %q", out.Summary["files"], want)
			}
			if !strings.Contains(out.Summary["compared"], tt.compared) {
				t.Errorf("summary compared = %q; want it to say %q", out.Summary["compared"], tt.compared)
			}
			switch {
			case tt.gap == "" && len(out.Gaps) != 0:
				t.Errorf("gaps %+v; want none", out.Gaps)
			case tt.gap != "" && (len(out.Gaps) != 1 || out.Gaps[0].Step != "fetch" || !strings.HasPrefix(out.Gaps[0].Reason, tt.gap)):
				t.Errorf("gaps %+v; want one fetch gap %q…", out.Gaps, tt.gap)
			}
			if in.Files != nil {
				t.Error("the input state was changed")
			}
		})
	}
}

// checkSides reads back what was stored for a file and compares it with the repository's content.
func checkSides(t *testing.T, work *store.Local, repo *fakeRepo, subj run.Subject, base string, f run.ChangedFile) {
	t.Helper()
	sides := []struct {
		key, commit, prefix string
		want                bool
	}{
		{f.BaseKey, base, "runs/push-test-0123/base/", f.Change != run.ChangeAdded},
		{f.HeadKey, subj.Commit, "runs/push-test-0123/head/", f.Change != run.ChangeDeleted},
	}
	for _, s := range sides {
		if !s.want {
			if s.key != "" {
				t.Errorf("%s %s has a key %s for a side it does not have", f.Change, f.Path, s.key)
			}
			continue
		}
		if s.key != s.prefix+f.Path {
			t.Errorf("%s key %q; want %s%s", f.Path, s.key, s.prefix, f.Path)
			continue
		}
		got, err := work.Get(context.Background(), s.key)
		if err != nil {
			t.Errorf("read %s: %v", s.key, err)
			continue
		}
		if want := repo.commits[s.commit][f.Path].content; string(got) != want {
			t.Errorf("%s = %q; want %q", s.key, got, want)
		}
	}
}

func TestFetchErrors(t *testing.T) {
	boom := errors.New("throttled")
	tests := []struct {
		name  string
		st    run.State
		repo  func(*fakeRepo)
		check func(error) bool
		want  string
	}{
		{"not a push", run.State{RunID: "alarm-x", Flow: run.FlowAlarm}, nil, isInput, "*source.InputError"},
		{"no commit", pushState(run.Subject{Reference: "main"}), nil, isInput, "*source.InputError"},
		{"run ID with a slash", func() run.State { s := pushState(run.Subject{Commit: mainHead}); s.RunID = "../x"; return s }(), nil, isInput, "*source.InputError"},
		{"unknown commit", pushState(run.Subject{Reference: "main", Commit: strings.Repeat("9", 40), BaseCommit: mainBase}), nil,
			func(err error) bool { return isRepo(err) && errors.Is(err, source.ErrCommitNotFound) }, "*source.RepositoryError wrapping ErrCommitNotFound"},
		{"blob read fails", pushState(run.Subject{Reference: "main", Commit: mainHead, BaseCommit: mainBase}), func(r *fakeRepo) { r.failBlob = boom },
			func(err error) bool { return isRepo(err) && errors.Is(err, boom) }, "*source.RepositoryError wrapping the cause"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			repo := world()
			if tt.repo != nil {
				tt.repo(repo)
			}
			work, _ := store.NewLocal(t.TempDir())
			_, err := (&source.Service{Repo: repo, Work: work}).Fetch(context.Background(), tt.st)
			if !tt.check(err) {
				t.Errorf("got %T %v; want %s", err, err, tt.want)
			}
		})
	}
}

func isInput(err error) bool { var e *source.InputError; return errors.As(err, &e) }
func isRepo(err error) bool  { var e *source.RepositoryError; return errors.As(err, &e) }

func TestFetchFileLimit(t *testing.T) {
	repo := world()
	work, _ := store.NewLocal(t.TempDir())
	out, err := (&source.Service{Repo: repo, Work: work, MaxFiles: 2}).Fetch(context.Background(), pushState(run.Subject{Commit: mainBase}))
	if err != nil {
		t.Fatal(err)
	}
	if out.Summary["files"] != "2 changed, 1 skipped" || len(out.Gaps) != 1 || !strings.Contains(out.Gaps[0].Reason, "file-count limit") {
		t.Errorf("got summary %q gaps %+v; want 2 fetched and a file-limit gap", out.Summary["files"], out.Gaps)
	}
}

// sizedRepo also tells blob sizes, so oversized blobs are never downloaded.
type sizedRepo struct{ *fakeRepo }

func (r sizedRepo) BlobSize(_ context.Context, _, id string) (int64, error) {
	c, ok := r.blobs[id]
	if !ok {
		return 0, fmt.Errorf("blob %s not found", id)
	}
	return int64(len(c)), nil
}

func TestFetchSkipsWithoutDownloading(t *testing.T) {
	repo := world()
	repo.commits[mainHead]["big.bin"] = file{content: strings.Repeat("x", 5000)}
	repo.blobs[blobID(strings.Repeat("x", 5000))] = strings.Repeat("x", 5000)
	work, _ := store.NewLocal(t.TempDir())
	svc := &source.Service{Repo: sizedRepo{repo}, Work: work, MaxFileBytes: 1000}
	out, err := svc.Fetch(context.Background(), pushState(run.Subject{Commit: mainHead, BaseCommit: mainBase}))
	if err != nil {
		t.Fatal(err)
	}
	// README.md is deleted (base side read), template modified (two reads), signer added (one read).
	if got := repo.blobReads.Load(); got != 4 {
		t.Errorf("read %d blobs; want 4 (the oversized one not at all)", got)
	}
	if out.Summary["files"] != "3 changed, 1 skipped" {
		t.Errorf("summary %q; want 3 changed, 1 skipped", out.Summary["files"])
	}
}

func BenchmarkFetch(b *testing.B) {
	tree := map[string]file{}
	for i := range 500 {
		tree[fmt.Sprintf("src/pkg%02d/file%03d.go", i%20, i)] = file{content: strings.Repeat(fmt.Sprintf("// line %d\n", i), 200)}
	}
	repo := newFakeRepo(map[string]map[string]file{mainHead: tree})
	st := pushState(run.Subject{Commit: mainHead})
	dir := b.TempDir()
	work, _ := store.NewLocal(dir)
	svc := &source.Service{Repo: repo, Work: work}
	for b.Loop() {
		if _, err := svc.Fetch(context.Background(), st); err != nil {
			b.Fatal(err)
		}
	}
}

// The repository's policy file reaches the scan on every push: read at the head when the push did not change
// it, left to the changeset when it did, and a gap (never a failed run) when it cannot be read.
func TestFetchRepositoryPolicy(t *testing.T) {
	const policyYAML = "blockLevels: [error, warning]\n"
	tests := []struct {
		name       string
		edit       func(r *fakeRepo)
		wantPolicy string // the path recorded in the changeset, "" for none
		wantGap    string
	}{
		{name: "unchanged policy read at the head", wantPolicy: ".attest.yml",
			edit: func(r *fakeRepo) {
				r.commits[mainBase][".attest.yml"] = file{content: policyYAML}
				r.commits[mainHead][".attest.yml"] = file{content: policyYAML}
			}},
		{name: "policy changed by the push is in the files",
			edit: func(r *fakeRepo) {
				r.commits[mainHead][".attest.yml"] = file{content: policyYAML}
				r.blobs[blobID(policyYAML)] = policyYAML
			}},
		{name: "no policy"},
		{name: "unreadable policy", edit: func(r *fakeRepo) { r.failFile = errors.New("throttled") },
			wantGap: ".attest.yml not read (throttled): the scan applies the default policy"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := world()
			if tc.edit != nil {
				tc.edit(r)
			}
			work, err := store.NewLocal(t.TempDir())
			if err != nil {
				t.Fatal(err)
			}
			svc := &source.Service{Repo: r, Work: work}
			out, err := svc.Fetch(context.Background(), pushState(run.Subject{Reference: "main", Commit: mainHead, BaseCommit: mainBase}))
			if err != nil {
				t.Fatal(err)
			}
			raw, err := work.Get(context.Background(), out.Files[run.ChangesetFile])
			if err != nil {
				t.Fatal(err)
			}
			var cs run.Changeset
			if err := json.Unmarshal(raw, &cs); err != nil {
				t.Fatal(err)
			}
			got := ""
			if cs.Policy != nil {
				got = cs.Policy.Path
				data, err := work.Get(context.Background(), cs.Policy.Key)
				if err != nil || string(data) != policyYAML {
					t.Errorf("policy content %q, %v; want %q", data, err, policyYAML)
				}
			}
			if got != tc.wantPolicy {
				t.Errorf("changeset policy %q; want %q", got, tc.wantPolicy)
			}
			var gaps []string
			for _, g := range out.Gaps {
				gaps = append(gaps, g.Reason)
			}
			if tc.wantGap != "" && !slices.Contains(gaps, tc.wantGap) || tc.wantGap == "" && len(gaps) > 0 {
				t.Errorf("gaps %q; want %q", gaps, tc.wantGap)
			}
		})
	}
}
