// Package source is the fetch step of the push flow: it works out what a push changed, downloads both sides
// of every changed file into the work store, and records the result as a run.Changeset for the scan and
// forecast steps. Where the code comes from is a Repository: CodeCommit (package codecommit) in the cloud, a
// local git checkout (package gitrepo) on the command line.
package source
