package iac

import "github.com/attestdev/attest/shared/finding"

func kmsCmkNotScheduledForDeletion() Rule {
	return newRule(finding.Rule{
		ID:    "kms-cmk-not-scheduled-for-deletion",
		Title: "KMS key is not scheduled for deletion",
		Description: "Deleting a KMS key makes everything encrypted under it unrecoverable. A live key in the " +
			"PendingDeletion state is scheduled for that; in a template, a key declared disabled with a deletion " +
			"waiting period is being retired, and whatever still depends on it will lose its data when it goes.",
		Remediation: "Cancel the deletion (aws kms cancel-key-deletion) if anything still uses the key, and keep it " +
			"enabled in the template until its data is re-encrypted under another key:\n\n" +
			"  DataKey:\n" +
			"    Type: AWS::KMS::Key\n" +
			"    DeletionPolicy: Retain\n" +
			"    Properties:\n" +
			"      Enabled: true\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/kms-cmk-not-scheduled-for-deletion.html",
		Level:       finding.LevelError,
		Confidence:  "medium",
		Class:       "iac",
		ConfigRule:  "kms-cmk-not-scheduled-for-deletion",
		Controls:    []string{"HIPAA/164.308(a)(7)(i)", "PCI-DSS-4.0/3.6.1", "SOC2/CC6.1"},
		CWE:         []int{404},
		Permissions: []string{"kms:DescribeKey"},
	}, TypeKMSKey, func(k *KMSKey) Result {
		switch s := k.KeyState; s.State {
		case Unknown:
			return NotAssessedAt(s.Line, "%s", s.Why)
		case Set:
			if s.Value == "PendingDeletion" {
				return Fail(k.Line, "the key is scheduled for deletion (state PendingDeletion)")
			}
			return Pass("the key is in state %s", s.Value)
		}
		// A template has no key state: a disabled key with a waiting period is one being retired.
		w, e := k.PendingWindowInDays, k.Enabled
		if w.State == Unknown {
			return NotAssessedAt(w.Line, "%s", w.Why)
		}
		if w.State == Absent {
			return Pass("the key declares no deletion waiting period")
		}
		switch {
		case e.State == Unknown:
			return NotAssessedAt(e.Line, "%s", e.Why)
		case e.State == Set && !e.Value:
			return Fail(lineOr(e.Line, k.Line), "the key is disabled with a %d-day deletion waiting period: it is being retired", w.Value)
		}
		return Pass("the key is enabled")
	})
}
