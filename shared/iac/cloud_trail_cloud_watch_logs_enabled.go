package iac

import "github.com/attestdev/attest/shared/finding"

func cloudTrailCloudWatchLogsEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "cloud-trail-cloud-watch-logs-enabled",
		Title: "CloudTrail trail delivers to CloudWatch Logs",
		Description: "Delivering the trail to a CloudWatch Logs group lets metric filters and alarms review activity " +
			"as it happens (root sign-in, policy changes, disabled logging). A trail that only writes to S3 is " +
			"reviewed, if at all, after the fact.",
		Remediation: "Deliver the trail to a log group, with a role CloudTrail can assume to write to it:\n\n" +
			"  Trail:\n" +
			"    Type: AWS::CloudTrail::Trail\n" +
			"    Properties:\n" +
			"      CloudWatchLogsLogGroupArn: !GetAtt TrailLogGroup.Arn\n" +
			"      CloudWatchLogsRoleArn: !GetAtt TrailLogsRole.Arn\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/cloud-trail-cloud-watch-logs-enabled.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "cloud-trail-cloud-watch-logs-enabled",
		Controls:    []string{"HIPAA/164.308(a)(1)(ii)(D)", "PCI-DSS-4.0/10.4.1", "SOC2/CC7.2"},
		CWE:         []int{778},
		Permissions: []string{"cloudtrail:DescribeTrails"},
	}, TypeCloudTrailTrail, func(t *CloudTrailTrail) Result {
		return mustBeSet(t.LogGroupARN, t.Line, "the trail has no CloudWatchLogsLogGroupArn, so its events cannot be monitored as they arrive",
			"the trail delivers to log group %s")
	})
}
