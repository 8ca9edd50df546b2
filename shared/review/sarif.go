package review

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

// ReadSARIF turns a SARIF log written by the scan step back into a report: the rules with their title,
// remediation, class and controls, and the findings with their place. A finding keeps its fingerprint from
// the log (partialFingerprints.primaryLocationLineHash) in Props["fingerprint"], because the snippet it was
// computed from is not in SARIF.
func ReadSARIF(data []byte) (*finding.Report, error) {
	var log finding.SARIFLog
	if err := json.Unmarshal(data, &log); err != nil {
		return nil, fmt.Errorf("read SARIF: %w", err)
	}
	if log.Version != "2.1.0" {
		return nil, fmt.Errorf("read SARIF: version %q; want 2.1.0", log.Version)
	}
	rep := &finding.Report{}
	seen := map[string]bool{}
	for _, r := range log.Runs {
		for _, sr := range r.Tool.Driver.Rules {
			if seen[sr.ID] {
				continue
			}
			seen[sr.ID] = true
			rule := finding.Rule{ID: sr.ID, Title: sr.ShortDescription.Text, Description: sr.FullDescription.Text,
				Remediation: sr.Help.Text, HelpURI: sr.HelpURI, Level: sr.DefaultConfiguration.Level, Confidence: sr.Properties.Confidence}
			for _, tag := range sr.Properties.Tags {
				k, v, _ := strings.Cut(tag, ":")
				switch k {
				case "class":
					rule.Class = v
				case "control":
					rule.Controls = append(rule.Controls, v)
				case "config-rule":
					rule.ConfigRule = v
				}
			}
			rep.Rules = append(rep.Rules, rule)
		}
		for _, inv := range r.Invocations {
			for _, n := range inv.ToolExecutionNotifications {
				for _, l := range n.Locations {
					rep.Skipped = append(rep.Skipped, finding.Skip{Path: l.PhysicalLocation.ArtifactLocation.URI,
						Reason: strings.TrimPrefix(n.Message.Text, "not scanned: ")})
				}
			}
		}
		for _, res := range r.Results {
			if !seen[res.RuleID] {
				return nil, fmt.Errorf("read SARIF: result names rule %q, which the log does not define", res.RuleID)
			}
			f := finding.Finding{RuleID: res.RuleID, Level: res.Level, Message: res.Message.Text,
				Suppression: finding.SuppressionFromSARIF(res.Suppressions)}
			if len(res.Locations) > 0 {
				loc := res.Locations[0]
				f.Path = loc.PhysicalLocation.ArtifactLocation.URI
				if reg := loc.PhysicalLocation.Region; reg != nil {
					f.Line, f.Column = reg.StartLine, reg.StartColumn
				}
				if len(loc.LogicalLocations) > 0 {
					f.LogicalID = loc.LogicalLocations[0].Name
				}
			}
			f.Props = map[string]string{}
			for k, v := range res.Properties {
				f.Props[k] = v
			}
			if fp := res.PartialFingerprints["primaryLocationLineHash"]; fp != "" {
				f.Props[FingerprintProp] = fp
			}
			rep.Findings = append(rep.Findings, f)
		}
	}
	return rep, nil
}

// FingerprintProp is the finding property ReadSARIF keeps the log's fingerprint in.
const FingerprintProp = "fingerprint"

// Fingerprint is a finding's fingerprint as the scan computed it, when ReadSARIF kept it.
func Fingerprint(f finding.Finding) string {
	if fp := f.Props[FingerprintProp]; fp != "" {
		return fp
	}
	return f.Fingerprint()
}
