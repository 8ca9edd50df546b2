// Package portal serves the auditor portal: a JSON API over the evidence packs in a store and a page that
// lists, filters and opens them, downloads a pack and exports a period. The API is the same locally and in
// the cloud; only delivery differs: locally a zip in the response, in the cloud a short presigned URL (see
// Outbox). Every download and export is recorded as evidence before it is handed out.
package portal

import (
	"archive/zip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/export"
	"github.com/attestdev/attest/shared/store"
)

// Store is what the portal reads.
type Store interface {
	Get(ctx context.Context, key string) ([]byte, error)
	List(ctx context.Context, prefix string) ([]string, error)
}

// Recorder records who took which evidence out (export.Recorder writes signed access records).
type Recorder interface {
	Record(ctx context.Context, a export.Access) (*evidence.Manifest, error)
}

// Outbox hands a finished file to the requester by URL: in the cloud it uploads the file and returns a
// presigned URL. Without an Outbox the file is served in the response.
type Outbox interface {
	Deliver(ctx context.Context, name string, f *os.File) (url string, err error)
}

// Server answers the portal API.
type Server struct {
	Store  Store
	Logger *slog.Logger
	// PageSize is the most packs one listing returns (default 50, at most 500).
	PageSize int
	// Exporter builds period exports; without it GET /api/export answers 501.
	Exporter *export.Exporter
	// Recorder records every download and export; without it they are refused, since evidence must not
	// leave unrecorded.
	Recorder Recorder
	// Outbox delivers downloads and exports by URL (the cloud); nil serves them in the response.
	Outbox Outbox
	// TempDir holds downloads and exports while they are built ("" is the system's).
	TempDir string
	// Now is the clock of access records.
	Now func() time.Time
}

// PackSummary is one pack in a listing.
type PackSummary struct {
	ID        string         `json:"id"`
	Kind      string         `json:"kind"`
	Time      string         `json:"time"`
	CreatedAt string         `json:"createdAt"`
	Status    string         `json:"status"`
	Subject   map[string]any `json:"subject"`
	Controls  map[string]int `json:"controls"` // pass, fail, suppressed, not-assessed counts
	Key       string         `json:"key"`
}

// Handler routes the portal's requests.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/packs", s.listPacks)
	mux.HandleFunc("GET /api/packs/{id}", s.getPack)
	mux.HandleFunc("GET /api/packs/{id}/download", s.download)
	mux.HandleFunc("GET /api/export", s.export)
	mux.HandleFunc("GET /{$}", s.page)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if traverses(r.URL.Path) || traverses(r.URL.RawPath) {
			writeJSON(w, http.StatusBadRequest, apiError{"invalid path"})
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// traverses reports whether a path has a "." or ".." segment or a NUL, decoded or not: refused outright
// rather than cleaned and redirected.
func traverses(p string) bool {
	lower := strings.ToLower(p)
	if strings.Contains(lower, "%2e") || strings.Contains(lower, "%00") || strings.ContainsRune(p, 0) {
		return true
	}
	for _, seg := range strings.Split(p, "/") {
		if seg == "." || seg == ".." {
			return true
		}
	}
	return false
}

func (s *Server) log() *slog.Logger {
	if s.Logger == nil {
		return slog.Default()
	}
	return s.Logger
}

func (s *Server) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

// apiError is the JSON error body.
type apiError struct {
	Error string `json:"error"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// ParseTime reads a period bound: a date (YYYY-MM-DD; as an end bound, the whole day) or an RFC 3339 time.
func ParseTime(v string, end bool) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	t, err := time.Parse("2006-01-02", v)
	if err != nil {
		return time.Time{}, fmt.Errorf("%q is not a date (YYYY-MM-DD) or RFC 3339 time", v)
	}
	if end {
		t = t.Add(24*time.Hour - time.Nanosecond)
	}
	return t, nil
}

// filter is a listing's query.
type filter struct {
	from, to                               time.Time
	kind, repo, framework, control, status string
}

func parseFilter(r *http.Request) (filter, error) {
	q := r.URL.Query()
	var f filter
	var err error
	if f.from, err = ParseTime(q.Get("from"), false); err != nil {
		return f, fmt.Errorf("from: %w", err)
	}
	if f.to, err = ParseTime(q.Get("to"), true); err != nil {
		return f, fmt.Errorf("to: %w", err)
	}
	if !f.from.IsZero() && !f.to.IsZero() && f.to.Before(f.from) {
		return f, errors.New("the period ends before it starts")
	}
	f.kind, f.repo, f.framework, f.control, f.status = q.Get("kind"), q.Get("repo"), q.Get("framework"), q.Get("control"), q.Get("status")
	switch f.kind {
	case "", "push", "alarm", "config", "export":
	default:
		return f, errors.New("kind must be push, alarm, config or export")
	}
	if f.framework != "" {
		if _, ok := export.CanonicalFramework(f.framework); !ok {
			return f, fmt.Errorf("framework must be one of %s", strings.Join(export.Frameworks, ", "))
		}
	}
	switch f.status {
	case "", evidence.StatusComplete, evidence.StatusIncomplete:
	case evidence.ControlPass, evidence.ControlFail, evidence.ControlSuppressed, evidence.ControlNotAssessed:
		// A control status: packs where the chosen control (or any control of the framework, or any
		// control) has it.
	default:
		return f, errors.New("status must be complete, incomplete, pass, fail, suppressed or not-assessed")
	}
	return f, nil
}

func (f filter) matches(e *evidence.IndexEntry) bool {
	if f.kind != "" && e.Kind != f.kind {
		return false
	}
	if f.repo != "" && e.Repository() != f.repo {
		return false
	}
	packStatus := f.status == evidence.StatusComplete || f.status == evidence.StatusIncomplete
	if packStatus && e.Status != f.status {
		return false
	}
	controlStatus := f.status != "" && !packStatus
	if f.framework == "" && f.control == "" && !controlStatus {
		return true
	}
	for _, c := range e.Controls {
		if f.framework != "" && !strings.EqualFold(evidence.Framework(c.ID), f.framework) {
			continue
		}
		if f.control != "" && !strings.EqualFold(c.ID, f.control) {
			continue
		}
		if controlStatus && c.Status != f.status {
			continue
		}
		return true
	}
	return false
}

// cursor is the position after the last pack of a page: the next page starts after it in listing order,
// so packs written meanwhile never shift a page.
type cursor struct {
	Time      string `json:"t"`
	CreatedAt string `json:"c"`
	ID        string `json:"i"`
}

func decodeCursor(s string) (*evidence.IndexEntry, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 1024 {
		return nil, errors.New("invalid cursor")
	}
	var c cursor
	if err := json.Unmarshal(b, &c); err != nil || c.ID == "" {
		return nil, errors.New("invalid cursor")
	}
	if _, err := time.Parse(time.RFC3339Nano, c.Time); err != nil {
		return nil, errors.New("invalid cursor")
	}
	return &evidence.IndexEntry{Time: c.Time, CreatedAt: c.CreatedAt, ID: c.ID}, nil
}

func encodeCursor(e evidence.IndexEntry) string {
	b, _ := json.Marshal(cursor{Time: e.Time, CreatedAt: e.CreatedAt, ID: e.ID})
	return base64.RawURLEncoding.EncodeToString(b)
}

// Listing is the answer of GET /api/packs.
type Listing struct {
	Packs []PackSummary `json:"packs"`
	Next  string        `json:"next"`
}

// list answers a listing from the index: the period's index objects only, never the packs.
func (s *Server) list(ctx context.Context, f filter, after *evidence.IndexEntry) (*Listing, error) {
	entries, err := evidence.ReadIndex(ctx, s.Store, f.from, f.to)
	if err != nil {
		return nil, err
	}
	size := s.PageSize
	if size <= 0 {
		size = 50
	}
	size = min(size, 500)
	out := &Listing{Packs: []PackSummary{}}
	var last *evidence.IndexEntry
	for i := range entries {
		e := &entries[i]
		if after != nil && !evidence.EntryBefore(*after, *e) {
			continue
		}
		if !f.matches(e) {
			continue
		}
		if len(out.Packs) == size {
			out.Next = encodeCursor(*last)
			break
		}
		out.Packs = append(out.Packs, summarize(e))
		last = e
	}
	return out, nil
}

func (s *Server) listPacks(w http.ResponseWriter, r *http.Request) {
	f, err := parseFilter(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{err.Error()})
		return
	}
	after, err := decodeCursor(r.URL.Query().Get("cursor"))
	if err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{err.Error()})
		return
	}
	l, err := s.list(r.Context(), f, after)
	if err != nil {
		s.log().Error("list packs", "error", err)
		writeJSON(w, http.StatusInternalServerError, apiError{"could not list packs"})
		return
	}
	writeJSON(w, http.StatusOK, l)
}

func summarize(e *evidence.IndexEntry) PackSummary {
	counts := map[string]int{}
	for _, c := range e.Controls {
		counts[c.Status]++
	}
	subject := e.Subject
	if subject == nil {
		subject = map[string]any{}
	}
	return PackSummary{ID: e.ID, Kind: e.Kind, Time: e.Time, CreatedAt: e.CreatedAt, Status: e.Status, Subject: subject, Controls: counts, Key: e.Key}
}

// pack is a located pack: its prefix and manifest.
type pack struct {
	prefix string
	raw    []byte
	m      *evidence.Manifest
}

// errBadID is a pack id that could not name a pack (a path, "..", a NUL).
var errBadID = errors.New("invalid pack id")

func (s *Server) find(ctx context.Context, id string) (*pack, error) {
	if !evidence.ValidID(id) {
		return nil, errBadID
	}
	key, err := evidence.Locate(ctx, s.Store, id)
	if err != nil {
		return nil, err
	}
	raw, err := s.Store.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	m, err := evidence.DecodeManifest(raw)
	if err != nil {
		return nil, fmt.Errorf("pack %s: %w", id, err)
	}
	return &pack{prefix: strings.TrimSuffix(key, evidence.ManifestFile), raw: raw, m: m}, nil
}

// findOrFail writes the error answer for a pack that cannot be found and returns nil.
func (s *Server) findOrFail(w http.ResponseWriter, r *http.Request) *pack {
	id := r.PathValue("id")
	p, err := s.find(r.Context(), id)
	switch {
	case errors.Is(err, errBadID):
		writeJSON(w, http.StatusBadRequest, apiError{"invalid pack id"})
	case errors.Is(err, store.ErrNotFound):
		writeJSON(w, http.StatusNotFound, apiError{"no pack " + id})
	case err != nil:
		s.log().Error("find pack", "pack", id, "error", err)
		writeJSON(w, http.StatusInternalServerError, apiError{"could not read the pack"})
	default:
		return p
	}
	return nil
}

// PackView is the answer of GET /api/packs/{id}: the manifest, the controls with what is behind them, and
// short forms of the explanation, forecast and CBOM when the pack has them.
type PackView struct {
	Manifest    *evidence.Manifest       `json:"manifest"`
	Summary     PackSummary              `json:"summary"`
	Controls    []evidence.ControlDetail `json:"controls"`
	Explanation map[string]any           `json:"explanation,omitempty"`
	Forecast    map[string]any           `json:"forecast,omitempty"`
	CBOM        *CBOMSummary             `json:"cbom,omitempty"`
	Access      map[string]any           `json:"access,omitempty"`
}

// CBOMSummary counts the cryptographic assets of a pack's CBOM.
type CBOMSummary struct {
	Assets     int            `json:"assets"`
	ByType     map[string]int `json:"byType"`
	Algorithms []CBOMAlgo     `json:"algorithms"`
}

// CBOMAlgo is one algorithm of the CBOM.
type CBOMAlgo struct {
	Name                 string `json:"name"`
	Primitive            string `json:"primitive,omitempty"`
	QuantumSecurityLevel *int   `json:"nistQuantumSecurityLevel,omitempty"`
	Occurrences          int    `json:"occurrences"`
}

// maxViewFile bounds what the pack view reads of one file.
const maxViewFile = 16 << 20

func (s *Server) getPack(w http.ResponseWriter, r *http.Request) {
	p := s.findOrFail(w, r)
	if p == nil {
		return
	}
	ctx := r.Context()
	has := map[string]int64{}
	for _, f := range p.m.Files {
		has[f.Path] = f.Size
	}
	read := func(name string, v any) {
		if size, ok := has[name]; !ok || size > maxViewFile {
			return
		}
		b, err := s.Store.Get(ctx, p.prefix+name)
		if err != nil {
			s.log().Warn("pack view", "pack", p.m.ID, "file", name, "error", err)
			return
		}
		if err := json.Unmarshal(b, v); err != nil {
			s.log().Warn("pack view", "pack", p.m.ID, "file", name, "error", err)
		}
	}
	ie := evidence.IndexEntry{ID: p.m.ID, Kind: p.m.Kind, CreatedAt: p.m.CreatedAt, Status: p.m.Status, Subject: p.m.Subject, Controls: p.m.Controls, Key: p.prefix}
	view := PackView{Manifest: p.m, Summary: summarize(&ie), Controls: []evidence.ControlDetail{}}
	var controls evidence.Controls
	read(evidence.ControlsFile, &controls)
	if controls.Controls != nil {
		view.Controls = controls.Controls
	}
	var expl map[string]any
	read("explanation.json", &expl)
	view.Explanation = pick(expl, "rootCause", "evidence", "fix", "impact", "missingContext", "resource")
	var fc map[string]any
	read("forecast.json", &fc)
	view.Forecast = pick(fc, "currency", "region", "pricesAsOf", "totals", "gate", "unpriced")
	var cbom struct {
		Components []struct {
			Type             string `json:"type"`
			Name             string `json:"name"`
			CryptoProperties struct {
				AssetType           string `json:"assetType"`
				AlgorithmProperties struct {
					Primitive                string `json:"primitive"`
					NistQuantumSecurityLevel *int   `json:"nistQuantumSecurityLevel"`
				} `json:"algorithmProperties"`
			} `json:"cryptoProperties"`
			Evidence struct {
				Occurrences []json.RawMessage `json:"occurrences"`
			} `json:"evidence"`
		} `json:"components"`
	}
	if _, ok := has["cbom.cdx.json"]; ok {
		read("cbom.cdx.json", &cbom)
		sum := &CBOMSummary{ByType: map[string]int{}, Algorithms: []CBOMAlgo{}}
		for _, c := range cbom.Components {
			if c.Type != "cryptographic-asset" {
				continue
			}
			sum.Assets++
			sum.ByType[c.CryptoProperties.AssetType]++
			if c.CryptoProperties.AssetType == "algorithm" {
				sum.Algorithms = append(sum.Algorithms, CBOMAlgo{Name: c.Name, Primitive: c.CryptoProperties.AlgorithmProperties.Primitive,
					QuantumSecurityLevel: c.CryptoProperties.AlgorithmProperties.NistQuantumSecurityLevel, Occurrences: len(c.Evidence.Occurrences)})
			}
		}
		view.CBOM = sum
	}
	var access map[string]any
	read(export.AccessFile, &access)
	view.Access = access
	writeJSON(w, http.StatusOK, view)
}

func pick(m map[string]any, keys ...string) map[string]any {
	if m == nil {
		return nil
	}
	out := map[string]any{}
	for _, k := range keys {
		if v, ok := m[k]; ok {
			out[k] = v
		}
	}
	return out
}

// Principal is who makes a request: the JWT subject and username in the cloud, the local user otherwise.
type Principal struct {
	Subject  string
	Username string
}

func (p Principal) String() string {
	switch {
	case p.Username != "" && p.Subject != "" && p.Username != p.Subject:
		return p.Username + " (" + p.Subject + ")"
	case p.Username != "":
		return p.Username
	}
	return p.Subject
}

type principalKey struct{}

// WithPrincipal attaches who makes the request; access records name them.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// PrincipalFrom returns the request's principal.
func PrincipalFrom(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok && p.String() != ""
}

// temp creates the file a download or export is built in; the caller removes it.
func (s *Server) temp(pattern string) (*os.File, func(), error) {
	f, err := os.CreateTemp(s.TempDir, pattern)
	if err != nil {
		return nil, nil, err
	}
	return f, func() { f.Close(); os.Remove(f.Name()) }, nil
}

func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	p := s.findOrFail(w, r)
	if p == nil {
		return
	}
	who, ok := PrincipalFrom(r.Context())
	if !ok || s.Recorder == nil {
		writeJSON(w, http.StatusForbidden, apiError{"downloads are recorded: this request has no principal or no access recorder"})
		return
	}
	f, cleanup, err := s.temp("attest-pack-*.zip")
	if err != nil {
		s.log().Error("download", "pack", p.m.ID, "error", err)
		writeJSON(w, http.StatusInternalServerError, apiError{"could not build the zip"})
		return
	}
	defer cleanup()
	if err := s.writePackZip(r.Context(), f, p); err != nil {
		s.log().Error("download", "pack", p.m.ID, "error", err)
		writeJSON(w, http.StatusInternalServerError, apiError{"could not build the zip"})
		return
	}
	rec, err := s.Recorder.Record(r.Context(), export.Access{Action: export.ActionDownload, Who: who.String(), At: s.now(), Packs: []string{p.m.ID}, Via: "portal"})
	if err != nil {
		s.log().Error("record download", "pack", p.m.ID, "error", err)
		writeJSON(w, http.StatusServiceUnavailable, apiError{"the download could not be recorded, so it was not made"})
		return
	}
	s.log().Info("pack downloaded", "pack", p.m.ID, "who", who.String(), "record", rec.ID)
	s.deliver(w, r, p.m.ID+".zip", f)
}

// writePackZip writes the pack (manifest, signature and every file the manifest pins) as a zip whose one
// folder is the pack id: what attest verify checks.
func (s *Server) writePackZip(ctx context.Context, w io.Writer, p *pack) error {
	zw := zip.NewWriter(w)
	names := []string{evidence.ManifestFile, evidence.SignatureFile}
	for _, f := range p.m.Files {
		names = append(names, f.Path)
	}
	for _, name := range names {
		if strings.Contains(name, "..") || strings.HasPrefix(name, "/") {
			return fmt.Errorf("pack %s names an invalid file %q", p.m.ID, name)
		}
		b := p.raw
		if name != evidence.ManifestFile {
			var err error
			if b, err = s.Store.Get(ctx, p.prefix+name); err != nil {
				return err
			}
		}
		f, err := zw.Create(p.m.ID + "/" + name)
		if err != nil {
			return err
		}
		if _, err := f.Write(b); err != nil {
			return err
		}
	}
	return zw.Close()
}

// deliver hands a finished file out: by URL through the outbox (as a redirect, or as JSON when the page asks
// with Accept: application/json, since a script cannot read a redirect's target), or in the response.
func (s *Server) deliver(w http.ResponseWriter, r *http.Request, name string, f *os.File) {
	if s.Outbox != nil {
		url, err := s.Outbox.Deliver(r.Context(), name, f)
		if err != nil {
			s.log().Error("deliver", "file", name, "error", err)
			writeJSON(w, http.StatusInternalServerError, apiError{"could not deliver " + name})
			return
		}
		if strings.Contains(r.Header.Get("Accept"), "application/json") {
			writeJSON(w, http.StatusOK, map[string]string{"url": url})
			return
		}
		w.Header().Set("Cache-Control", "no-store")
		http.Redirect(w, r, url, http.StatusFound)
		return
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		writeJSON(w, http.StatusInternalServerError, apiError{"could not read " + name})
		return
	}
	st, err := f.Stat()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, apiError{"could not read " + name})
		return
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	w.Header().Set("Content-Length", fmt.Sprint(st.Size()))
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = io.Copy(w, f)
}

func (s *Server) export(w http.ResponseWriter, r *http.Request) {
	if s.Exporter == nil {
		writeJSON(w, http.StatusNotImplemented, apiError{"exports are not configured"})
		return
	}
	f, err := parseFilter(r)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{err.Error()})
		return
	}
	who, ok := PrincipalFrom(r.Context())
	if !ok || s.Recorder == nil {
		writeJSON(w, http.StatusForbidden, apiError{"exports are recorded: this request has no principal or no access recorder"})
		return
	}
	tmp, cleanup, err := s.temp("attest-export-*.zip")
	if err != nil {
		s.log().Error("export", "error", err)
		writeJSON(w, http.StatusInternalServerError, apiError{"could not build the export"})
		return
	}
	defer cleanup()
	m, err := s.Exporter.Write(r.Context(), tmp, export.Request{From: f.from, To: f.to, Framework: f.framework, RequestedBy: who.String()})
	if err != nil {
		s.log().Error("export", "error", err)
		writeJSON(w, http.StatusInternalServerError, apiError{"could not build the export"})
		return
	}
	mb, err := m.Encode()
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, apiError{"could not build the export"})
		return
	}
	period := m.Period
	rec, err := s.Recorder.Record(r.Context(), export.Access{Action: export.ActionExport, Who: who.String(), At: s.now(), Packs: m.PackIDs(),
		Period: &period, Framework: m.Framework, Export: m.ID, ExportSHA256: evidence.Digest(mb), Via: "portal"})
	if err != nil {
		s.log().Error("record export", "export", m.ID, "error", err)
		writeJSON(w, http.StatusServiceUnavailable, apiError{"the export could not be recorded, so it was not made"})
		return
	}
	s.log().Info("export made", "export", m.ID, "packs", len(m.Packs), "who", who.String(), "record", rec.ID)
	s.deliver(w, r, m.ID+".zip", tmp)
}

// AsPrincipal attaches the same principal to every request: the local portal's user, who is the only one
// it serves (it listens on the loopback address).
func AsPrincipal(h http.Handler, p Principal) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(WithPrincipal(r.Context(), p)))
	})
}
