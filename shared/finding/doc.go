// Package finding defines what every Attest check reports: rules with their class, control and CWE tags,
// findings at a source location, per-resource evaluations (pass, fail, not assessed), and what was skipped,
// and renders them as SARIF 2.1.0.
package finding
