package portal

import "net/http"

// The page is one self-contained document (no external scripts, styles, fonts or images): it calls the API
// of the same origin and renders the list and the pack view. In the cloud it sends the Cognito token it was
// given in the address fragment (#id_token=… or #access_token=…, as the hosted UI returns it); the page
// itself holds no data, which is why GET / needs no token.
const pageHTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Attest evidence</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1b1f24;margin:1.5rem auto;max-width:76rem;padding:0 1rem}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}
form{display:flex;gap:.5rem;flex-wrap:wrap;margin:1rem 0;align-items:flex-end}label{display:flex;flex-direction:column;font-size:12px}
fieldset{border:1px solid #d0d7de;padding:.5rem .8rem}legend{font-weight:600}
button,a.button{font:inherit;padding:.25rem .6rem}
:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.incomplete{color:#9a6700;font-weight:600}.complete{color:#1a7f37}.fail{color:#cf222e;font-weight:600}.pass{color:#1a7f37}
.suppressed{color:#8250df;font-weight:600}.not-assessed{color:#9a6700}
#view{border:1px solid #d0d7de;padding:.5rem 1rem;margin-top:1.5rem}#view[hidden]{display:none}
.muted{color:#57606a}
</style></head><body>
<header><h1>Evidence packs</h1>
<p>Every pack is signed and chained; download one, or export a period, and check it offline with <code>attest verify FILE.zip</code>. Downloads and exports are themselves recorded as evidence.</p></header>
<main>
<form id="filters" aria-label="Filter packs">
<label for="f-from">From <input id="f-from" type="date" name="from"></label>
<label for="f-to">To <input id="f-to" type="date" name="to"></label>
<label for="f-kind">Kind <select id="f-kind" name="kind"><option value="">any</option><option>push</option><option>alarm</option><option>config</option><option>export</option></select></label>
<label for="f-framework">Framework <select id="f-framework" name="framework"><option value="">any</option><option>HIPAA</option><option>SOC2</option><option>PCI-DSS-4.0</option></select></label>
<label for="f-control">Control <input id="f-control" name="control" placeholder="HIPAA/164.312(a)(1)" size="22"></label>
<label for="f-repo">Repository <input id="f-repo" name="repo" size="14"></label>
<label for="f-status">Status <select id="f-status" name="status"><option value="">any</option><option>complete</option><option>incomplete</option><option value="fail">a control fails</option><option value="suppressed">a control is suppressed</option><option value="pass">a control passes</option><option value="not-assessed">a control is not assessed</option></select></label>
<button type="submit">Filter</button>
</form>
<p id="status" role="status" aria-live="polite" class="muted"></p>
<table><caption class="muted" style="text-align:left">Newest first</caption>
<thead><tr><th scope="col">Time</th><th scope="col">Kind</th><th scope="col">Subject</th><th scope="col">Status</th><th scope="col">Controls failing</th><th scope="col">Actions</th></tr></thead>
<tbody id="packs"><tr><td colspan="6">Loading…</td></tr></tbody></table>
<p><button id="more" type="button" hidden>More</button></p>

<section id="view" hidden aria-labelledby="view-title" tabindex="-1">
<h2 id="view-title">Pack</h2>
<div id="view-body"></div>
<p><button id="view-close" type="button">Close</button></p>
</section>

<form id="export" aria-label="Export a period">
<fieldset><legend>Export an audit period</legend>
<label for="x-from">From <input id="x-from" type="date" name="from" required></label>
<label for="x-to">To <input id="x-to" type="date" name="to" required></label>
<label for="x-framework">Framework <select id="x-framework" name="framework"><option value="">all packs</option><option>HIPAA</option><option>SOC2</option><option>PCI-DSS-4.0</option></select></label>
<button type="submit">Download export</button>
</fieldset></form>
</main>
<script>
'use strict';
const $ = id => document.getElementById(id);
const body = $('packs'), more = $('more'), statusLine = $('status');
let next = '';
// A token handed over in the address fragment (the Cognito hosted UI's redirect) is kept for this tab only.
(function () {
  const h = new URLSearchParams(location.hash.slice(1));
  const t = h.get('id_token') || h.get('access_token');
  if (t) { sessionStorage.setItem('attest.token', t); history.replaceState(null, '', location.pathname); }
})();
const token = () => sessionStorage.getItem('attest.token');
function api(path, accept) {
  const headers = {Accept: accept || 'application/json'};
  if (token()) headers.Authorization = 'Bearer ' + token();
  return fetch(path, {headers});
}
function el(tag, text, cls) { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; if (cls) e.className = cls; return e; }
function subject(s) {
  if (!s) return '';
  if (s.repository) return s.repository + ' ' + (s.reference || '') + ' @ ' + String(s.commit || '').slice(0, 12);
  if (s.alarm) return 'alarm ' + s.alarm;
  if (s.resourceType) return s.resourceType + ' ' + s.resourceId;
  if (s.action) return s.action + ' by ' + s.who;
  return s.runId || '';
}
function cell(row, text, cls) { const td = row.insertCell(); td.textContent = text; if (cls) td.className = cls; return td; }
// Downloads: same-origin links locally; with a token, the API answers with a short presigned URL.
async function fetchFile(path) {
  if (!token()) { location.href = path; return; }
  statusLine.textContent = 'Preparing ' + path + '…';
  const res = await api(path);
  const data = await res.json().catch(() => ({}));
  if (!res.ok || !data.url) { statusLine.textContent = data.error || res.statusText; return; }
  statusLine.textContent = 'Download ready.';
  location.href = data.url;
}
function filterParams() {
  const params = new URLSearchParams(new FormData($('filters')));
  for (const [k, v] of [...params]) if (!v) params.delete(k);
  return params;
}
async function load(append) {
  const params = filterParams();
  if (append && next) params.set('cursor', next);
  statusLine.textContent = 'Loading packs…';
  const res = await api('/api/packs?' + params);
  const data = await res.json().catch(() => ({error: res.statusText}));
  if (!append) body.replaceChildren();
  if (!res.ok) { const r = body.insertRow(); cell(r, data.error || res.statusText, 'fail').colSpan = 6; statusLine.textContent = data.error || res.statusText; return; }
  if (!data.packs.length && !append) { const r = body.insertRow(); cell(r, 'No packs match.').colSpan = 6; }
  for (const p of data.packs) {
    const r = body.insertRow();
    r.dataset.pack = p.id;
    cell(r, p.time); cell(r, p.kind); cell(r, subject(p.subject)); cell(r, p.status, p.status);
    cell(r, String(p.controls.fail || 0) + (p.controls.suppressed ? ' (+' + p.controls.suppressed + ' suppressed)' : ''), p.controls.fail ? 'fail' : (p.controls.suppressed ? 'suppressed' : ''));
    const td = r.insertCell();
    const open = el('button', 'Open'); open.type = 'button'; open.className = 'open';
    open.setAttribute('aria-label', 'Open pack ' + p.id);
    open.addEventListener('click', () => view(p.id));
    const dl = el('a', 'Download'); dl.href = '/api/packs/' + encodeURIComponent(p.id) + '/download'; dl.className = 'download';
    dl.setAttribute('aria-label', 'Download pack ' + p.id);
    dl.addEventListener('click', e => { if (token()) { e.preventDefault(); fetchFile(dl.getAttribute('href')); } });
    td.append(open, ' ', dl);
  }
  next = data.next || ''; more.hidden = !next;
  statusLine.textContent = body.rows.length + ' pack(s) shown' + (next ? ', more available.' : '.');
}
function table(headers, rows) {
  const t = el('table'), head = t.createTHead().insertRow();
  for (const h of headers) { const th = el('th', h); th.scope = 'col'; head.append(th); }
  const tb = t.createTBody();
  for (const row of rows) { const r = tb.insertRow(); for (const c of row) { const td = r.insertCell(); if (c instanceof Node) td.append(c); else td.textContent = c; } }
  return t;
}
function controlCell(c) {
  const d = el('div');
  for (const f of c.findings || []) {
    const line = el('div', f.ruleId + ' at ' + (f.path || '') + (f.line ? ':' + f.line : '') + (f.logicalId ? ' (' + f.logicalId + ')' : '') + ': ' + f.message);
    if (f.suppression) line.append(' ', el('span', 'suppressed: ' + f.suppression.justification, 'suppressed'));
    d.append(line);
  }
  for (const e of c.evaluations || []) {
    const line = el('div', e.status + ' ' + (e.configRule || e.ruleId) + ' on ' + e.resourceType + ' ' + e.resourceId + (e.message ? ': ' + e.message : ''));
    if (e.suppression) line.append(' ', el('span', 'suppressed: ' + e.suppression.justification, 'suppressed'));
    d.append(line);
  }
  return d;
}
async function view(id) {
  const res = await api('/api/packs/' + encodeURIComponent(id));
  const v = await res.json().catch(() => ({error: res.statusText}));
  const out = $('view-body');
  out.replaceChildren();
  $('view').hidden = false;
  if (!res.ok) { $('view-title').textContent = 'Pack ' + id; out.append(el('p', v.error || res.statusText, 'fail')); $('view').focus(); return; }
  const m = v.manifest;
  $('view-title').textContent = 'Pack ' + m.id;
  out.append(el('p', m.kind + ' run on ' + subject(m.subject) + ', created ' + m.createdAt + ', ' + m.status + '.', m.status));
  if (m.missing && m.missing.length) {
    out.append(el('h3', 'Not done'));
    const ul = el('ul'); for (const x of m.missing) ul.append(el('li', x.step + ': ' + x.reason)); out.append(ul);
  }
  out.append(el('h3', 'Controls'));
  if (v.controls.length) {
    out.append(table(['Control', 'Status', 'Behind it'], v.controls.map(c => [c.id, el('span', c.status + (c.suppressed ? ' (' + c.suppressed + ' suppressed)' : ''), c.status), controlCell(c)])));
  } else out.append(el('p', 'No control was evaluated by this run.'));
  if (v.explanation && v.explanation.rootCause) {
    const e = v.explanation;
    out.append(el('h3', 'Explanation'));
    out.append(el('p', e.rootCause.title + ' (' + e.rootCause.confidence + '): ' + e.rootCause.summary));
    if (e.fix) out.append(el('p', 'Fix: ' + e.fix.summary));
    if (e.impact) out.append(el('p', 'Impact: ' + e.impact.summary));
    if (e.evidence && e.evidence.length) { const ul = el('ul'); for (const x of e.evidence) ul.append(el('li', x.source + ': ' + x.fact)); out.append(ul); }
  }
  if (v.forecast && v.forecast.totals) {
    const t = v.forecast.totals;
    out.append(el('h3', 'Forecast'));
    out.append(table(['', 'Base', 'Head', 'Change'], [
      ['Monthly ' + (v.forecast.currency || 'USD'), t.baseMonthlyUSD.toFixed(2), t.headMonthlyUSD.toFixed(2), t.deltaMonthlyUSD.toFixed(2)],
      ['kg CO2e per month', t.baseMonthlyKgCO2e.toFixed(2), t.headMonthlyKgCO2e.toFixed(2), t.deltaMonthlyKgCO2e.toFixed(2)]]));
    if (v.forecast.unpriced && v.forecast.unpriced.length) out.append(el('p', v.forecast.unpriced.length + ' resource(s) could not be priced.', 'incomplete'));
  }
  if (v.cbom) {
    out.append(el('h3', 'Cryptography (CBOM)'));
    out.append(el('p', v.cbom.assets + ' cryptographic asset(s).'));
    if (v.cbom.algorithms.length) out.append(table(['Algorithm', 'Primitive', 'Quantum security level', 'Occurrences'],
      v.cbom.algorithms.map(a => [a.name, a.primitive || '', a.nistQuantumSecurityLevel === undefined ? '' : String(a.nistQuantumSecurityLevel), String(a.occurrences)])));
  }
  if (v.access) out.append(el('h3', 'Access record'), el('p', v.access.action + ' by ' + v.access.who + ' at ' + v.access.at));
  out.append(el('h3', 'Files'));
  const ul = el('ul'); for (const f of m.files) ul.append(el('li', f.path + ' (' + f.size + ' bytes, SHA-256 ' + f.sha256.slice(0, 16) + '…)')); out.append(ul);
  const dl = el('a', 'Download this pack'); dl.href = '/api/packs/' + encodeURIComponent(m.id) + '/download'; dl.id = 'view-download';
  dl.addEventListener('click', e => { if (token()) { e.preventDefault(); fetchFile(dl.getAttribute('href')); } });
  out.append(el('p')); out.lastChild.append(dl);
  $('view').focus();
}
$('view-close').addEventListener('click', () => { $('view').hidden = true; const b = body.querySelector('button.open'); if (b) b.focus(); });
document.addEventListener('keydown', e => { if (e.key === 'Escape' && !$('view').hidden) $('view-close').click(); });
$('filters').addEventListener('submit', e => { e.preventDefault(); load(false); });
$('export').addEventListener('submit', e => {
  e.preventDefault();
  const params = new URLSearchParams(new FormData($('export')));
  for (const [k, v] of [...params]) if (!v) params.delete(k);
  fetchFile('/api/export?' + params);
});
more.addEventListener('click', () => load(true));
load(false);
</script></body></html>`

func (s *Server) page(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	// Only this origin: no external request can be made from the page, even by injected markup.
	w.Header().Set("Content-Security-Policy", "default-src 'none'; connect-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Referrer-Policy", "no-referrer")
	_, _ = w.Write([]byte(pageHTML))
}
