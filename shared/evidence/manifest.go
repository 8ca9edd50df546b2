package evidence

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// Schema is the manifest schema identifier.
const Schema = "attest.pack/v1"

// File names inside a pack.
const (
	ManifestFile  = "manifest.json"
	SignatureFile = "manifest.sig"
	ControlsFile  = "controls.json"
	ReportFile    = "report.html"
)

// Pack statuses.
const (
	StatusComplete   = "complete"
	StatusIncomplete = "incomplete"
)

// Manifest says what a pack is and pins every other file in it.
type Manifest struct {
	Schema    string         `json:"schema"`
	ID        string         `json:"id"`
	Kind      string         `json:"kind"` // push, alarm, config or export
	CreatedAt string         `json:"createdAt"`
	Subject   map[string]any `json:"subject"`
	Status    string         `json:"status"`
	Missing   []Missing      `json:"missing,omitempty"`
	Files     []FileEntry    `json:"files"`
	Controls  []Control      `json:"controls"`
	// Previous is the SHA-256 of the previous manifest in the pack's own stream (repository, alarm or
	// resource); empty for the first pack of a stream.
	Previous  string        `json:"previous"`
	Chain     []Link        `json:"chain"`
	Signature SignatureInfo `json:"signature"`
	Generator string        `json:"generator,omitempty"`
}

// Missing is something the run could not do; a pack with any is incomplete.
type Missing struct {
	Step   string `json:"step"`
	Reason string `json:"reason"`
}

// FileEntry pins one file of the pack.
type FileEntry struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
}

// Control is the result of one control in this pack.
type Control struct {
	ID       string `json:"id"`
	Status   string `json:"status"` // pass, fail or not-assessed
	Findings int    `json:"findings"`
}

// Link places the pack in one stream: its position and the digest of the manifest before it.
type Link struct {
	Stream   string `json:"stream"`
	Sequence int64  `json:"sequence"`
	Previous string `json:"previous"`
}

// SignatureInfo names how the manifest is signed.
type SignatureInfo struct {
	Algorithm string `json:"algorithm"`
	KeyID     string `json:"keyId"`
}

// Digest is the hex SHA-256 of b.
func Digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// Encode renders the manifest in its canonical byte form (indented JSON with a final newline): the signature
// and the chain cover exactly these bytes.
func (m *Manifest) Encode() ([]byte, error) {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode manifest %s: %w", m.ID, err)
	}
	return append(b, '\n'), nil
}

// DecodeManifest parses manifest bytes and checks the fields every manifest must have.
func DecodeManifest(b []byte) (*Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("decode manifest: %w", err)
	}
	switch {
	case m.Schema != Schema:
		return nil, fmt.Errorf("manifest schema is %q, want %q", m.Schema, Schema)
	case m.ID == "":
		return nil, fmt.Errorf("manifest has no id")
	case m.Status != StatusComplete && m.Status != StatusIncomplete:
		return nil, fmt.Errorf("manifest %s status is %q, want complete or incomplete", m.ID, m.Status)
	}
	return &m, nil
}

// Link returns the manifest's link in the named stream.
func (m *Manifest) Link(stream string) (Link, bool) {
	for _, l := range m.Chain {
		if l.Stream == stream {
			return l, true
		}
	}
	return Link{}, false
}
