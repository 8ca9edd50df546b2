package iac

import "github.com/attestdev/attest/shared/finding"

func efsEncryptedCheck() Rule {
	return newRule(finding.Rule{
		ID:    "efs-encrypted-check",
		Title: "EFS file system is encrypted at rest",
		Description: "Encryption at rest can only be chosen when a file system is created; CloudFormation creates " +
			"an unencrypted one unless Encrypted is true.",
		Remediation: "Create the file system encrypted (an existing one must be copied to a new file system):\n\n" +
			"  Encrypted: true\n" +
			"  KmsKeyId: !Ref DataKey\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/efs-encrypted-check.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "efs-encrypted-check",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/3.5.1", "SOC2/CC6.1"},
		CWE:         []int{311},
		Permissions: []string{"elasticfilesystem:DescribeFileSystems"},
	}, TypeEFSFileSystem, func(f *EFSFileSystem) Result {
		return requireTrue(f.Encrypted, "Encrypted", false)
	})
}
