package suppress

import (
	"fmt"

	"github.com/attestdev/attest/shared/cfn"
)

// Metadata forms: the key under a resource's Metadata, the list under it, and the field that holds the reason.
const (
	FormAttest  = "attest"  // attest: {skip: [{id, reason}]}
	FormCfnNag  = "cfn_nag" // cfn_nag: {rules_to_suppress: [{id, reason}]}
	FormCheckov = "checkov" // checkov: {skip: [{id, comment}]}
)

var metadataForms = []struct {
	key, list, reason string
}{
	{FormAttest, "skip", "reason"},
	{FormCfnNag, "rules_to_suppress", "reason"},
	{FormCheckov, "skip", "comment"},
}

// Entry is one suppression written in a resource's Metadata.
type Entry struct {
	Form      string `json:"form"` // FormAttest, FormCfnNag or FormCheckov
	LogicalID string `json:"logicalId"`
	ID        string `json:"id"`
	Reason    string `json:"reason"`
	Line      int    `json:"line"`
	// Problem says why the entry cannot be read (not a mapping, no id); such an entry suppresses nothing.
	Problem string `json:"problem,omitempty"`
}

// Source names where the entry is written, for a suppression's record.
func (e Entry) Source() string {
	return fmt.Sprintf("Metadata.%s %s on %s, line %d", e.Form, e.ID, e.LogicalID, e.Line)
}

// Resource is a resource of a template and the line of its logical ID: an inline directive that covers that
// line covers the whole resource.
type Resource struct {
	LogicalID string
	Line      int
}

// FromTemplate returns the Metadata suppressions of every resource of a parsed template, in file order.
func FromTemplate(tpl *cfn.Template) []Entry {
	if tpl == nil {
		return nil
	}
	var out []Entry
	for _, res := range tpl.Resources {
		if res.Metadata == nil {
			continue
		}
		for _, form := range metadataForms {
			block := res.Metadata.Get(form.key)
			if block == nil {
				continue
			}
			list := block.Get(form.list)
			if list == nil || list.Kind != cfn.List {
				out = append(out, Entry{Form: form.key, LogicalID: res.LogicalID, Line: pos(block, res.Line),
					Problem: fmt.Sprintf("Metadata.%s needs a list under %q", form.key, form.list)})
				continue
			}
			for _, item := range list.Items() {
				e := Entry{Form: form.key, LogicalID: res.LogicalID, Line: pos(item, res.Line)}
				if item.Kind != cfn.Map {
					e.Problem = fmt.Sprintf("an entry of Metadata.%s.%s is not a mapping with id and %s", form.key, form.list, form.reason)
					out = append(out, e)
					continue
				}
				id, ok := item.Get("id").Str()
				e.ID = clipRunes(id, maxIDLen)
				if !ok || id == "" {
					e.Problem = fmt.Sprintf("an entry of Metadata.%s.%s has no id", form.key, form.list)
				}
				if r, ok := item.Get(form.reason).Str(); ok {
					e.Reason = reason(r)
				}
				out = append(out, e)
			}
		}
	}
	return out
}

// Resources lists the resources of a template with their lines.
func Resources(tpl *cfn.Template) []Resource {
	if tpl == nil {
		return nil
	}
	out := make([]Resource, 0, len(tpl.Resources))
	for _, r := range tpl.Resources {
		out = append(out, Resource{LogicalID: r.LogicalID, Line: r.Line})
	}
	return out
}

func pos(v *cfn.Value, fallback int) int {
	if v != nil && v.Line > 0 {
		return v.Line
	}
	return fallback
}
