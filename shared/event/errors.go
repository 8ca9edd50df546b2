package event

import "fmt"

// MalformedError is an event that cannot be used: not JSON, not an object, too large, or missing or
// mistyping a field that Attest needs. Redelivering it cannot help.
type MalformedError struct {
	// Field is the member's path ("detail.state.value"); empty when the problem is the whole event.
	Field  string
	Reason string
}

func (e *MalformedError) Error() string {
	if e.Field == "" {
		return "malformed event: " + e.Reason
	}
	return fmt.Sprintf("malformed event: %s: %s", e.Field, e.Reason)
}

// UnsupportedError is a well-formed EventBridge event from a source or of a detail type (or a CodeCommit
// event kind) that Attest does not handle.
type UnsupportedError struct {
	Source     string
	DetailType string
}

func (e *UnsupportedError) Error() string {
	return fmt.Sprintf("unsupported event: source %q, detail-type %q", e.Source, e.DetailType)
}

func missing(field string) *MalformedError { return &MalformedError{Field: field, Reason: "missing"} }
