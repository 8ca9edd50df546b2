// Package review gives a pull request Attest's verdict where its author works: one Markdown comment
// (blocking findings first, each with its place, fix and controls; the cost forecast's delta; a link to the
// evidence pack), kept up to date in place across pushes, and an approval that the policy gate gives or
// revokes, so that an approval rule naming Attest blocks merging until nothing blocks.
//
// The pull request's host is a Host: CodeCommit (package codecommitreview) in the cloud, the store
// (LocalHost) in one process.
package review
