package iac

// TypeECRRepository is the CloudFormation and AWS Config type of a private ECR repository.
const TypeECRRepository = "AWS::ECR::Repository"

// ECRRepository is what rules know about a private ECR repository.
type ECRRepository struct {
	// Line is the resource's line in a template (0 for a Config item).
	Line int
	// ScanOnPush is basic scanning on push; off by default.
	ScanOnPush Tri
	// TagMutability is MUTABLE (the default), IMMUTABLE or one of the IMMUTABLE_WITH_EXCLUSION forms.
	TagMutability Fact[string]
}

func ecrRepositoryFromTemplate(p templateProps) *ECRRepository {
	return &ECRRepository{
		Line:          p.res.Line,
		ScanOnPush:    p.tri(p.props, "", "ImageScanningConfiguration", "ScanOnPush"),
		TagMutability: p.str(p.props, "", "ImageTagMutability"),
	}
}

// ecrRepositoryFromConfig reads the item's configuration, which AWS Config records in the CloudFormation
// schema (ImageScanningConfiguration.ScanOnPush, ImageTagMutability) and which omits properties not set.
func ecrRepositoryFromConfig(ci ConfigItem) *ECRRepository {
	c := ci.fields()
	return &ECRRepository{
		ScanOnPush:    configOptional[bool](c.nestedOptional("ImageScanningConfiguration"), "ScanOnPush"),
		TagMutability: configOptional[string](c, "ImageTagMutability"),
	}
}

// settings are the repository's effective settings for drift.
func (r *ECRRepository) settings() []setting {
	return []setting{
		effective("ImageScanningConfiguration.ScanOnPush", r.ScanOnPush, false),
		effective("ImageTagMutability", r.TagMutability, "MUTABLE"),
	}
}
