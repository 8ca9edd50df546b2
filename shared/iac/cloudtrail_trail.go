package iac

// TypeCloudTrailTrail is the CloudFormation and AWS Config type of a CloudTrail trail.
const TypeCloudTrailTrail = "AWS::CloudTrail::Trail"

// CloudTrailTrail is what rules know about a CloudTrail trail.
type CloudTrailTrail struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// KMSKeyID is the KMS key that encrypts the trail's log files; absent means SSE-S3 only.
	KMSKeyID Fact[string]
	// LogFileValidation is EnableLogFileValidation; CloudTrail's default is false.
	LogFileValidation Tri
	// MultiRegion is IsMultiRegionTrail; CloudTrail's default is false.
	MultiRegion Tri
	// LogGroupARN is the CloudWatch Logs group the trail also delivers to.
	LogGroupARN Fact[string]
	// IsLogging is whether the trail records events; CloudFormation requires the property.
	IsLogging Tri
}

const cloudTrailLoggingNotRecorded = "AWS Config does not record whether a trail is logging (it needs cloudtrail:GetTrailStatus)"

func cloudTrailTrailFromTemplate(p templateProps) *CloudTrailTrail {
	return &CloudTrailTrail{
		Line:              p.res.Line,
		KMSKeyID:          p.present(p.props, "", "KMSKeyId"),
		LogFileValidation: p.tri(p.props, "", "EnableLogFileValidation"),
		MultiRegion:       p.tri(p.props, "", "IsMultiRegionTrail"),
		LogGroupARN:       p.present(p.props, "", "CloudWatchLogsLogGroupArn"),
		IsLogging:         p.tri(p.props, "", "IsLogging"),
	}
}

// cloudTrailConfig is the configuration AWS Config records for a trail: the trail as DescribeTrails returns it.
type cloudTrailConfig struct {
	Name                      *string `json:"name"`
	TrailARN                  *string `json:"trailARN"`
	KMSKeyID                  *string `json:"kmsKeyId"`
	LogFileValidationEnabled  *bool   `json:"logFileValidationEnabled"`
	IsMultiRegionTrail        *bool   `json:"isMultiRegionTrail"`
	CloudWatchLogsLogGroupArn *string `json:"cloudWatchLogsLogGroupArn"`
}

func cloudTrailTrailFromConfig(ci ConfigItem) *CloudTrailTrail {
	var c cloudTrailConfig
	ok, why := configuration(ci, &c, func() bool { return c.TrailARN != nil || c.Name != nil })
	if !ok {
		return &CloudTrailTrail{
			KMSKeyID:          Unknowable[string](why, 0),
			LogFileValidation: Unknowable[bool](why, 0),
			MultiRegion:       Unknowable[bool](why, 0),
			LogGroupARN:       Unknowable[string](why, 0),
			IsLogging:         Unknowable[bool](why, 0),
		}
	}
	return &CloudTrailTrail{
		KMSKeyID:          strFact(c.KMSKeyID),
		LogFileValidation: boolFact(c.LogFileValidationEnabled),
		MultiRegion:       boolFact(c.IsMultiRegionTrail),
		LogGroupARN:       strFact(c.CloudWatchLogsLogGroupArn),
		IsLogging:         Unknowable[bool](cloudTrailLoggingNotRecorded, 0),
	}
}

// settings are the trail's effective settings: an absent setting takes CloudTrail's default.
func (t *CloudTrailTrail) settings() []setting {
	return []setting{
		effective("KMSKeyId (set)", isSet(t.KMSKeyID), false),
		effective("EnableLogFileValidation", t.LogFileValidation, false),
		effective("IsMultiRegionTrail", t.MultiRegion, false),
		effective("CloudWatchLogsLogGroupArn (set)", isSet(t.LogGroupARN), false),
	}
}
