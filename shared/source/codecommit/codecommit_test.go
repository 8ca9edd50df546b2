package codecommit_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/source"
	"github.com/attestdev/attest/shared/source/codecommit"
	"github.com/attestdev/attest/shared/source/gitrepo"
	"github.com/attestdev/attest/shared/store"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	sdk "github.com/aws/aws-sdk-go-v2/service/codecommit"
)

const repoName = "attest-sample"

// stub speaks the CodeCommit JSON protocol (awsJson1_1) over a real git repository read with gitrepo.
type stub struct {
	t    *testing.T
	repo *gitrepo.Repo

	mu        sync.Mutex
	calls     map[string]int
	tooLarge  map[string]bool // blob IDs GetBlob refuses
	loopToken bool            // answer every page with the same token
}

func (s *stub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), "CodeCommit_20150413.")
	s.mu.Lock()
	s.calls[op]++
	s.mu.Unlock()
	if !ok || r.Method != http.MethodPost || r.Header.Get("Content-Type") != "application/x-amz-json-1.1" ||
		!strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
		s.fail(w, http.StatusBadRequest, "UnknownOperationException", "unexpected request")
		return
	}
	var in map[string]any
	body, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(body, &in); err != nil {
		s.fail(w, http.StatusBadRequest, "SerializationException", err.Error())
		return
	}
	str := func(k string) string { v, _ := in[k].(string); return v }
	if str("repositoryName") != repoName {
		s.fail(w, http.StatusBadRequest, "RepositoryDoesNotExistException", str("repositoryName")+" does not exist")
		return
	}
	ctx := r.Context()
	switch op {
	case "GetDifferences":
		s.getDifferences(ctx, w, str("beforeCommitSpecifier"), str("afterCommitSpecifier"), in["MaxResults"], str("NextToken"))
	case "GetBlob":
		id := str("blobId")
		if s.tooLarge[id] {
			s.fail(w, http.StatusBadRequest, "FileTooLargeException", "The specified file exceeds the file size limit for CodeCommit.")
			return
		}
		data, err := s.repo.Blob(ctx, repoName, id)
		if err != nil {
			s.fail(w, http.StatusBadRequest, "BlobIdDoesNotExistException", "Blob "+id+" does not exist")
			return
		}
		s.reply(w, map[string]any{"content": base64.StdEncoding.EncodeToString(data)})
	case "GetMergeCommit":
		src, dst := str("sourceCommitSpecifier"), str("destinationCommitSpecifier")
		base, err := s.repo.MergeBase(ctx, repoName, dst, src)
		if err != nil {
			s.fail(w, http.StatusBadRequest, "CommitDoesNotExistException", err.Error())
			return
		}
		out := map[string]any{"sourceCommitId": src, "destinationCommitId": dst}
		if base != "" {
			out["baseCommitId"] = base
		}
		s.reply(w, out)
	case "GetFile":
		data, err := s.repo.File(ctx, repoName, str("commitSpecifier"), str("filePath"))
		if errors.Is(err, source.ErrFileNotFound) {
			s.fail(w, http.StatusBadRequest, "FileDoesNotExistException", "The specified file does not exist.")
			return
		}
		if err != nil {
			s.fail(w, http.StatusBadRequest, "CommitDoesNotExistException", err.Error())
			return
		}
		s.reply(w, map[string]any{"commitId": str("commitSpecifier"), "filePath": str("filePath"), "fileMode": "NORMAL",
			"fileSize": len(data), "blobId": "0000000000000000000000000000000000000000",
			"fileContent": base64.StdEncoding.EncodeToString(data)})
	case "GetRepository":
		name, _, _ := s.repo.DefaultBranch(ctx, repoName)
		meta := map[string]any{"repositoryName": repoName, "repositoryId": "4f2b9c1e-7d3a-4b8e-9f61-2c5d8a0e3b17",
			"Arn": "arn:aws:codecommit:us-east-1:123456789012:attest-sample", "accountId": "123456789012"}
		if name != "" {
			meta["defaultBranch"] = name
		}
		s.reply(w, map[string]any{"repositoryMetadata": meta})
	case "GetBranch":
		name := str("branchName")
		out, err := exec.Command("git", "-C", s.repo.Dir(), "rev-parse", "--verify", "--quiet", "refs/heads/"+name).Output()
		if err != nil {
			s.fail(w, http.StatusBadRequest, "BranchDoesNotExistException", "Branch "+name+" does not exist")
			return
		}
		s.reply(w, map[string]any{"branch": map[string]any{"branchName": name, "commitId": strings.TrimSpace(string(out))}})
	default:
		s.fail(w, http.StatusBadRequest, "UnknownOperationException", op)
	}
}

// getDifferences pages through the repository's differences; the token is the offset of the next page.
func (s *stub) getDifferences(ctx context.Context, w http.ResponseWriter, before, after string, max any, token string) {
	diffs, err := s.repo.Differences(ctx, repoName, before, after)
	if err != nil {
		s.fail(w, http.StatusBadRequest, "CommitDoesNotExistException", "Could not find commit: "+err.Error())
		return
	}
	size := 100
	if m, ok := max.(float64); ok && m > 0 {
		size = int(m)
	}
	start := 0
	if token != "" {
		if start, err = strconv.Atoi(token); err != nil || start > len(diffs) {
			s.fail(w, http.StatusBadRequest, "InvalidContinuationTokenException", "bad token")
			return
		}
	}
	end := min(start+size, len(diffs))
	var page []map[string]any
	for _, d := range diffs[start:end] {
		item := map[string]any{}
		blob := func(e source.Entry) map[string]any {
			return map[string]any{"blobId": e.BlobID, "path": e.Path, "mode": e.Mode}
		}
		switch {
		case d.Before.BlobID == "":
			item["changeType"], item["afterBlob"] = "A", blob(d.After)
		case d.After.BlobID == "":
			item["changeType"], item["beforeBlob"] = "D", blob(d.Before)
		default:
			item["changeType"], item["beforeBlob"], item["afterBlob"] = "M", blob(d.Before), blob(d.After)
		}
		page = append(page, item)
	}
	out := map[string]any{"differences": page}
	if s.loopToken {
		out["NextToken"] = "0"
	} else if end < len(diffs) {
		out["NextToken"] = strconv.Itoa(end)
	}
	s.reply(w, out)
}

func (s *stub) reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	json.NewEncoder(w).Encode(v)
}

func (s *stub) fail(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-Errortype", typ)
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"__type": typ, "message": msg})
}

func git(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=Avery Example", "GIT_AUTHOR_EMAIL=avery@example.com",
		"GIT_COMMITTER_NAME=Avery Example", "GIT_COMMITTER_EMAIL=avery@example.com")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return strings.TrimSpace(string(out))
}

type commits struct{ base, head, feature string }

// buildRepo makes a repository whose base..head difference spans several pages at page size 2.
func buildRepo(t *testing.T) (*gitrepo.Repo, commits) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	put := func(name, content string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var c commits
	git(t, dir, "init", "-q", "-b", "main")
	put("infra/template.yaml", "Resources: {}\n")
	put("README.md", "# sample\n")
	put("app/orders.py", "import hashlib\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "base")
	c.base = git(t, dir, "rev-parse", "HEAD")
	put("infra/template.yaml", "Resources:\n  Key: {Type: AWS::KMS::Key}\n")
	os.Remove(filepath.Join(dir, "README.md"))
	for i := range 5 {
		put(fmt.Sprintf("signer/part%d.go", i), fmt.Sprintf("package signer // %d\n", i))
	}
	put("assets/logo.png", "\x89PNG\r\n\x1a\n\x00\x00")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "head")
	c.head = git(t, dir, "rev-parse", "HEAD")
	git(t, dir, "checkout", "-q", "-b", "feature/tls")
	put("partner/mtls.py", "import ssl\n")
	git(t, dir, "add", "-A")
	git(t, dir, "commit", "-q", "-m", "feature")
	c.feature = git(t, dir, "rev-parse", "HEAD")
	git(t, dir, "checkout", "-q", "main")
	repo, err := gitrepo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	return repo, c
}

func newStub(t *testing.T, repo *gitrepo.Repo) (*stub, *sdk.Client) {
	t.Helper()
	s := &stub{t: t, repo: repo, calls: map[string]int{}, tooLarge: map[string]bool{}}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	client := sdk.New(sdk.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		HTTPClient:   srv.Client(),
	})
	return s, client
}

func fetch(t *testing.T, repo source.Repository, subject run.Subject) (run.State, run.Changeset, *store.Local) {
	t.Helper()
	work, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	st := run.State{RunID: "push-cc", Flow: run.FlowPush, Subject: subject}
	out, err := (&source.Service{Repo: repo, Work: work, Concurrency: 3}).Fetch(context.Background(), st)
	if err != nil {
		t.Fatal(err)
	}
	raw, err := work.Get(context.Background(), out.Files["changes.json"])
	if err != nil {
		t.Fatal(err)
	}
	var cs run.Changeset
	if err := json.Unmarshal(raw, &cs); err != nil {
		t.Fatal(err)
	}
	return out, cs, work
}

// TestFetchThroughCodeCommit fetches through the SDK and the stub, and expects exactly what reading the
// same repository directly gives.
func TestFetchThroughCodeCommit(t *testing.T) {
	repo, c := buildRepo(t)
	tests := []struct {
		name     string
		subject  run.Subject
		minPages int
		files    string
	}{
		{"update", run.Subject{Repository: repoName, Reference: "main", Commit: c.head, BaseCommit: c.base}, 4, "7 changed, 1 skipped"},
		{"new branch", run.Subject{Repository: repoName, Reference: "feature/tls", Commit: c.feature, NewBranch: true}, 1, "1 changed, 0 skipped"},
		{"whole tree", run.Subject{Repository: repoName, Reference: "v1", RefType: "tag", Commit: c.base}, 2, "3 changed, 0 skipped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, client := newStub(t, repo)
			out, got, work := fetch(t, codecommit.New(client, codecommit.WithPageSize(2)), tt.subject)
			_, want, _ := fetch(t, repo, tt.subject)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("through CodeCommit:\ngot  %+v\nwant %+v", got, want)
			}
			if out.Summary["files"] != tt.files {
				t.Errorf("summary %q; want %q", out.Summary["files"], tt.files)
			}
			if n := s.calls["GetDifferences"]; n < tt.minPages {
				t.Errorf("GetDifferences called %d times; want at least %d pages", n, tt.minPages)
			}
			for _, f := range got.Files {
				if f.HeadKey == "" {
					continue
				}
				b, err := work.Get(context.Background(), f.HeadKey)
				if err != nil || int64(len(b)) != f.Size {
					t.Errorf("%s: %d bytes, %v; want %d", f.HeadKey, len(b), err, f.Size)
				}
			}
		})
	}
}

func TestRepoMethods(t *testing.T) {
	repo, c := buildRepo(t)
	ctx := context.Background()
	t.Run("merge base", func(t *testing.T) {
		_, client := newStub(t, repo)
		got, err := codecommit.New(client).MergeBase(ctx, repoName, c.head, c.feature)
		if err != nil || got != c.head {
			t.Errorf("MergeBase = %q, %v; want %s", got, err, c.head)
		}
	})
	t.Run("file at a commit", func(t *testing.T) {
		_, client := newStub(t, repo)
		r := codecommit.New(client)
		got, err := r.File(ctx, repoName, c.base, "README.md")
		if err != nil || string(got) != "# sample\n" {
			t.Errorf("File(base, README.md) = %q, %v; want the file", got, err)
		}
		for _, p := range []string{"README.md", "signer", "nothing.txt"} { // deleted at head, a directory, absent
			if _, err := r.File(ctx, repoName, c.head, p); !errors.Is(err, source.ErrFileNotFound) {
				t.Errorf("File(head, %s): %v; want ErrFileNotFound", p, err)
			}
		}
	})
	t.Run("default branch", func(t *testing.T) {
		_, client := newStub(t, repo)
		name, id, err := codecommit.New(client).DefaultBranch(ctx, repoName)
		if err != nil || name != "main" || id != c.head {
			t.Errorf("DefaultBranch = %s %s %v; want main %s", name, id, err, c.head)
		}
	})
	t.Run("unknown commit", func(t *testing.T) {
		_, client := newStub(t, repo)
		_, err := codecommit.New(client).Differences(ctx, repoName, strings.Repeat("a", 40), c.head)
		if !errors.Is(err, source.ErrCommitNotFound) {
			t.Errorf("got %v; want ErrCommitNotFound", err)
		}
	})
	t.Run("unknown repository", func(t *testing.T) {
		_, client := newStub(t, repo)
		_, err := codecommit.New(client).Differences(ctx, "other", "", c.head)
		if err == nil || errors.Is(err, source.ErrCommitNotFound) || !strings.Contains(err.Error(), "RepositoryDoesNotExist") {
			t.Errorf("got %v; want the service's RepositoryDoesNotExistException", err)
		}
	})
	t.Run("repeated page token", func(t *testing.T) {
		s, client := newStub(t, repo)
		s.loopToken = true
		_, err := codecommit.New(client, codecommit.WithPageSize(2)).Differences(ctx, repoName, c.base, c.head)
		if err == nil || !strings.Contains(err.Error(), "repeated page token") {
			t.Errorf("got %v; want a repeated-token error", err)
		}
	})
	t.Run("blob too large is skipped", func(t *testing.T) {
		s, client := newStub(t, repo)
		diffs, err := repo.Differences(ctx, repoName, c.head, c.feature)
		if err != nil || len(diffs) != 1 {
			t.Fatalf("differences %v, %v; want one", diffs, err)
		}
		s.tooLarge[diffs[0].After.BlobID] = true
		_, err = codecommit.New(client).Blob(ctx, repoName, diffs[0].After.BlobID)
		if !errors.Is(err, source.ErrBlobTooLarge) {
			t.Fatalf("Blob: %v; want ErrBlobTooLarge", err)
		}
		out, cs, _ := fetch(t, codecommit.New(client), run.Subject{Repository: repoName, Reference: "feature/tls", Commit: c.feature, BaseCommit: c.head})
		if len(cs.Skipped) != 1 || !strings.HasPrefix(cs.Skipped[0].Reason, source.SkipTooLarge) || len(out.Gaps) != 1 {
			t.Errorf("skipped %+v gaps %+v; want the file skipped as too large, with a gap", cs.Skipped, out.Gaps)
		}
	})
}
