package iac

import (
	"slices"

	"github.com/attestdev/attest/shared/finding"
)

// sseAlgorithms are the default-encryption algorithms S3 accepts.
var sseAlgorithms = []string{"AES256", "aws:kms", "aws:kms:dsse"}

func s3BucketServerSideEncryptionEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "s3-bucket-server-side-encryption-enabled",
		Title: "S3 bucket declares default server-side encryption",
		Description: "The bucket should state its default encryption (SSE-S3, SSE-KMS or DSSE-KMS) so that encryption " +
			"at rest is an explicit, reviewable part of its configuration. Since January 2023 S3 encrypts every new " +
			"object with SSE-S3 even when the bucket configures nothing, so a bucket without the setting is still " +
			"encrypted: the finding is about evidence and intent, and is reported at low severity.",
		Remediation: "Declare the default encryption on the bucket, with a KMS key where the data needs one:\n\n" +
			"  BucketEncryption:\n" +
			"    ServerSideEncryptionConfiguration:\n" +
			"      - ServerSideEncryptionByDefault:\n" +
			"          SSEAlgorithm: aws:kms          # or AES256 for SSE-S3\n" +
			"          KMSMasterKeyID: !Ref DataKey\n" +
			"        BucketKeyEnabled: true\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-server-side-encryption-enabled.html",
		Level:       finding.LevelNote,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "s3-bucket-server-side-encryption-enabled",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/3.5.1", "SOC2/CC6.1"},
		CWE:         []int{311},
		Permissions: []string{"s3:GetEncryptionConfiguration"},
	}, TypeS3Bucket, func(b *S3Bucket) Result {
		alg := b.SSEAlgorithm
		switch alg.State {
		case Unknown:
			return NotAssessedAt(alg.Line, "%s", alg.Why)
		case Absent:
			return Fail(alg.Line, "no default encryption rule names an SSE algorithm; S3 still applies SSE-S3 to new "+
				"objects by default, but the configuration does not state it")
		}
		if !slices.Contains(sseAlgorithms, alg.Value) {
			return Fail(alg.Line, "SSEAlgorithm %q is not one of AES256, aws:kms or aws:kms:dsse", alg.Value)
		}
		return Pass("default encryption uses %s", alg.Value)
	})
}
