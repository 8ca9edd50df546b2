// Package event parses the EventBridge events that start Attest's flows: CodeCommit repository state
// changes and pull request state changes, CloudWatch alarm state changes and AWS Config configuration item
// changes. It gives each detail a typed struct, keeps free-form parts (a resource's configuration) as raw
// JSON, and keeps members it does not model, so an event re-encodes without losing a field.
//
// Parse rejects what it cannot use with a *MalformedError (bad JSON, a missing or mistyped field, named by
// its path) or an *UnsupportedError (a source or detail type Attest does not handle), so that a Lambda
// function reports a meaningful error type and the command line prints one line.
package event
