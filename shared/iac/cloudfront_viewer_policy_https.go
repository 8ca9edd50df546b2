package iac

import "github.com/attestdev/attest/shared/finding"

func cloudfrontViewerPolicyHTTPS() Rule {
	return newRule(finding.Rule{
		ID:    "cloudfront-viewer-policy-https",
		Title: "CloudFront distribution requires HTTPS from viewers",
		Description: "A cache behavior with ViewerProtocolPolicy allow-all serves its content over plain HTTP, " +
			"where anyone on the path can read it, including cookies and tokens, and change it. Every behavior " +
			"should redirect HTTP to HTTPS or accept HTTPS only.",
		Remediation: "Redirect viewers to HTTPS in every cache behavior:\n\n" +
			"  DistributionConfig:\n" +
			"    DefaultCacheBehavior:\n" +
			"      ViewerProtocolPolicy: redirect-to-https\n" +
			"    CacheBehaviors:\n" +
			"      - PathPattern: /api/*\n" +
			"        ViewerProtocolPolicy: https-only\n",
		HelpURI:     "https://docs.aws.amazon.com/config/latest/developerguide/cloudfront-viewer-policy-https.html",
		Level:       finding.LevelError,
		Confidence:  "high",
		Class:       "iac",
		ConfigRule:  "cloudfront-viewer-policy-https",
		Controls:    []string{"HIPAA/164.312(e)(2)(ii)", "PCI-DSS-4.0/4.2.1", "SOC2/CC6.7"},
		CWE:         []int{319},
		Permissions: []string{"cloudfront:GetDistributionConfig"},
	}, TypeCloudFrontDistribution, func(d *CloudFrontDistribution) Result {
		var unknown *Fact[string]
		for i := range d.Behaviors {
			b := &d.Behaviors[i]
			f := b.ViewerProtocolPolicy
			switch {
			case f.State == Set && f.Value == "allow-all":
				return Fail(lineOr(f.Line, d.Line), "cache behavior %s allows plain HTTP (ViewerProtocolPolicy allow-all)", b.Path)
			case f.State == Unknown && unknown == nil:
				unknown = &b.ViewerProtocolPolicy
			case f.State == Absent && unknown == nil:
				u := Unknowable[string]("cache behavior "+b.Path+" has no ViewerProtocolPolicy, which CloudFront requires", f.Line)
				unknown = &u
			}
		}
		if unknown != nil {
			return NotAssessedAt(unknown.Line, "%s", unknown.Why)
		}
		return Pass("every cache behavior requires HTTPS")
	})
}
