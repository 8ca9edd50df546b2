// Package securityhub imports Attest's findings into AWS Security Hub in the AWS Security Finding Format:
// a branch push's findings and an AWS Config evaluation's failures, in batches within BatchImportFindings'
// limits (100 findings, 240 KB), under IDs that are stable across runs, so that a finding seen again is
// updated, and a finding that is gone from what was rescanned is archived as resolved rather than left open.
//
// The findings last imported for each stream (a repository's branch, a resource) are kept in the work store;
// the Importer is Security Hub (package securityhubimport) in the cloud and a directory in one process.
package securityhub
