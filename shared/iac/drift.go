package iac

import (
	"errors"
	"fmt"

	"github.com/attestdev/attest/shared/cfn"
)

// DriftEntry is a setting whose live value differs from what the template declares.
type DriftEntry struct {
	Property string `json:"property"`
	Template string `json:"template"`
	Live     string `json:"live"`
}

// ErrNoDriftModel is returned (wrapped) for a resource type whose settings the rules do not model.
var ErrNoDriftModel = errors.New("no drift model for this resource type")

// ErrResourceNotInTemplate is returned (wrapped) when the template has no resource with the logical ID.
var ErrResourceNotInTemplate = errors.New("resource not in template")

// setting is one effective setting of a view, as text.
type setting struct {
	name    string
	value   string
	known   bool
	dfault  bool // the value is the service default, not something the configuration states
	unknown string
}

func effective[T any](name string, f Fact[T], dflt T) setting {
	switch f.State {
	case Set:
		return setting{name: name, value: fmt.Sprint(f.Value), known: true}
	case Absent:
		return setting{name: name, value: fmt.Sprint(dflt), known: true, dfault: true}
	}
	return setting{name: name, unknown: f.Why}
}

// Drift compares the template's resource logicalID (resolved with params) with a live configuration item,
// setting by setting. Settings unknown on either side are not compared: they can show no drift, and NotCompared
// says which they were.
func Drift(tpl *cfn.Template, logicalID string, params map[string]string, ci ConfigItem) (entries []DriftEntry, notCompared []string, err error) {
	res := tpl.Resource(logicalID)
	if res == nil {
		return nil, nil, fmt.Errorf("drift of %s: %w: %s", logicalID, ErrResourceNotInTemplate, tpl.Path)
	}
	if res.Type != ci.ResourceType {
		return nil, nil, fmt.Errorf("drift of %s: the template declares a %s, the configuration item is a %s", logicalID, res.Type, ci.ResourceType)
	}
	vb, ok := builders()[res.Type]
	if !ok || vb.settings == nil {
		return nil, nil, fmt.Errorf("drift of %s: %w: %s", logicalID, ErrNoDriftModel, res.Type)
	}
	r := tpl.NewResolver(params)
	declared := vb.settings(vb.fromTemplate(templateProps{tpl: tpl, res: res, props: r.Resolve(res.Properties), resolver: r}))
	live := vb.settings(vb.fromConfig(ci))
	entries = []DriftEntry{}
	for i, d := range declared {
		l := live[i]
		switch {
		case !d.known:
			notCompared = append(notCompared, d.name+": "+d.unknown)
		case !l.known:
			notCompared = append(notCompared, d.name+": "+l.unknown)
		case d.value != l.value:
			tv := d.value
			if d.dfault {
				tv += " (not set: the service default)"
			}
			entries = append(entries, DriftEntry{Property: d.name, Template: tv, Live: l.value})
		}
	}
	return entries, notCompared, nil
}
