package iac

import "github.com/attestdev/attest/shared/finding"

func s3BucketVersioningEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "s3-bucket-versioning-enabled",
		Title: "S3 bucket keeps object versions",
		Description: "With versioning on, an overwritten or deleted object can be recovered, and an accidental or " +
			"malicious change leaves the earlier data in place. A bucket that never enabled versioning, or " +
			"suspended it, loses the previous content of every key on each write.",
		Remediation: "Turn versioning on (add a lifecycle rule to expire old versions if cost matters):\n\n" +
			"  VersioningConfiguration:\n" +
			"    Status: Enabled\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-versioning-enabled.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "s3-bucket-versioning-enabled",
		Controls:    []string{"HIPAA/164.308(a)(7)(ii)(A)", "HIPAA/164.312(c)(1)", "PCI-DSS-4.0/10.3.3", "SOC2/A1.2"},
		CWE:         []int{693},
		Permissions: []string{"s3:GetBucketVersioning"},
	}, TypeS3Bucket, func(b *S3Bucket) Result {
		v := b.Access.Versioning
		switch {
		case v.State == Unknown:
			return NotAssessedAt(v.Line, "%s", v.Why)
		case v.State == Absent:
			return Fail(lineOr(v.Line, b.Line), "VersioningConfiguration is not set, so versioning is off")
		case v.Value != "Enabled":
			return Fail(lineOr(v.Line, b.Line), "VersioningConfiguration.Status is %s, not Enabled", v.Value)
		}
		return Pass("versioning is enabled")
	})
}
