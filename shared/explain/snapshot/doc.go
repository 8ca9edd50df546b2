// Package snapshot reads a context snapshot: a directory of AWS CLI v2 JSON outputs, one file per call,
// named <service>.<cli-command>[.<resource>].json (ec2.describe-route-tables.json,
// lambda.get-function-configuration.orders.json). It decodes each file into the AWS SDK's own output type
// and serves it through explain.Context, so a snapshot is read exactly as live responses are. A missing
// file is unknown context, reported as such, never an empty answer.
//
// The package also writes snapshots: a Recorder passes an explain.Context's calls on to a source (live
// AWS) and keeps the answers; Take explains an alarm through one and adds the rest of the design's table
// for the alarmed resource; Write puts the answers in a directory as the AWS CLI v2 prints them
// (MarshalCLI), with the alarm event (AlarmEvent) and a README of the calls that failed. What Write
// writes, Open reads back to the same values.
//
// Files read beyond those the function, VPC, logs, metrics and CloudTrail rules need:
//
//	cloudwatch.describe-alarms.json                  aws cloudwatch describe-alarms --alarm-names A B …
//	                                                 (the members of a composite alarm: MetricAlarms, CompositeAlarms)
//	kms.describe-key.<key-id>.json                   aws kms describe-key --key-id K
//	lambda.get-account-settings.json                 aws lambda get-account-settings
//	lambda.get-function-concurrency.<function>.json  aws lambda get-function-concurrency --function-name F
//	ec2.describe-security-groups.json                aws ec2 describe-security-groups --filters Name=vpc-id,Values=V
//	ec2.describe-network-acls.json                   aws ec2 describe-network-acls --filters Name=vpc-id,Values=V
//	cloudwatch.get-metric-statistics.<metric>.json   also Invocations and ConcurrentExecutions of the function, and
//	                                                 ClaimedAccountConcurrency (account-wide, no dimensions)
package snapshot
