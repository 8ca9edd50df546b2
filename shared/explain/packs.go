package explain

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"
)

// PackLister lists Attest's own push packs, so that "what changed" can name the push that changed the
// alarmed resource's template. The explain step declares it; StorePacks implements it over the evidence
// store.
type PackLister interface {
	// RecentPushes returns the push packs created in [since, until], with the changed files whose content
	// mentions any of terms (a function, role, table or queue name), in any order.
	RecentPushes(ctx context.Context, since, until time.Time, terms []string) ([]PackRef, error)
}

// PackRef is one push pack that touched a template naming the alarmed resource.
type PackRef struct {
	// ID is the pack id; Prefix its key prefix in the evidence store (packs/yyyy/mm/dd/<id>/).
	ID         string
	Prefix     string
	CreatedAt  time.Time
	Repository string
	Reference  string
	Commit     string
	// Files are the changed files that mention a term, each with the terms it mentions.
	Files []PackFile
}

// PackFile is a changed file of a push and the terms of the alarm it mentions.
type PackFile struct {
	Path  string
	Terms []string
}

// PackReader is the part of a store StorePacks reads: store.Store satisfies it.
type PackReader interface {
	Get(ctx context.Context, key string) ([]byte, error)
	List(ctx context.Context, prefix string) ([]string, error)
}

// StorePacks finds push packs in an evidence store (packs/yyyy/mm/dd/<id>/manifest.json) and reads the
// changed templates through the pack's changes.json and the work store keys it names.
type StorePacks struct {
	// Evidence holds the packs.
	Evidence PackReader
	// Work holds the pushed file contents changes.json points at; nil means Evidence (the local runtime
	// keeps both in one directory). Contents that are gone (expired work files) leave the file
	// unmatched, never matched.
	Work PackReader
	// MaxPacks bounds how many manifests one call reads; 0 means 200.
	MaxPacks int
}

// maxPackFile bounds one template read for matching: templates are far smaller.
const maxPackFile = 4 << 20

// RecentPushes implements PackLister.
func (s *StorePacks) RecentPushes(ctx context.Context, since, until time.Time, terms []string) ([]PackRef, error) {
	if s.Evidence == nil {
		return nil, errors.New("no evidence store")
	}
	work := s.Work
	if work == nil {
		work = s.Evidence
	}
	limit := s.MaxPacks
	if limit <= 0 {
		limit = 200
	}
	matchers := termMatchers(terms)
	var out []PackRef
	read := 0
	for day := since.UTC().Truncate(24 * time.Hour); !day.After(until); day = day.Add(24 * time.Hour) {
		prefix := fmt.Sprintf("packs/%04d/%02d/%02d/", day.Year(), int(day.Month()), day.Day())
		keys, err := s.Evidence.List(ctx, prefix)
		if err != nil {
			return out, fmt.Errorf("list %s: %w", prefix, err)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if path.Base(k) != "manifest.json" {
				continue
			}
			if read >= limit {
				return out, fmt.Errorf("more than %d packs between %s and %s; read the first %d", limit, fmtTime(since), fmtTime(until), limit)
			}
			read++
			ref, ok, err := s.push(ctx, work, strings.TrimSuffix(k, "manifest.json"), since, until, matchers)
			if err != nil {
				return out, err
			}
			if ok {
				out = append(out, ref)
			}
		}
	}
	return out, nil
}

// packManifest is the part of a pack manifest (schema attest.pack/v1) this reads.
type packManifest struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	CreatedAt string `json:"createdAt"`
	Subject   struct {
		Repository string `json:"repository"`
		Reference  string `json:"reference"`
		Commit     string `json:"commit"`
	} `json:"subject"`
	Files []struct {
		Path string `json:"path"`
	} `json:"files"`
}

// packChangeset is the part of a push pack's changes.json this reads.
type packChangeset struct {
	Files []struct {
		Path    string `json:"path"`
		Change  string `json:"change"`
		HeadKey string `json:"headKey"`
		BaseKey string `json:"baseKey"`
	} `json:"files"`
}

func (s *StorePacks) push(ctx context.Context, work PackReader, prefix string, since, until time.Time, matchers map[string]*regexp.Regexp) (PackRef, bool, error) {
	raw, err := s.Evidence.Get(ctx, prefix+"manifest.json")
	if err != nil {
		return PackRef{}, false, fmt.Errorf("read %smanifest.json: %w", prefix, err)
	}
	var m packManifest
	if err := json.Unmarshal(raw, &m); err != nil {
		return PackRef{}, false, fmt.Errorf("parse %smanifest.json: %w", prefix, err)
	}
	created, err := time.Parse(time.RFC3339, m.CreatedAt)
	if m.Kind != "push" || err != nil || created.Before(since) || created.After(until) {
		return PackRef{}, false, nil
	}
	ref := PackRef{ID: m.ID, Prefix: prefix, CreatedAt: created.UTC(), Repository: m.Subject.Repository, Reference: m.Subject.Reference, Commit: m.Subject.Commit}
	cb, err := s.Evidence.Get(ctx, prefix+"changes.json")
	if err != nil {
		// A push pack without its changeset (an incomplete run) says nothing about templates.
		return ref, false, nil
	}
	var cs packChangeset
	if err := json.Unmarshal(cb, &cs); err != nil {
		return ref, false, fmt.Errorf("parse %schanges.json: %w", prefix, err)
	}
	for _, f := range cs.Files {
		if !isTemplatePath(f.Path) {
			continue
		}
		// A deleted file has no head: what it named is in the base.
		key := f.HeadKey
		if key == "" {
			key = f.BaseKey
		}
		if key == "" {
			continue
		}
		body, err := work.Get(ctx, key)
		if err != nil || len(body) > maxPackFile {
			continue
		}
		var hit []string
		for _, t := range sortedTerms(matchers) {
			if matchers[t].Match(body) {
				hit = append(hit, t)
			}
		}
		if len(hit) > 0 {
			ref.Files = append(ref.Files, PackFile{Path: f.Path, Terms: hit})
		}
	}
	return ref, len(ref.Files) > 0, nil
}

// isTemplatePath reports whether a path can hold infrastructure as code that names AWS resources:
// CloudFormation/SAM YAML or JSON, CDK and Terraform sources.
func isTemplatePath(p string) bool {
	switch strings.ToLower(path.Ext(p)) {
	case ".yaml", ".yml", ".json", ".template", ".tf", ".ts", ".py", ".go", ".java":
		return true
	}
	return false
}

// termMatchers matches each term as a whole name: "orders" matches "FunctionName: orders" and
// "!Ref orders" but not "orders-db" or "preorders".
func termMatchers(terms []string) map[string]*regexp.Regexp {
	out := map[string]*regexp.Regexp{}
	for _, t := range terms {
		if t == "" || out[t] != nil {
			continue
		}
		out[t] = regexp.MustCompile(`(?:^|[^A-Za-z0-9_.-])` + regexp.QuoteMeta(t) + `(?:$|[^A-Za-z0-9_-])`)
	}
	return out
}

func sortedTerms(m map[string]*regexp.Regexp) []string {
	out := make([]string, 0, len(m))
	for t := range m {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// packChanges turns the pushes that touched the alarmed resource into changes.
func packChanges(refs []PackRef) []Change {
	var out []Change
	for _, r := range refs {
		var files []string
		for _, f := range r.Files {
			files = append(files, fmt.Sprintf("%s (names %s)", f.Path, strings.Join(f.Terms, ", ")))
		}
		commit := r.Commit
		if len(commit) > 7 {
			commit = commit[:7]
		}
		what := fmt.Sprintf("push of commit %s to %s", orDash(commit), orDash(r.Repository))
		if r.Reference != "" {
			what += " " + r.Reference
		}
		what += fmt.Sprintf(" changed %s (pack %s)", strings.Join(files, "; "), r.ID)
		out = append(out, Change{Time: fmtTime(r.CreatedAt), What: what, Who: "attest push pack " + r.Prefix})
	}
	return out
}
