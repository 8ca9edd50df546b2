package iac

import (
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

func kinesisStreamEncrypted() Rule {
	return newRule(finding.Rule{
		ID:    "kinesis-stream-encrypted",
		Title: "Kinesis data stream encrypts records at rest",
		Description: "Records in a Kinesis data stream are stored unencrypted unless server-side encryption with a " +
			"KMS key is turned on.",
		Remediation: "Encrypt the stream with a KMS key:\n\n" +
			"  StreamEncryption:\n" +
			"    EncryptionType: KMS\n" +
			"    KeyId: alias/aws/kinesis     # or a customer managed key\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/kinesis-stream-encrypted.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "kinesis-stream-encrypted",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/3.5.1", "SOC2/CC6.1"},
		CWE:         []int{311},
		Permissions: []string{"kinesis:DescribeStream"},
	}, TypeKinesisStream, func(k *KinesisStream) Result {
		e := k.EncryptionType
		switch {
		case e.State == Unknown:
			return NotAssessedAt(e.Line, "%s", e.Why)
		case e.State == Absent:
			return Fail(lineOf(e.Line, k.Line), "the stream has no StreamEncryption: records are stored unencrypted")
		case !strings.EqualFold(e.Value, "KMS"):
			return Fail(e.Line, "StreamEncryption.EncryptionType is %s, not KMS", e.Value)
		}
		return Pass("records are encrypted with KMS")
	})
}
