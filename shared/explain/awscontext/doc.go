// Package awscontext implements explain.Context with live AWS SDK clients (Lambda, EC2, CloudWatch Logs,
// CloudWatch, CloudTrail). Every call runs within a time budget and is recorded with its error; a call that
// fails for any reason (a missing permission, a throttle, a timeout) answers "unknown" with the IAM action it
// needed, so an explanation lists it as missing context instead of reading it as "nothing there".
package awscontext
