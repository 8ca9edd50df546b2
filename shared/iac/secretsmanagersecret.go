package iac

// TypeSecretsManagerSecret is the CloudFormation and AWS Config type of a Secrets Manager secret.
const TypeSecretsManagerSecret = "AWS::SecretsManager::Secret"

// SecretsManagerSecret is what rules know about a secret.
type SecretsManagerSecret struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// KMSKeyID is the customer managed key that encrypts the secret; Absent means the AWS managed key
	// aws/secretsmanager.
	KMSKeyID Fact[string]
	// Rotation is automatic rotation: in a template, an AWS::SecretsManager::RotationSchedule for the secret.
	Rotation Tri
}

// TypeSecretsManagerRotationSchedule turns on rotation for the secret its SecretId names.
const TypeSecretsManagerRotationSchedule = "AWS::SecretsManager::RotationSchedule"

func secretsManagerSecretFromTemplate(p templateProps) *SecretsManagerSecret {
	s := &SecretsManagerSecret{Line: p.res.Line, KMSKeyID: p.present(p.props, "", "KmsKeyId")}
	schedules, why := p.referrers(TypeSecretsManagerRotationSchedule, "SecretId")
	switch {
	case len(schedules) > 0:
		s.Rotation = Known(true, schedules[0].Line)
	case why != "":
		s.Rotation = Unknowable[bool](why, p.res.Line)
	default:
		s.Rotation = Missing[bool](p.res.Line)
	}
	return s
}

// secretsManagerSecretFromConfig reads configuration.KMSKeyId and RotationEnabled (AWS Config spells them so
// for secrets).
func secretsManagerSecretFromConfig(ci ConfigItem) *SecretsManagerSecret {
	c := ci.fields()
	return &SecretsManagerSecret{KMSKeyID: configOptional[string](c, "KMSKeyId"), Rotation: configOptional[bool](c, "RotationEnabled")}
}

// settings are the secret's effective settings for drift.
func (s *SecretsManagerSecret) settings() []setting {
	return []setting{
		effective("KmsKeyId", s.KMSKeyID, "alias/aws/secretsmanager"),
		effective("RotationEnabled", s.Rotation, false),
	}
}
