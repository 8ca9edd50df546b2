package iac

// TypeSNSTopic is the CloudFormation and AWS Config type of an SNS topic.
const TypeSNSTopic = "AWS::SNS::Topic"

// SNSTopic is what rules know about an SNS topic.
type SNSTopic struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// KMSMasterKeyID is the KMS key that encrypts messages at rest; absent means SNS does not encrypt them.
	KMSMasterKeyID Fact[string]
}

func snsTopicFromTemplate(p templateProps) *SNSTopic {
	return &SNSTopic{Line: p.res.Line, KMSMasterKeyID: p.present(p.props, "", "KmsMasterKeyId")}
}

// snsTopicFromConfig reads configuration.KmsMasterKeyId: AWS Config records topics in their CloudFormation
// schema and leaves out properties that are not set.
func snsTopicFromConfig(ci ConfigItem) *SNSTopic {
	return &SNSTopic{KMSMasterKeyID: configOptional[string](ci.fields(), "KmsMasterKeyId")}
}

// settings are the topic's effective settings for drift.
func (t *SNSTopic) settings() []setting {
	return []setting{effective("KmsMasterKeyId (set)", isSet(t.KMSMasterKeyID), false)}
}
