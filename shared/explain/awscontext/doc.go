// Package awscontext implements explain.Context with live AWS SDK clients: Lambda, EC2, CloudWatch Logs,
// CloudWatch, CloudTrail, KMS, IAM, DynamoDB, SQS and AWS Config, one call behind each file of a context
// snapshot. Every call is scoped to the alarmed resource and the alarm window by its caller, runs within a
// per-call timeout inside the caller's deadline (less a reserve for the work that follows), and is recorded
// with its error; a call that fails for any reason (a missing permission, a throttle, a timeout) answers
// "unknown" with the IAM action it needed, so an explanation lists it as missing context instead of
// reading it as "nothing there".
//
// IAM is read with iam:GetAccountAuthorizationDetails (roles and customer managed policies, paginated and
// bounded) rather than GetRole, ListRolePolicies, GetRolePolicy, ListAttachedRolePolicies and
// GetPolicyVersion per role: one call the snapshot file mirrors, one permission, and the same answer for
// the permissions boundary and the managed policies a role attaches, at the price of reading roles the
// explanation does not need. lambda:ListFunctions is not called: GetFunctionConfiguration of the alarmed
// function answers more (State, LastUpdateStatus) without reading every function's environment.
package awscontext
