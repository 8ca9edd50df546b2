package iac

import "github.com/attestdev/attest/shared/finding"

func s3DefaultEncryptionKMS() Rule {
	return newRule(finding.Rule{
		ID:    "s3-default-encryption-kms",
		Title: "S3 bucket encrypts new objects with a KMS key by default",
		Description: "The bucket's default encryption should be SSE-KMS (aws:kms or aws:kms:dsse), so that reading an " +
			"object also needs permission on the key, key use is logged in CloudTrail, and access can be cut by " +
			"disabling the key. SSE-S3 (AES256) encrypts at rest but with keys nobody in the account controls.",
		Remediation: "Encrypt new objects with a customer managed key:\n\n" +
			"  BucketEncryption:\n" +
			"    ServerSideEncryptionConfiguration:\n" +
			"      - ServerSideEncryptionByDefault:\n" +
			"          SSEAlgorithm: aws:kms\n" +
			"          KMSMasterKeyID: !GetAtt DataKey.Arn\n" +
			"        BucketKeyEnabled: true\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/s3-default-encryption-kms.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "s3-default-encryption-kms",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/3.5.1", "SOC2/CC6.1"},
		CWE:         []int{311},
		Permissions: []string{"s3:GetEncryptionConfiguration"},
	}, TypeS3Bucket, func(b *S3Bucket) Result {
		alg := b.SSEAlgorithm
		switch {
		case alg.State == Unknown:
			return NotAssessedAt(alg.Line, "%s", alg.Why)
		case alg.State == Absent:
			return Fail(lineOr(alg.Line, b.Line), "the bucket names no default encryption, so new objects get SSE-S3, not a KMS key")
		case alg.Value == "aws:kms" || alg.Value == "aws:kms:dsse":
			return Pass("new objects are encrypted with %s", alg.Value)
		}
		return Fail(lineOr(alg.Line, b.Line), "default encryption is %s, not aws:kms or aws:kms:dsse", alg.Value)
	})
}
