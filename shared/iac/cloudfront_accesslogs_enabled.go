package iac

import "github.com/attestdev/attest/shared/finding"

func cloudfrontAccesslogsEnabled() Rule {
	return newRule(finding.Rule{
		ID:    "cloudfront-accesslogs-enabled",
		Title: "CloudFront distribution writes access logs",
		Description: "Access logs record every viewer request (client, path, status, TLS protocol), the evidence " +
			"needed to investigate abuse or a data exposure through the distribution. The check reads standard " +
			"logging to S3 (DistributionConfig.Logging), which is what the AWS Config rule checks; logs delivered " +
			"through CloudWatch Logs delivery sources are configured outside the distribution and are not seen.",
		Remediation: "Send standard logs to an S3 bucket that accepts them (ACLs enabled for the log delivery):\n\n" +
			"  DistributionConfig:\n" +
			"    Logging:\n" +
			"      Bucket: !GetAtt AccessLogs.DomainName\n" +
			"      Prefix: cdn/\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-accesslogs-enabled.html",
		Level:       finding.LevelWarning,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "cloudfront-accesslogs-enabled",
		Controls:    []string{"HIPAA/164.312(b)", "PCI-DSS-4.0/10.2.1", "SOC2/CC7.2"},
		CWE:         []int{778},
		Permissions: []string{"cloudfront:GetDistributionConfig"},
	}, TypeCloudFrontDistribution, func(d *CloudFrontDistribution) Result {
		return mustBeSet(d.LoggingBucket, d.Line, "the distribution has no Logging configuration, so viewer requests are not recorded",
			"access logs go to %s")
	})
}
