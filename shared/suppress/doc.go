// Package suppress reads the suppressions users write to accept a finding, and applies them to a report.
//
// Two forms are read. An inline directive is a comment, in the file's own comment syntax, whose text starts
// with the keyword (see Keyword), then one or more comma-separated identifiers, then the reason. An identifier
// is a rule ID (ATT-CRYPTO-WEAK-HASH), the AWS Config identifier of a rule (s3-bucket-logging-enabled, in any
// case) or a class (crypto/weak-hash). A directive that trails code covers its own line; one that stands on
// its own line(s) covers the next line of code, and in a template, the next line being a resource's logical
// ID, the whole resource. Text inside string literals is never a directive.
//
// A CloudFormation resource's Metadata can carry suppressions for the whole resource: Attest's own form
// (attest: {skip: [{id, reason}]}), and the cfn_nag (rules_to_suppress: [{id, reason}]) and checkov
// (skip: [{id, comment}]) forms teams already have. Their ids are their tools' own; one explicit table maps
// the checks whose meaning matches an Attest rule, and any other id is reported as a note.
//
// A reason is required. A suppression without one suppresses nothing and is itself reported, as is an
// unknown identifier; a suppression that matched nothing is reported as a note. A suppressed result stays in
// the report, the SARIF log and the evidence pack with its justification: it no longer blocks, and it never
// counts as a pass.
package suppress
