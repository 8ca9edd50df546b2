// Package snapshot reads a context snapshot: a directory of AWS CLI v2 JSON outputs, one file per call,
// named <service>.<cli-command>[.<resource>].json (ec2.describe-route-tables.json,
// lambda.get-function-configuration.orders.json). It decodes each file into the AWS SDK's own output type
// and serves it through explain.Context, so a snapshot is read exactly as live responses are. A missing
// file is unknown context, reported as such, never an empty answer.
package snapshot
