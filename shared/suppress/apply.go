package suppress

import (
	"fmt"
	"sort"
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

// File is what Apply needs to know about one scanned file: its inline directives, the Metadata suppressions
// of its resources, and (for templates) the line of each resource's logical ID.
type File struct {
	Path       string
	Directives []Directive
	Entries    []Entry
	Resources  []Resource
}

// Empty reports whether the file holds no suppression at all.
func (f File) Empty() bool { return len(f.Directives) == 0 && len(f.Entries) == 0 }

// Apply marks the findings and failed evaluations of rep that the files' suppressions accept, and adds a
// finding for every suppression that cannot take effect (no reason, an unknown or unreadable identifier),
// that names another tool's check Attest does not have, or that matched nothing. Identifiers resolve
// against rep.Rules. A suppressed result keeps its place in the report; only its Suppression is set.
//
// An inline directive covers the results on its target line, and every result of a template resource when
// the target is the line of the resource's logical ID. A Metadata entry covers the results of its resource.
// Evaluations that passed are never marked: a suppression accepts a failure, it does not make a pass.
func Apply(rep *finding.Report, files []File) {
	if rep == nil {
		return
	}
	a := &applier{rep: rep, ids: newResolver(rep.Rules), findings: map[string][]int{}, evals: map[string][]int{}}
	for i, f := range rep.Findings {
		a.findings[f.Path] = append(a.findings[f.Path], i)
	}
	for i, e := range rep.Evaluations {
		a.evals[e.Path] = append(a.evals[e.Path], i)
	}
	for _, f := range files {
		for _, d := range f.Directives {
			a.directive(f, d)
		}
		for _, e := range f.Entries {
			a.entry(f.Path, e)
		}
	}
	a.addRules()
}

type applier struct {
	rep      *finding.Report
	ids      resolver
	findings map[string][]int // indices of rep.Findings by path
	evals    map[string][]int // indices of rep.Evaluations by path
	used     map[string]bool
}

// resolver turns what a user wrote (a rule ID, a Config identifier, a class) into rule IDs, ignoring case.
type resolver map[string][]string

func newResolver(rs []finding.Rule) resolver {
	r := resolver{}
	add := func(key, id string) {
		if key == "" {
			return
		}
		key = strings.ToLower(key)
		for _, have := range r[key] {
			if have == id {
				return
			}
		}
		r[key] = append(r[key], id)
	}
	for _, rule := range rs {
		if rule.Class == Class {
			continue // a suppression finding cannot itself be suppressed
		}
		add(rule.ID, rule.ID)
		add(rule.ConfigRule, rule.ID)
		add(rule.Class, rule.ID)
	}
	return r
}

func (r resolver) resolve(id string) []string { return r[strings.ToLower(strings.TrimSpace(id))] }

// target is what one suppression covers in one file.
type target struct {
	path      string
	line      int    // results on this line (0: none by line)
	logicalID string // results of this resource ("": none by resource)
	rules     map[string]bool
	s         finding.Suppression
}

// mark suppresses the results the target covers and reports whether there were any. A result already
// suppressed keeps its first suppression but still counts as matched, so the second is not called stale.
func (a *applier) mark(t target) bool {
	matched := false
	for _, i := range a.findings[t.path] {
		f := &a.rep.Findings[i]
		if !t.rules[f.RuleID] || !(t.line > 0 && f.Line == t.line || t.logicalID != "" && f.LogicalID == t.logicalID) {
			continue
		}
		matched = true
		if f.Suppression == nil {
			s := t.s
			f.Suppression = &s
		}
	}
	for _, i := range a.evals[t.path] {
		e := &a.rep.Evaluations[i]
		if e.Status != finding.StatusFail || !t.rules[e.RuleID] || !(t.line > 0 && e.Line == t.line || t.logicalID != "" && e.ResourceID == t.logicalID) {
			continue
		}
		matched = true
		if e.Suppression == nil {
			s := t.s
			e.Suppression = &s
		}
	}
	return matched
}

func (a *applier) directive(f File, d Directive) {
	where := fmt.Sprintf("inline comment at line %d", d.Line)
	if len(d.IDs) == 0 {
		a.add(RuleMalformed, f.Path, d.Line, "", d.Text,
			fmt.Sprintf("%q names no rule, so it suppresses nothing. Write attest:ignore <rule-id>[,<rule-id>…] <reason>.", d.Text))
		return
	}
	rules := map[string]bool{}
	var known []string
	for _, id := range d.IDs {
		ids := a.ids.resolve(id)
		if len(ids) == 0 {
			a.add(RuleUnknownID, f.Path, d.Line, "", d.Text+" id="+id,
				fmt.Sprintf("%q names %q, which is not a rule ID, AWS Config rule identifier or class Attest has; it suppresses nothing under that name.", d.Text, id))
			continue
		}
		known = append(known, id)
		for _, r := range ids {
			rules[r] = true
		}
	}
	if d.Reason == "" {
		a.add(RuleNoReason, f.Path, d.Line, "", d.Text,
			fmt.Sprintf("%q gives no reason, so it suppresses nothing. Write the reason after the rule: attest:ignore %s <why this is acceptable>.", d.Text, strings.Join(d.IDs, ",")))
		return
	}
	if len(rules) == 0 {
		return // every identifier was unknown, and each is reported
	}
	if d.Target == 0 {
		a.add(RuleUnused, f.Path, d.Line, "", d.Text,
			fmt.Sprintf("%q is followed by no code, so it covers nothing.", d.Text))
		return
	}
	t := target{path: f.Path, line: d.Target, rules: rules,
		s: finding.Suppression{Kind: finding.SuppressionInSource, Justification: d.Reason, Source: where}}
	for _, r := range f.Resources {
		if r.Line == d.Target {
			t.logicalID = r.LogicalID
		}
	}
	if !a.mark(t) {
		covers := fmt.Sprintf("line %d", d.Target)
		if t.logicalID != "" {
			covers = "resource " + t.logicalID
		}
		a.add(RuleUnused, f.Path, d.Line, "", d.Text,
			fmt.Sprintf("%q matched no failing result of %s on %s; remove it if the problem is gone.", d.Text, strings.Join(known, ", "), covers))
	}
}

func (a *applier) entry(path string, e Entry) {
	label := fmt.Sprintf("Metadata.%s entry %q on %s", e.Form, e.ID, e.LogicalID)
	snippet := "Metadata." + e.Form + " " + e.ID
	if e.Problem != "" {
		a.add(RuleMalformed, path, e.Line, e.LogicalID, snippet+" "+e.Problem,
			fmt.Sprintf("%s on %s; Attest cannot read it, so it suppresses nothing.", e.Problem, e.LogicalID))
		return
	}
	var names []string
	switch e.Form {
	case FormAttest:
		names = []string{e.ID}
	default:
		fr, ok := lookupForeign(e.Form, e.ID)
		if !ok {
			a.add(RuleUnmapped, path, e.Line, e.LogicalID, snippet,
				fmt.Sprintf("%s: %s %s is not a rule Attest has, so it accepts no Attest result.", label, e.Form, e.ID))
			return
		}
		names = fr.rules
	}
	rules := map[string]bool{}
	for _, n := range names {
		for _, r := range a.ids.resolve(n) {
			rules[r] = true
		}
	}
	if len(rules) == 0 {
		if e.Form == FormAttest {
			a.add(RuleUnknownID, path, e.Line, e.LogicalID, snippet,
				fmt.Sprintf("%s names %q, which is not a rule ID, AWS Config rule identifier or class Attest has; it suppresses nothing.", label, e.ID))
		} else {
			a.add(RuleUnmapped, path, e.Line, e.LogicalID, snippet,
				fmt.Sprintf("%s: %s %s corresponds to %s, which this Attest does not check, so it accepts no Attest result.", label, e.Form, e.ID, strings.Join(names, ", ")))
		}
		return
	}
	if e.Reason == "" {
		field := "reason"
		if e.Form == FormCheckov {
			field = "comment"
		}
		a.add(RuleNoReason, path, e.Line, e.LogicalID, snippet,
			fmt.Sprintf("%s gives no %s, so it suppresses nothing. Add %s: <why this is acceptable> to the entry.", label, field, field))
		return
	}
	t := target{path: path, logicalID: e.LogicalID, rules: rules,
		s: finding.Suppression{Kind: finding.SuppressionInSource, Justification: e.Reason, Source: e.Source()}}
	if !a.mark(t) {
		a.add(RuleUnused, path, e.Line, e.LogicalID, snippet,
			fmt.Sprintf("%s matched no failing result of %s on %s; remove it if the problem is gone.", label, strings.Join(sortedKeys(rules), ", "), e.LogicalID))
	}
}

// add records a finding about a suppression. The snippet keeps the fingerprints of two such findings in one
// file apart.
func (a *applier) add(ruleID, path string, line int, logicalID, snippet, msg string) {
	if a.used == nil {
		a.used = map[string]bool{}
	}
	a.used[ruleID] = true
	a.rep.Findings = append(a.rep.Findings, finding.Finding{
		RuleID:    ruleID,
		Level:     ruleByID(ruleID).Level,
		Message:   msg,
		Path:      path,
		Line:      line,
		LogicalID: logicalID,
		Snippet:   snippet,
	})
}

// addRules adds the rules of the findings Apply added, so every result is explained by a rule. Rules that
// did not fire are left out: a report without suppressions is unchanged.
func (a *applier) addRules() {
	if len(a.used) == 0 {
		return
	}
	var add []finding.Rule
	for _, r := range rules {
		if a.used[r.ID] {
			add = append(add, r)
		}
	}
	a.rep.Merge(&finding.Report{Rules: add})
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
