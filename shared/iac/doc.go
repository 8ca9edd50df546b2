// Package iac holds Attest's infrastructure guardrails: rules keyed by AWS Config managed-rule identifiers and
// mapped to HIPAA, SOC 2 and PCI DSS controls, which evaluate the same typed view of a resource whether it
// comes from a CloudFormation template (ScanTemplate) or from an AWS Config configuration item
// (EvaluateConfigItem). A template finding and a Config finding for the same requirement therefore carry the
// same rule identifier and controls.
//
// Each rule sits in its own file as data plus a small check, and is registered in the one list in rules.go.
// Each resource type has one view (such as S3Bucket) with two builders, one per source. A setting the view
// cannot know (a parameter without a default, a missing supplementary entry) is Unknown, and rules report
// NOT_ASSESSED for it instead of guessing. A rule that reads one setting across many types (tags, instance
// classes, the default security group) brings its own view instead.
//
// SAM resources are expanded into what they deploy before the rules run (cfn.ExpandSAM), and CDK output is
// named by its construct path (Metadata aws:cdk:path) in messages. Options carry the organisation's settings
// from the policy file (required tags, allowed instance families, the log retention minimum); the rules they
// switch on evaluate nothing without them. The labelled corpus in testdata/iac/corpus measures precision and
// recall (corpus_test.go).
package iac
