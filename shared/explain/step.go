package explain

import (
	"context"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/attestdev/attest/shared/run"
)

// WorkStore is the part of the work store the step uses.
type WorkStore interface {
	Get(ctx context.Context, key string) ([]byte, error)
	Put(ctx context.Context, key string, data []byte) error
}

// StepName is the step's name in gaps and summaries.
const StepName = "explain"

// File is the pack file name the step writes.
const File = "explanation.json"

// Step is the explain step of the alarm flow.
type Step struct {
	Work      WorkStore
	Explainer *Explainer
	// DecodeAlarm reads the stored EventBridge event; nil means DecodeAlarmEvent.
	DecodeAlarm func([]byte) (Alarm, error)
	// Narrator, when set, adds a narrative to the explanation (package narrative); it never fails the step.
	Narrator Narrator
	// Record, when set, wraps the Explainer's context for one run (snapshot.Record), so that the context
	// the explanation used goes into the pack under context/. Nil stores no context.
	Record func(Context) RecordedContext
}

// Narrator writes an explanation's optional narrative and says whether it was used, discarded or
// unavailable, and why.
type Narrator interface {
	Narrate(ctx context.Context, e *Explanation) (text, status string)
}

// StepError is a failure of the explain step that Step Functions should retry or catch: the work store could
// not be read or written. Its type name is what Lambda reports as the error type.
type StepError struct {
	Op  string
	Err error
}

func (e *StepError) Error() string { return fmt.Sprintf("explain: %s: %v", e.Op, e.Err) }

// Unwrap returns the cause.
func (e *StepError) Unwrap() error { return e.Err }

// Run reads the alarm event at in.EventKey, explains it, writes explanation.json and explanation.md and
// records them, with the root cause and its confidence, the one-line cause and the fix in the summary (the
// notification carries them). An event that is not an explainable alarm is a gap, not an error: retrying
// would not change it.
//
// With Record set, the step also writes the context the explanation used, as a context snapshot under
// context/ (every call the rules made: the answers as AWS CLI v2 JSON, the calls that failed in its
// README), so that the unpacked pack explains itself again offline (attest explain --event event.json
// --context context). A pack is kept for years and downloaded by auditors, so the snapshot keeps only what
// is evidence:
//   - function environment variable values are always replaced, also inside CloudTrail events and AWS
//     Config items (their names are kept);
//   - IAM policy documents (iam.get-account-authorization-details) and KMS key and Lambda resource
//     policies (kms.get-key-policy, lambda.get-policy) are kept only when an evidence item of the
//     explanation cites that call, and are otherwise replaced by
//     {"redacted": "policy document not cited as evidence"}; of the account's IAM documents, only those
//     of the roles the rules evaluate (the functions' execution roles, roles the evidence names) and of
//     the managed policies attached to them are ever kept;
//   - log events are kept whole: the rules count them (cold starts, timeouts, the integration a gateway
//     calls) whether or not a line is quoted, so dropping unquoted lines would explain differently;
//   - every text but a kept policy document is masked as the explanation is (RedactText: access keys,
//     passwords, tokens, private keys, credentials in URLs).
//
// Context that cannot be encoded is a gap; a work store that cannot be written is a *StepError.
func (s *Step) Run(ctx context.Context, in run.State) (run.State, error) {
	out := in
	if in.EventKey == "" {
		out.AddGap(StepName, "no event key in the run state")
		return out, nil
	}
	raw, err := s.Work.Get(ctx, in.EventKey)
	if err != nil {
		return in, &StepError{Op: "read " + in.EventKey, Err: err}
	}
	decode := s.DecodeAlarm
	if decode == nil {
		decode = DecodeAlarmEvent
	}
	alarm, err := decode(raw)
	if err != nil {
		out.AddGap(StepName, fmt.Sprintf("the event is not an alarm that can be explained: %v", err))
		return out, nil
	}
	// The Explainer is shared by every run of the function: the recording belongs to this run only.
	x := *s.Explainer
	var rec RecordedContext
	if s.Record != nil && x.Context != nil {
		rec = s.Record(x.Context)
		x.Context = rec
	}
	found, err := x.Explain(ctx, alarm)
	if errors.Is(err, ErrInvalidAlarm) {
		out.AddGap(StepName, err.Error())
		return out, nil
	}
	if err != nil {
		return in, &StepError{Op: "explain " + alarm.Name, Err: err}
	}
	// The pack is kept for years and read by auditors: facts quoted from logs lose their secrets here.
	exp := found.Redacted()
	if s.Narrator != nil {
		exp.Narrative, exp.NarrativeStatus = s.Narrator.Narrate(ctx, exp)
	}
	body, err := exp.MarshalIndent()
	if err != nil {
		return in, &StepError{Op: "encode explanation", Err: err}
	}
	for _, f := range []struct {
		name string
		data []byte
	}{{File, body}, {MarkdownFile, exp.Markdown()}} {
		if err := s.put(ctx, &out, f.name, f.data); err != nil {
			return in, err
		}
	}
	if rec != nil {
		files, err := rec.PackFiles(found)
		if err != nil {
			out.AddGap(StepName, fmt.Sprintf("the context the explanation used could not be stored: %v", redactSecrets(err.Error())))
		}
		names := make([]string, 0, len(files))
		for n := range files {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			if !packFileName(n) {
				// A resource name can make a file name the pack refuses (a metric named "a..b"): losing
				// one file beats losing the pack.
				out.AddGap(StepName, fmt.Sprintf("context file %q was not stored: not a plain file name", n))
				continue
			}
			if err := s.put(ctx, &out, path.Join(ContextDir, n), files[n]); err != nil {
				return in, err
			}
		}
	}
	out.SetSummary("rootCause", fmt.Sprintf("%s (%s)", exp.RootCause.ID, exp.RootCause.Confidence))
	out.SetSummary("cause", summaryLine(exp.RootCause.Summary))
	out.SetSummary("fix", summaryLine(exp.Fix.Summary))
	if exp.RootCause.ID == UnknownCause && len(exp.Evidence) == 0 && len(exp.RuledOut) == 0 && len(exp.MissingContext) > 0 {
		// Nothing could be looked at: the explanation is a list of what is missing.
		out.AddGap(StepName, "no context could be read: "+joinMissing(exp.MissingContext))
	}
	return out, nil
}

// put writes one pack file of the run and records it.
func (s *Step) put(ctx context.Context, out *run.State, name string, data []byte) error {
	key := out.Key(name)
	if err := s.Work.Put(ctx, key, data); err != nil {
		return &StepError{Op: "write " + key, Err: err}
	}
	out.AddFile(name, key)
	return nil
}

// packFileName reports whether a context file name is one plain path element that evidence packs accept.
func packFileName(n string) bool {
	return n != "" && !strings.HasPrefix(n, ".") && !strings.ContainsAny(n, `/\`) && !strings.Contains(n, "..")
}

// maxSummaryLine keeps a summary fact readable in a notification; the pack has the whole text.
const maxSummaryLine = 300

// summaryLine puts a text on one line of at most maxSummaryLine bytes, cut at a character boundary.
func summaryLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= maxSummaryLine {
		return s
	}
	cut := maxSummaryLine - len("…")
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func joinMissing(m []string) string {
	s := ""
	for i, x := range m {
		if i > 0 {
			s += ", "
		}
		s += x
	}
	return s
}
