package evidence

import (
	"bytes"
	"fmt"
	"html/template"
	"sort"
)

// ReportInput is what report.html shows.
type ReportInput struct {
	ID       string
	Kind     string
	Created  string
	Subject  map[string]any
	Missing  []Missing
	Controls *Controls
	Files    []string
	Headline []KV // short facts: findings, forecast delta, root cause …
}

// KV is a labelled fact.
type KV struct{ Key, Value string }

var reportTemplate = template.Must(template.New("report").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Attest evidence pack {{.ID}}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;margin:2rem auto;max-width:60rem;padding:0 1rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
.pass{color:#1a7f37}.fail{color:#cf222e;font-weight:600}.not-assessed{color:#9a6700}.suppressed{color:#8250df;font-weight:600}
.banner{padding:.6rem .8rem;border:1px solid #d4a72c;background:#fff8c5;margin:1rem 0}
@media print{body{margin:0}a{color:inherit}}
</style></head><body>
<h1>Evidence pack {{.ID}}</h1>
<p>{{.Kind}} run, created {{.Created}}. Check this pack offline with <code>attest verify</code>: every file is pinned by its SHA-256 in manifest.json, which is signed.</p>
{{if .Missing}}<div class="banner"><strong>Incomplete.</strong> This run could not do everything; nothing below claims a result for what is listed here.<ul>{{range .Missing}}<li>{{.Step}}: {{.Reason}}</li>{{end}}</ul></div>{{end}}
<h2>Subject</h2><table>{{range $k, $v := .Subject}}<tr><th>{{$k}}</th><td>{{$v}}</td></tr>{{end}}</table>
{{if .Headline}}<h2>Summary</h2><table>{{range .Headline}}<tr><th>{{.Key}}</th><td>{{.Value}}</td></tr>{{end}}</table>{{end}}
<h2>Controls</h2>
{{if .Controls.Controls}}<table><tr><th>Control</th><th>Status</th><th>Behind it</th></tr>
{{range .Controls.Controls}}<tr><td>{{.ID}}</td><td class="{{.Status}}">{{.Status}}{{if .Suppressed}} ({{.Suppressed}} suppressed){{end}}</td><td>
{{range .Findings}}<div>{{.RuleID}} at {{.Path}}{{if .Line}}:{{.Line}}{{end}}{{if .LogicalID}} ({{.LogicalID}}){{end}}: {{.Message}}{{with .Suppression}} <span class="suppressed">suppressed</span>: {{.Justification}} ({{.Source}}){{end}}</div>{{end}}
{{range .Evaluations}}<div>{{.Status}} {{.ConfigRule}}{{if not .ConfigRule}}{{.RuleID}}{{end}} on {{.ResourceType}} {{.ResourceID}}{{if .Message}}: {{.Message}}{{end}}{{with .Suppression}} <span class="suppressed">suppressed</span>: {{.Justification}} ({{.Source}}){{end}}</div>{{end}}
</td></tr>{{end}}</table>{{else}}<p>No control was evaluated by this run.</p>{{end}}
<h2>Files</h2><ul>{{range .Files}}<li>{{.}}</li>{{end}}</ul>
</body></html>
`))

// RenderReport renders a self-contained, printable report.html (no external assets).
func RenderReport(in ReportInput) ([]byte, error) {
	sort.Strings(in.Files)
	if in.Controls == nil {
		in.Controls = &Controls{}
	}
	var b bytes.Buffer
	if err := reportTemplate.Execute(&b, in); err != nil {
		return nil, fmt.Errorf("render report for pack %s: %w", in.ID, err)
	}
	return b.Bytes(), nil
}
