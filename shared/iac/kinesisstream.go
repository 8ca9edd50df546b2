package iac

// TypeKinesisStream is the CloudFormation and AWS Config type of a Kinesis data stream.
const TypeKinesisStream = "AWS::Kinesis::Stream"

// KinesisStream is what rules know about a Kinesis data stream.
type KinesisStream struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// EncryptionType is KMS when server-side encryption is on, NONE or Absent when it is off (the default).
	EncryptionType Fact[string]
}

func kinesisStreamFromTemplate(p templateProps) *KinesisStream {
	return &KinesisStream{Line: p.res.Line, EncryptionType: p.str(p.props, "", "StreamEncryption", "EncryptionType")}
}

// kinesisStreamFromConfig reads configuration.StreamEncryption.EncryptionType, recorded in the CloudFormation
// schema.
func kinesisStreamFromConfig(ci ConfigItem) *KinesisStream {
	c := ci.fields()
	return &KinesisStream{EncryptionType: configOptional[string](c.nestedOptional("StreamEncryption"), "EncryptionType")}
}

// settings are the stream's effective settings for drift.
func (k *KinesisStream) settings() []setting {
	return []setting{effective("StreamEncryption.EncryptionType", k.EncryptionType, "NONE")}
}
