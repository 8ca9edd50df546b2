package review

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"github.com/attestdev/attest/shared/finding"
	"github.com/attestdev/attest/shared/policy"
	"github.com/attestdev/attest/shared/run"
)

// Marker starts every comment Attest writes, so that it finds its own comment again and updates it instead
// of adding another. Markdown renderers hide it.
const Marker = "<!-- attest:pr-comment -->"

// MaxCommentChars is CodeCommit's limit on a comment (10,240 characters); the comment is cut below it.
const MaxCommentChars = 10240

// Input is what a comment is made from.
type Input struct {
	State run.State
	// Report is the scan's result; nil when the run produced none (the comment then says so).
	Report *finding.Report
	// Forecast is the cost forecast; nil when the run produced none.
	Forecast *Forecast
	Policy   policy.Policy
	// PortalURL links the pack; without it the pack is named only.
	PortalURL string
}

// Verdict is the policy gate's decision on a pull request.
type Verdict struct {
	Approve  bool
	Blocking []finding.Finding
	Other    []finding.Finding
	// Suppressed were accepted in the code with a written reason: listed with it, never blocking.
	Suppressed []finding.Finding
	// Reason says why in one line.
	Reason string
}

// Decide applies the policy. Attest approves only what it saw whole: a run with gaps or no scan result is
// not approved, whatever it found.
func Decide(in Input) Verdict {
	var v Verdict
	if in.Report != nil {
		for _, f := range in.Report.Findings {
			switch {
			case f.Suppressed():
				v.Suppressed = append(v.Suppressed, f)
			case in.Policy.Blocks(f):
				v.Blocking = append(v.Blocking, f)
			default:
				v.Other = append(v.Other, f)
			}
		}
	}
	switch {
	case len(v.Blocking) > 0:
		v.Reason = fmt.Sprintf("%s block%s merging", count(len(v.Blocking), "finding"), verbS(len(v.Blocking)))
	case in.Report == nil:
		v.Reason = "the scan produced no result: nothing can be said about this change"
	case len(in.State.Gaps) > 0 || in.State.Status == "incomplete":
		v.Reason = fmt.Sprintf("the run is incomplete (%s): what was not done may hide findings", count(len(in.State.Gaps), "gap"))
	default:
		v.Approve = true
		v.Reason = "nothing blocks under the policy"
	}
	return v
}

func verbS(n int) string {
	if n == 1 {
		return "s"
	}
	return ""
}

// Compose writes the pull request comment.
func Compose(in Input, v Verdict) string {
	st := in.State
	s := st.Subject
	var b strings.Builder
	b.WriteString(Marker + "\n")
	icon := "✅"
	if !v.Approve {
		icon = "❌"
		if len(v.Blocking) == 0 {
			icon = "⚠️"
		}
	}
	fmt.Fprintf(&b, "## %s Attest: %s\n\n", icon, v.Reason)
	fmt.Fprintf(&b, "Pull request %s (`%s` → `%s`), source commit `%s`", s.PullRequestID, md(s.Reference), md(s.DestinationReference), short(s.Commit))
	if s.BaseCommit != "" {
		fmt.Fprintf(&b, ", compared with `%s`", short(s.BaseCommit))
	}
	b.WriteString(".\n")
	if in.Report != nil {
		// SARIF does not list the files scanned; the scan step's summary counts them.
		if sc := st.Summary["scanned"]; sc != "" {
			fmt.Fprintf(&b, "Scanned %s; findings: %s.\n", md(sc), levelLine(in.Report.Findings))
		} else {
			fmt.Fprintf(&b, "Findings: %s.\n", levelLine(in.Report.Findings))
		}
	}
	if v.Approve {
		b.WriteString("\nAttest **approves** this revision.\n")
	} else {
		b.WriteString("\nAttest **does not approve** this revision")
		if len(v.Blocking) > 0 {
			b.WriteString(": fix the blocking findings below and push again")
		}
		b.WriteString(".\n")
	}

	rules := map[string]finding.Rule{}
	if in.Report != nil {
		for _, r := range in.Report.Rules {
			rules[r.ID] = r
		}
	}
	// Sections are written in order of importance; what does not fit in the comment is counted, and the pack
	// holds all of it.
	var tail strings.Builder
	writeFindings(&tail, "Blocking findings", sortFindings(v.Blocking), rules, true)
	writeFindings(&tail, "Other findings, not blocking", sortFindings(v.Other), rules, false)
	writeFindings(&tail, "Suppressed in the code", sortFindings(v.Suppressed), rules, false)
	writeForecast(&tail, in.Forecast)
	if len(st.Gaps) > 0 {
		tail.WriteString("\n### Not done\n\n")
		for _, g := range st.Gaps {
			fmt.Fprintf(&tail, "- %s: %s\n", md(g.Step), md(g.Reason))
		}
	}
	footer := packLine(st, in.PortalURL)
	body := b.String() + tail.String()
	if len(body)+len(footer) > MaxCommentChars {
		cut := MaxCommentChars - len(footer) - 200
		body = clipLines(body, cut) + "\n\n_The comment is shortened to fit CodeCommit's limit; the evidence pack has every finding._\n"
	}
	return body + footer
}

func packLine(st run.State, portal string) string {
	if st.PackID == "" {
		return "\n---\nNo evidence pack was written for this run.\n"
	}
	status := st.Status
	if status == "" {
		status = "unknown"
	}
	if portal != "" {
		return fmt.Sprintf("\n---\nEvidence pack [%s](%s/#/packs/%s) (%s).\n", st.PackID, strings.TrimRight(portal, "/"), st.PackID, status)
	}
	return fmt.Sprintf("\n---\nEvidence pack `%s` (%s).\n", st.PackID, status)
}

func writeFindings(b *strings.Builder, title string, fs []finding.Finding, rules map[string]finding.Rule, detail bool) {
	if len(fs) == 0 {
		return
	}
	fmt.Fprintf(b, "\n### %s (%d)\n\n", title, len(fs))
	for i, f := range fs {
		r := rules[f.RuleID]
		loc := f.Path
		if f.Line > 0 {
			loc = fmt.Sprintf("%s:%d", f.Path, f.Line)
		}
		if f.LogicalID != "" {
			loc += " (" + f.LogicalID + ")"
		}
		name := r.Title
		if name == "" {
			name = f.RuleID
		}
		fmt.Fprintf(b, "%d. **`%s`** %s — %s `%s`\n", i+1, md(loc), md(name), f.Level, md(f.RuleID))
		if f.Message != "" {
			fmt.Fprintf(b, "   %s\n", md(oneLine(f.Message)))
		}
		if f.Suppression != nil {
			fmt.Fprintf(b, "   - Suppressed: %s\n", md(oneLine(f.Suppression.Justification)))
		}
		if detail && r.Remediation != "" {
			fmt.Fprintf(b, "   - Fix: %s\n", md(oneLine(r.Remediation)))
		}
		if detail && len(r.Controls) > 0 {
			fmt.Fprintf(b, "   - Controls: %s\n", md(strings.Join(r.Controls, ", ")))
		}
	}
}

func writeForecast(b *strings.Builder, fc *Forecast) {
	if fc == nil {
		return
	}
	b.WriteString("\n### Monthly cost of the change\n\n")
	var changed []ResourceForecast
	for _, r := range fc.Resources {
		if r.Change != unchanged || r.DeltaMonthlyUSD != 0 {
			changed = append(changed, r)
		}
	}
	if len(changed) == 0 {
		b.WriteString("No priced resource changes.\n")
	} else {
		b.WriteString("| resource | type | change | before | after | delta |\n|---|---|---|---:|---:|---:|\n")
		for _, r := range changed {
			fmt.Fprintf(b, "| `%s` (%s) | %s | %s | %s | %s | %s |\n", md(r.LogicalID), md(r.File), md(r.Type), r.Change,
				usd(r.Base.MonthlyUSD), usd(r.Head.MonthlyUSD), signedUSD(r.DeltaMonthlyUSD))
		}
	}
	t := fc.Totals
	fmt.Fprintf(b, "\n**Total: %s → %s a month (%s)**, %s list prices as of %s.\n", usd(t.BaseMonthlyUSD), usd(t.HeadMonthlyUSD),
		signedUSD(t.DeltaMonthlyUSD), md(fc.Region), md(fc.PricesAsOf))
	if len(fc.Unpriced) > 0 {
		fmt.Fprintf(b, "%s not priced (not counted as $0): ", count(len(fc.Unpriced), "resource"))
		var parts []string
		for _, u := range fc.Unpriced {
			id := u.LogicalID
			if id == "" {
				id = u.File
			}
			parts = append(parts, fmt.Sprintf("`%s` (%s)", md(id), md(u.Reason)))
		}
		b.WriteString(strings.Join(parts, "; ") + ".\n")
	}
}

// sortFindings orders by level (errors first), then place.
func sortFindings(fs []finding.Finding) []finding.Finding {
	out := append([]finding.Finding(nil), fs...)
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Level.Rank() != b.Level.Rank() {
			return a.Level.Rank() > b.Level.Rank()
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.RuleID < b.RuleID
	})
	return out
}

func levelLine(fs []finding.Finding) string {
	c := map[finding.Level]int{}
	for _, f := range fs {
		c[f.Level]++
	}
	return fmt.Sprintf("%d error, %d warning, %d note", c[finding.LevelError], c[finding.LevelWarning], c[finding.LevelNote])
}

func usd(v float64) string {
	return "$" + money(math.Abs(v))
}

func signedUSD(v float64) string {
	switch {
	case v > 0.005:
		return "+$" + money(v)
	case v < -0.005:
		return "−$" + money(-v)
	}
	return "$0.00"
}

// money writes v with two decimals and thousands separators.
func money(v float64) string {
	s := fmt.Sprintf("%.2f", v)
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String() + "." + frac
}

// md neutralises text from the scanned repository so that it cannot close the comment's code spans, start
// HTML, or forge Attest's marker.
func md(s string) string { return mdEscaper.Replace(s) }

var mdEscaper = strings.NewReplacer("`", "'", "<", "&lt;", ">", "&gt;", "|", "\\|", "\r", " ", "\n", " ")

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func short(id string) string {
	if len(id) > 12 {
		return id[:12]
	}
	return id
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// clipLines cuts s to at most n bytes at a line end.
func clipLines(s string, n int) string {
	if len(s) <= n {
		return s
	}
	if n < 0 {
		n = 0
	}
	s = s[:n]
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
