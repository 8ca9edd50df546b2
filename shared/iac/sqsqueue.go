package iac

// TypeSQSQueue is the CloudFormation and AWS Config type of an SQS queue.
const TypeSQSQueue = "AWS::SQS::Queue"

// SQSQueue is what rules know about an SQS queue.
type SQSQueue struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// KMSMasterKeyID selects SSE-KMS.
	KMSMasterKeyID Fact[string]
	// SQSManagedSSE selects SSE-SQS; SQS turns it on for new queues when neither setting is given.
	SQSManagedSSE Tri
}

func sqsQueueFromTemplate(p templateProps) *SQSQueue {
	return &SQSQueue{
		Line:           p.res.Line,
		KMSMasterKeyID: p.present(p.props, "", "KmsMasterKeyId"),
		SQSManagedSSE:  p.tri(p.props, "", "SqsManagedSseEnabled"),
	}
}

// sqsQueueFromConfig reads configuration.KmsMasterKeyId and SqsManagedSseEnabled (a "true"/"false" string),
// recorded in the CloudFormation schema.
func sqsQueueFromConfig(ci ConfigItem) *SQSQueue {
	c := ci.fields()
	q := &SQSQueue{KMSMasterKeyID: configOptional[string](c, "KmsMasterKeyId")}
	sse := configOptional[string](c, "SqsManagedSseEnabled")
	switch {
	case sse.State != Set:
		q.SQSManagedSSE = Fact[bool]{State: sse.State, Why: sse.Why}
	case sse.Value == "true":
		q.SQSManagedSSE = Known(true, 0)
	case sse.Value == "false":
		q.SQSManagedSSE = Known(false, 0)
	default:
		q.SQSManagedSSE = Unknowable[bool]("configuration.SqsManagedSseEnabled is "+sse.Value+", not true or false", 0)
	}
	return q
}

// settings are the queue's effective settings for drift.
func (q *SQSQueue) settings() []setting {
	return []setting{effective("KmsMasterKeyId", q.KMSMasterKeyID, "")}
}
