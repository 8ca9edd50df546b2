package iac

// TypeKMSKey is the CloudFormation and AWS Config type of a KMS key.
const TypeKMSKey = "AWS::KMS::Key"

// KMSKey is what rules know about a KMS key.
type KMSKey struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// KeySpec is the key's spec; KMS's default is SYMMETRIC_DEFAULT.
	KeySpec Fact[string]
	// Manager is CUSTOMER or AWS: a template always declares a customer managed key.
	Manager Fact[string]
	// Rotation is EnableKeyRotation; KMS's default is false.
	Rotation Tri
	// Enabled is whether the key can be used; KMS's default is true.
	Enabled Tri
	// PendingWindowInDays is the waiting period before deletion once the key is scheduled for deletion.
	PendingWindowInDays Fact[int64]
	// KeyState is the live state (Enabled, Disabled, PendingDeletion …); absent in a template.
	KeyState Fact[string]
}

func kmsKeyFromTemplate(p templateProps) *KMSKey {
	k := &KMSKey{
		Line:                p.res.Line,
		KeySpec:             p.str(p.props, "", "KeySpec"),
		Manager:             Known("CUSTOMER", p.res.Line),
		Rotation:            p.tri(p.props, "", "EnableKeyRotation"),
		Enabled:             p.tri(p.props, "", "Enabled"),
		PendingWindowInDays: p.integer(p.props, "", "PendingWindowInDays"),
		KeyState:            Missing[string](p.res.Line),
	}
	// KeySpec superseded CustomerMasterKeySpec; a template may still use the old name.
	if k.KeySpec.State == Absent {
		if old := p.str(p.props, "", "CustomerMasterKeySpec"); old.State != Absent {
			k.KeySpec = old
		}
	}
	return k
}

// kmsKeyConfig is the configuration AWS Config records for a key: its KeyMetadata as DescribeKey returns it.
// The rotation status is not part of it (GetKeyRotationStatus is a separate call), so a Config item leaves
// Rotation unknown.
type kmsKeyConfig struct {
	KeyID                 *string `json:"keyId"`
	ARN                   *string `json:"arn"`
	KeySpec               *string `json:"keySpec"`
	CustomerMasterKeySpec *string `json:"customerMasterKeySpec"`
	KeyManager            *string `json:"keyManager"`
	KeyState              *string `json:"keyState"`
	Enabled               *bool   `json:"enabled"`
	PendingDeletionWindow *int64  `json:"pendingDeletionWindowInDays"`
}

const kmsRotationNotRecorded = "AWS Config does not record a KMS key's rotation status (it needs kms:GetKeyRotationStatus)"

func kmsKeyFromConfig(ci ConfigItem) *KMSKey {
	var c kmsKeyConfig
	ok, why := configuration(ci, &c, func() bool { return c.KeyID != nil || c.ARN != nil })
	if !ok {
		return &KMSKey{
			KeySpec:             Unknowable[string](why, 0),
			Manager:             Unknowable[string](why, 0),
			Rotation:            Unknowable[bool](why, 0),
			Enabled:             Unknowable[bool](why, 0),
			PendingWindowInDays: Unknowable[int64](why, 0),
			KeyState:            Unknowable[string](why, 0),
		}
	}
	k := &KMSKey{
		KeySpec:             strFact(c.KeySpec),
		Manager:             strFact(c.KeyManager),
		Rotation:            Unknowable[bool](kmsRotationNotRecorded, 0),
		Enabled:             boolFact(c.Enabled),
		PendingWindowInDays: Missing[int64](0),
		KeyState:            strFact(c.KeyState),
	}
	if k.KeySpec.State == Absent {
		k.KeySpec = strFact(c.CustomerMasterKeySpec)
	}
	if c.PendingDeletionWindow != nil {
		k.PendingWindowInDays = Known(*c.PendingDeletionWindow, 0)
	}
	return k
}

// settings are the key's effective settings: an absent setting takes KMS's default.
func (k *KMSKey) settings() []setting {
	return []setting{
		effective("KeySpec", k.KeySpec, "SYMMETRIC_DEFAULT"),
		effective("EnableKeyRotation", k.Rotation, false),
		effective("Enabled", k.Enabled, true),
	}
}
