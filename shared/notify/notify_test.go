package notify

import (
	"context"
	"strings"
	"testing"

	"github.com/attestdev/attest/shared/run"
)

type recorder struct{ subject, body string }

func (r *recorder) Publish(_ context.Context, s, b string) error {
	r.subject, r.body = s, b
	return nil
}

func TestCompose(t *testing.T) {
	cases := []struct {
		name        string
		st          run.State
		wantSubject string
		wantBody    []string
	}{
		{"push", run.State{RunID: "push-1", Flow: run.FlowPush, PackID: "push-1", Status: "complete",
			Subject: run.Subject{Repository: "attest-sample", Reference: "main", Commit: "92f6181645c4659bbf347ceec7891e773757074b"},
			Summary: map[string]string{"findings": "2 error"}},
			"Attest: push to attest-sample main at 92f6181645c4 (complete)", []string{"findings: 2 error", "Evidence pack: push-1", "https://portal.example/#/packs/push-1"}},
		{"incomplete alarm", run.State{RunID: "alarm-1", Flow: run.FlowAlarm, PackID: "alarm-1", Status: "incomplete",
			Subject: run.Subject{Alarm: "orders-errors"}, Gaps: []run.Gap{{Step: "explain", Reason: "no context"}}},
			"Attest: alarm orders-errors (incomplete)", []string{"- explain: no context"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := &recorder{}
			if _, err := (&Step{Publisher: r, PortalURL: "https://portal.example/"}).Run(context.Background(), tc.st); err != nil {
				t.Fatal(err)
			}
			if r.subject != tc.wantSubject {
				t.Errorf("got subject %q; want %q", r.subject, tc.wantSubject)
			}
			for _, w := range tc.wantBody {
				if !strings.Contains(r.body, w) {
					t.Errorf("got body %q; want it to contain %q", r.body, w)
				}
			}
			if len(r.subject) > maxSubject {
				t.Errorf("subject is %d bytes; SNS allows %d", len(r.subject), maxSubject)
			}
		})
	}
}
