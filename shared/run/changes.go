package run

// Change kinds in a Changeset.
const (
	ChangeAdded    = "added"
	ChangeModified = "modified"
	ChangeDeleted  = "deleted"
)

// Changeset is what the fetch step wrote: the files that differ between the base and the head of a push.
// Each file's base content is at BaseKey and its head content at HeadKey (empty when that side has none).
type Changeset struct {
	Repository string        `json:"repository"`
	BaseCommit string        `json:"baseCommit,omitempty"` // empty: the whole tree at head was fetched
	HeadCommit string        `json:"headCommit"`
	Files      []ChangedFile `json:"files"`
	Skipped    []SkippedFile `json:"skipped,omitempty"`
	// Policy is the repository's policy file at the head commit when the push did not change it (a changed
	// one is among Files); nil when the repository has none or it could not be read.
	Policy *PolicyFile `json:"policy,omitempty"`
}

// PolicyFile is a file read at the head commit for the scan's settings, not scanned itself.
type PolicyFile struct {
	Path string `json:"path"`
	Key  string `json:"key"`
}

// ChangedFile is one path in a Changeset.
type ChangedFile struct {
	Path    string `json:"path"`
	Change  string `json:"change"`
	BaseKey string `json:"baseKey,omitempty"`
	HeadKey string `json:"headKey,omitempty"`
	Size    int64  `json:"size,omitempty"`
}

// SkippedFile is a path that was not fetched, and why.
type SkippedFile struct {
	Path   string `json:"path"`
	Reason string `json:"reason"`
}

// ChangesetFile is the work-store name of the Changeset of a push run.
const ChangesetFile = "changes.json"
