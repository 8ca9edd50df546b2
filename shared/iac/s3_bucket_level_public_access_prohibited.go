package iac

import (
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

func s3BucketLevelPublicAccessProhibited() Rule {
	return newRule(finding.Rule{
		ID:    "s3-bucket-level-public-access-prohibited",
		Title: "S3 bucket blocks public access at bucket level",
		Description: "All four Block Public Access settings of the bucket should be true, so that neither an ACL nor a " +
			"bucket policy can make its objects public, whatever a later change to either says. A missing " +
			"configuration, or any of the four settings false or unset, leaves that path open.",
		Remediation: "Turn on all four settings of the bucket's public access block:\n\n" +
			"  PublicAccessBlockConfiguration:\n" +
			"    BlockPublicAcls: true\n" +
			"    BlockPublicPolicy: true\n" +
			"    IgnorePublicAcls: true\n" +
			"    RestrictPublicBuckets: true\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-level-public-access-prohibited.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "s3-bucket-level-public-access-prohibited",
		Controls:    []string{"HIPAA/164.312(a)(1)", "PCI-DSS-4.0/1.4.4", "SOC2/CC6.6"},
		CWE:         []int{284},
		Permissions: []string{"s3:GetBucketPublicAccessBlock"},
	}, TypeS3Bucket, func(b *S3Bucket) Result {
		pab := b.PublicAccessBlock
		if pab == nil {
			return Fail(b.Line, "the bucket has no PublicAccessBlockConfiguration, so bucket-level Block Public Access is off")
		}
		var open []string
		line, unknownLine := 0, 0
		unknown := ""
		for i, f := range pab.Flags {
			name := PublicAccessBlockFlags[i]
			switch {
			case f.State == Absent:
				open = append(open, name+" is not set (defaults to false)")
			case f.State == Set && !f.Value:
				open = append(open, name+" is false")
			case f.State == Unknown:
				if unknown == "" {
					unknown, unknownLine = f.Why, f.Line
				}
				continue
			default:
				continue
			}
			if line == 0 {
				line = f.Line
			}
		}
		// A setting known to be off fails the rule whatever the unknown ones turn out to be.
		if len(open) > 0 {
			return Fail(line, "public access is not fully blocked: %s", strings.Join(open, "; "))
		}
		if unknown != "" {
			return NotAssessedAt(unknownLine, "%s", unknown)
		}
		return Pass("all four Block Public Access settings are true")
	})
}
