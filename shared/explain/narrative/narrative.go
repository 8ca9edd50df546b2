package narrative

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/attestdev/attest/shared/explain"
)

// Model is a language model that answers one prompt: package bedrockconverse implements it over the
// Bedrock Converse API.
type Model interface {
	Complete(ctx context.Context, system, prompt string) (string, error)
}

// Statuses of a narrative (Explanation.NarrativeStatus); discarded and unavailable are followed by ": "
// and the reason.
const (
	StatusUsed        = "used"
	StatusDiscarded   = "discarded"
	StatusUnavailable = "unavailable"
)

// Defaults of a Narrator.
const (
	DefaultTimeout  = 20 * time.Second
	DefaultMaxChars = 1500
)

// Reserve is the part of the caller's deadline a narrative leaves unused.
const Reserve = 3 * time.Second

// Narrator writes narratives with a Model and keeps only those that stay within the evidence.
type Narrator struct {
	// Model writes the narrative; nil makes every narrative unavailable.
	Model Model
	// Timeout bounds one narrative; zero means DefaultTimeout.
	Timeout time.Duration
	// MaxChars bounds the narrative's length; zero means DefaultMaxChars.
	MaxChars int
}

// Narrate returns a narrative of e and its status: "used", "discarded: why" (the text is then empty) or
// "unavailable: why". It never fails: without a narrative the explanation stands as it is.
func (n *Narrator) Narrate(ctx context.Context, e *explain.Explanation) (text, status string) {
	if n == nil || n.Model == nil {
		return "", StatusUnavailable + ": no model configured"
	}
	if e == nil {
		return "", StatusUnavailable + ": no explanation"
	}
	timeout := n.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	now := time.Now()
	deadline := now.Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Add(-Reserve).Before(deadline) {
		// What follows the narrative (writing the explanation) keeps its time.
		deadline = d.Add(-Reserve)
	}
	if !deadline.After(now) {
		return "", StatusUnavailable + ": no time left before the deadline"
	}
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	system, prompt := Prompt(e)
	reply, err := n.Model.Complete(ctx, system, prompt)
	switch {
	case errors.Is(err, context.DeadlineExceeded) || ctx.Err() == context.DeadlineExceeded:
		return "", fmt.Sprintf("%s: no answer within %s", StatusUnavailable, deadline.Sub(now).Round(time.Millisecond))
	case err != nil:
		return "", fmt.Sprintf("%s: %s", StatusUnavailable, oneLine(err.Error(), 300))
	}
	reply = strings.TrimSpace(reply)
	maxChars := n.MaxChars
	if maxChars <= 0 {
		maxChars = DefaultMaxChars
	}
	if err := Check(e, reply, maxChars); err != nil {
		return "", fmt.Sprintf("%s: %v", StatusDiscarded, err)
	}
	return reply, StatusUsed
}

// Prompt builds the instructions and the prompt for e: the alarm, the engine's root cause, its evidence,
// what it ruled out, the fix, the impact, the changes in the window and the missing context. Nothing else
// goes to the model.
func Prompt(e *explain.Explanation) (system, prompt string) {
	system = "You explain an AWS CloudWatch alarm to the on-call engineer in plain language, in at most five sentences. " +
		"Use only the facts given. The root cause is decided: restate it, do not propose another one, and do not use any " +
		"root-cause identifier other than the one given. Do not mention any resource, ARN, ID, account, address or number " +
		"that is not in the facts. If the confidence is inconclusive, say what is missing instead of guessing. " +
		"Answer with the narrative only, no headings or lists."
	var b strings.Builder
	fmt.Fprintf(&b, "Alarm: %s (%s %s) in %s at %s\n", e.Alarm.Name, e.Alarm.Metric.Namespace, e.Alarm.Metric.Name, e.Alarm.Region, e.Alarm.Time)
	fmt.Fprintf(&b, "Resource: %s %s\n", e.Resource.Type, e.Resource.ID)
	fmt.Fprintf(&b, "Root cause: %s — %s (confidence %s)\n%s\n", e.RootCause.ID, e.RootCause.Title, e.RootCause.Confidence, e.RootCause.Summary)
	if len(e.Evidence) > 0 {
		b.WriteString("Evidence:\n")
		for _, ev := range e.Evidence {
			fmt.Fprintf(&b, "- [%s] %s\n", ev.Source, ev.Fact)
		}
	}
	if len(e.RuledOut) > 0 {
		b.WriteString("Ruled out:\n")
		for _, r := range e.RuledOut {
			fmt.Fprintf(&b, "- %s: %s\n", r.ID, r.Why)
		}
	}
	if len(e.Changes) > 0 {
		b.WriteString("Changes before the alarm:\n")
		for _, c := range e.Changes {
			fmt.Fprintf(&b, "- %s %s %s\n", c.Time, c.What, c.Who)
		}
	}
	if e.Fix.Summary != "" {
		fmt.Fprintf(&b, "Fix: %s\n", e.Fix.Summary)
	}
	if e.Impact.Summary != "" {
		fmt.Fprintf(&b, "Impact: %s\n", e.Impact.Summary)
	}
	if len(e.MissingContext) > 0 {
		b.WriteString("Could not be read:\n")
		for _, m := range e.MissingContext {
			fmt.Fprintf(&b, "- %s\n", m)
		}
	}
	return system, b.String()
}

// RootCauseIDs are the identifiers of the root-cause catalogue (and "unknown"): a narrative may use only
// those of the explanation.
var RootCauseIDs = []string{
	"vpc-no-egress", "vpc-endpoint-misconfigured", "egress-blocked", "downstream-slow", "apigw-integration-timeout",
	"init-timeout", "out-of-memory", "bad-deploy", "iam-missing-permission", "iam-explicit-deny", "kms-env-access-denied",
	"kms-data-access-denied", "account-concurrency-exhausted", "reserved-concurrency-too-low", "dynamodb-capacity-exceeded",
	"downstream-rate-limited", "vpc-ip-exhaustion", "function-inactive-or-failed", "sqs-visibility-timeout",
	"stream-poison-pill", "apigw-invoke-permission", "recursive-loop", "efs-mount-failure", "provisioned-concurrency-spillover",
}

// identifier patterns: what a narrative may only repeat from the explanation.
var identifiers = []*regexp.Regexp{
	regexp.MustCompile(`arn:aws[a-z-]*:[^\s"'<>()\x60,;]+`),
	regexp.MustCompile(`\b(?:vpc|subnet|sg|rtb|rtbassoc|nat|igw|eigw|vpce|acl|eni|i|ami|snap|vol|eipalloc|tgw|pcx|lt|fs|fsap)-[0-9a-f]{8,17}\b`),
	regexp.MustCompile(`\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b`),
	regexp.MustCompile(`\b\d{12}\b`),
	regexp.MustCompile(`\b\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2})?\b`),
	regexp.MustCompile(`/aws/[A-Za-z0-9_./-]+`),
	regexp.MustCompile("\x60([^\x60\n]{1,200})\x60"),
}

// DiscardError says why a narrative was not kept.
type DiscardError struct{ Reason string }

func (e *DiscardError) Error() string { return e.Reason }

// Check reports why text cannot stand beside e, or nil: empty or longer than maxChars, a root-cause
// identifier that is neither e's root cause nor one it ruled out, or an identifier not found in e.
func Check(e *explain.Explanation, text string, maxChars int) error {
	if strings.TrimSpace(text) == "" {
		return &DiscardError{"empty reply"}
	}
	if n := len([]rune(text)); n > maxChars {
		return &DiscardError{fmt.Sprintf("%d characters, more than %d", n, maxChars)}
	}
	allowed := map[string]bool{e.RootCause.ID: true}
	for _, r := range e.RuledOut {
		allowed[r.ID] = true
	}
	lower := strings.ToLower(text)
	for _, id := range RootCauseIDs {
		if !allowed[id] && containsWord(lower, id) {
			return &DiscardError{fmt.Sprintf("names the root cause %s, not the engine's %s", id, e.RootCause.ID)}
		}
	}
	corpus := evidenceText(e)
	for _, re := range identifiers {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			tok := m[len(m)-1]
			tok = strings.TrimRight(tok, ".:")
			if tok != "" && !strings.Contains(corpus, tok) {
				return &DiscardError{fmt.Sprintf("mentions %q, which is not in the evidence", tok)}
			}
		}
	}
	return nil
}

// containsWord reports whether id occurs in s not as part of a longer identifier.
func containsWord(s, id string) bool {
	for i := 0; ; {
		j := strings.Index(s[i:], id)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(id)
		if (start == 0 || !idChar(s[start-1])) && (end == len(s) || !idChar(s[end])) {
			return true
		}
		i = start + 1
	}
}

func idChar(c byte) bool {
	return c == '-' || c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9'
}

// evidenceText is everything the explanation says, where a narrative's identifiers must come from.
func evidenceText(e *explain.Explanation) string {
	var b strings.Builder
	w := func(s ...string) {
		for _, x := range s {
			b.WriteString(x)
			b.WriteByte('\n')
		}
	}
	w(e.Alarm.Name, e.Alarm.Region, e.Alarm.Account, e.Alarm.Time, e.Alarm.Metric.Namespace, e.Alarm.Metric.Name)
	for k, v := range e.Alarm.Metric.Dimensions {
		w(k, v)
	}
	w(e.Resource.Type, e.Resource.ID, e.RootCause.ID, e.RootCause.Title, e.RootCause.Summary, e.Fix.Summary, e.Fix.CloudFormation, e.Impact.Summary)
	w(e.Fix.CLI...)
	for _, ev := range e.Evidence {
		w(ev.Source, ev.Fact)
	}
	for _, r := range e.RuledOut {
		w(r.ID, r.Why)
	}
	for _, c := range e.Changes {
		w(c.Time, c.What, c.Who)
	}
	w(e.MissingContext...)
	return b.String()
}

func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return s
}
