package iac

// TypeEC2Volume is the CloudFormation and AWS Config type of an EBS volume.
const TypeEC2Volume = "AWS::EC2::Volume"

// EC2Volume is what rules know about an EBS volume.
type EC2Volume struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// Encrypted defaults to false, unless the account turns on EBS encryption by default, which a template
	// cannot show; a volume restored from an encrypted snapshot is encrypted too.
	Encrypted Tri
	// SnapshotID is the snapshot the volume is created from, if any.
	SnapshotID Fact[string]
}

func ec2VolumeFromTemplate(p templateProps) *EC2Volume {
	return &EC2Volume{
		Line:       p.res.Line,
		Encrypted:  p.tri(p.props, "", "Encrypted"),
		SnapshotID: p.str(p.props, "", "SnapshotId"),
	}
}

// ec2VolumeFromConfig reads configuration.encrypted and snapshotId, as DescribeVolumes reports them.
func ec2VolumeFromConfig(ci ConfigItem) *EC2Volume {
	c := ci.fields()
	return &EC2Volume{Encrypted: configField[bool](c, "encrypted"), SnapshotID: configField[string](c, "snapshotId")}
}

// settings are the volume's effective settings for drift.
func (v *EC2Volume) settings() []setting {
	return []setting{effective("Encrypted", v.Encrypted, false)}
}
