package iac

import "github.com/attestdev/attest/shared/finding"

func cmkBackingKeyRotationEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "cmk-backing-key-rotation-enabled",
		Title: "KMS symmetric key rotates its key material",
		Description: "With automatic rotation KMS creates new key material every year (or the period you set) and " +
			"keeps the old material to decrypt what it protected, which limits how much data any one piece of " +
			"material protects and satisfies key-rotation requirements without touching applications. KMS " +
			"rotates only symmetric encryption keys, so other key specs are not assessed.",
		Remediation: "Turn on automatic rotation:\n\n" +
			"  DataKey:\n" +
			"    Type: AWS::KMS::Key\n" +
			"    Properties:\n" +
			"      EnableKeyRotation: true\n" +
			"      RotationPeriodInDays: 365\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/cmk-backing-key-rotation-enabled.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "cmk-backing-key-rotation-enabled",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/3.7.4", "SOC2/CC6.1"},
		CWE:         []int{320},
		Permissions: []string{"kms:DescribeKey", "kms:GetKeyRotationStatus"},
	}, TypeKMSKey, func(k *KMSKey) Result {
		if k.Manager.State == Set && k.Manager.Value == "AWS" {
			return Pass("AWS managed keys rotate automatically every year")
		}
		switch spec := k.KeySpec; {
		case spec.State == Unknown:
			return NotAssessedAt(spec.Line, "%s", spec.Why)
		case spec.State == Set && spec.Value != "SYMMETRIC_DEFAULT":
			return NotAssessedAt(spec.Line, "KMS rotates only symmetric encryption keys; this key is %s", spec.Value)
		}
		return mustBeTrue(k.Rotation, k.Line, "EnableKeyRotation", "the key material is never rotated")
	})
}
