// Package explain finds the infrastructure root cause of a CloudWatch alarm. It reads AWS context (function
// configuration, subnets, route tables, NAT gateways, VPC endpoints, security groups, network ACLs, KMS keys,
// concurrency settings, alarm definitions, logs, metrics, CloudTrail) through the
// Context interface, which a context snapshot (package snapshot) and live AWS (package awscontext) both
// implement with the AWS SDK's own types, and runs an explicit list of root-cause rules over it.
//
// Every claim in an Explanation names the call and the fact that supports it; hypotheses that were checked
// and rejected are listed as ruled out; and context that could not be read is reported as missing, never
// taken as empty: a missing route-table file does not mean "no NAT gateway". A composite alarm is explained
// through the member alarm(s) that put it in ALARM.
//
// "What changed" puts the changes of the day before the alarm first, newest first: CloudTrail, AWS Config
// history and, through a PackLister, Attest's own push packs whose templates name the resource. An
// Explanation renders as JSON (MarshalIndent) and as Markdown for chat, e-mail and pull requests; the step
// stores both with secrets in quoted log lines masked (Redacted).
package explain
