package iac

import "github.com/attestdev/attest/shared/finding"

func s3BucketLoggingEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "s3-bucket-logging-enabled",
		Title: "S3 bucket records server access logs",
		Description: "Server access logs record every request made to the bucket, including reads that CloudTrail " +
			"does not record without data events. Without them, who read or deleted an object cannot be " +
			"established after the fact.",
		Remediation: "Deliver access logs to a dedicated log bucket:\n\n" +
			"  LoggingConfiguration:\n" +
			"    DestinationBucketName: !Ref AccessLogBucket\n" +
			"    LogFilePrefix: uploads/\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-logging-enabled.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "s3-bucket-logging-enabled",
		Controls:    []string{"HIPAA/164.312(b)", "PCI-DSS-4.0/10.2.1", "SOC2/CC7.2"},
		CWE:         []int{778},
		Permissions: []string{"s3:GetBucketLogging"},
	}, TypeS3Bucket, func(b *S3Bucket) Result {
		return mustBeSet(b.Access.Logging, b.Line, "the bucket has no LoggingConfiguration, so requests to it are not logged",
			"server access logs go to %s")
	})
}
