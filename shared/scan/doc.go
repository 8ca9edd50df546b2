// Package scan runs every source analyzer over a set of files: the crypto analyzers on Go and Python, the IaC
// guardrails on CloudFormation templates. It says what it did not analyse and why (too large, binary, not
// parseable, no analyzer for the type), so that an empty result is never mistaken for a clean one.
//
// Service scans a file system (a checkout, a directory); Step is the pipeline step that scans the head
// content of a push's changed files from the work store and writes findings.sarif.json, evaluations.json and
// the CBOM, cbom.cdx.json, built from the inventory of cryptography the analyzers return with their findings.
package scan
