// Package run defines the small state that travels between pipeline steps (in Step Functions and in the
// local runtime alike): which flow, which subject, and the store keys of what each step produced. Steps pass
// references, never payloads, so a state stays far below the 256 KB Step Functions limit.
package run
