package export

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/store"
)

// Source is what an export reads of the evidence store.
type Source interface {
	Get(ctx context.Context, key string) ([]byte, error)
	List(ctx context.Context, prefix string) ([]string, error)
}

// Request says what to export.
type Request struct {
	From, To    time.Time // the audit period; a zero bound is open
	Framework   string    // HIPAA, SOC2 or PCI-DSS-4.0 (any case); empty for every pack of the period
	RequestedBy string    // who asked, recorded in the manifest
}

// Exporter writes exports.
type Exporter struct {
	Store     Source
	Signer    evidence.Signer
	Now       func() time.Time
	Generator string
}

// Frameworks are the framework names an export may be asked for.
var Frameworks = []string{"HIPAA", "SOC2", "PCI-DSS-4.0"}

// CanonicalFramework returns the framework's canonical spelling, or false for an unknown one.
func CanonicalFramework(name string) (string, bool) {
	for _, f := range Frameworks {
		if strings.EqualFold(f, name) {
			return f, true
		}
	}
	return "", false
}

// Write streams the export of req into w as a zip and returns its signed manifest. Packs are copied one file
// at a time: memory holds one pack file and the per-control summaries, never the packs. A pack that fails to
// read fails the export (an export never silently leaves out evidence).
func (e *Exporter) Write(ctx context.Context, w io.Writer, req Request) (*Manifest, error) {
	framework := ""
	if req.Framework != "" {
		f, ok := CanonicalFramework(req.Framework)
		if !ok {
			return nil, fmt.Errorf("export: unknown framework %q (want %s)", req.Framework, strings.Join(Frameworks, ", "))
		}
		framework = f
	}
	if !req.From.IsZero() && !req.To.IsZero() && req.To.Before(req.From) {
		return nil, fmt.Errorf("export: the period ends (%s) before it starts (%s)", req.To.Format(time.RFC3339), req.From.Format(time.RFC3339))
	}
	now := time.Now
	if e.Now != nil {
		now = e.Now
	}
	created := now().UTC()
	entries, err := evidence.ReadIndex(ctx, e.Store, req.From, req.To)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	// Oldest first: the order the packs were made in, and the order of the chain.
	sort.SliceStable(entries, func(i, j int) bool { return evidence.EntryBefore(entries[j], entries[i]) })

	m := &Manifest{
		Schema: Schema, Period: periodOf(req), Framework: framework, CreatedAt: created.Format(time.RFC3339Nano),
		RequestedBy: req.RequestedBy, Generator: e.Generator, Packs: []PackEntry{}, Files: []evidence.FileEntry{},
		Signature: evidence.SignatureInfo{Algorithm: e.Signer.Algorithm(), KeyID: e.Signer.KeyID()},
	}
	m.ID = exportID(created, m.Period, framework)
	zw := zip.NewWriter(w)
	agg := newAggregate(framework)
	for _, ie := range entries {
		if framework != "" && !hasFramework(ie.Controls, framework) {
			continue
		}
		pe, details, err := e.copyPack(ctx, zw, ie)
		if errors.Is(err, errNotWritten) {
			m.Pending = append(m.Pending, PackEntry{ID: ie.ID, Kind: ie.Kind, Time: ie.Time, Status: ie.Status, Path: ie.Key})
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", m.ID, err)
		}
		m.Packs = append(m.Packs, pe)
		agg.add(pe, ie, details)
	}

	add := func(name string, data []byte) error {
		if err := writeFile(zw, name, data, created); err != nil {
			return fmt.Errorf("export %s: %w", m.ID, err)
		}
		m.Files = append(m.Files, evidence.FileEntry{Path: name, SHA256: evidence.Digest(data), Size: int64(len(data))})
		return nil
	}
	for _, c := range agg.list() {
		b, err := json.MarshalIndent(c, "", "  ")
		if err != nil {
			return nil, fmt.Errorf("export %s: %w", m.ID, err)
		}
		if err := add(ControlFolder(c.Control)+ControlIndex, append(b, '\n')); err != nil {
			return nil, err
		}
	}
	oscal, err := buildOSCAL(m, agg)
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", m.ID, err)
	}
	if err := add(OSCALFile, oscal); err != nil {
		return nil, err
	}
	summary, err := renderSummary(m, agg)
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", m.ID, err)
	}
	if err := add(SummaryFile, summary); err != nil {
		return nil, err
	}
	mb, err := m.Encode()
	if err != nil {
		return nil, err
	}
	sig, err := sign(ctx, e.Signer, mb)
	if err != nil {
		return nil, fmt.Errorf("export %s: %w", m.ID, err)
	}
	if err := writeFile(zw, ManifestFile, mb, created); err != nil {
		return nil, fmt.Errorf("export %s: %w", m.ID, err)
	}
	if err := writeFile(zw, SignatureFile, sig, created); err != nil {
		return nil, fmt.Errorf("export %s: %w", m.ID, err)
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("export %s: finish zip: %w", m.ID, err)
	}
	return m, nil
}

// copyPack copies one pack (its manifest, signature and every file the manifest pins) into the zip under
// the same key it has in the store, and returns its entry and the control details behind it.
func (e *Exporter) copyPack(ctx context.Context, zw *zip.Writer, ie evidence.IndexEntry) (PackEntry, *evidence.Controls, error) {
	prefix := ie.Key
	if !strings.HasPrefix(prefix, "packs/") || !strings.HasSuffix(prefix, "/") || strings.Contains(prefix, "..") {
		return PackEntry{}, nil, fmt.Errorf("pack %s: index names an invalid key %q", ie.ID, prefix)
	}
	mb, err := e.Store.Get(ctx, prefix+evidence.ManifestFile)
	if errors.Is(err, store.ErrNotFound) {
		return PackEntry{}, nil, errNotWritten
	}
	if err != nil {
		return PackEntry{}, nil, fmt.Errorf("pack %s: %w", ie.ID, err)
	}
	pm, err := evidence.DecodeManifest(mb)
	if err != nil {
		return PackEntry{}, nil, fmt.Errorf("pack %s: %w", ie.ID, err)
	}
	modified, _ := time.Parse(time.RFC3339Nano, pm.CreatedAt)
	if err := writeFile(zw, prefix+evidence.ManifestFile, mb, modified); err != nil {
		return PackEntry{}, nil, err
	}
	var controls *evidence.Controls
	names := []string{evidence.SignatureFile}
	for _, f := range pm.Files {
		names = append(names, f.Path)
	}
	for _, name := range names {
		if !validMember(name) {
			return PackEntry{}, nil, fmt.Errorf("pack %s: manifest names an invalid file %q", ie.ID, name)
		}
		b, err := e.Store.Get(ctx, prefix+name)
		if err != nil {
			return PackEntry{}, nil, fmt.Errorf("pack %s: %w", ie.ID, err)
		}
		if err := writeFile(zw, prefix+name, b, modified); err != nil {
			return PackEntry{}, nil, err
		}
		if name == evidence.ControlsFile {
			var c evidence.Controls
			if json.Unmarshal(b, &c) == nil {
				controls = &c
			}
		}
	}
	return PackEntry{ID: pm.ID, Kind: pm.Kind, Time: ie.Time, Status: pm.Status, Path: prefix, ManifestSHA256: evidence.Digest(mb)}, controls, nil
}

// errNotWritten is an indexed pack whose manifest is not in the store yet.
var errNotWritten = errors.New("pack manifest not written yet")

func validMember(name string) bool {
	return name != "" && !strings.HasPrefix(name, "/") && !strings.Contains(name, "..") && !strings.Contains(name, "\\")
}

func writeFile(zw *zip.Writer, name string, data []byte, modified time.Time) error {
	h := &zip.FileHeader{Name: name, Method: zip.Deflate}
	if !modified.IsZero() {
		h.Modified = modified.UTC()
	}
	f, err := zw.CreateHeader(h)
	if err != nil {
		return fmt.Errorf("add %s: %w", name, err)
	}
	if _, err := f.Write(data); err != nil {
		return fmt.Errorf("add %s: %w", name, err)
	}
	return nil
}

func hasFramework(cs []evidence.Control, framework string) bool {
	for _, c := range cs {
		if strings.EqualFold(evidence.Framework(c.ID), framework) {
			return true
		}
	}
	return false
}

func periodOf(req Request) Period {
	var p Period
	if !req.From.IsZero() {
		p.From = req.From.UTC().Format(time.RFC3339)
	}
	if !req.To.IsZero() {
		p.To = req.To.UTC().Format(time.RFC3339)
	}
	return p
}

func exportID(created time.Time, p Period, framework string) string {
	sum := sha256.Sum256([]byte(created.Format(time.RFC3339Nano) + "\x00" + p.From + "\x00" + p.To + "\x00" + framework))
	return "export-" + created.Format("20060102T150405Z") + "-" + hex.EncodeToString(sum[:4])
}

// ControlFolder is the folder of a control inside the export: controls/<framework>/<control>/, with any
// character that could not safely name a folder replaced by '_'.
func ControlFolder(control string) string {
	fw := evidence.Framework(control)
	rest := strings.TrimPrefix(strings.TrimPrefix(control, fw), "/")
	if rest == "" {
		rest = "_"
	}
	return ControlsDir + safeName(fw) + "/" + safeName(rest) + "/"
}

func safeName(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', strings.ContainsRune("._-()", r):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	out := b.String()
	if out == "" || out == "." || out == ".." {
		return "_"
	}
	return out
}

// ControlPacks is the index.json of a control folder: the control's status over the period and the packs and
// results behind it. Packs are referenced by their path in the zip, not copied.
type ControlPacks struct {
	Schema    string         `json:"schema"`
	Control   string         `json:"control"`
	Framework string         `json:"framework"`
	Status    string         `json:"status"` // pass, fail, suppressed or not-assessed over the period
	Counts    map[string]int `json:"counts"`
	Packs     []ControlPack  `json:"packs"`
}

// ControlPack is one pack's result for a control.
type ControlPack struct {
	ID       string          `json:"id"`
	Path     string          `json:"path"`
	Time     string          `json:"time"`
	Status   string          `json:"status"`
	Findings int             `json:"findings"`
	Results  []ControlResult `json:"results,omitempty"`
}

// ControlResult is one finding or evaluation behind a control in one pack.
type ControlResult struct {
	Rule          string `json:"rule"`
	Status        string `json:"status"` // fail, pass, not-assessed, or suppressed for an accepted failure
	Where         string `json:"where,omitempty"`
	Message       string `json:"message,omitempty"`
	Justification string `json:"justification,omitempty"`
}

// aggregate collects, per control, the packs and results behind it.
type aggregate struct {
	framework string
	byID      map[string]*ControlPacks
	packs     []packObs
}

// packObs is what the OSCAL observation of a pack says.
type packObs struct {
	entry    PackEntry
	subject  string
	controls []evidence.Control
}

func newAggregate(framework string) *aggregate {
	return &aggregate{framework: framework, byID: map[string]*ControlPacks{}}
}

func (a *aggregate) add(pe PackEntry, ie evidence.IndexEntry, details *evidence.Controls) {
	var mine []evidence.Control
	for _, c := range ie.Controls {
		if a.framework != "" && !strings.EqualFold(evidence.Framework(c.ID), a.framework) {
			continue
		}
		mine = append(mine, c)
		cp := a.byID[c.ID]
		if cp == nil {
			cp = &ControlPacks{Schema: "attest.export-control/v1", Control: c.ID, Framework: evidence.Framework(c.ID), Counts: map[string]int{}}
			a.byID[c.ID] = cp
		}
		cp.Counts[c.Status]++
		cp.Packs = append(cp.Packs, ControlPack{ID: pe.ID, Path: pe.Path, Time: pe.Time, Status: c.Status, Findings: c.Findings, Results: resultsFor(details, c.ID)})
	}
	a.packs = append(a.packs, packObs{entry: pe, subject: subjectText(ie.Subject), controls: mine})
}

// list returns the controls in id order with their period status: fail when any pack failed it; suppressed
// when failures were all accepted; pass when every pack that assessed it passed; not-assessed otherwise.
func (a *aggregate) list() []*ControlPacks {
	out := make([]*ControlPacks, 0, len(a.byID))
	for _, c := range a.byID {
		switch {
		case c.Counts[evidence.ControlFail] > 0:
			c.Status = evidence.ControlFail
		case c.Counts[evidence.ControlSuppressed] > 0:
			c.Status = evidence.ControlSuppressed
		case c.Counts[evidence.ControlPass] > 0:
			c.Status = evidence.ControlPass
		default:
			c.Status = evidence.ControlNotAssessed
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Control < out[j].Control })
	return out
}

// maxResults bounds the results kept per control and pack: the pack itself holds all of them.
const maxResults = 50

func resultsFor(details *evidence.Controls, id string) []ControlResult {
	if details == nil {
		return nil
	}
	var out []ControlResult
	for _, d := range details.Controls {
		if d.ID != id {
			continue
		}
		for _, f := range d.Findings {
			r := ControlResult{Rule: f.RuleID, Status: evidence.ControlFail, Where: where(f.Path, f.Line, f.LogicalID), Message: f.Message}
			if f.Suppression != nil {
				r.Status, r.Justification = evidence.ControlSuppressed, f.Suppression.Justification
			}
			out = append(out, r)
		}
		for _, ev := range d.Evaluations {
			rule := ev.ConfigRule
			if rule == "" {
				rule = ev.RuleID
			}
			r := ControlResult{Rule: rule, Status: strings.ToLower(strings.ReplaceAll(string(ev.Status), "_", "-")), Where: strings.TrimSpace(ev.ResourceType + " " + ev.ResourceID), Message: ev.Message}
			if ev.Suppression != nil {
				r.Status, r.Justification = evidence.ControlSuppressed, ev.Suppression.Justification
			}
			out = append(out, r)
		}
	}
	if len(out) > maxResults {
		out = out[:maxResults]
	}
	return out
}

func where(p string, line int, logical string) string {
	s := p
	if line > 0 {
		s += fmt.Sprintf(":%d", line)
	}
	if logical != "" {
		s += " (" + logical + ")"
	}
	return strings.TrimSpace(s)
}

// subjectText is a one-line description of a pack's subject.
func subjectText(s map[string]any) string {
	str := func(k string) string { v, _ := s[k].(string); return v }
	switch {
	case str("repository") != "":
		c := str("commit")
		if len(c) > 12 {
			c = c[:12]
		}
		return strings.TrimSpace("repository " + str("repository") + " " + str("reference") + " " + c)
	case str("alarm") != "":
		return "alarm " + str("alarm")
	case str("resourceType") != "":
		return str("resourceType") + " " + str("resourceId")
	case str("action") != "":
		return str("action") + " by " + str("who")
	}
	return str("runId")
}
