package forecast

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Formats a forecast renders to, beside JSON.
const (
	FormatText     = "text"
	FormatJSON     = "json"
	FormatMarkdown = "markdown"
)

// Pack file names of the text and Markdown renderings.
const (
	TextFile     = "forecast.txt"
	MarkdownFile = "forecast.md"
)

// Render renders the forecast in one of the formats: text (a table like Infracost's), json (the design's
// document) or markdown (a pull-request comment).
func (f *Forecast) Render(format string) ([]byte, error) {
	switch format {
	case FormatJSON:
		return f.MarshalIndent()
	case FormatText:
		var b bytes.Buffer
		f.writeText(&b)
		return b.Bytes(), nil
	case FormatMarkdown:
		var b bytes.Buffer
		f.writeMarkdown(&b)
		return b.Bytes(), nil
	}
	return nil, fmt.Errorf("unknown forecast format %q (want text, json or markdown)", format)
}

// Headline is the change in one phrase: "+$123.45/month (+12%)", "-$3.00/month (-5%)", or, against a base
// that costs nothing, "+$40.00/month (new)".
func (f *Forecast) Headline() string {
	t := f.Totals
	s := usd(t.DeltaMonthlyUSD, true) + "/month"
	switch p := percentOf(t.DeltaMonthlyUSD, t.BaseMonthlyUSD); {
	case math.IsNaN(p) && t.DeltaMonthlyUSD != 0:
		s += " (new)"
	case math.IsNaN(p):
	default:
		s += " (" + percent(p) + ")"
	}
	return s
}

// usd formats dollars with thousands separators: "$1,303.28"; signed adds "+" to increases. Amounts below a
// cent keep four decimals, so a small charge never reads as $0.00.
func usd(x float64, signed bool) string {
	sign := ""
	switch {
	case x < 0:
		sign = "-"
		x = -x
	case signed && x > 0:
		sign = "+"
	}
	places := 2
	if x > 0 && x < 0.005 {
		places = 4
	}
	digits := strconv.FormatFloat(roundTo(x, places), 'f', places, 64)
	whole, frac, _ := strings.Cut(digits, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if sign == "-" && whole == "0" && strings.Trim(frac, "0") == "" {
		sign = ""
	}
	return sign + "$" + b.String() + "." + frac
}

// percent formats a signed percentage with at most one decimal: "+12%", "-4.5%".
func percent(p float64) string {
	p = roundTo(p, 1)
	s := strconv.FormatFloat(p, 'f', -1, 64)
	if p > 0 {
		s = "+" + s
	}
	return s + "%"
}

// changeMark is the one-character mark of a change, as diff tools show it.
func changeMark(change string) string {
	switch change {
	case Added:
		return "+"
	case Removed:
		return "-"
	case Changed:
		return "~"
	}
	return " "
}

// shown is the side whose components describe the resource: the head, or the base of a removed resource.
func (r ResourceForecast) shown() Cost {
	if r.Change == Removed {
		return r.Base
	}
	return r.Head
}

func (f *Forecast) assumptionCount() int {
	n := 0
	for _, r := range f.Resources {
		n += len(r.Assumptions)
	}
	return n
}

func (f *Forecast) totalSaving() float64 {
	var s float64
	for _, w := range f.Warnings {
		s += w.MonthlySavingUSD
	}
	return roundTo(s, 2)
}

func (f *Forecast) writeText(w io.Writer) {
	fmt.Fprintf(w, "Monthly cost in %s (%s list prices as of %s; a month is 730 hours)\n\n", f.Region, f.Currency, f.PricesAsOf)
	const row = "%-58s %12s %12s %13s\n"
	fmt.Fprintf(w, row, " Resource", "Base", "Head", "Delta")
	file := ""
	for _, r := range f.Resources {
		if r.File != file {
			file = r.File
			fmt.Fprintf(w, "\n %s\n", file)
		}
		name := fmt.Sprintf(" %s %s (%s)", changeMark(r.Change), r.LogicalID, r.Type)
		fmt.Fprintf(w, row, clip(name, 58), usd(r.Base.MonthlyUSD, false), usd(r.Head.MonthlyUSD, false), usd(r.DeltaMonthlyUSD, true))
		if r.Change == Unchanged {
			continue
		}
		comps := r.shown().Components
		for i, c := range comps {
			branch := "├─"
			if i == len(comps)-1 {
				branch = "└─"
			}
			mark := ""
			if c.UsageBased {
				mark = " *"
			}
			line := fmt.Sprintf("     %s %s%s: %s %s × $%s", branch, c.Name, mark, fmtQty(roundTo(c.Quantity, 4)), c.Unit, fmtQty(c.UnitPriceUSD))
			fmt.Fprintf(w, "%-84s %12s\n", clip(line, 84), usd(c.MonthlyUSD, false))
		}
	}
	t := f.Totals
	fmt.Fprintf(w, "\n"+row, " Total", usd(t.BaseMonthlyUSD, false), usd(t.HeadMonthlyUSD, false), usd(t.DeltaMonthlyUSD, true))
	fmt.Fprintf(w, "\nMonthly cost change: %s (%s → %s)\n", f.Headline(), usd(t.BaseMonthlyUSD, false), usd(t.HeadMonthlyUSD, false))
	fmt.Fprintf(w, "Carbon: %s → %s kg CO2e a month (%s)\n", fmtKg(t.BaseMonthlyKgCO2e), fmtKg(t.HeadMonthlyKgCO2e), signedKg(t.DeltaMonthlyKgCO2e))
	if f.Gate != nil {
		fmt.Fprintf(w, "Cost gate: %s\n", f.Gate.Summary(t))
	}
	if len(f.Warnings) > 0 {
		fmt.Fprintf(w, "\nWarnings (%d; up to %s a month to save):\n", len(f.Warnings), usd(f.totalSaving(), false))
		for _, x := range f.Warnings {
			fmt.Fprintf(w, "  ! %s#%s [%s] %s: saves %s a month\n", x.File, x.LogicalID, x.ID, x.Message, usd(x.MonthlySavingUSD, false))
		}
	}
	if len(f.Unpriced) > 0 {
		fmt.Fprintf(w, "\nNot priced (%d), not counted in the totals:\n", len(f.Unpriced))
		for _, u := range f.Unpriced {
			fmt.Fprintf(w, "  %s: %s\n", unpricedName(u), oneLine(u.Reason))
		}
	}
	fmt.Fprintln(w, "\n* usage-based: a documented default or the usage file (--usage).")
	if n := f.assumptionCount(); n > 0 {
		fmt.Fprintf(w, "%d figures rest on assumptions; --format json lists each.\n", n)
	}
}

func unpricedName(u Unpriced) string {
	s := u.File
	if u.LogicalID != "" {
		s += "#" + u.LogicalID
	}
	if u.Type != "" {
		s += " (" + u.Type + ")"
	}
	return s
}

// clip shortens s to n runes, marking the cut, so that one long name does not break the table.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// oneLine folds a reason that may quote a template onto one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func fmtKg(kg float64) string { return strconv.FormatFloat(roundTo(kg, 2), 'f', 2, 64) }

func signedKg(kg float64) string {
	s := fmtKg(kg)
	if roundTo(kg, 2) > 0 {
		s = "+" + s
	}
	if s == "-0.00" {
		s = "0.00"
	}
	return s
}

// md escapes text from templates and reasons for a Markdown table cell or line: no markup, links or HTML
// can come from a pushed file, and "$" is escaped so that two amounts never read as inline math.
func md(s string) string {
	var b strings.Builder
	for _, c := range oneLine(s) {
		switch c {
		case '\\', '`', '*', '_', '[', ']', '|', '#', '~', '!', '$':
			b.WriteByte('\\')
			b.WriteRune(c)
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		default:
			b.WriteRune(c)
		}
	}
	return b.String()
}

func (f *Forecast) writeMarkdown(w io.Writer) {
	t := f.Totals
	fmt.Fprintf(w, "### Cost forecast: %s\n\n", md(f.Headline()))
	fmt.Fprintf(w, "%s → %s a month in %s (list prices as of %s; a month is 730 hours). Carbon: %s → %s kg CO2e a month (%s).\n\n",
		md(usd(t.BaseMonthlyUSD, false)), md(usd(t.HeadMonthlyUSD, false)), md(f.Region), md(f.PricesAsOf),
		fmtKg(t.BaseMonthlyKgCO2e), fmtKg(t.HeadMonthlyKgCO2e), signedKg(t.DeltaMonthlyKgCO2e))
	if g := f.Gate; g != nil {
		if g.Blocking {
			fmt.Fprintf(w, "**Cost gate: blocking.** %s\n\n", md(strings.Join(g.Reasons, "; ")))
		} else {
			fmt.Fprintf(w, "Cost gate: within the limits.\n\n")
		}
	}
	var changed []ResourceForecast
	var unchangedUSD float64
	for _, r := range f.Resources {
		if r.Change == Unchanged {
			unchangedUSD += r.Head.MonthlyUSD
			continue
		}
		changed = append(changed, r)
	}
	if len(changed) > 0 {
		fmt.Fprintln(w, "| | Resource | Type | Base | Head | Delta |")
		fmt.Fprintln(w, "|---|---|---|---:|---:|---:|")
		for _, r := range changed {
			fmt.Fprintf(w, "| %s | %s %s | %s | %s | %s | %s |\n", changeMark(r.Change), md(r.File), md(r.LogicalID), md(r.Type),
				md(usd(r.Base.MonthlyUSD, false)), md(usd(r.Head.MonthlyUSD, false)), md(usd(r.DeltaMonthlyUSD, true)))
		}
		fmt.Fprintln(w)
	} else {
		fmt.Fprintln(w, "No priced resource is added, removed or changed.")
		fmt.Fprintln(w)
	}
	if n := len(f.Resources) - len(changed); n > 0 {
		fmt.Fprintf(w, "%d unchanged resource(s) cost %s a month and are not listed.\n\n", n, md(usd(roundTo(unchangedUSD, 2), false)))
	}
	if len(f.Warnings) > 0 {
		fmt.Fprintf(w, "**Warnings (%d): up to %s a month to save.**\n\n", len(f.Warnings), md(usd(f.totalSaving(), false)))
		for _, x := range f.Warnings {
			fmt.Fprintf(w, "- %s %s (%s): %s Saves %s a month.\n", md(x.File), md(x.LogicalID), md(x.ID), md(x.Message)+".", md(usd(x.MonthlySavingUSD, false)))
		}
		fmt.Fprintln(w)
	}
	if len(f.Unpriced) > 0 {
		fmt.Fprintf(w, "**Not priced (%d)**, not counted in the totals:\n\n", len(f.Unpriced))
		for _, u := range f.Unpriced {
			fmt.Fprintf(w, "- %s: %s\n", md(unpricedName(u)), md(u.Reason))
		}
		fmt.Fprintln(w)
	}
	if len(changed) > 0 {
		fmt.Fprintln(w, "<details><summary>Cost components</summary>")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| Resource | Component | Quantity | Unit price | Monthly |")
		fmt.Fprintln(w, "|---|---|---:|---:|---:|")
		for _, r := range changed {
			for _, c := range r.shown().Components {
				name := md(c.Name)
				if c.UsageBased {
					name += " (usage)"
				}
				fmt.Fprintf(w, "| %s | %s | %s %s | \\$%s | %s |\n", md(r.LogicalID), name, fmtQty(roundTo(c.Quantity, 4)), md(c.Unit), fmtQty(c.UnitPriceUSD), md(usd(c.MonthlyUSD, false)))
			}
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, "</details>")
		fmt.Fprintln(w)
	}
	if n := f.assumptionCount(); n > 0 {
		fmt.Fprintf(w, "<details><summary>Assumptions (%d)</summary>\n\n", n)
		for _, r := range f.Resources {
			for _, a := range r.Assumptions {
				fmt.Fprintf(w, "- %s: %s\n", md(r.LogicalID), md(a))
			}
		}
		fmt.Fprintln(w)
		fmt.Fprintln(w, "</details>")
	}
}
