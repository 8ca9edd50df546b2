package iac

import (
	"github.com/attestdev/attest/shared/finding"
)

// publicAccess is the check shared by s3-bucket-public-read-prohibited and s3-bucket-public-write-prohibited:
// a canned ACL or a bucket policy statement that grants everyone the access, unless the bucket's Block Public
// Access neutralises it (IgnorePublicAcls for ACLs, RestrictPublicBuckets for policies), as AWS Config's rules
// take it into account.
func publicAccess(b *S3Bucket, what string, acls map[string]bool, match func(string) bool) Result {
	flag := func(i int) Tri {
		if b.PublicAccessBlock == nil {
			return Missing[bool](b.Line)
		}
		return b.PublicAccessBlock.Flags[i]
	}
	const ignoreACLs, restrictBuckets = 2, 3
	acl, pol := b.Access.ACL, b.Access.Policy
	unknown, unknownLine := "", 0
	note := func(why string, line int) {
		if unknown == "" {
			unknown, unknownLine = why, line
		}
	}
	switch {
	case acl.State == Unknown:
		note(acl.Why, acl.Line)
	case acl.State == Set && acls[acl.Value]:
		switch f := flag(ignoreACLs); {
		case f.State == Set && f.Value:
		case f.State == Unknown:
			note(f.Why, f.Line)
		default:
			return Fail(lineOr(acl.Line, b.Line), "AccessControl %s grants public %s access, and IgnorePublicAcls is not true", acl.Value, what)
		}
	}
	switch pol.State {
	case Unknown:
		note(pol.Why, pol.Line)
	case Set:
		for _, s := range pol.Value {
			if s.Unknown != "" {
				note("a bucket policy statement cannot be read: "+s.Unknown, s.Line)
				continue
			}
			if !s.Allow || !s.Public || s.Conditioned || !s.grants(match) {
				continue
			}
			switch f := flag(restrictBuckets); {
			case f.State == Set && f.Value:
			case f.State == Unknown:
				note(f.Why, f.Line)
			default:
				return Fail(lineOr(s.Line, b.Line), "the bucket policy allows %s access to everyone (Principal *) without a condition, and RestrictPublicBuckets is not true", what)
			}
		}
	}
	if unknown != "" {
		return NotAssessedAt(unknownLine, "%s", unknown)
	}
	return Pass("neither the ACL nor the bucket policy grants public %s access", what)
}

func s3BucketPublicReadProhibited() Rule {
	return newRule(finding.Rule{
		ID:    "s3-bucket-public-read-prohibited",
		Title: "S3 bucket does not allow public read access",
		Description: "A canned ACL of PublicRead, PublicReadWrite or AuthenticatedRead, or a bucket policy that allows " +
			"everyone (Principal \"*\") to get or list objects without a condition, publishes the bucket's " +
			"content to the internet. Block Public Access settings that neutralise the grant (IgnorePublicAcls, " +
			"RestrictPublicBuckets) make the bucket compliant, as in AWS Config's rule.",
		Remediation: "Remove the public grant, and block public access:\n\n" +
			"  AccessControl: Private\n" +
			"  PublicAccessBlockConfiguration:\n" +
			"    BlockPublicAcls: true\n" +
			"    BlockPublicPolicy: true\n" +
			"    IgnorePublicAcls: true\n" +
			"    RestrictPublicBuckets: true\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-public-read-prohibited.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "s3-bucket-public-read-prohibited",
		Controls:    []string{"HIPAA/164.312(a)(1)", "PCI-DSS-4.0/1.4.4", "SOC2/CC6.6"},
		CWE:         []int{284},
		Permissions: []string{"s3:GetBucketAcl", "s3:GetBucketPolicy", "s3:GetBucketPublicAccessBlock"},
	}, TypeS3Bucket, func(b *S3Bucket) Result {
		return publicAccess(b, "read", map[string]bool{"PublicRead": true, "PublicReadWrite": true, "AuthenticatedRead": true}, isReadAction)
	})
}

func s3BucketPublicWriteProhibited() Rule {
	return newRule(finding.Rule{
		ID:    "s3-bucket-public-write-prohibited",
		Title: "S3 bucket does not allow public write access",
		Description: "A canned ACL of PublicReadWrite, or a bucket policy that allows everyone (Principal \"*\") to " +
			"put or delete objects without a condition, lets anyone on the internet replace, plant or delete " +
			"content, and run up storage cost. Block Public Access settings that neutralise the grant make the " +
			"bucket compliant, as in AWS Config's rule.",
		Remediation: "Remove the public grant, and block public access:\n\n" +
			"  AccessControl: Private\n" +
			"  PublicAccessBlockConfiguration:\n" +
			"    BlockPublicAcls: true\n" +
			"    BlockPublicPolicy: true\n" +
			"    IgnorePublicAcls: true\n" +
			"    RestrictPublicBuckets: true\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-public-write-prohibited.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "s3-bucket-public-write-prohibited",
		Controls:    []string{"HIPAA/164.312(a)(1)", "PCI-DSS-4.0/1.4.4", "SOC2/CC6.6"},
		CWE:         []int{284},
		Permissions: []string{"s3:GetBucketAcl", "s3:GetBucketPolicy", "s3:GetBucketPublicAccessBlock"},
	}, TypeS3Bucket, func(b *S3Bucket) Result {
		return publicAccess(b, "write", map[string]bool{"PublicReadWrite": true, "PublicWrite": true}, isWriteAction)
	})
}
