package iac

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/attestdev/attest/shared/cfn"
	"github.com/attestdev/attest/shared/finding"
)

// ScanTemplate parses a CloudFormation template and evaluates every rule on every resource it applies to. The
// error wraps cfn.ErrNotTemplate for YAML or JSON that is not a template, or is a *cfn.ParseError.
func ScanTemplate(path string, data []byte) (*finding.Report, error) {
	tpl, err := cfn.Parse(path, data)
	if err != nil {
		return nil, err
	}
	return ScanParsed(tpl, data, nil), nil
}

// ScanParsed evaluates the rules on a parsed template. source is the template's text (for finding snippets;
// may be nil); params overrides parameter defaults and supplies pseudo-parameters such as AWS::Region.
func ScanParsed(tpl *cfn.Template, source []byte, params map[string]string) *finding.Report {
	return ScanParsedWith(tpl, source, params, nil)
}

// ScanParsedWith is ScanParsed under the organisation's options (nil: the defaults). SAM resources are
// expanded into what they deploy before the rules run (see cfn.ExpandSAM).
func ScanParsedWith(tpl *cfn.Template, source []byte, params map[string]string, opts *Options) *finding.Report {
	tpl = cfn.ExpandSAM(tpl)
	params = opts.params(params)
	views := views()
	rep := &finding.Report{
		Rules:       append([]finding.Rule(nil), ruleList()...),
		Findings:    []finding.Finding{},
		Evaluations: []finding.Evaluation{},
		Scanned:     []string{tpl.Path},
		Skipped:     []finding.Skip{},
	}
	for _, u := range tpl.Unexpanded {
		rep.Skipped = append(rep.Skipped, finding.Skip{Path: tpl.Path, Reason: fmt.Sprintf("resource %s (line %d) not evaluated: %s", u.Key, u.Line, u.Reason)})
	}
	lines := sourceLines(source)
	resolver := tpl.NewResolver(params)
	types := byType()
	for _, res := range tpl.Resources {
		rules := types[res.Type]
		if len(rules) == 0 {
			continue
		}
		if res.Condition != "" {
			// A resource whose condition is known to be false is not deployed; one whose condition is unknown
			// is evaluated, as it may be.
			if on, known := resolver.Condition(res.Condition); known && !on {
				continue
			}
		}
		tp := templateProps{tpl: tpl, res: res, props: resolver.Resolve(res.Properties), resolver: resolver}
		var view any
		name := res.LogicalID
		if p, ok := cdkPath(res); ok {
			name = res.LogicalID + " (" + p + ")"
		}
		for _, rule := range rules {
			var v any
			switch {
			case rule.view != nil:
				v = rule.view.fromTemplate(tp)
			default:
				vb, ok := views[res.Type]
				if !ok {
					continue
				}
				if view == nil {
					view = vb.fromTemplate(tp)
				}
				v = view
			}
			out := rule.CheckWith(v, opts)
			if out.Status == "" {
				continue
			}
			line := out.Line
			if line == 0 {
				line = res.Line
			}
			rep.Evaluations = append(rep.Evaluations, finding.Evaluation{
				RuleID:       rule.ID,
				ConfigRule:   rule.ConfigRule,
				Status:       out.Status,
				Controls:     rule.Controls,
				ResourceType: res.Type,
				ResourceID:   res.LogicalID,
				Path:         tpl.Path,
				Line:         line,
				Message:      out.Message,
			})
			if out.Status != finding.StatusFail {
				continue
			}
			rep.Findings = append(rep.Findings, finding.Finding{
				RuleID:    rule.ID,
				Level:     rule.Level,
				Message:   fmt.Sprintf("%s %s: %s", res.Type, name, out.Message),
				Path:      tpl.Path,
				Line:      line,
				LogicalID: res.LogicalID,
				Snippet:   lineAt(lines, line),
			})
		}
	}
	return rep
}

// EvaluateConfigItem evaluates every rule that applies to the item's resource type. It returns no evaluations
// for a type no rule covers (see HasRules).
func EvaluateConfigItem(ci ConfigItem) []finding.Evaluation {
	return EvaluateConfigItemWith(ci, nil)
}

// EvaluateConfigItemWith is EvaluateConfigItem under the organisation's options (nil: the defaults).
func EvaluateConfigItemWith(ci ConfigItem, opts *Options) []finding.Evaluation {
	typ := TemplateType(ci.ResourceType)
	rules := byType()[typ]
	if len(rules) == 0 {
		return nil
	}
	vb, hasView := views()[typ]
	var view any
	if hasView {
		view = vb.fromConfig(ci)
	}
	out := make([]finding.Evaluation, 0, len(rules))
	for _, rule := range rules {
		v := view
		switch {
		case rule.view != nil:
			v = rule.view.fromConfig(ci)
		case !hasView:
			continue
		}
		res := rule.CheckWith(v, opts)
		if res.Status == "" {
			continue
		}
		out = append(out, finding.Evaluation{
			RuleID:       rule.ID,
			ConfigRule:   rule.ConfigRule,
			Status:       res.Status,
			Controls:     rule.Controls,
			ResourceType: ci.ResourceType,
			ResourceID:   ci.ResourceID,
			Message:      res.Message,
		})
	}
	return out
}

func sourceLines(src []byte) [][]byte {
	if len(src) == 0 {
		return nil
	}
	return bytes.Split(src, []byte("\n"))
}

// lineAt returns line n (1-based) trimmed, the snippet that keeps two findings of one rule apart.
func lineAt(lines [][]byte, n int) string {
	if n < 1 || n > len(lines) {
		return ""
	}
	return strings.TrimSpace(string(lines[n-1]))
}

// configTypes maps the AWS Config resource types whose names differ from CloudFormation's.
var configTypes = map[string]string{
	"AWS::OpenSearch::Domain": "AWS::OpenSearchService::Domain",
}

// TemplateType is the CloudFormation type of an AWS Config resource type (the same name for nearly all).
func TemplateType(configType string) string {
	if t, ok := configTypes[configType]; ok {
		return t
	}
	return configType
}

// cdkPath is the construct path the CDK records for a resource (Metadata.aws:cdk:path), a friendlier name in
// messages than the logical ID it generates.
func cdkPath(res *cfn.Resource) (string, bool) {
	s, ok := res.Metadata.Get("aws:cdk:path").Str()
	return s, ok && s != ""
}
