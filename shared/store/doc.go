// Package store keeps objects by key: in a local directory for the one-process runtime, or in S3 (package
// s3store). Writes are atomic, and PutIfAbsent never replaces an object, which the evidence chain relies on.
package store
