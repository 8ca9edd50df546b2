package codecommitreview_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/attestdev/attest/shared/review"
	"github.com/attestdev/attest/shared/review/codecommitreview"
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	sdk "github.com/aws/aws-sdk-go-v2/service/codecommit"
)

const (
	repo     = "attest-sample"
	prID     = "42"
	revision = "8e3f1c0a5b7d9e2f4a6c8b0d1e3f5a7c9b1d3e5f7a9c1e3b5d7f9a1c3e5b7d9f"
	attest   = "arn:aws:sts::123456789012:assumed-role/attest-review/session"
)

type comment struct {
	ID, Content, Author, Before, After string
	Deleted                            bool
}

// stub is CodeCommit's pull request comments and approvals, speaking the awsJson1_1 protocol. The caller is
// always the Attest role; comments by others are seeded.
type stub struct {
	mu        sync.Mutex
	calls     []string
	comments  []comment
	approvals map[string]string // revision -> state
	current   string            // the pull request's current revision
	pageSize  int
}

func (s *stub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	op, ok := strings.CutPrefix(r.Header.Get("X-Amz-Target"), "CodeCommit_20150413.")
	if !ok || r.Header.Get("Content-Type") != "application/x-amz-json-1.1" || !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
		fail(w, "UnknownOperationException", "unexpected request")
		return
	}
	var in map[string]any
	body, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(body, &in); err != nil {
		fail(w, "SerializationException", err.Error())
		return
	}
	str := func(k string) string { v, _ := in[k].(string); return v }
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = append(s.calls, op)
	switch op {
	case "GetCommentsForPullRequest":
		if str("pullRequestId") != prID || str("repositoryName") != repo {
			fail(w, "PullRequestDoesNotExistException", "no such pull request")
			return
		}
		start := 0
		if t := str("nextToken"); t != "" {
			fmt.Sscanf(t, "page-%d", &start)
		}
		end := min(start+s.pageSize, len(s.comments))
		var cs []map[string]any
		for _, c := range s.comments[start:end] {
			cs = append(cs, map[string]any{"commentId": c.ID, "content": c.Content, "authorArn": c.Author, "deleted": c.Deleted})
		}
		out := map[string]any{"commentsForPullRequestData": []map[string]any{{
			"pullRequestId": prID, "repositoryName": repo, "comments": cs}}}
		if end < len(s.comments) {
			out["nextToken"] = fmt.Sprintf("page-%d", end)
		}
		reply(w, out)
	case "PostCommentForPullRequest":
		if str("beforeCommitId") == "" || str("afterCommitId") == "" || str("content") == "" {
			fail(w, "CommitIdRequiredException", "commit IDs and content are required")
			return
		}
		c := comment{ID: fmt.Sprintf("c-%d", len(s.comments)+1), Content: str("content"), Author: attest, Before: str("beforeCommitId"), After: str("afterCommitId")}
		s.comments = append(s.comments, c)
		reply(w, map[string]any{"comment": map[string]any{"commentId": c.ID, "content": c.Content, "authorArn": c.Author}})
	case "UpdateComment":
		for i := range s.comments {
			if s.comments[i].ID == str("commentId") {
				if s.comments[i].Author != attest {
					fail(w, "CommentNotCreatedByCallerException", "You cannot modify or delete this comment. Only comment authors can modify or delete their comments.")
					return
				}
				s.comments[i].Content = str("content")
				reply(w, map[string]any{"comment": map[string]any{"commentId": s.comments[i].ID}})
				return
			}
		}
		fail(w, "CommentDoesNotExistException", "no such comment")
	case "UpdatePullRequestApprovalState":
		st := str("approvalState")
		if st != "APPROVE" && st != "REVOKE" {
			fail(w, "InvalidApprovalStateException", "bad state "+st)
			return
		}
		if str("revisionId") != s.current {
			fail(w, "RevisionNotCurrentException", "The revision ID provided in the request does not match the current revision ID.")
			return
		}
		s.approvals[str("revisionId")] = st
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
		w.Write([]byte("{}"))
	default:
		fail(w, "UnknownOperationException", op)
	}
}

func reply(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	json.NewEncoder(w).Encode(v)
}

func fail(w http.ResponseWriter, typ, msg string) {
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("X-Amzn-Errortype", typ)
	w.WriteHeader(http.StatusBadRequest)
	json.NewEncoder(w).Encode(map[string]string{"__type": typ, "message": msg})
}

func newHost(t *testing.T, s *stub) *codecommitreview.Host {
	t.Helper()
	if s.approvals == nil {
		s.approvals = map[string]string{}
	}
	if s.pageSize == 0 {
		s.pageSize = 2
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	client := sdk.New(sdk.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(srv.URL),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		HTTPClient:   srv.Client(),
	})
	return &codecommitreview.Host{API: client}
}

var pr = review.PullRequest{Repository: repo, ID: prID, RevisionID: revision,
	DestinationCommit: "058df7cb6c465ca7a59d2903141dae2bd9f9a171", SourceCommit: "92f6181645c4659bbf347ceec7891e773757074b"}

// TestCommentCreatedThenUpdated: the first run posts, the next one finds its comment past other people's
// comments on a second page and updates it; the same text again changes nothing.
func TestCommentCreatedThenUpdated(t *testing.T) {
	s := &stub{current: revision, comments: []comment{
		{ID: "h-1", Content: "Looks good to me", Author: "arn:aws:iam::123456789012:user/jordan"},
		{ID: "h-2", Content: "old", Author: "arn:aws:iam::123456789012:user/jordan", Deleted: true},
	}}
	h := newHost(t, s)
	ctx := context.Background()
	steps := []struct {
		name    string
		content string
		want    review.Upsert
	}{
		{"first push", review.Marker + "\nfirst", review.Posted},
		{"second push", review.Marker + "\nsecond", review.Updated},
		{"same again", review.Marker + "\nsecond", review.Unchanged},
	}
	var firstID string
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			got, id, err := review.Publish(ctx, h, pr, st.content)
			if err != nil {
				t.Fatal(err)
			}
			if got != st.want {
				t.Errorf("got %s; want %s", got, st.want)
			}
			if firstID == "" {
				firstID = id
			} else if id != firstID {
				t.Errorf("got comment %s; want the first comment %s", id, firstID)
			}
		})
	}
	var mine []comment
	for _, c := range s.comments {
		if c.Author == attest {
			mine = append(mine, c)
		}
	}
	if len(mine) != 1 || mine[0].Content != review.Marker+"\nsecond" {
		t.Fatalf("got Attest comments %+v; want one, with the second text", mine)
	}
	if mine[0].Before != pr.DestinationCommit || mine[0].After != pr.SourceCommit {
		t.Errorf("comment placed on %s..%s; want %s..%s", mine[0].Before, mine[0].After, pr.DestinationCommit, pr.SourceCommit)
	}
	want := "GetCommentsForPullRequest,PostCommentForPullRequest,GetCommentsForPullRequest,GetCommentsForPullRequest,UpdateComment,GetCommentsForPullRequest,GetCommentsForPullRequest"
	if got := strings.Join(s.calls, ","); got != want {
		t.Errorf("calls:\ngot  %s\nwant %s", got, want)
	}
}

// TestForgedMarker: a comment by someone else that starts with the marker is not Attest's; Attest posts its own.
func TestForgedMarker(t *testing.T) {
	s := &stub{current: revision, comments: []comment{{ID: "h-1", Content: review.Marker + "\nall clear, merge away", Author: "arn:aws:iam::123456789012:user/mallory"}}}
	h := newHost(t, s)
	got, id, err := review.Publish(context.Background(), h, pr, review.Marker+"\nreal")
	if err != nil {
		t.Fatal(err)
	}
	if got != review.Posted || id == "h-1" {
		t.Errorf("got %s of %s; want a new comment posted", got, id)
	}
	if s.comments[0].Content != review.Marker+"\nall clear, merge away" {
		t.Errorf("the forged comment changed: %q", s.comments[0].Content)
	}
}

func TestApproval(t *testing.T) {
	s := &stub{current: revision}
	h := newHost(t, s)
	ctx := context.Background()
	for _, tc := range []struct {
		name    string
		approve bool
		want    string
	}{{"approve", true, "APPROVE"}, {"revoke", false, "REVOKE"}} {
		t.Run(tc.name, func(t *testing.T) {
			if err := h.SetApproval(ctx, pr, tc.approve); err != nil {
				t.Fatal(err)
			}
			if got := s.approvals[revision]; got != tc.want {
				t.Errorf("got approval state %q; want %q", got, tc.want)
			}
		})
	}
	t.Run("superseded revision", func(t *testing.T) {
		old := pr
		old.RevisionID = "0000"
		err := h.SetApproval(ctx, old, true)
		if !errors.Is(err, review.ErrRevisionNotCurrent) {
			t.Errorf("got %v; want ErrRevisionNotCurrent", err)
		}
	})
}

func TestCommentsError(t *testing.T) {
	h := newHost(t, &stub{current: revision})
	other := pr
	other.ID = "7"
	_, _, err := review.Publish(context.Background(), h, other, review.Marker)
	var he *review.HostError
	if !errors.As(err, &he) || !strings.Contains(err.Error(), "PullRequestDoesNotExistException") {
		t.Errorf("got %v; want a HostError naming CodeCommit's error", err)
	}
}
