package export

import (
	"bytes"
	"fmt"
	"html/template"
)

var summaryTemplate = template.Must(template.New("summary").Funcs(template.FuncMap{"folder": ControlFolder, "justifications": justifications}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Attest evidence export {{.M.ID}}</title>
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;margin:2rem auto;max-width:64rem;padding:0 1rem}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #d0d7de}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
.pass{color:#1a7f37}.fail{color:#cf222e;font-weight:600}.not-assessed{color:#9a6700}.suppressed{color:#8250df;font-weight:600}.incomplete{color:#9a6700;font-weight:600}
@media print{body{margin:0}h2{break-after:avoid}tr{break-inside:avoid}}
</style></head><body>
<h1>Evidence export {{.M.ID}}</h1>
<table>
<tr><th>Period</th><td>{{if .M.Period.From}}{{.M.Period.From}}{{else}}the beginning{{end}} to {{if .M.Period.To}}{{.M.Period.To}}{{else}}{{.M.CreatedAt}}{{end}}</td></tr>
<tr><th>Framework</th><td>{{if .M.Framework}}{{.M.Framework}}{{else}}all{{end}}</td></tr>
<tr><th>Created</th><td>{{.M.CreatedAt}}{{if .M.RequestedBy}} for {{.M.RequestedBy}}{{end}}</td></tr>
<tr><th>Packs</th><td>{{len .M.Packs}}{{if .Incomplete}} ({{.Incomplete}} incomplete){{end}}</td></tr>
<tr><th>Signed with</th><td>{{.M.Signature.KeyID}} ({{.M.Signature.Algorithm}})</td></tr>
</table>
<p>Check this export offline with <code>attest verify {{.M.ID}}.zip</code>: the export manifest (export.json, signed in export.sig) pins every pack manifest and every file the export adds; each pack is signed and chained on its own. A suppressed control had failures that were accepted with a written justification: it is never counted as a pass.</p>
<h2>Controls</h2>
{{if .Controls}}<table><tr><th>Control</th><th>Status over the period</th><th>Packs: pass / fail / suppressed / not assessed</th><th>Folder</th></tr>
{{range .Controls}}<tr><td>{{.Control}}</td><td class="{{.Status}}">{{.Status}}{{with justifications .}}<br><small>{{.}}</small>{{end}}</td><td>{{index .Counts "pass"}} / {{index .Counts "fail"}} / {{index .Counts "suppressed"}} / {{index .Counts "not-assessed"}}</td><td><code>{{folder .Control}}</code></td></tr>
{{end}}</table>{{else}}<p>No control was evaluated by the packs of this period.</p>{{end}}
{{if .M.Pending}}<h2>Pending</h2><p class="incomplete">These packs are indexed in the period but their manifest was not written when the export was made (a write in progress or interrupted): they are not in this export.</p><ul>{{range .M.Pending}}<li>{{.ID}} ({{.Kind}}, {{.Time}})</li>{{end}}</ul>{{end}}
<h2>Packs</h2>
{{if .M.Packs}}<table><tr><th>Time</th><th>Pack</th><th>Kind</th><th>Status</th><th>Manifest SHA-256</th></tr>
{{range .M.Packs}}<tr><td>{{.Time}}</td><td>{{.ID}}</td><td>{{.Kind}}</td><td class="{{.Status}}">{{.Status}}</td><td><code>{{.ManifestSHA256}}</code></td></tr>
{{end}}</table>{{else}}<p>No pack falls in this period.</p>{{end}}
</body></html>
`))

// renderSummary renders summary.html: self-contained (no external assets) and printable.
func renderSummary(m *Manifest, agg *aggregate) ([]byte, error) {
	incomplete := 0
	for _, p := range m.Packs {
		if p.Status != "complete" {
			incomplete++
		}
	}
	var b bytes.Buffer
	err := summaryTemplate.Execute(&b, struct {
		M          *Manifest
		Controls   []*ControlPacks
		Incomplete int
	}{m, agg.list(), incomplete})
	if err != nil {
		return nil, fmt.Errorf("render summary: %w", err)
	}
	return b.Bytes(), nil
}
