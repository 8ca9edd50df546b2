package explain

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	configtypes "github.com/aws/aws-sdk-go-v2/service/configservice/types"
)

// configWho is the Who of changes AWS Config recorded.
const configWho = "AWS Config"

// configChanges describes each configuration item recorded in [start, end] against the one before it
// (which may be older than the window): which configuration fields changed, and to what, where the values
// are short.
func configChanges(items []configtypes.ConfigurationItem, start, end time.Time) []Change {
	sorted := make([]configtypes.ConfigurationItem, 0, len(items))
	for _, it := range items {
		if it.ConfigurationItemCaptureTime != nil {
			sorted = append(sorted, it)
		}
	}
	sort.SliceStable(sorted, func(i, j int) bool {
		return sorted[i].ConfigurationItemCaptureTime.Before(*sorted[j].ConfigurationItemCaptureTime)
	})
	var out []Change
	var prev map[string]json.RawMessage
	for i, it := range sorted {
		cur := map[string]json.RawMessage{}
		known := it.Configuration != nil && json.Unmarshal([]byte(*it.Configuration), &cur) == nil
		id := firstOf2(deref(it.ResourceName), deref(it.ResourceId))
		what := fmt.Sprintf("AWS Config recorded %s of %s", strings.ToLower(strings.ReplaceAll(string(it.ConfigurationItemStatus), "ResourceDiscovered", "its discovery")), id)
		switch {
		case it.ConfigurationItemStatus == configtypes.ConfigurationItemStatusResourceDeleted:
			what = fmt.Sprintf("AWS Config recorded the deletion of %s", id)
		case !known:
			what = fmt.Sprintf("AWS Config recorded a configuration item of %s (%s) without a readable configuration", id, it.ConfigurationItemStatus)
		case i == 0 || prev == nil:
			what = fmt.Sprintf("AWS Config recorded a configuration item of %s (%s); the one before it is outside the window", id, it.ConfigurationItemStatus)
		default:
			diff := configDiff(prev, cur)
			if len(diff) == 0 {
				what = fmt.Sprintf("AWS Config recorded a configuration item of %s with no change to its configuration (relationships or tags only)", id)
			} else {
				what = fmt.Sprintf("AWS Config recorded a change of %s: %s", id, strings.Join(diff, "; "))
			}
		}
		if known {
			prev = cur
		}
		if t := *it.ConfigurationItemCaptureTime; t.Before(start) || t.After(end) {
			continue
		}
		out = append(out, Change{Time: fmtTime(*it.ConfigurationItemCaptureTime), What: what, Who: configWho})
	}
	return out
}

// configDiff lists the top-level configuration fields that differ, with old → new for short values.
func configDiff(old, cur map[string]json.RawMessage) []string {
	keys := map[string]bool{}
	for k := range old {
		keys[k] = true
	}
	for k := range cur {
		keys[k] = true
	}
	var out []string
	for _, k := range sortedKeys(keys) {
		a, b := compactJSON(old[k]), compactJSON(cur[k])
		if a == b {
			continue
		}
		if len(a) <= 60 && len(b) <= 60 {
			out = append(out, fmt.Sprintf("%s %s → %s", k, orDash(a), orDash(b)))
		} else {
			out = append(out, k+" changed")
		}
	}
	return out
}

func compactJSON(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return string(raw)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// unwrapJoined returns the errors an errors.Join combined, or err itself.
func unwrapJoined(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}
