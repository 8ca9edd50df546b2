// Package cfn parses AWS CloudFormation templates (YAML or JSON, including SAM templates) into a typed model
// that keeps the line and column of every value, normalises the short-form intrinsic functions (!Ref, !Sub …)
// to their long form, and resolves what can be known before deployment (parameter defaults, conditions,
// mappings, pseudo-parameters) under an evaluation budget. Whatever cannot be resolved stays an intrinsic, so
// that callers report "not assessed" rather than guess. ExpandSAM turns AWS::Serverless resources, with their
// Globals merged, into the resources the SAM transform deploys.
//
// Parse never panics on bad input: oversized, binary, malformed or alias-bomb input yields a *ParseError, and
// well-formed YAML or JSON that is not a template yields an error wrapping ErrNotTemplate.
package cfn
