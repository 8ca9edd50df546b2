// Package portal serves the auditor portal: a JSON API over the evidence packs in a store and a page that
// lists them. The API is the same locally and in the cloud; only the download differs (a zip here, a short
// presigned URL there).
package portal

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/store"
)

// Store is what the portal reads.
type Store interface {
	Get(ctx context.Context, key string) ([]byte, error)
	List(ctx context.Context, prefix string) ([]string, error)
}

// Server answers the portal API.
type Server struct {
	Store  Store
	Logger *slog.Logger
	// PageSize is the most packs one listing returns (default 50).
	PageSize int
}

// PackSummary is one pack in a listing.
type PackSummary struct {
	ID        string         `json:"id"`
	Kind      string         `json:"kind"`
	CreatedAt string         `json:"createdAt"`
	Status    string         `json:"status"`
	Subject   map[string]any `json:"subject"`
	Controls  map[string]int `json:"controls"` // pass, fail, not-assessed counts
	Key       string         `json:"key"`
}

// Handler routes the portal's requests.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/packs", s.listPacks)
	mux.HandleFunc("GET /api/packs/{id}", s.getPack)
	mux.HandleFunc("GET /api/packs/{id}/download", s.download)
	mux.HandleFunc("GET /{$}", s.page)
	return mux
}

type packRef struct {
	key string
	m   *evidence.Manifest
}

// packs reads every manifest. A later index replaces this walk; the date-partitioned layout already lets a
// period be listed by prefix.
func (s *Server) packs(ctx context.Context, from, to time.Time) ([]packRef, error) {
	keys, err := s.Store.List(ctx, "packs/")
	if err != nil {
		return nil, fmt.Errorf("list packs: %w", err)
	}
	var out []packRef
	for _, k := range keys {
		if path.Base(k) != evidence.ManifestFile {
			continue
		}
		b, err := s.Store.Get(ctx, k)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", k, err)
		}
		m, err := evidence.DecodeManifest(b)
		if err != nil {
			s.log().Warn("unreadable manifest", "key", k, "error", err)
			continue
		}
		created, _ := time.Parse(time.RFC3339Nano, m.CreatedAt)
		if (!from.IsZero() && created.Before(from)) || (!to.IsZero() && created.After(to)) {
			continue
		}
		out = append(out, packRef{key: k, m: m})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].m.CreatedAt != out[j].m.CreatedAt {
			return out[i].m.CreatedAt > out[j].m.CreatedAt
		}
		return out[i].m.ID < out[j].m.ID
	})
	return out, nil
}

func (s *Server) log() *slog.Logger {
	if s.Logger == nil {
		return slog.Default()
	}
	return s.Logger
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

func parseTime(v string, end bool) (time.Time, error) {
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

func (s *Server) listPacks(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from, err := parseTime(q.Get("from"), false)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{"from: " + err.Error()})
		return
	}
	to, err := parseTime(q.Get("to"), true)
	if err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{"to: " + err.Error()})
		return
	}
	kind, repo, framework, control, status := q.Get("kind"), q.Get("repo"), q.Get("framework"), q.Get("control"), q.Get("status")
	switch kind {
	case "", "push", "alarm", "config", "export":
	default:
		writeJSON(w, http.StatusBadRequest, apiError{"kind must be push, alarm, config or export"})
		return
	}
	offset := 0
	if c := q.Get("cursor"); c != "" {
		b, err := base64.RawURLEncoding.DecodeString(c)
		n, err2 := strconv.Atoi(string(b))
		if err != nil || err2 != nil || n < 0 {
			writeJSON(w, http.StatusBadRequest, apiError{"invalid cursor"})
			return
		}
		offset = n
	}
	all, err := s.packs(r.Context(), from, to)
	if err != nil {
		s.log().Error("list packs", "error", err)
		writeJSON(w, http.StatusInternalServerError, apiError{"could not list packs"})
		return
	}
	var matched []PackSummary
	for _, p := range all {
		if !matches(p.m, kind, repo, framework, control, status) {
			continue
		}
		matched = append(matched, summarize(p))
	}
	size := s.PageSize
	if size <= 0 {
		size = 50
	}
	out := struct {
		Packs []PackSummary `json:"packs"`
		Next  string        `json:"next"`
	}{Packs: []PackSummary{}}
	if offset < len(matched) {
		end := min(offset+size, len(matched))
		out.Packs = matched[offset:end]
		if end < len(matched) {
			out.Next = base64.RawURLEncoding.EncodeToString([]byte(strconv.Itoa(end)))
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func matches(m *evidence.Manifest, kind, repo, framework, control, status string) bool {
	if kind != "" && m.Kind != kind {
		return false
	}
	if status != "" && m.Status != status {
		return false
	}
	if repo != "" && fmt.Sprint(m.Subject["repository"]) != repo {
		return false
	}
	if framework != "" || control != "" {
		found := false
		for _, c := range m.Controls {
			if framework != "" && !strings.EqualFold(evidence.Framework(c.ID), framework) {
				continue
			}
			if control != "" && !strings.EqualFold(c.ID, control) {
				continue
			}
			found = true
		}
		if !found {
			return false
		}
	}
	return true
}

func summarize(p packRef) PackSummary {
	counts := map[string]int{}
	for _, c := range p.m.Controls {
		counts[c.Status]++
	}
	return PackSummary{ID: p.m.ID, Kind: p.m.Kind, CreatedAt: p.m.CreatedAt, Status: p.m.Status, Subject: p.m.Subject, Controls: counts, Key: strings.TrimSuffix(p.key, evidence.ManifestFile)}
}

func (s *Server) find(ctx context.Context, id string) (*packRef, error) {
	all, err := s.packs(ctx, time.Time{}, time.Time{})
	if err != nil {
		return nil, err
	}
	for _, p := range all {
		if p.m.ID == id {
			return &p, nil
		}
	}
	return nil, store.ErrNotFound
}

func (s *Server) getPack(w http.ResponseWriter, r *http.Request) {
	p, err := s.find(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		writeJSON(w, http.StatusNotFound, apiError{"no pack " + r.PathValue("id")})
		return
	}
	if err != nil {
		s.log().Error("find pack", "error", err)
		writeJSON(w, http.StatusInternalServerError, apiError{"could not read packs"})
		return
	}
	writeJSON(w, http.StatusOK, struct {
		Manifest *evidence.Manifest `json:"manifest"`
		Summary  PackSummary        `json:"summary"`
	}{p.m, summarize(*p)})
}

func (s *Server) download(w http.ResponseWriter, r *http.Request) {
	p, err := s.find(r.Context(), r.PathValue("id"))
	if errors.Is(err, store.ErrNotFound) {
		writeJSON(w, http.StatusNotFound, apiError{"no pack " + r.PathValue("id")})
		return
	}
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, apiError{"could not read packs"})
		return
	}
	prefix := strings.TrimSuffix(p.key, evidence.ManifestFile)
	keys, err := s.Store.List(r.Context(), prefix)
	if err != nil {
		writeJSON(w, http.StatusInternalServerError, apiError{"could not list the pack"})
		return
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, k := range keys {
		b, err := s.Store.Get(r.Context(), k)
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, apiError{"could not read " + k})
			return
		}
		f, err := zw.Create(p.m.ID + "/" + strings.TrimPrefix(k, prefix))
		if err == nil {
			_, err = f.Write(b)
		}
		if err != nil {
			writeJSON(w, http.StatusInternalServerError, apiError{"could not build the zip"})
			return
		}
	}
	if err := zw.Close(); err != nil {
		writeJSON(w, http.StatusInternalServerError, apiError{"could not build the zip"})
		return
	}
	s.log().Info("pack downloaded", "pack", p.m.ID, "remote", r.RemoteAddr)
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", p.m.ID+".zip"))
	_, _ = w.Write(buf.Bytes())
}
