package iac

import "github.com/attestdev/attest/shared/finding"

func s3BucketDefaultLockEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "s3-bucket-default-lock-enabled",
		Title: "S3 bucket has Object Lock enabled",
		Description: "Object Lock stores objects write-once-read-many: a locked version cannot be overwritten or " +
			"deleted before its retention ends, not even by an administrator in compliance mode. Evidence, audit " +
			"log and backup buckets need it so their content can be shown to be unaltered. Object Lock can only " +
			"be turned on when a bucket is created (or through AWS Support), so it belongs in the template.",
		Remediation: "Create the bucket with Object Lock and a default retention:\n\n" +
			"  ObjectLockEnabled: true\n" +
			"  ObjectLockConfiguration:\n" +
			"    ObjectLockEnabled: Enabled\n" +
			"    Rule:\n" +
			"      DefaultRetention:\n" +
			"        Mode: GOVERNANCE\n" +
			"        Days: 365\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-default-lock-enabled.html",
		Level:       finding.LevelNote,
		Confidence:  "medium",
		Class:       "iac",
		ConfigRule:  "s3-bucket-default-lock-enabled",
		Controls:    []string{"HIPAA/164.312(c)(1)", "PCI-DSS-4.0/10.3.2", "SOC2/CC7.2"},
		CWE:         []int{345},
		Permissions: []string{"s3:GetBucketObjectLockConfiguration"},
	}, TypeS3Bucket, func(b *S3Bucket) Result {
		return mustBeTrue(b.Access.ObjectLock, b.Line, "ObjectLockEnabled", "objects in the bucket can be overwritten or deleted at any time")
	})
}
