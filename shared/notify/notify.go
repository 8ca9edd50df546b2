// Package notify tells people what a run found: a short subject and a plain-text body with the summary and
// the evidence pack, published through a Publisher (SNS in the cloud, a local file or stdout in one process).
package notify

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/attestdev/attest/shared/run"
)

// Publisher sends one message.
type Publisher interface {
	Publish(ctx context.Context, subject, body string) error
}

// Message is a notification: a subject and plain-text body for email, and the same news as an AWS Chatbot
// (Amazon Q Developer in chat applications) custom notification for chat channels.
type Message struct {
	Subject string
	Body    string
	// Chat is the custom notification JSON; nil when the message has none.
	Chat []byte
}

// MessagePublisher sends a whole message, so that each kind of subscriber gets its own form.
type MessagePublisher interface {
	PublishMessage(ctx context.Context, m Message) error
}

// maxSubject is SNS's limit for email subjects.
const maxSubject = 100

// Compose writes the notification of a finished run.
func Compose(st run.State, portalURL string) Message {
	var what string
	switch {
	case st.Flow == run.FlowPush && st.Subject.PullRequestID != "":
		what = fmt.Sprintf("pull request %s of %s (%s → %s) at %s", st.Subject.PullRequestID, st.Subject.Repository,
			st.Subject.Reference, st.Subject.DestinationReference, short(st.Subject.Commit))
	case st.Flow == run.FlowPush:
		what = fmt.Sprintf("push to %s %s at %s", st.Subject.Repository, st.Subject.Reference, short(st.Subject.Commit))
	case st.Flow == run.FlowAlarm:
		what = "alarm " + st.Subject.Alarm
	case st.Flow == run.FlowConfig:
		what = fmt.Sprintf("%s %s changed", st.Subject.ResourceType, st.Subject.ResourceID)
	default:
		what = "run " + st.RunID
	}
	status := st.Status
	if status == "" {
		status = "no pack"
	}
	subject := clipSubject(fmt.Sprintf("Attest: %s (%s)", what, status))
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
	if st.Error != nil {
		// A step after the pack failed (the pull request review): the run fails once this is sent.
		fmt.Fprintf(&b, "\nFailed after the pack was written (%s): %s: %s\n", st.FailedStep, st.Error.Error, st.Error.Cause)
	}
	if st.PackID != "" {
		fmt.Fprintf(&b, "\nEvidence pack: %s (status %s)\n", st.PackID, status)
		if portalURL != "" {
			fmt.Fprintf(&b, "%s\n", packURL(portalURL, st.PackID))
		}
	}
	m := Message{Subject: subject, Body: b.String()}
	m.Chat = chat(st, subject, portalURL)
	return m
}

// clipSubject keeps a subject within SNS's limit without splitting a character, and on one line (SNS
// refuses line breaks in subjects).
func clipSubject(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= maxSubject {
		return s
	}
	cut := maxSubject - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func packURL(portalURL, id string) string {
	return fmt.Sprintf("%s/#/packs/%s", strings.TrimRight(portalURL, "/"), id)
}

func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

// Exporter hands a finished run's results to another system (Security Hub) before people are told, and
// says in one line what it did ("" when the run is not for it).
type Exporter interface {
	Export(ctx context.Context, st run.State) (string, error)
}

// Step is the notify step.
type Step struct {
	Publisher Publisher
	PortalURL string
	// Exporters run first, keyed by the name their line has in the message ("securityhub").
	Exporters map[string]Exporter
	// Digest answers digest requests (flow "digest"); without it they are an error.
	Digest *DigestStep
}

// ExportError is an export that failed. The notification is sent all the same, and says so; the step then
// fails, so that the run is not counted a success.
type ExportError struct {
	Name string
	Err  error
}

func (e *ExportError) Error() string { return fmt.Sprintf("export to %s: %v", e.Name, e.Err) }

// Unwrap returns the exporter's error.
func (e *ExportError) Unwrap() error { return e.Err }

// Run publishes the run's notification: the whole message when the publisher takes one, else the subject
// and body.
func (s *Step) Run(ctx context.Context, st run.State) (run.State, error) {
	if st.Flow == FlowDigest {
		if s.Digest == nil {
			return st, errors.New("notify: digest requested, but no evidence store is configured for digests")
		}
		return s.Digest.Run(ctx, st)
	}
	var failed error
	names := make([]string, 0, len(s.Exporters))
	for name := range s.Exporters {
		names = append(names, name)
	}
	sort.Strings(names)
	shown := st
	for _, name := range names {
		line, err := s.Exporters[name].Export(ctx, st)
		if err != nil {
			failed = errors.Join(failed, &ExportError{Name: name, Err: err})
			line = "FAILED: " + err.Error()
		}
		if line != "" {
			shown = shown.Clone()
			shown.SetSummary(name, line)
		}
	}
	m := Compose(shown, s.PortalURL)
	var err error
	if mp, ok := s.Publisher.(MessagePublisher); ok {
		err = mp.PublishMessage(ctx, m)
	} else {
		err = s.Publisher.Publish(ctx, m.Subject, m.Body)
	}
	if err != nil {
		return st, fmt.Errorf("notify run %s: %w", st.RunID, errors.Join(err, failed))
	}
	if failed != nil {
		return st, fmt.Errorf("notify run %s: %w", st.RunID, failed)
	}
	return shown, nil
}
