package iac

import "github.com/attestdev/attest/shared/finding"

func snsEncryptedKMS() Rule {
	return newRule(finding.Rule{
		ID:    "sns-encrypted-kms",
		Title: "SNS topic encrypts messages with a KMS key",
		Description: "SNS stores messages until they are delivered. Unless the topic names a KMS key, they are " +
			"stored without server-side encryption, and notifications often carry identifiers, addresses or " +
			"health data.",
		Remediation: "Encrypt the topic with a KMS key (alias/aws/sns, or a customer managed key for cross-account " +
			"publishers):\n\n" +
			"  Topic:\n" +
			"    Type: AWS::SNS::Topic\n" +
			"    Properties:\n" +
			"      KmsMasterKeyId: !Ref TopicKey\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/sns-encrypted-kms.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "sns-encrypted-kms",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/3.5.1", "SOC2/CC6.1"},
		CWE:         []int{311},
		Permissions: []string{"sns:GetTopicAttributes"},
	}, TypeSNSTopic, func(t *SNSTopic) Result {
		return mustBeSet(t.KMSMasterKeyID, t.Line, "the topic has no KmsMasterKeyId, so messages are stored unencrypted",
			"messages are encrypted with KMS key %s")
	})
}
