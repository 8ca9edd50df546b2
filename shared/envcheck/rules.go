package envcheck

import "github.com/attestdev/attest/shared/finding"

// Rule identifiers. They are never reused: a retired rule keeps its identifier out of circulation.
const (
	RuleMissingPermission  = "env-missing-permission"
	RuleWildcardGrant      = "env-unused-wildcard-grant"
	RuleUnencryptedWrite   = "env-unencrypted-data-path"
	RuleUnreachableService = "env-unreachable-service"
	RuleUnboundedScan      = "eff-dynamodb-unbounded-scan"
	RuleListInLoop         = "eff-s3-list-in-loop"
)

var (
	leastPrivilege = []string{"HIPAA/164.308(a)(4)", "PCI-DSS-4.0/7.2.1", "SOC2/CC6.1", "SOC2/CC6.3"}
	encryption     = []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/3.5.1", "SOC2/CC6.1"}
	availability   = []string{"SOC2/A1.2"}
)

// Registry returns every rule of the package, in a fixed order. It is the only place rules are registered.
func Registry() []finding.Rule {
	return []finding.Rule{
		{
			ID:    RuleMissingPermission,
			Title: "Lambda code calls an AWS action its role does not grant",
			Description: "The function's code calls an AWS API whose IAM action no statement of the execution role " +
				"allows (or an explicit Deny refuses). The call fails with AccessDenied at run time, typically on a path " +
				"tests did not exercise. Roles defined outside the template and managed policies Attest does not know are " +
				"reported as not assessed.",
			Remediation: "Grant the action on the resource the code uses, in the role or the SAM Policies of the function " +
				"(for example a SAM policy template such as S3CrudPolicy), or remove the call.",
			Level:      finding.LevelError,
			Confidence: "medium",
			// A missing grant breaks the function; it weakens no control, so none is claimed.
			Class: "environment",
		},
		{
			ID:    RuleWildcardGrant,
			Title: "Execution role grants a wildcard the code does not need",
			Description: "A statement of the function's role written in the template, or an AWS managed policy the " +
				"template attaches, allows a wildcard action (`*`, `s3:*`, `s3:Get*` …) or uses NotAction, while the " +
				"function's code calls only a few actions. The role can do far more than the function needs, which " +
				"widens what a compromised function can reach.",
			Remediation: "Replace the wildcard with exactly the actions the code calls; the finding's message gives the " +
				"statement to use.",
			Level:      finding.LevelWarning,
			Confidence: "medium",
			Class:      "environment",
			Controls:   leastPrivilege,
			CWE:        []int{250, 269},
		},
		{
			ID:    RuleUnencryptedWrite,
			Title: "Code writes to a bucket or table without KMS encryption",
			Description: "The function writes objects or items to a bucket or table of the template that has no default " +
				"KMS encryption, and the call does not ask for SSE-KMS itself. The data lands encrypted only with keys " +
				"AWS owns, outside the customer-managed key policy and its audit trail.",
			Remediation: "Give the bucket default encryption with aws:kms (BucketEncryption) or the table an " +
				"SSESpecification with KMS, or pass ServerSideEncryption='aws:kms' and SSEKMSKeyId on each write.",
			Level:      finding.LevelError,
			Confidence: "medium",
			Class:      "environment",
			Controls:   encryption,
			CWE:        []int{311},
		},
		{
			ID:    RuleUnreachableService,
			Title: "Function in a VPC calls a service it cannot reach",
			Description: "The function runs in VPC subnets whose route tables have no default route to a NAT gateway, and " +
				"the VPC has no endpoint for a service its code calls. Lambda network interfaces get no public IP, so an " +
				"internet gateway route does not help: the call hangs until the function times out.",
			Remediation: "Add a VPC endpoint for the service (a gateway endpoint on the subnets' route tables for S3 and " +
				"DynamoDB; an interface endpoint with PrivateDnsEnabled for the others), or route 0.0.0.0/0 through a NAT " +
				"gateway.",
			Level:      finding.LevelError,
			Confidence: "medium",
			Class:      "environment",
			Controls:   availability,
		},
		{
			ID:    RuleUnboundedScan,
			Title: "DynamoDB Scan without Limit or ProjectionExpression",
			Description: "A Scan reads every item of the table (up to 1 MB per page) and is billed for all of it, whatever " +
				"the filter keeps. Without Limit or ProjectionExpression its cost grows with the table.",
			Remediation: "Query by key or index instead; where a scan is needed, set Limit and ProjectionExpression and " +
				"page with ExclusiveStartKey.",
			Level:      finding.LevelWarning,
			Confidence: "medium",
			Class:      "efficiency",
		},
		{
			ID:    RuleListInLoop,
			Title: "S3 listing inside a loop without MaxKeys",
			Description: "Listing a bucket inside a loop issues one LIST request (billed per 1,000) per iteration, each " +
				"returning up to 1,000 keys; cost and latency grow with the bucket and the loop together.",
			Remediation: "List once outside the loop (or use a paginator) and set MaxKeys to what the loop needs.",
			Level:       finding.LevelWarning,
			Confidence:  "medium",
			Class:       "efficiency",
		},
	}
}

// Rules returns the descriptions of every rule, for reports and SARIF.
func Rules() []finding.Rule { return Registry() }
