package iac

// TypeLogsLogGroup is the CloudFormation and AWS Config type of a CloudWatch Logs log group.
const TypeLogsLogGroup = "AWS::Logs::LogGroup"

// LogsLogGroup is what rules know about a CloudWatch Logs log group.
type LogsLogGroup struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// KMSKeyID is the KMS key that encrypts the group's events; absent means CloudWatch Logs' own encryption.
	KMSKeyID Fact[string]
	// RetentionInDays is how long events are kept; absent means they never expire.
	RetentionInDays Fact[int64]
}

func logsLogGroupFromTemplate(p templateProps) *LogsLogGroup {
	return &LogsLogGroup{
		Line:            p.res.Line,
		KMSKeyID:        p.present(p.props, "", "KmsKeyId"),
		RetentionInDays: p.integer(p.props, "", "RetentionInDays"),
	}
}

// logsLogGroupConfig is the configuration AWS Config records for a log group: the group as DescribeLogGroups
// returns it, which omits retentionInDays for a group whose events never expire.
type logsLogGroupConfig struct {
	LogGroupName    *string `json:"logGroupName"`
	ARN             *string `json:"arn"`
	KMSKeyID        *string `json:"kmsKeyId"`
	RetentionInDays *int64  `json:"retentionInDays"`
}

func logsLogGroupFromConfig(ci ConfigItem) *LogsLogGroup {
	var c logsLogGroupConfig
	ok, why := configuration(ci, &c, func() bool { return c.LogGroupName != nil || c.ARN != nil })
	if !ok {
		return &LogsLogGroup{KMSKeyID: Unknowable[string](why, 0), RetentionInDays: Unknowable[int64](why, 0)}
	}
	g := &LogsLogGroup{KMSKeyID: strFact(c.KMSKeyID), RetentionInDays: Missing[int64](0)}
	if c.RetentionInDays != nil {
		g.RetentionInDays = Known(*c.RetentionInDays, 0)
	}
	return g
}

// settings are the group's effective settings; 0 days stands for "never expire", CloudWatch Logs' default.
func (g *LogsLogGroup) settings() []setting {
	return []setting{
		effective("KmsKeyId (set)", isSet(g.KMSKeyID), false),
		effective("RetentionInDays", g.RetentionInDays, int64(0)),
	}
}
