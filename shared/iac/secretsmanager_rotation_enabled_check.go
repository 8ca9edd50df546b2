package iac

import "github.com/attestdev/attest/shared/finding"

func secretsManagerRotationEnabledCheck() Rule {
	return newRule(finding.Rule{
		ID:    "secretsmanager-rotation-enabled-check",
		Title: "Secrets Manager secret rotates automatically",
		Description: "A secret that never rotates stays valid for as long as anyone who once read it keeps a copy. " +
			"In a template, rotation is an AWS::SecretsManager::RotationSchedule whose SecretId refers to the " +
			"secret; the live check reads the secret's RotationEnabled.",
		Remediation: "Add a rotation schedule for the secret:\n\n" +
			"  DbPasswordRotation:\n" +
			"    Type: AWS::SecretsManager::RotationSchedule\n" +
			"    Properties:\n" +
			"      SecretId: !Ref DbPassword\n" +
			"      RotationLambdaARN: !GetAtt RotationFunction.Arn\n" +
			"      RotationRules:\n" +
			"        AutomaticallyAfterDays: 30\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/secretsmanager-rotation-enabled-check.html",
		Level:       finding.LevelWarning,
		Confidence:  "medium",
		Class:       "iac",
		ConfigRule:  "secretsmanager-rotation-enabled-check",
		Controls:    []string{"HIPAA/164.308(a)(4)(ii)(B)", "PCI-DSS-4.0/8.3.9", "SOC2/CC6.1"},
		CWE:         []int{324},
		Permissions: []string{"secretsmanager:DescribeSecret"},
	}, TypeSecretsManagerSecret, func(s *SecretsManagerSecret) Result {
		r := s.Rotation
		switch {
		case r.State == Unknown:
			return NotAssessedAt(r.Line, "%s", r.Why)
		case r.State == Absent || !r.Value:
			return Fail(lineOf(r.Line, s.Line), "the secret has no rotation schedule: it never rotates")
		}
		return Pass("the secret rotates automatically")
	})
}
