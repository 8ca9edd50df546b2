package explain

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
)

// MarkdownFile is the pack file name of the Markdown rendering.
const MarkdownFile = "explanation.md"

// Markdown renders the explanation for a chat message, an e-mail or a pull-request comment: the root
// cause and its confidence first, then the evidence with the call behind each fact, what was ruled out, the
// fix (CLI and CloudFormation blocks), the impact, what changed before the alarm (newest first) and the
// context that could not be read. Text from AWS (log lines, reasons) is escaped so it renders as written.
func (e *Explanation) Markdown() []byte {
	c := *e
	c.normalize()
	var b bytes.Buffer
	title := c.RootCause.Title
	if title == "" {
		title = "Root cause not found"
	}
	fmt.Fprintf(&b, "## %s: %s\n\n", mdText(c.Alarm.Name), mdText(title))
	fmt.Fprintf(&b, "**Root cause:** `%s` (%s)\n\n", mdCode(c.RootCause.ID), confidenceLabel(c.RootCause.Confidence))
	if c.RootCause.Summary != "" {
		fmt.Fprintf(&b, "%s\n\n", mdText(c.RootCause.Summary))
	}
	fmt.Fprintf(&b, "Alarm `%s` changed to ALARM at %s", mdCode(c.Alarm.Name), mdText(c.Alarm.Time))
	if c.Alarm.Region != "" || c.Alarm.Account != "" {
		fmt.Fprintf(&b, " in %s, account %s", mdText(orDash(c.Alarm.Region)), mdText(orDash(c.Alarm.Account)))
	}
	if c.Alarm.Metric.Name != "" {
		fmt.Fprintf(&b, "; metric %s %s", mdText(c.Alarm.Metric.Namespace), mdText(c.Alarm.Metric.Name))
		if d := dimensionList(c.Alarm.Metric.Dimensions); d != "" {
			b.WriteString(" " + mdText(d))
		}
	}
	if c.Resource.ID != "" {
		fmt.Fprintf(&b, "; resource %s `%s`", mdText(c.Resource.Type), mdCode(c.Resource.ID))
	}
	b.WriteString(".\n")

	if c.Narrative != "" && strings.HasPrefix(c.NarrativeStatus, "used") {
		// Kept apart and labelled: the narrative only retells the evidence below, which is what stands.
		b.WriteString("\n> **In plain words** (written by a language model from the evidence below):\n>\n")
		for _, line := range strings.Split(strings.TrimSpace(c.Narrative), "\n") {
			fmt.Fprintf(&b, "> %s\n", mdText(line))
		}
	}

	if len(c.Changes) > 0 {
		b.WriteString("\n### What changed before the alarm (newest first)\n\n| time | change | by |\n|---|---|---|\n")
		for _, ch := range c.Changes {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", mdCell(ch.Time), mdCell(ch.What), mdCell(orDash(ch.Who)))
		}
	}
	if len(c.Evidence) > 0 {
		b.WriteString("\n### Evidence\n\n")
		for _, ev := range c.Evidence {
			fmt.Fprintf(&b, "- `%s`: %s\n", mdCode(ev.Source), mdText(ev.Fact))
		}
	}
	if len(c.RuledOut) > 0 {
		b.WriteString("\n### Ruled out\n\n")
		for _, r := range c.RuledOut {
			fmt.Fprintf(&b, "- `%s`: %s\n", mdCode(r.ID), mdText(r.Why))
		}
	}
	b.WriteString("\n### Fix\n\n")
	fmt.Fprintf(&b, "%s\n", mdText(orDash(c.Fix.Summary)))
	if len(c.Fix.CLI) > 0 {
		writeFence(&b, "sh", strings.Join(c.Fix.CLI, "\n"))
	}
	if c.Fix.CloudFormation != "" {
		writeFence(&b, "yaml", c.Fix.CloudFormation)
	}
	b.WriteString("\n### Impact\n\n")
	fmt.Fprintf(&b, "%s", mdText(orDash(c.Impact.Summary)))
	if c.Impact.MonthlyUSD != 0 {
		fmt.Fprintf(&b, " (about $%.2f a month)", c.Impact.MonthlyUSD)
	}
	b.WriteString("\n")
	if len(c.MissingContext) > 0 {
		b.WriteString("\n### Could not see\n\nAdd these to the context snapshot (or grant the calls) to decide:\n\n")
		for _, m := range c.MissingContext {
			fmt.Fprintf(&b, "- %s\n", mdText(m))
		}
	}
	return b.Bytes()
}

func confidenceLabel(c string) string {
	switch c {
	case Confirmed:
		return "confirmed: the configuration and the runtime signals agree"
	case Likely:
		return "likely: one of configuration and runtime signals shows it"
	case Inconclusive:
		return "inconclusive: the context does not decide"
	}
	return orDash(c)
}

func dimensionList(d map[string]string) string {
	if len(d) == 0 {
		return ""
	}
	keys := make([]string, 0, len(d))
	for k := range d {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+"="+d[k])
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// mdEscaper escapes the characters that would start Markdown markup inside running text.
var mdEscaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `&lt;`, ">", `&gt;`, "#", `\#`, "|", `\|`)

// mdText makes AWS text safe as one line of Markdown.
func mdText(s string) string {
	return mdEscaper.Replace(strings.Join(strings.Fields(s), " "))
}

// mdCell is mdText for a table cell, where a pipe would end the cell.
func mdCell(s string) string { return mdText(s) }

// mdCode makes text safe inside a single-backtick code span.
func mdCode(s string) string {
	return strings.ReplaceAll(strings.Join(strings.Fields(s), " "), "`", "'")
}

// writeFence writes body as a fenced code block whose fence is longer than any backtick run in it.
func writeFence(b *bytes.Buffer, lang, body string) {
	fence := "```"
	for strings.Contains(body, fence) {
		fence += "`"
	}
	fmt.Fprintf(b, "\n%s%s\n%s", fence, lang, body)
	if !strings.HasSuffix(body, "\n") {
		b.WriteString("\n")
	}
	b.WriteString(fence + "\n")
}
