package explain

import (
	"regexp"
)

// Secrets that log lines and request parameters can carry into an explanation's facts. An explanation goes
// into an evidence pack that auditors download and into notifications, so they are masked before it is
// written; the call and the fact stay readable.
var secretPatterns = []struct {
	re   *regexp.Regexp
	repl string
}{
	// AWS access key ids (long-term AKIA, temporary ASIA).
	{regexp.MustCompile(`\b(?:AKIA|ASIA)[0-9A-Z]{16}\b`), "[REDACTED-ACCESS-KEY]"},
	// key=value and "key": "value" pairs whose key says secret.
	{regexp.MustCompile(`(?i)((?:password|passwd|pwd|secret|secret_?key|api_?key|access_?token|auth_?token|token|client_?secret)"?\s*[:=]\s*"?)[^\s",;&'}]{4,}`), "${1}[REDACTED]"},
	// Authorization headers.
	{regexp.MustCompile(`(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{12,}`), "$1 [REDACTED]"},
	// Private keys pasted into logs.
	{regexp.MustCompile(`-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)`), "[REDACTED-PRIVATE-KEY]"},
	// Credentials in connection strings: scheme://user:password@host.
	{regexp.MustCompile(`([a-z][a-z0-9+.-]*://[^\s:/@]+:)[^\s@/]+@`), "${1}[REDACTED]@"},
}

// redactSecrets masks secrets in one string.
func redactSecrets(s string) string {
	for _, p := range secretPatterns {
		s = p.re.ReplaceAllString(s, p.repl)
	}
	return s
}

// Redacted returns a copy of the explanation with secrets masked in every text that can quote logs, events
// or configuration: the summary, evidence facts, ruled-out reasons, changes and missing context. Fix
// commands and templates are built by Attest from identifiers and are left as they are.
func (e *Explanation) Redacted() *Explanation {
	c := *e
	c.RootCause.Summary = redactSecrets(c.RootCause.Summary)
	c.Evidence = make([]Evidence, len(e.Evidence))
	for i, ev := range e.Evidence {
		c.Evidence[i] = Evidence{Source: ev.Source, Fact: redactSecrets(ev.Fact)}
	}
	c.RuledOut = make([]RuledOut, len(e.RuledOut))
	for i, r := range e.RuledOut {
		c.RuledOut[i] = RuledOut{ID: r.ID, Why: redactSecrets(r.Why)}
	}
	c.Changes = make([]Change, len(e.Changes))
	for i, ch := range e.Changes {
		c.Changes[i] = Change{Time: ch.Time, What: redactSecrets(ch.What), Who: ch.Who}
	}
	c.MissingContext = make([]string, len(e.MissingContext))
	for i, m := range e.MissingContext {
		c.MissingContext[i] = redactSecrets(m)
	}
	return &c
}
