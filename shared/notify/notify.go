// Package notify tells people what a run found: a short subject and a plain-text body with the summary and
// the evidence pack, published through a Publisher (SNS in the cloud, a local file or stdout in one process).
package notify

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/attestdev/attest/shared/run"
)

// Publisher sends one message.
type Publisher interface {
	Publish(ctx context.Context, subject, body string) error
}

// Message is a notification.
type Message struct {
	Subject string
	Body    string
}

// maxSubject is SNS's limit for email subjects.
const maxSubject = 100

// Compose writes the notification of a finished run.
func Compose(st run.State, portalURL string) Message {
	var what string
	switch st.Flow {
	case run.FlowPush:
		what = fmt.Sprintf("push to %s %s at %s", st.Subject.Repository, st.Subject.Reference, short(st.Subject.Commit))
	case run.FlowAlarm:
		what = "alarm " + st.Subject.Alarm
	case run.FlowConfig:
		what = fmt.Sprintf("%s %s changed", st.Subject.ResourceType, st.Subject.ResourceID)
	default:
		what = "run " + st.RunID
	}
	status := st.Status
	if status == "" {
		status = "no pack"
	}
	subject := fmt.Sprintf("Attest: %s (%s)", what, status)
	if len(subject) > maxSubject {
		subject = subject[:maxSubject-1] + "…"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Attest %s run %s\n\n", st.Flow, st.RunID)
	keys := make([]string, 0, len(st.Summary))
	for k := range st.Summary {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s: %s\n", k, st.Summary[k])
	}
	if len(st.Gaps) > 0 {
		b.WriteString("\nNot done (the pack is marked incomplete):\n")
		for _, g := range st.Gaps {
			fmt.Fprintf(&b, "- %s: %s\n", g.Step, g.Reason)
		}
	}
	if st.PackID != "" {
		fmt.Fprintf(&b, "\nEvidence pack: %s (status %s)\n", st.PackID, status)
		if portalURL != "" {
			fmt.Fprintf(&b, "%s/#/packs/%s\n", strings.TrimRight(portalURL, "/"), st.PackID)
		}
	}
	return Message{Subject: subject, Body: b.String()}
}

func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

// Step is the notify step.
type Step struct {
	Publisher Publisher
	PortalURL string
}

// Run publishes the run's notification.
func (s *Step) Run(ctx context.Context, st run.State) (run.State, error) {
	m := Compose(st, s.PortalURL)
	if err := s.Publisher.Publish(ctx, m.Subject, m.Body); err != nil {
		return st, fmt.Errorf("notify run %s: %w", st.RunID, err)
	}
	return st, nil
}
