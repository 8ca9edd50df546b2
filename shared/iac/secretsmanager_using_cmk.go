package iac

import (
	"strings"

	"github.com/attestdev/attest/shared/finding"
)

func secretsManagerUsingCMK() Rule {
	return newRule(finding.Rule{
		ID:    "secretsmanager-using-cmk",
		Title: "Secrets Manager secret is encrypted with a customer managed key",
		Description: "Without KmsKeyId a secret is encrypted with the AWS managed key aws/secretsmanager, whose " +
			"policy cannot be changed: every principal in the account allowed to call Secrets Manager can have it " +
			"decrypt, and the secret cannot be shared across accounts. A customer managed key lets the key policy " +
			"limit who can read the secret.",
		Remediation: "Encrypt the secret with a key you manage:\n\n" +
			"  KmsKeyId: !Ref SecretsKey\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-using-cmk.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "secretsmanager-using-cmk",
		Controls:    []string{"HIPAA/164.312(a)(2)(iv)", "PCI-DSS-4.0/3.5.1", "SOC2/CC6.1"},
		CWE:         []int{311},
		Permissions: []string{"secretsmanager:DescribeSecret"},
	}, TypeSecretsManagerSecret, func(s *SecretsManagerSecret) Result {
		k := s.KMSKeyID
		switch {
		case k.State == Unknown:
			return NotAssessedAt(k.Line, "%s", k.Why)
		case k.State == Absent || k.Value == "":
			return Fail(lineOf(k.Line, s.Line), "KmsKeyId is not set: the secret uses the AWS managed key aws/secretsmanager")
		case strings.HasSuffix(k.Value, "alias/aws/secretsmanager"):
			return Fail(k.Line, "KmsKeyId names the AWS managed key aws/secretsmanager")
		}
		return Pass("the secret is encrypted with %s", k.Value)
	})
}
