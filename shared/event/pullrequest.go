package event

import "strings"

// DetailTypePullRequest is the detail type of CodeCommit pull request events.
const DetailTypePullRequest = "CodeCommit Pull Request State Change"

// KindPullRequest is a CodeCommit pull request state change.
const KindPullRequest Kind = "pullrequest"

// CodeCommit pull request events. Created and source-branch-updated events ask for a review; the others
// (status and merge changes, approvals) are carried so that they can be recognised and ignored.
const (
	PullRequestCreated             = "pullRequestCreated"
	PullRequestSourceBranchUpdated = "pullRequestSourceBranchUpdated"
	PullRequestStatusChanged       = "pullRequestStatusChanged"
	PullRequestMergeStatusUpdated  = "pullRequestMergeStatusUpdated"
)

// Pull request statuses.
const (
	PullRequestOpen   = "Open"
	PullRequestClosed = "Closed"
)

// PullRequestStateChange is the detail of a "CodeCommit Pull Request State Change" event. CodeCommit writes
// isMerged as the string "True" or "False", and names one repository in repositoryNames.
type PullRequestStateChange struct {
	Author               string   `json:"author,omitempty"`
	CallerUserArn        string   `json:"callerUserArn,omitempty"`
	CreationDate         string   `json:"creationDate,omitempty"`
	Description          string   `json:"description,omitempty"`
	DestinationCommit    string   `json:"destinationCommit"`
	DestinationReference string   `json:"destinationReference"`
	Event                string   `json:"event"`
	IsMerged             string   `json:"isMerged,omitempty"`
	LastModifiedDate     string   `json:"lastModifiedDate,omitempty"`
	MergeBase            string   `json:"mergeBase,omitempty"` // not in every event; used when present
	MergeOption          string   `json:"mergeOption,omitempty"`
	NotificationBody     string   `json:"notificationBody,omitempty"`
	PullRequestID        string   `json:"pullRequestId"`
	PullRequestStatus    string   `json:"pullRequestStatus"`
	RepositoryNames      []string `json:"repositoryNames"`
	RevisionID           string   `json:"revisionId,omitempty"`
	SourceCommit         string   `json:"sourceCommit"`
	SourceReference      string   `json:"sourceReference"`
	Title                string   `json:"title,omitempty"`

	obj object
}

type plainPullRequest PullRequestStateChange

// UnmarshalJSON reads the detail, keeping members it does not model.
func (p *PullRequestStateChange) UnmarshalJSON(b []byte) error {
	obj, err := decodeObject(b, (*plainPullRequest)(p))
	if err != nil {
		return err
	}
	p.obj = obj
	return nil
}

// MarshalJSON writes the detail as it was read, with any changes.
func (p PullRequestStateChange) MarshalJSON() ([]byte, error) {
	return encodeObject(plainPullRequest(p), p.obj, nil)
}

func (p *PullRequestStateChange) validate() error {
	for _, f := range []struct{ name, value string }{
		{"event", p.Event}, {"pullRequestId", p.PullRequestID}, {"pullRequestStatus", p.PullRequestStatus},
		{"sourceReference", p.SourceReference}, {"destinationReference", p.DestinationReference},
		{"sourceCommit", p.SourceCommit}, {"destinationCommit", p.DestinationCommit},
	} {
		if f.value == "" {
			return missing("detail." + f.name)
		}
	}
	if len(p.RepositoryNames) == 0 || p.RepositoryNames[0] == "" {
		return missing("detail.repositoryNames")
	}
	if p.NeedsReview() && p.RevisionID == "" {
		// The approval of a revision needs its ID.
		return missing("detail.revisionId")
	}
	switch p.IsMerged {
	case "", "True", "False", "true", "false":
	default:
		return &MalformedError{Field: "detail.isMerged", Reason: "got " + quote(p.IsMerged) + "; want True or False"}
	}
	return nil
}

// Repository is the pull request's repository.
func (p *PullRequestStateChange) Repository() string {
	if len(p.RepositoryNames) == 0 {
		return ""
	}
	return p.RepositoryNames[0]
}

// Merged reports whether the pull request is merged.
func (p *PullRequestStateChange) Merged() bool { return strings.EqualFold(p.IsMerged, "true") }

// NeedsReview reports whether the event asks for a scan: an open, unmerged pull request that was created
// or whose source branch moved.
func (p *PullRequestStateChange) NeedsReview() bool {
	return (p.Event == PullRequestCreated || p.Event == PullRequestSourceBranchUpdated) &&
		p.PullRequestStatus == PullRequestOpen && !p.Merged()
}

// SourceBranch is the source reference's short name ("feature/tls" for "refs/heads/feature/tls").
func (p *PullRequestStateChange) SourceBranch() string { return shortRef(p.SourceReference) }

// DestinationBranch is the destination reference's short name.
func (p *PullRequestStateChange) DestinationBranch() string { return shortRef(p.DestinationReference) }

func shortRef(ref string) string { return strings.TrimPrefix(ref, "refs/heads/") }
