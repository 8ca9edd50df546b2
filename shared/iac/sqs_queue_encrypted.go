package iac

import "github.com/attestdev/attest/shared/finding"

// sqsQueueEncrypted has no AWS Config managed rule: its ID is Attest's own and it carries no config-rule tag.
func sqsQueueEncrypted() Rule {
	return newRule(finding.Rule{
		ID:    "sqs-queue-encrypted",
		Title: "SQS queue declares server-side encryption",
		Description: "The queue should state how messages are encrypted at rest, with a KMS key (SSE-KMS) or with " +
			"SQS-managed keys (SSE-SQS), so encryption is an explicit part of its configuration. SQS turns SSE-SQS " +
			"on for new queues that state neither, so the finding is about evidence and is reported at low " +
			"severity; a queue that turns SSE-SQS off without a KMS key is unencrypted.",
		Remediation: "Encrypt messages with a KMS key, or state SSE-SQS:\n\n" +
			"  KmsMasterKeyId: !Ref QueueKey      # or: SqsManagedSseEnabled: true\n",
		Level:       finding.LevelNote,
		Confidence:  "high",
		Class:       "iac",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/3.5.1", "SOC2/CC6.1"},
		CWE:         []int{311},
		Permissions: []string{"sqs:GetQueueAttributes"},
	}, TypeSQSQueue, func(q *SQSQueue) Result {
		k, s := q.KMSMasterKeyID, q.SQSManagedSSE
		switch {
		case k.State == Set && k.Value != "":
			return Pass("messages are encrypted with KMS key %s", k.Value)
		case k.State == Unknown:
			return NotAssessedAt(k.Line, "%s", k.Why)
		case s.State == Unknown:
			return NotAssessedAt(s.Line, "%s", s.Why)
		case s.State == Set && s.Value:
			return Pass("messages are encrypted with SQS-managed keys (SSE-SQS)")
		case s.State == Set:
			return Fail(s.Line, "SqsManagedSseEnabled is false and no KmsMasterKeyId is set: messages are not encrypted at rest")
		}
		return Fail(q.Line, "neither KmsMasterKeyId nor SqsManagedSseEnabled is set; SQS applies SSE-SQS to new queues "+
			"by default, but the configuration does not state it")
	})
}
