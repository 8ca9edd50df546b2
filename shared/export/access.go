package export

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/attestdev/attest/shared/evidence"
)

// Access actions.
const (
	ActionExport   = "export"
	ActionDownload = "download"
)

// AccessStream is the evidence stream of access records: they are chained like every other pack.
const AccessStream = "access"

// AccessFile is the access record's file inside its pack.
const AccessFile = "access.json"

// Access says who took which evidence out, and when.
type Access struct {
	Action string    `json:"action"` // export or download
	Who    string    `json:"who"`    // the local user, or the JWT subject (and username) in the cloud
	At     time.Time `json:"at"`
	// Packs are the packs downloaded (one) or exported.
	Packs     []string `json:"packs,omitempty"`
	Period    *Period  `json:"period,omitempty"`
	Framework string   `json:"framework,omitempty"`
	// Export and ExportSHA256 name the export and the SHA-256 of its manifest, for an export.
	Export       string `json:"export,omitempty"`
	ExportSHA256 string `json:"exportManifestSha256,omitempty"`
	Via          string `json:"via,omitempty"` // portal, cli
}

// Recorder writes access records as signed packs of kind export in the evidence store.
type Recorder struct {
	Writer *evidence.Writer
}

// Record writes the access record of a and returns its pack manifest.
func (r *Recorder) Record(ctx context.Context, a Access) (*evidence.Manifest, error) {
	if a.Action != ActionExport && a.Action != ActionDownload {
		return nil, fmt.Errorf("record access: unknown action %q", a.Action)
	}
	if strings.TrimSpace(a.Who) == "" {
		return nil, fmt.Errorf("record access: no principal: every access names who made it")
	}
	if a.At.IsZero() {
		a.At = time.Now()
	}
	a.At = a.At.UTC()
	b, err := json.MarshalIndent(a, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("record access: %w", err)
	}
	b = append(b, '\n')
	id := fmt.Sprintf("access-%s-%s-%s", a.Action, a.At.Format("20060102T150405.000000000Z"), evidence.Digest(b)[:8])
	id = strings.ReplaceAll(id, ".", "")
	subject := map[string]any{"action": a.Action, "who": a.Who, "at": a.At.Format(time.RFC3339Nano)}
	if a.Period != nil {
		subject["period"] = map[string]any{"from": a.Period.From, "to": a.Period.To}
	}
	if a.Framework != "" {
		subject["framework"] = a.Framework
	}
	if a.Export != "" {
		subject["export"] = a.Export
	}
	if len(a.Packs) == 1 {
		subject["pack"] = a.Packs[0]
	} else if len(a.Packs) > 1 {
		subject["packs"] = len(a.Packs)
	}
	m, err := r.Writer.Write(ctx, evidence.Input{
		ID: id, Kind: "export", Date: a.At, Subject: subject, Stream: AccessStream,
		Files: map[string][]byte{AccessFile: b},
	})
	if err != nil {
		return nil, fmt.Errorf("record %s by %s: %w", a.Action, a.Who, err)
	}
	return m, nil
}

// PackIDs lists the ids of an export's packs, for its access record.
func (m *Manifest) PackIDs() []string {
	out := make([]string, 0, len(m.Packs))
	for _, p := range m.Packs {
		out = append(out, p.ID)
	}
	return out
}
