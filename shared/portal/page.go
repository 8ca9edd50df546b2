package portal

import "net/http"

// The page is one self-contained document: it calls the API and renders the list.
const pageHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Attest evidence</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;margin:1.5rem auto;max-width:72rem;padding:0 1rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left}
form{display:flex;gap:.5rem;flex-wrap:wrap;margin:1rem 0}label{display:flex;flex-direction:column;font-size:12px}
.incomplete{color:#9a6700;font-weight:600}.complete{color:#1a7f37}.fail{color:#cf222e}
</style></head><body>
<h1>Evidence packs</h1>
<p>Every pack is signed and chained; download one and check it offline with <code>attest verify PACK.zip</code>.</p>
<form id="filters">
<label>From <input type="date" name="from"></label><label>To <input type="date" name="to"></label>
<label>Kind <select name="kind"><option value="">any</option><option>push</option><option>alarm</option><option>config</option><option>export</option></select></label>
<label>Framework <select name="framework"><option value="">any</option><option>HIPAA</option><option>SOC2</option><option>PCI-DSS-4.0</option></select></label>
<label>Status <select name="status"><option value="">any</option><option>complete</option><option>incomplete</option></select></label>
<label>&nbsp;<button type="submit">Filter</button></label>
</form>
<table><thead><tr><th>Created</th><th>Kind</th><th>Subject</th><th>Status</th><th>Controls failing</th><th></th></tr></thead>
<tbody id="packs"><tr><td colspan="6">Loading…</td></tr></tbody></table>
<p><button id="more" hidden>More</button></p>
<script>
const body = document.getElementById('packs'), more = document.getElementById('more');
let next = '';
function subject(s) {
  if (s.repository) return s.repository + ' ' + (s.reference || '') + ' @ ' + String(s.commit || '').slice(0, 12);
  if (s.alarm) return 'alarm ' + s.alarm;
  if (s.resourceType) return s.resourceType + ' ' + s.resourceId;
  return s.runId || '';
}
function cell(row, text, cls) { const td = row.insertCell(); td.textContent = text; if (cls) td.className = cls; return td; }
async function load(append) {
  const params = new URLSearchParams(new FormData(document.getElementById('filters')));
  for (const [k, v] of [...params]) if (!v) params.delete(k);
  if (append && next) params.set('cursor', next);
  const res = await fetch('/api/packs?' + params);
  const data = await res.json();
  if (!append) body.replaceChildren();
  if (!res.ok) { const r = body.insertRow(); cell(r, data.error || res.statusText, 'fail'); return; }
  if (!data.packs.length && !append) { const r = body.insertRow(); cell(r, 'No packs match.'); }
  for (const p of data.packs) {
    const r = body.insertRow();
    r.dataset.pack = p.id;
    cell(r, p.createdAt); cell(r, p.kind); cell(r, subject(p.subject)); cell(r, p.status, p.status);
    cell(r, String(p.controls.fail || 0), p.controls.fail ? 'fail' : '');
    const a = document.createElement('a'); a.href = '/api/packs/' + encodeURIComponent(p.id) + '/download'; a.textContent = 'download';
    r.insertCell().append(a);
  }
  next = data.next || ''; more.hidden = !next;
}
document.getElementById('filters').addEventListener('submit', e => { e.preventDefault(); load(false); });
more.addEventListener('click', () => load(true));
load(false);
</script></body></html>`

func (s *Server) page(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'")
	_, _ = w.Write([]byte(pageHTML))
}
