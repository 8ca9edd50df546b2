package iac

// TypeEFSFileSystem is the CloudFormation and AWS Config type of an EFS file system.
const TypeEFSFileSystem = "AWS::EFS::FileSystem"

// EFSFileSystem is what rules know about an EFS file system.
type EFSFileSystem struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// Encrypted is encryption at rest; CloudFormation creates unencrypted file systems unless it is true.
	Encrypted Tri
	// KMSKeyID is the key that encrypts it, when one other than the AWS managed key is named.
	KMSKeyID Fact[string]
}

func efsFileSystemFromTemplate(p templateProps) *EFSFileSystem {
	return &EFSFileSystem{
		Line:      p.res.Line,
		Encrypted: p.tri(p.props, "", "Encrypted"),
		KMSKeyID:  p.present(p.props, "", "KmsKeyId"),
	}
}

// efsFileSystemFromConfig reads configuration.Encrypted and KmsKeyId, recorded in the CloudFormation schema.
func efsFileSystemFromConfig(ci ConfigItem) *EFSFileSystem {
	c := ci.fields()
	return &EFSFileSystem{
		Encrypted: configOptional[bool](c, "Encrypted"),
		KMSKeyID:  configOptional[string](c, "KmsKeyId"),
	}
}

// settings are the file system's effective settings for drift.
func (f *EFSFileSystem) settings() []setting {
	return []setting{effective("Encrypted", f.Encrypted, false)}
}
