// Package evaluate is the Config flow's step: it takes an AWS Config configuration item change, evaluates the
// changed resource against the same guardrails as templates (package iac), reports drift from the template
// that deployed it when that template is known, and writes the result as evaluation.json.
//
// An oversized notification carries only a summary; the full item is fetched from the Config delivery bucket
// through an ItemFetcher (package s3item in Lambda). When it cannot be fetched the run records a gap and
// reports no results: it never reports a pass for what it did not see.
package evaluate
