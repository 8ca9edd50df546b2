package event

import "strings"

// CodeCommit reference events.
const (
	ReferenceCreated = "referenceCreated"
	ReferenceUpdated = "referenceUpdated"
	ReferenceDeleted = "referenceDeleted"
)

// CodeCommit reference types.
const (
	ReferenceBranch = "branch"
	ReferenceTag    = "tag"
)

// CodeCommitReferenceChange is the detail of a "CodeCommit Repository State Change" event: a branch or tag
// created, moved or deleted. A deletion carries only OldCommitID; an update after a merge also names the
// merge's commits.
type CodeCommitReferenceChange struct {
	CallerUserArn     string `json:"callerUserArn,omitempty"`
	CommitID          string `json:"commitId,omitempty"`
	Event             string `json:"event"`
	OldCommitID       string `json:"oldCommitId,omitempty"`
	ReferenceFullName string `json:"referenceFullName,omitempty"`
	ReferenceName     string `json:"referenceName"`
	ReferenceType     string `json:"referenceType"`
	RepositoryID      string `json:"repositoryId,omitempty"`
	RepositoryName    string `json:"repositoryName"`

	// Set on referenceUpdated when the update is a merge.
	BaseCommitID        string `json:"baseCommitId,omitempty"`
	DestinationCommitID string `json:"destinationCommitId,omitempty"`
	MergeOption         string `json:"mergeOption,omitempty"`
	SourceCommitID      string `json:"sourceCommitId,omitempty"`

	obj object
}

type plainCodeCommit CodeCommitReferenceChange

// UnmarshalJSON reads the detail, keeping members it does not model.
func (c *CodeCommitReferenceChange) UnmarshalJSON(b []byte) error {
	obj, err := decodeObject(b, (*plainCodeCommit)(c))
	if err != nil {
		return err
	}
	c.obj = obj
	return nil
}

// MarshalJSON writes the detail as it was read, with any changes.
func (c CodeCommitReferenceChange) MarshalJSON() ([]byte, error) {
	return encodeObject(plainCodeCommit(c), c.obj, nil)
}

func (c *CodeCommitReferenceChange) validate() error {
	for _, f := range []struct{ name, value string }{
		{"event", c.Event}, {"repositoryName", c.RepositoryName}, {"referenceName", c.ReferenceName}, {"referenceType", c.ReferenceType},
	} {
		if f.value == "" {
			return missing("detail." + f.name)
		}
	}
	switch c.Event {
	case ReferenceCreated:
		if c.CommitID == "" {
			return missing("detail.commitId")
		}
	case ReferenceUpdated:
		if c.CommitID == "" {
			return missing("detail.commitId")
		}
		if c.OldCommitID == "" {
			return missing("detail.oldCommitId")
		}
	case ReferenceDeleted:
		if c.OldCommitID == "" {
			return missing("detail.oldCommitId")
		}
	default:
		return &MalformedError{Field: "detail.event", Reason: "got " + quote(c.Event) + "; want referenceCreated, referenceUpdated or referenceDeleted"}
	}
	if c.ReferenceType != ReferenceBranch && c.ReferenceType != ReferenceTag {
		return &MalformedError{Field: "detail.referenceType", Reason: "got " + quote(c.ReferenceType) + "; want branch or tag"}
	}
	return nil
}

// IsMerge reports whether the update is the result of a merge (CodeCommit then names the merged commits).
func (c *CodeCommitReferenceChange) IsMerge() bool {
	return c.MergeOption != "" || c.SourceCommitID != "" || c.DestinationCommitID != ""
}

// FullReference is the reference's full name ("refs/heads/main"), derived from its type and name when the
// event leaves it out.
func (c *CodeCommitReferenceChange) FullReference() string {
	if c.ReferenceFullName != "" {
		return c.ReferenceFullName
	}
	if c.ReferenceType == ReferenceTag {
		return "refs/tags/" + c.ReferenceName
	}
	return "refs/heads/" + c.ReferenceName
}

func quote(s string) string {
	if len(s) > 64 {
		s = s[:64] + "…"
	}
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}
