package iac

import (
	"fmt"

	"github.com/attestdev/attest/shared/cfn"
)

// TypeCloudFrontDistribution is the CloudFormation and AWS Config type of a CloudFront distribution.
const TypeCloudFrontDistribution = "AWS::CloudFront::Distribution"

// CloudFrontDistribution is what rules know about a CloudFront distribution.
type CloudFrontDistribution struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// Behaviors are the default cache behavior and then each path-specific one.
	Behaviors []CloudFrontBehavior
	// LoggingBucket is the S3 bucket of standard (legacy) access logs; absent when logging is off.
	LoggingBucket Fact[string]
}

// CloudFrontBehavior is one cache behavior.
type CloudFrontBehavior struct {
	// Path is "default" for the default cache behavior, else the PathPattern.
	Path string
	// ViewerProtocolPolicy is allow-all, redirect-to-https or https-only.
	ViewerProtocolPolicy Fact[string]
}

func cloudFrontDistributionFromTemplate(p templateProps) *CloudFrontDistribution {
	d := &CloudFrontDistribution{Line: p.res.Line}
	cfg, state, line, why := p.lookup(p.props, "", "DistributionConfig")
	switch {
	case state == Absent:
		why = "the distribution has no DistributionConfig"
		fallthrough
	case state == Unknown:
		d.Behaviors = []CloudFrontBehavior{{Path: "default", ViewerProtocolPolicy: Unknowable[string](why, line)}}
		d.LoggingBucket = Unknowable[string](why, line)
		return d
	}
	d.Behaviors = append(d.Behaviors, CloudFrontBehavior{Path: "default",
		ViewerProtocolPolicy: p.str(cfg, "DistributionConfig", "DefaultCacheBehavior", "ViewerProtocolPolicy")})
	list, state, line, why := p.lookup(cfg, "DistributionConfig", "CacheBehaviors")
	switch {
	case state == Unknown:
		d.Behaviors = append(d.Behaviors, CloudFrontBehavior{Path: "CacheBehaviors", ViewerProtocolPolicy: Unknowable[string](why, line)})
	case state == Set && list.Kind != cfn.List:
		d.Behaviors = append(d.Behaviors, CloudFrontBehavior{Path: "CacheBehaviors",
			ViewerProtocolPolicy: Unknowable[string](p.malformed("DistributionConfig.CacheBehaviors", list, "a list"), line)})
	case state == Set:
		for i, b := range list.Items() {
			path, ok := b.Get("PathPattern").Str()
			if !ok {
				path = fmt.Sprintf("CacheBehaviors[%d]", i)
			}
			d.Behaviors = append(d.Behaviors, CloudFrontBehavior{Path: path,
				ViewerProtocolPolicy: p.str(b, "DistributionConfig.CacheBehaviors[]", "ViewerProtocolPolicy")})
		}
	}
	d.LoggingBucket = p.present(cfg, "DistributionConfig", "Logging", "Bucket")
	return d
}

// cloudFrontConfig is the configuration AWS Config records for a distribution: the distribution as
// GetDistribution returns it, with lists as {quantity, items}.
type cloudFrontConfig struct {
	ID                 *string `json:"id"`
	ARN                *string `json:"arn"`
	DistributionConfig *struct {
		DefaultCacheBehavior *struct {
			ViewerProtocolPolicy *string `json:"viewerProtocolPolicy"`
		} `json:"defaultCacheBehavior"`
		CacheBehaviors *struct {
			Items []struct {
				PathPattern          string  `json:"pathPattern"`
				ViewerProtocolPolicy *string `json:"viewerProtocolPolicy"`
			} `json:"items"`
		} `json:"cacheBehaviors"`
		Logging *struct {
			Enabled *bool   `json:"enabled"`
			Bucket  *string `json:"bucket"`
		} `json:"logging"`
	} `json:"distributionConfig"`
}

func cloudFrontDistributionFromConfig(ci ConfigItem) *CloudFrontDistribution {
	var c cloudFrontConfig
	ok, why := configuration(ci, &c, func() bool { return c.DistributionConfig != nil })
	if !ok {
		return &CloudFrontDistribution{
			Behaviors:     []CloudFrontBehavior{{Path: "default", ViewerProtocolPolicy: Unknowable[string](why, 0)}},
			LoggingBucket: Unknowable[string](why, 0),
		}
	}
	dc := c.DistributionConfig
	d := &CloudFrontDistribution{LoggingBucket: Missing[string](0)}
	def := Unknowable[string]("the configuration item has no distributionConfig.defaultCacheBehavior", 0)
	if dc.DefaultCacheBehavior != nil {
		def = strFact(dc.DefaultCacheBehavior.ViewerProtocolPolicy)
	}
	d.Behaviors = append(d.Behaviors, CloudFrontBehavior{Path: "default", ViewerProtocolPolicy: def})
	if dc.CacheBehaviors != nil {
		for _, b := range dc.CacheBehaviors.Items {
			d.Behaviors = append(d.Behaviors, CloudFrontBehavior{Path: b.PathPattern, ViewerProtocolPolicy: strFact(b.ViewerProtocolPolicy)})
		}
	}
	if l := dc.Logging; l != nil && l.Enabled != nil && *l.Enabled {
		d.LoggingBucket = strFact(l.Bucket)
	}
	return d
}

// settings are the distribution's effective settings.
func (d *CloudFrontDistribution) settings() []setting {
	out := []setting{effective("Logging.Bucket (set)", isSet(d.LoggingBucket), false)}
	if len(d.Behaviors) > 0 {
		out = append(out, effective("DefaultCacheBehavior.ViewerProtocolPolicy", d.Behaviors[0].ViewerProtocolPolicy, ""))
	}
	return out
}
