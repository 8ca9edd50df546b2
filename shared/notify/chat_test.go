package notify

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/attestdev/attest/shared/golden"
	"github.com/attestdev/attest/shared/run"
	"github.com/attestdev/attest/shared/store"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// flowStates are one finished run of each flow, in the shapes the steps leave them.
func flowStates() map[string]run.State {
	return map[string]run.State{
		"push": {RunID: "push-attest-sample-main-1", Flow: run.FlowPush, PackID: "push-attest-sample-main-1", Status: "complete",
			Subject: run.Subject{Repository: "attest-sample", Reference: "main", Commit: "92f6181645c4659bbf347ceec7891e773757074b", BaseCommit: "058df7cb6c465ca7a59d2903141dae2bd9f9a171"},
			Summary: map[string]string{"findings": "5 error, 4 warning, 2 note", "scanned": "3 files, 0 skipped", "forecast": "+$1,214.40 a month"}},
		"pull-request": {RunID: "push-attest-sample-pr42-1", Flow: run.FlowPush, PackID: "push-attest-sample-pr42-1", Status: "complete",
			Subject: run.Subject{Repository: "attest-sample", Reference: "receipts", Commit: "a486e7e4afe85b6f51b8e1ffdd6faa887ff07a5a", PullRequestID: "42", DestinationReference: "release"},
			Summary: map[string]string{"findings": "5 error", "review": "comment updated; not approved: 5 findings block merging"}},
		"alarm": {RunID: "alarm-orders-errors-1", Flow: run.FlowAlarm, PackID: "alarm-orders-errors-1", Status: "complete",
			Subject: run.Subject{Alarm: "orders-errors", AlarmTime: "2026-11-20T14:05:00Z"},
			Summary: map[string]string{"rootCause": "vpc-no-egress (confirmed): the function's subnets have no route to the internet"}},
		"config": {RunID: "config-attest-sample-uploads-1", Flow: run.FlowConfig, PackID: "config-attest-sample-uploads-1", Status: "incomplete",
			Subject: run.Subject{ResourceType: "AWS::S3::Bucket", ResourceID: "attest-sample-uploads"},
			Summary: map[string]string{"results": "3 FAIL, 5 PASS, 1 NOT_ASSESSED"},
			Gaps:    []run.Gap{{Step: "evaluate", Reason: "the item's <supplementary> configuration was not readable @here"}}},
		"review-failed": {RunID: "push-attest-sample-pr42-2", Flow: run.FlowPush, PackID: "push-attest-sample-pr42-2", Status: "complete",
			Subject:    run.Subject{Repository: "attest-sample", Reference: "receipts", Commit: "a486e7e4afe85b6f51b8e1ffdd6faa887ff07a5a", PullRequestID: "42", DestinationReference: "release"},
			Error:      &run.StepError{Error: "*review.HostError", Cause: "review: approve revision r of pull request 42: AccessDenied"},
			FailedStep: "review"},
	}
}

func TestComposeGolden(t *testing.T) {
	for name, st := range flowStates() {
		t.Run(name, func(t *testing.T) {
			m := Compose(st, "https://portal.example/")
			if len(m.Subject) > maxSubject || strings.Contains(m.Subject, "\n") {
				t.Errorf("subject %q is %d bytes or has a line break; SNS allows %d on one line", m.Subject, len(m.Subject), maxSubject)
			}
			golden.Check(t, filepath.Join("testdata", name+".txt"), []byte(m.Text()), *update)
			var pretty bytes.Buffer
			if err := json.Indent(&pretty, m.Chat, "", "  "); err != nil {
				t.Fatalf("chat form is not JSON: %v", err)
			}
			golden.Check(t, filepath.Join("testdata", name+".chat.json"), append(pretty.Bytes(), '\n'), *update)
		})
	}
}

// TestChatShape checks the members AWS Chatbot requires of a custom notification.
func TestChatShape(t *testing.T) {
	for name, st := range flowStates() {
		t.Run(name, func(t *testing.T) {
			var n map[string]any
			if err := json.Unmarshal(Compose(st, "").Chat, &n); err != nil {
				t.Fatal(err)
			}
			content, _ := n["content"].(map[string]any)
			if n["version"] != "1.0" || n["source"] != "custom" || content["textType"] != "client-markdown" || content["title"] == "" {
				t.Errorf("got %v; want version 1.0, source custom, content.textType client-markdown and a title", n)
			}
		})
	}
}

func TestSubjectClipsWholeCharacters(t *testing.T) {
	st := run.State{RunID: "r", Flow: run.FlowConfig, Status: "complete",
		Subject: run.Subject{ResourceType: "AWS::S3::Bucket", ResourceID: strings.Repeat("é", 80) + "\nBcc: x"}}
	m := Compose(st, "")
	if len(m.Subject) > maxSubject || !utf8.ValidString(m.Subject) || strings.Contains(m.Subject, "\n") {
		t.Errorf("got subject %q (%d bytes); want at most %d bytes of whole characters on one line", m.Subject, len(m.Subject), maxSubject)
	}
}

func TestOutboxWritesBothForms(t *testing.T) {
	ctx := context.Background()
	st, err := store.NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	step := &Step{Publisher: &Outbox{Store: st}}
	if _, err := step.Run(ctx, flowStates()["push"]); err != nil {
		t.Fatal(err)
	}
	keys, err := st.List(ctx, "notifications/")
	if err != nil || len(keys) != 2 || !strings.HasSuffix(keys[0], ".chat.json") || !strings.HasSuffix(keys[1], ".txt") {
		t.Errorf("got %v (%v); want the .txt and the .chat.json of one message", keys, err)
	}
}
