// Package envcheck joins each Lambda function of a CloudFormation or SAM template with its code in the same
// push and checks the code against the environment the template gives it: the IAM role (actions the code calls
// that the role does not grant, and wildcard grants the code never needs), the encryption of the buckets and
// tables it writes to, the network path from its VPC subnets to the services it calls, and access patterns
// that cost money at scale (unbounded DynamoDB scans, S3 listings in loops).
//
// The join follows CodeUri and Handler (with SAM Globals), inline Code.ZipFile and CDK asset metadata; AWS SDK
// calls are read from Python (boto3), JavaScript and TypeScript (SDK v2 and v3), Java (SDK v2) with
// tree-sitter, and from Go (SDK v2) with go/ast. Operations map to IAM actions through one table
// (data/actions.json); SAM policy templates and well-known AWS managed policies expand through data files
// whose sources they name. Whatever cannot be known from the push — a role defined outside the template, a
// managed policy not in the table, subnets of another stack — makes the rule NOT_ASSESSED for that function
// with the reason, never a pass.
//
// Rules are registered in one list (Registry); Check returns a report with one evaluation per function and
// rule, and a finding per failure. CheckWith also takes the forecast's usage file and prices, from which the
// costly-pattern findings estimate their monthly cost; without them the cost is said to be unknown.
package envcheck
