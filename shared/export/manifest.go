package export

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"

	"github.com/attestdev/attest/shared/evidence"
)

// Schema is the export manifest schema identifier.
const Schema = "attest.export/v1"

// Names of the export's own files at the root of the zip.
const (
	ManifestFile  = "export.json"
	SignatureFile = "export.sig"
	SummaryFile   = "summary.html"
	OSCALFile     = "oscal/assessment-results.json"
	ControlsDir   = "controls/"
	ControlIndex  = "index.json"
)

// Manifest says what an export holds: the period and framework it answers, every member pack with the
// SHA-256 of its manifest and its place in the zip, and the SHA-256 of every file the export adds.
type Manifest struct {
	Schema      string      `json:"schema"`
	ID          string      `json:"id"`
	Period      Period      `json:"period"`
	Framework   string      `json:"framework,omitempty"`
	CreatedAt   string      `json:"createdAt"`
	RequestedBy string      `json:"requestedBy,omitempty"`
	Generator   string      `json:"generator,omitempty"`
	Packs       []PackEntry `json:"packs"`
	// Pending are packs the index lists in the period whose manifest is not written yet (a write in progress,
	// or one interrupted and not yet retried): named here rather than left out silently.
	Pending   []PackEntry            `json:"pending,omitempty"`
	Files     []evidence.FileEntry   `json:"files"`
	Signature evidence.SignatureInfo `json:"signature"`
}

// Period is an audit period; either bound may be empty (open).
type Period struct {
	From string `json:"from,omitempty"`
	To   string `json:"to,omitempty"`
}

// PackEntry is one member pack.
type PackEntry struct {
	ID             string `json:"id"`
	Kind           string `json:"kind"`
	Time           string `json:"time"`
	Status         string `json:"status"`
	Path           string `json:"path"` // the pack's folder inside the zip, ending in /
	ManifestSHA256 string `json:"manifestSha256"`
}

// Encode renders the manifest in the canonical form its signature covers.
func (m *Manifest) Encode() ([]byte, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode export manifest %s: %w", m.ID, err)
	}
	return append(b, '\n'), nil
}

// DecodeManifest parses an export manifest and checks the fields every one must have.
func DecodeManifest(b []byte) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("decode export manifest: %w", err)
	}
	switch {
	case m.Schema != Schema:
		return nil, fmt.Errorf("export manifest schema is %q, want %q", m.Schema, Schema)
	case m.ID == "":
		return nil, fmt.Errorf("export manifest has no id")
	}
	return &m, nil
}

// Statement is what is signed for an export manifest. It differs from a pack's statement, so that neither
// signature can be passed off as the other.
func Statement(manifest []byte) []byte {
	return []byte("attest.export-signature/v1\nmanifest-sha256:" + evidence.Digest(manifest) + "\n")
}

// sign returns the export.sig document for manifest bytes.
func sign(ctx context.Context, s evidence.Signer, manifest []byte) ([]byte, error) {
	st := Statement(manifest)
	sig, err := s.Sign(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("sign export manifest with key %s: %w", s.KeyID(), err)
	}
	doc := evidence.SignatureDoc{Schema: "attest.signature/v1", Algorithm: s.Algorithm(), KeyID: s.KeyID(), Statement: string(st), Signature: base64.StdEncoding.EncodeToString(sig)}
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
